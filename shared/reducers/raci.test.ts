import { describe, expect, it } from 'vitest';
import { parseRaciCell, raciCheck } from './raci.ts';
import { makeBoard, row, zone } from './test-board.ts';

const table = zone('t', 'table', {
  table: 'raci',
  columns: [
    { key: 'deliverable', label: 'Deliverable' },
    { key: 'cm', label: 'Cluster management' },
    { key: 'members', label: 'Members' },
    { key: 'others', label: 'Other stakeholders' },
  ],
});

function warnings(cells: Record<string, string>): string {
  const result = raciCheck(makeBoard({ zones: [table], rows: [row('r1', 'raci', cells)] }));
  return result.warnings.map((w) => w.code).join(' ');
}

describe('raciCheck', () => {
  it.each([
    ['one A and one R: consistent', { deliverable: 'Survey', cm: 'A', members: 'R' }, ''],
    ['A and R in one cell', { deliverable: 'Survey', cm: 'A/R', members: 'C' }, ''],
    ['lower case and separators are fine', { deliverable: 'Survey', cm: 'a, r', others: 'i' }, ''],
    ['no A', { deliverable: 'Survey', cm: 'R', members: 'C' }, 'no-accountable'],
    ['two A', { deliverable: 'Survey', cm: 'A', members: 'A', others: 'R' }, 'multiple-accountable'],
    ['no R', { deliverable: 'Survey', cm: 'A', members: 'I' }, 'no-responsible'],
    ['nothing assigned yet', { deliverable: 'Survey' }, 'no-accountable no-responsible'],
    ['an invalid entry is reported and ignored', { deliverable: 'Survey', cm: 'A', members: 'R', others: 'X' }, 'invalid-entry'],
    ['an empty row is skipped', { deliverable: ' ', cm: '' }, ''],
  ])('%s', (_name, cells, expected) => {
    expect(warnings(cells)).toBe(expected);
  });

  it('parses cells into ordered letters', () => {
    expect(parseRaciCell('r/a')).toEqual(['R', 'A']);
    expect(parseRaciCell('I C')).toEqual(['C', 'I']);
    expect(parseRaciCell('Boss')).toBeNull();
  });

  it('lists people from the table columns, then any extra cell keys', () => {
    const result = raciCheck(makeBoard({ zones: [table], rows: [row('r1', 'raci', { deliverable: 'x', cm: 'A', guest: 'R' })] }));
    expect(result.people.map((p) => p.key)).toEqual(['cm', 'members', 'others', 'guest']);
    expect(result.rows[0]?.roles).toEqual({ cm: ['A'], guest: ['R'] });
  });
});
