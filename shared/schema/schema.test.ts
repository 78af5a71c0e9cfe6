import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionPlanRowRecord, splitTimeFrame } from './action-plan-row.ts';
import { boardRecord } from './board.ts';
import { canvasCellRecord, cellItems } from './canvas-cell.ts';
import { challengeRecord } from './challenge.ts';
import { boardControlRecord, lockRecord, selectionRecord, timerRecord } from './control.ts';
import type { VersionedRecord } from './migrate.ts';
import { noteRecord } from './note.ts';
import { planRowRecord } from './plan-row.ts';
import { profileRecord } from './profile.ts';
import { templateRecord } from './template.ts';
import { voteRecord } from './vote.ts';
import { zoneRecord } from './zone.ts';
import type { z } from 'zod';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Every record with an input of its oldest version (no `v`: version 1). */
const SAMPLES: [VersionedRecord<z.ZodType>, Record<string, unknown>][] = [
  [boardRecord, { id: 'b1', title: 'Day 1', templateId: 'challenge-board', createdAt: 1 }],
  [zoneRecord, { id: 'z', role: 'challenge', title: 'Attracting members', x: 0, y: 0, w: 10, h: 10, tags: ['a'] }],
  [noteRecord, { id: 'n', text: 'hi', author: 'a', color: '#fff', x: 1, y: 2, w: 3, h: 4, zone: null, createdAt: 5 }],
  [voteRecord, { board: 'b', voter: 'v', note: 'n', at: 1 }],
  [challengeRecord, { id: 'c', number: 1, title: 'x', rootCauses: 'y' }],
  [planRowRecord, { id: 'r', kind: 'raci', cells: { deliverable: 'x', cm: 'A' } }],
  [actionPlanRowRecord, { v: 1, template: 'individual', source: { kind: 'board', challenge: null, note: null, row: 'r' }, objective: 'Secure funding', step: 'Assess needs', timeFrame: '1 Mar - 31 Mar' }],
  [canvasCellRecord, { zone: 'z', text: 'a\nb' }],
  [profileRecord, { id: 'p', name: 'Ana', challenges: '1. Attracting members\n2. Funding\n3. Visibility\n4. Too many', threeWords: 'open, digital, green' }],
  [templateRecord, { v: 1, id: 't', title: 'T', description: 'D', minutes: 30, zones: [] }],
  [selectionRecord, { board: 'b', challenge: 'c', note: 'n' }],
  [timerRecord, { id: 't', endsAt: 10 }],
  [lockRecord, { board: 'b' }],
  [boardControlRecord, { phase: 'vote', voteBudget: 3 }],
];

describe('record migrations', () => {
  it.each(SAMPLES.map(([record, input]) => [record.name, record, input] as const))('%s migrates to the current version without touching its input', (_name, record, input) => {
    const before = structuredClone(input);
    const frozen = deepFreeze(structuredClone(input));
    const result = record.migrate(frozen);
    expect(result.ok ? '' : result.error).toBe('');
    expect(frozen).toEqual(before);
    if (result.ok) expect((result.value as { v?: number }).v ?? record.version).toBe(record.version);
  });

  it.each(SAMPLES.map(([record, input]) => [record.name, record, input] as const))('%s leaves arbitrary input unmutated and never throws', (_name, record, input) => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }), fc.boolean(), (extra, keepVersion) => {
        const raw: Record<string, unknown> = { ...input, ...extra };
        if (!keepVersion) delete raw['v'];
        const before = structuredClone(raw);
        const frozen = deepFreeze(structuredClone(raw));
        record.migrate(frozen);
        expect(frozen).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('splits the v1 action-plan time frame into start and due', () => {
    const result = actionPlanRowRecord.migrate(SAMPLES[6]?.[1]);
    expect(result.ok && result.value).toMatchObject({ v: 2, start: '1 Mar', due: '31 Mar', objective: 'Secure funding' });
    expect(result.ok && 'timeFrame' in result.value).toBe(false);
    expect(splitTimeFrame('by 30 June')).toEqual({ start: '', due: 'by 30 June' });
    expect(splitTimeFrame('March to May')).toEqual({ start: 'March', due: 'May' });
  });

  it('turns the v1 profile free text into lists of at most three', () => {
    const result = profileRecord.migrate(SAMPLES[8]?.[1]);
    expect(result.ok && result.value).toMatchObject({ v: 2, challenges: ['Attracting members', 'Funding', 'Visibility'], threeWords: ['open', 'digital', 'green'] });
  });

  it('turns a v1 template duration into one timed step', () => {
    const result = templateRecord.migrate(SAMPLES[9]?.[1]);
    expect(result.ok && result.value.timings).toEqual([{ step: 'Exercise', minutes: 30 }]);
  });

  it.each([
    ['not an object', 'note', 'zone: expected an object'],
    ['a newer version', { v: 99 }, 'zone: version 99 is newer than this code (v1)'],
    ['a broken version', { v: 'x' }, 'zone: invalid version "x"'],
    ['a missing field', { id: 'z', role: 'challenge', x: 0, y: 0, w: 1, h: 1 }, 'zone: title: Invalid input: expected string, received undefined'],
  ])('rejects %s with a readable error', (_name, input, error) => {
    expect(zoneRecord.migrate(input)).toEqual({ ok: false, error });
  });

  it('reads canvas cell text as items, one per line, bullets stripped', () => {
    expect(cellItems('- SMEs\n\n* Universities \n1. Start-ups\n\u2022 Retailers')).toEqual(['SMEs', 'Universities', 'Start-ups', 'Retailers']);
  });
});
