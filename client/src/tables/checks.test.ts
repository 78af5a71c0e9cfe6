import { describe, expect, it } from 'vitest';
import { EMPTY_CONTROL, type BoardControlView } from '../../../shared/schema/board.ts';
import { tableAccess } from './access.ts';
import { fundingCheck, isRaciCell, normaliseRaciInput, parseShare } from './checks.ts';
import { columnWeight, gridLayout, gridScale, GRID } from './layout.ts';

describe('normaliseRaciInput', () => {
  it.each([
    ['', '', ''],
    ['a', 'A', ''],
    ['A/', 'A', ''],
    ['ar', 'R/A', ''],
    ['r, c', 'R/C', ''],
    ['aa', 'A', ''],
    ['x', '', 'X'],
    ['Rx', 'R', 'X'],
    ['icar', 'R/A/C/I', ''],
  ])('%j -> %j (refused %j)', (raw, value, rejected) => {
    expect(normaliseRaciInput(raw)).toEqual({ value, rejected });
  });
  it.each([
    ['', true],
    ['R/A', true],
    ['maybe', false],
  ])('isRaciCell(%j) = %s', (value, ok) => expect(isRaciCell(value)).toBe(ok));
});

describe('fundingCheck', () => {
  const rows = (...shares: string[]) => shares.map((share): { cells: Record<string, string> } => ({ cells: share === '-' ? {} : { share } }));
  it.each([
    ['nothing filled: no warning', rows(), 0, null],
    ['100 exactly', rows('40', '35%', '25 %'), 100, null],
    ['decimal commas', rows('12,5', '87.5'), 100, null],
    ['short of 100', rows('40', '50'), 90, 'Shares add up to 90%, not 100%'],
    ['over 100', rows('60', '60'), 120, 'Shares add up to 120%, not 100%'],
    ['empty cells are skipped', rows('100', '-'), 100, null],
    ['not a number', rows('40', 'lots'), 40, '"lots" is not a percentage'],
  ])('%s', (_name, input, total, warning) => {
    const check = fundingCheck(input);
    expect([check.total, check.warning]).toEqual([total, warning]);
  });
  it.each([
    ['40', 40],
    ['4o', null],
    ['1000', null],
  ])('parseShare(%j) = %s', (value, expected) => expect(parseShare(value)).toBe(expected));
});

describe('tableAccess', () => {
  const control = (extra: Partial<BoardControlView>): BoardControlView => ({ ...EMPTY_CONTROL, ...extra });
  const lock = { v: 1, board: 'b', zone: null, by: 'facilitator', at: 1 } as BoardControlView['locks'][number];
  it.each([
    ['free board, edit link', { role: 'edit', control: null }, null],
    ['view link', { role: 'view', control: null }, 'View only: this link can read the table but not change it.'],
    ['participant in detail', { role: 'edit', workshopId: 'w', participantId: 'p', control: control({ phase: 'detail' }) }, null],
    ['participant in ideate', { role: 'edit', workshopId: 'w', participantId: 'p', control: control({ phase: 'ideate' }) }, 'Read only: tables open in the detail phase (now: ideas).'],
    ['participant, locked board in detail', { role: 'edit', workshopId: 'w', participantId: 'p', control: control({ phase: 'detail', locks: [lock] }) }, 'Read only: the facilitator locked this board.'],
    ['facilitator in ideate', { role: 'edit', workshopId: 'w', participantId: null, control: control({ phase: 'ideate' }) }, null],
    ['facilitator, locked', { role: 'edit', workshopId: 'w', participantId: null, control: control({ locks: [lock] }) }, 'Read only: the facilitator locked this board.'],
    ['control not loaded yet', { role: 'edit', workshopId: 'w', participantId: 'p', control: null }, 'Checking the workshop phase…'],
  ] as const)('%s', (_name, input, reason) => {
    expect(tableAccess({ zone: 'z', ...input }).reason).toBe(reason);
  });
});

describe('gridLayout', () => {
  const cols = [
    { key: 'objective', label: 'Objective' },
    { key: 'due', label: 'Due' },
  ];
  it('splits the width by column weight after the row-number column', () => {
    const grid = gridLayout({ w: 424, h: 500, description: '' }, cols, 2);
    expect(grid.columns.map((c) => [c.key, Math.round(c.x), Math.round(c.w)])).toEqual([
      ['objective', GRID.side + GRID.number, 225],
      ['due', GRID.side + GRID.number + 225, 135],
    ]);
    expect(grid.y).toBe(GRID.top);
    expect([grid.shown, grid.hidden]).toEqual([2, 0]);
  });
  it('starts lower under a description, and summarises rows that do not fit', () => {
    const h = GRID.topWithDescription + GRID.header + 5 * GRID.row + GRID.bottom;
    const grid = gridLayout({ w: 400, h, description: 'x' }, cols, 9);
    expect(grid.y).toBe(GRID.topWithDescription);
    expect([grid.shown, grid.hidden]).toEqual([4, 5]);
    expect(grid.h).toBe(GRID.header + 5 * GRID.row);
  });
  it.each([
    [400, 1],
    [800, 1],
    [1200, 1.5],
    [3000, 1.5],
  ])('a %s wide zone draws its grid at %sx', (w, scale) => {
    expect(gridScale(w)).toBe(scale);
    const grid = gridLayout({ w, h: 1000, description: '' }, cols, 1);
    expect([grid.row, grid.header]).toEqual([GRID.row * scale, GRID.header * scale]);
  });
  it('gives RACI people narrow columns and the deliverable a wide one', () => {
    expect(columnWeight('deliverable', 'raci')).toBeGreaterThan(columnWeight('members', 'raci'));
    expect(columnWeight('share', 'funding')).toBeLessThan(columnWeight('source', 'funding'));
  });
});
