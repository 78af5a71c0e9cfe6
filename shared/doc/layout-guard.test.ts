/**
 * Keeps the Yjs layout in shared/doc: no source file elsewhere opens a document's shared types
 * (getMap, getArray, getText, getXmlFragment, doc.share) or indexes one by a literal map name, and no
 * file but shared/protocol/doc-ids.ts spells a workshop document id. Tests may do what they like.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Files with a reason to touch Yjs types directly, none of them a Plenary document. */
const ALLOWED: Record<string, string> = {
  'server/storage/contract.ts': 'the storage contract suite stores arbitrary documents',
  'server/sync/warmup.ts': 'warms Yjs up on a scratch document',
};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...sources(path));
    } else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) {
      out.push(relative(ROOT, join(ROOT, path)));
    }
  }
  return out;
}

const files = ['client/src', 'server', 'shared', 'boards'].flatMap(sources).filter((f) => !f.startsWith('shared/doc/'));

const MAP_NAMES = 'meta|zones|notes|rootCauses|details|rows|cells|profiles|workshop|boards|votes|selections|timers|locks|roster|rooms|plenary|messages|timetable|boardOptions|record|participants|sessions|wishes|requests|cards';

const SHARED_TYPE = /\.(getMap|getArray|getText|getXmlFragment|getXmlElement)\s*[<(]|\.share\.get\(/;
const MAP_LITERAL = new RegExp(`\\bdoc\\.[a-zA-Z]*\\(\\s*['"](${MAP_NAMES})['"]`);
const DOC_ID = /`(control|draft|workshop)\.\$\{/;

function offending(file: string, line: string): boolean {
  return (!(file in ALLOWED) && SHARED_TYPE.test(line)) || MAP_LITERAL.test(line) || (file !== 'shared/protocol/doc-ids.ts' && DOC_ID.test(line));
}

function offences(file: string): string[] {
  return readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => (offending(file, line) ? [`${file}:${i + 1}: ${line.trim().slice(0, 100)}`] : []));
}

describe('the Yjs layout lives in shared/doc', () => {
  it('scans the sources it should', () => {
    expect(files).toContain('client/src/tables/model.ts');
    expect(files).toContain('server/workshops/board-policy.ts');
    expect(files).not.toContain('shared/doc/board-doc.ts');
  });

  it('no source file outside shared/doc opens a shared type, names a map or builds a workshop document id', () => {
    expect(files.flatMap(offences)).toEqual([]);
  });

  it('would catch each kind of offence', () => {
    const probe = (line: string) => offending('client/src/example.ts', line);
    expect(probe("doc.getMap('rows')")).toBe(true);
    expect(probe('doc.getMap<unknown>(BOARD_MAPS.notes)')).toBe(true);
    expect(probe('const id = `control.${workshopId}`;')).toBe(true);
    expect(probe("doc.get('notes')")).toBe(true);
    expect(probe('readBoard(doc).board.notes')).toBe(false);
    expect(offending('server/sync/warmup.ts', "doc.getMap<unknown>('map')")).toBe(false);
  });
});
