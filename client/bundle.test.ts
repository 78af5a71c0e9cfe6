/**
 * What a board's first visit loads (BENCHMARKS.md, "Client"): the entry chunk (main.tsx: the board's sync,
 * no React, no Konva, no zod), then the app chunk (render.tsx) and what it imports statically. The other
 * pages are loaded only when visited, and the big libraries sit in chunks of their own, which the browser
 * parses in parallel. Checked on the production build's module graph (vite build, nothing written).
 */
import { resolve } from 'node:path';
import { build, type Rollup } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

const CLIENT = resolve(import.meta.dirname);
let chunks: Rollup.OutputChunk[] = [];

/** The chunk and every chunk it imports statically, transitively. */
function closure(start: Rollup.OutputChunk): Rollup.OutputChunk[] {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const seen = new Map<string, Rollup.OutputChunk>();
  const visit = (chunk: Rollup.OutputChunk): void => {
    if (seen.has(chunk.fileName)) return;
    seen.set(chunk.fileName, chunk);
    for (const name of chunk.imports) {
      const next = byName.get(name);
      if (next) visit(next);
    }
  };
  visit(start);
  return [...seen.values()];
}

const modulesOf = (list: Rollup.OutputChunk[]) => list.flatMap((chunk) => chunk.moduleIds.map((id) => id.replaceAll('\\', '/')));

beforeAll(async () => {
  const output = (await build({
    root: CLIENT,
    configFile: resolve(CLIENT, 'vite.config.ts'),
    logLevel: 'silent',
    build: { write: false, sourcemap: false, chunkSizeWarningLimit: 10_000 },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((item): item is Rollup.OutputChunk => item.type === 'chunk');
}, 120_000);

describe('the board page bundle', () => {
  it('has an entry chunk with the sync alone: no React, Konva or zod', () => {
    const entry = chunks.find((chunk) => chunk.isEntry);
    expect(entry).toBeDefined();
    const modules = modulesOf(closure(entry!));
    expect(modules.some((id) => id.endsWith('/client/src/sync/early.ts'))).toBe(true);
    expect(modules.filter((id) => /\/node_modules\/(zod|react|react-dom|konva|react-konva)\//.test(id))).toEqual([]);
  });

  it('loads no code of the other pages (workshop, console, plenary screen, handout, matchmaking, setup, join)', () => {
    const entry = chunks.find((chunk) => chunk.isEntry)!;
    const app = chunks.find((chunk) => chunk.facadeModuleId?.replaceAll('\\', '/').endsWith('/client/src/render.tsx'));
    expect(app).toBeDefined();
    expect(entry.dynamicImports).toContain(app!.fileName);
    const modules = modulesOf([...closure(entry), ...closure(app!)]);
    expect(modules.some((id) => id.endsWith('/client/src/pages/BoardPage.tsx'))).toBe(true);
    const others = /\/client\/src\/(pages\/(WorkshopPage|JoinPage)|console\/(FacilitatorConsole|RoomCard)|plenary\/(PlenaryPage|HandoutPage|ResultsView)|components\/Matchmaking|setup\/)/;
    expect(modules.filter((id) => others.test(id))).toEqual([]);
  });

  it('keeps react-dom, konva and react-konva (with its reconciler) in chunks of their own', () => {
    for (const library of ['react-dom', 'konva', 'react-reconciler']) {
      const holding = chunks.filter((chunk) => chunk.moduleIds.some((id) => id.replaceAll('\\', '/').includes(`/node_modules/${library}/`)));
      expect(holding.length, library).toBe(1);
      const own = holding[0]!.moduleIds.filter((id) => !id.includes('/node_modules/'));
      expect(own, library).toEqual([]);
    }
  });
});
