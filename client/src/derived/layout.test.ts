import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../boards/index.ts';
import { ZoneSchema } from '../../../shared/schema/zone.ts';
import { derivedBoxes, derivedLayout, drawsNothing } from './layout.ts';

const zonesOf = (id: string) => (getTemplate(id)?.zones ?? []).map((z) => ZoneSchema.parse(z));
const overlaps = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('derivedLayout', () => {
  it.each([
    ['business-model-canvas', 1, 0, 0],
    ['value-proposition-canvas', 0, 3, 0],
    ['funding-sources', 0, 0, 2],
    ['challenge-board', 0, 0, 0],
    ['priority-matrix', 0, 0, 0],
  ] as const)('%s: %i diff table, %i statements, %i pies, none over a zone', (template, diffs, statements, pies) => {
    const zones = zonesOf(template);
    const layout = derivedLayout(zones);
    expect([layout.diff ? 1 : 0, layout.statements.length, layout.pies.length]).toEqual([diffs, statements, pies]);
    expect(layout.axes !== null).toBe(template === 'priority-matrix');
    const boxes = derivedBoxes(layout);
    for (const box of boxes) for (const zone of zones) expect(overlaps(box, zone), `${zone.id}`).toBe(false);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
  });

  it('puts each statement beside its own row', () => {
    const zones = zonesOf('value-proposition-canvas');
    for (const { row, box } of derivedLayout(zones).statements) {
      const cell = zones.find((z) => z.row === row && z.key === 'stakeholder')!;
      expect([box.y, box.h]).toEqual([cell.y, cell.h]);
    }
  });
});

describe('drawsNothing (the derived layer is left out)', () => {
  it.each([
    ['challenge-board', 0, true],
    ['action-plans', 0, true],
    ['challenge-board', 1, false], // a canvas cell's text, whatever the zones
    ['business-model-canvas', 0, false],
    ['value-proposition-canvas', 0, false],
    ['funding-sources', 0, false],
    ['priority-matrix', 0, false],
    ['scavenger-hunt', 0, false],
    ['pestel', 0, true], // category zones: nothing derived
  ] as const)('%s with %i cells: %s', (template, cells, expected) => {
    const zones = zonesOf(template);
    expect(drawsNothing(derivedLayout(zones), zones, cells)).toBe(expected);
  });

  it('an empty board draws nothing', () => {
    expect(drawsNothing(derivedLayout([]), [], 0)).toBe(true);
  });
});
