import { describe, expect, it } from 'vitest';
import { challengeSolutions } from '../../../shared/reducers/challenges.ts';
import { makeBoard, note, row, votes, zone } from '../../../shared/reducers/test-board.ts';
import { actionPlanTarget, flattenTree, moveOrders, nextOrder, SEED_ORDER_BASE, subtree, tableRows, tableTargets, type ViewRow } from './rows.ts';

const challenges = [zone('A', 'challenge', { title: 'Attracting members', number: 1 }), zone('B', 'challenge', { title: 'Funding', number: 2 })];
const notes = [note('a1', 'A', 1, { text: 'Coffee talks' }), note('b1', 'B', 2, { text: 'Grant desk' })];

describe('tableRows: action plan seeded from the selected solutions', () => {
  const plan = actionPlanTarget('individual');
  const seeded = (rows: ReturnType<typeof row>[] = []) => {
    const board = makeBoard({ zones: challenges, notes, rows, votes: votes(''), selections: { A: 'a1', B: 'b1' } });
    return tableRows(board, plan, challengeSolutions(board));
  };
  const brief = (rows: ViewRow[]) => rows.map((r) => [r.key, r.from, r.cells['step'] ?? '']);

  it.each([
    ['seeds first, one per selected solution, marked with their challenge', [], [['seed:A', 'from Challenge 1', 'Coffee talks'], ['seed:B', 'from Challenge 2', 'Grant desk']]],
    ['a row written for challenge 1 replaces its seed in the same place', [row('r1', 'individual', { step: 'Coffee talks monthly' }, { challenge: 'A', order: SEED_ORDER_BASE })], [['seed:A', 'from Challenge 1', 'Coffee talks monthly'], ['seed:B', 'from Challenge 2', 'Grant desk']]],
    ['a row written for challenge 2 stays second', [row('r2', 'individual', { step: 'Desk' }, { challenge: 'B', order: SEED_ORDER_BASE + 1 })], [['seed:A', 'from Challenge 1', 'Coffee talks'], ['seed:B', 'from Challenge 2', 'Desk']]],
    ['rows added by hand follow the seeds', [row('r3', 'individual', { step: 'Newsletter' }, { order: 0 })], [['seed:A', 'from Challenge 1', 'Coffee talks'], ['seed:B', 'from Challenge 2', 'Grant desk'], ['row:r3', null, 'Newsletter']]],
    ['rows of another template are left out', [row('r4', 'extended', { action: 'x' })], [['seed:A', 'from Challenge 1', 'Coffee talks'], ['seed:B', 'from Challenge 2', 'Grant desk']]],
  ] as const)('%s', (_name, rows, expected) => {
    expect(brief(seeded([...rows]))).toEqual(expected);
  });

  it('shows no seeds without the solutions (board read without the control doc)', () => {
    const board = makeBoard({ zones: challenges, notes, selections: { A: 'a1' } });
    expect(tableRows(board, plan, null)).toEqual([]);
  });
});

describe('tableRows: rows per table zone', () => {
  const current = zone('current', 'table', { table: 'funding', columns: [{ key: 'source', label: 'Source' }] });
  const desired = zone('desired', 'table', { table: 'funding', columns: [{ key: 'source', label: 'Source' }] });
  const board = makeBoard({
    zones: [current, desired],
    rows: [row('r1', 'funding', { source: 'Public' }, { zone: 'current' }), row('r2', 'funding', { source: 'Private' }, { zone: 'desired' }), row('r3', 'funding', { source: 'Orphan' }, { zone: 'gone' })],
  });
  it.each([
    ['current', ['r1', 'r3']],
    ['desired', ['r2']],
  ])('%s shows its own rows (and rows of no known zone go to the first table)', (id, expected) => {
    const target = tableTargets(board).find((t) => t.zone === id)!;
    expect(tableRows(board, target, null).map((r) => r.rowId)).toEqual(expected);
  });
});

describe('flattenTree', () => {
  const r = (id: string, parent: string | null, order = 0, createdAt = 0) => ({ id, parent, order, createdAt });
  it.each([
    ['empty', [], []],
    ['goal, indicators, measure, target depth-first', [r('g', null), r('i2', 'g', 1), r('i1', 'g', 0), r('m', 'i1'), r('t', 'm')], ['g:0', 'i1:1', 'm:2', 't:3', 'i2:1']],
    ['a row whose parent is gone is a root', [r('g', null, 0), r('x', 'gone', 1)], ['g:0', 'x:0']],
    ['a cycle does not hang and shows both rows as roots', [r('a', 'b'), r('b', 'a')], ['a:0', 'b:0']],
    ['siblings with equal order by creation time', [r('g', null), r('b', 'g', 0, 2), r('a', 'g', 0, 3)], ['g:0', 'b:1', 'a:1']],
  ])('%s', (_name, rows, expected) => {
    expect(flattenTree(rows).map(({ row: x, depth }) => `${x.id}:${depth}`)).toEqual(expected);
  });
});

describe('moveOrders', () => {
  const v = (rowId: string | null, order: number) => ({ rowId, order });
  it.each([
    ['distinct orders swap', [v('a', 0), v('b', 1), v('c', 2)], 1, -1, { a: 1, b: 0 }],
    ['down', [v('a', 0), v('b', 1), v('c', 2)], 1, 1, { b: 2, c: 1 }],
    ['equal orders renumber the run', [v('a', 0), v('b', 0), v('c', 0)], 2, -1, { b: 2, c: 1 }],
    ['first row cannot go up', [v('a', 0), v('b', 1)], 0, -1, null],
    ['last row cannot go down', [v('a', 0), v('b', 1)], 1, 1, null],
    ['a seed does not move', [v(null, -5), v('b', 1)], 1, -1, null],
    ['equal orders next to a seed: half a step', [v(null, 0), v('a', 3), v('b', 3)], 2, -1, { b: 2.5 }],
  ] as const)('%s', (_name, rows, index, delta, expected) => {
    expect(moveOrders(rows, index, delta)).toEqual(expected);
  });
});

describe('nextOrder and subtree', () => {
  it('appends after the highest written order, ignoring seeds', () => {
    expect(nextOrder([{ rowId: null, order: 5 }, { rowId: 'a', order: 2 }, { rowId: 'b', order: SEED_ORDER_BASE }])).toBe(3);
    expect(nextOrder([])).toBe(0);
  });
  it('collects a row and everything under it', () => {
    const rows = [
      { rowId: 'g', parent: null },
      { rowId: 'i', parent: 'g' },
      { rowId: 'm', parent: 'i' },
      { rowId: 'other', parent: null },
    ];
    expect(subtree(rows, 'g')).toEqual(['g', 'i', 'm']);
    expect(subtree(rows, 'other')).toEqual(['other']);
  });
});
