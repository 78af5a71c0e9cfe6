import { describe, expect, it } from 'vitest';
import { makeBoard, note, zone } from './test-board.ts';
import { themes } from './themes.ts';

const zones = [zone('t1', 'theme', { title: 'Attracting members', order: 1 }), zone('t2', 'theme', { title: 'Financial sustainability', order: 2 })];

function run(notes: ReturnType<typeof note>[], withZones = zones): string {
  const result = themes(makeBoard({ zones: withZones, notes }));
  return [...result.themes.map((t) => `${t.title}=${t.count}`), `unassigned=${result.unassigned.length}`, `total=${result.total}`].join(' | ');
}

describe('themes', () => {
  it.each([
    ['no theme zones: nothing to group', [], [], 'unassigned=0 | total=0'],
    ['empty themes', [], zones, 'Attracting members=0 | Financial sustainability=0 | unassigned=0 | total=0'],
    ['grouped by zone with counts', [note('a', 't1', 1), note('b', 't1', 2), note('c', 't2', 3)], zones, 'Attracting members=2 | Financial sustainability=1 | unassigned=0 | total=3'],
    ['unplaced challenges are unassigned', [note('a', null, 1), note('b', 't2', 2)], zones, 'Attracting members=0 | Financial sustainability=1 | unassigned=1 | total=2'],
    ['challenges still in the inbox are unassigned', [note('a', 'inbox', 1)], [...zones, zone('inbox', 'area')], 'Attracting members=0 | Financial sustainability=0 | unassigned=1 | total=1'],
    ['blank notes do not count', [note('a', 't1', 1, { text: '' })], zones, 'Attracting members=0 | Financial sustainability=0 | unassigned=0 | total=0'],
  ] as const)('%s', (_name, notes, withZones, expected) => {
    expect(run([...notes], [...withZones])).toBe(expected);
  });

  it('numbers themes in board order and lists their challenges', () => {
    const result = themes(makeBoard({ zones, notes: [note('a', 't2', 1, { text: 'Dependence on one grant', author: 'ana' })] }));
    expect(result.themes[1]).toEqual({ zone: 't2', number: 2, title: 'Financial sustainability', count: 1, challenges: [{ note: 'a', text: 'Dependence on one grant', author: 'ana' }] });
  });
});
