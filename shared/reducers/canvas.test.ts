import { describe, expect, it } from 'vitest';
import { canvasDiff, valuePropositions } from './canvas.ts';
import { makeBoard, note, row, zone } from './test-board.ts';

const bmc = [
  zone('cur-members', 'canvas-cell', { key: 'members', variant: 'current' }),
  zone('des-members', 'canvas-cell', { key: 'members', variant: 'desired' }),
  zone('cur-public', 'canvas-cell', { key: 'public-funding', variant: 'current' }),
  zone('des-public', 'canvas-cell', { key: 'public-funding', variant: 'desired' }),
  zone('des-fp', 'canvas-cell', { key: 'funding-partners', variant: 'desired' }),
];

function diff(cells: Record<string, string>, notes = [] as ReturnType<typeof note>[], rows = [] as ReturnType<typeof row>[]): string[] {
  return canvasDiff(makeBoard({ zones: bmc, cells, notes, rows }))
    .rows.filter((r) => r.changed)
    .map((r) => `${r.label} | ${r.change}`);
}

describe('canvasDiff', () => {
  it.each([
    ['empty canvases: nothing changes', {}, [], []],
    ['same items, other case and spacing: no change', { 'cur-members': 'SMEs\nUniversities', 'des-members': 'smes\n universities.' }, [], []],
    ['added and dropped items', { 'cur-members': 'SMEs\nUniversities', 'des-members': 'SMEs\nLarge companies' }, [], ['Cluster members | Add: Large companies. Drop: Universities']],
    ['a field only on the desired canvas', { 'des-fp': '- Regional bank\n- Foundation' }, [], ['Funding partners | Add: Regional bank; Foundation']],
    ['notes in a cell count as items', { 'cur-public': 'EU projects' }, [note('n1', 'des-public', 1, { text: 'National programme' })], ['Public funding | Add: National programme. Drop: EU projects']],
  ] as const)('%s', (_name, cells, notes, expected) => {
    expect(diff({ ...cells }, [...notes])).toEqual(expected);
  });

  it("uses the group's own desired-change text when the reflection table has one", () => {
    const rows = [row('r1', 'canvas-change', { field: 'Cluster members', change: 'Open up to large companies' })];
    expect(diff({ 'cur-members': 'SMEs', 'des-members': 'SMEs\nLarge companies' }, [], rows)).toEqual(['Cluster members | Open up to large companies']);
  });

  it('tags fields as business development or financing', () => {
    const rows = canvasDiff(makeBoard({ zones: bmc })).rows;
    expect(rows.map((r) => [r.field, r.tags])).toEqual([
      ['members', ['business-development']],
      ['public-funding', ['financing']],
      ['funding-partners', ['financing']],
    ]);
  });
});

const vpcRow1 = ['stakeholder', 'needs', 'pains', 'gains', 'service', 'pain-reliever', 'gain-creator'].map((key) => zone(`r1-${key}`, 'canvas-cell', { key, row: 1 }));

describe('valuePropositions', () => {
  it.each([
    ['empty canvas: a statement with every slot open', {}, 'Our cluster enables [stakeholder segment] to overcome [specific challenge] by providing [key service], ultimately allowing them to achieve [desired benefit].', 7],
    [
      'a full row',
      { 'r1-stakeholder': 'Start-ups and SMEs', 'r1-needs': 'Customers', 'r1-pains': 'Limited access to test facilities', 'r1-gains': 'Faster market entry', 'r1-service': 'Shared pilot lines\nMentoring', 'r1-pain-reliever': 'Subsidised access', 'r1-gain-creator': 'Introductions to buyers' },
      'Our cluster enables Start-ups and SMEs to overcome Limited access to test facilities by providing Shared pilot lines and Mentoring, ultimately allowing them to achieve Faster market entry.',
      0,
    ],
    ['stakeholder only', { 'r1-stakeholder': 'Manufacturers' }, 'Our cluster enables Manufacturers to overcome [specific challenge] by providing [key service], ultimately allowing them to achieve [desired benefit].', 6],
  ] as const)('%s', (_name, cells, statement, missing) => {
    const [vp] = valuePropositions(makeBoard({ zones: vpcRow1, cells: { ...cells } }));
    expect(vp?.statement).toBe(statement);
    expect(vp?.missing).toHaveLength(missing);
    expect(vp?.complete).toBe(missing === 0);
  });

  it('names the missing columns', () => {
    const [vp] = valuePropositions(makeBoard({ zones: vpcRow1, cells: { 'r1-stakeholder': 'Retailers', 'r1-pains': 'x', 'r1-gains': 'y', 'r1-service': 'z', 'r1-needs': 'n' } }));
    expect(vp?.missing).toEqual(['Pain reliever', 'Gain creator']);
  });

  it('gives one proposition per stakeholder row, in row order', () => {
    const zones = [zone('b', 'canvas-cell', { key: 'stakeholder', row: 2 }), zone('a', 'canvas-cell', { key: 'stakeholder', row: 1 })];
    expect(valuePropositions(makeBoard({ zones, cells: { a: 'Universities', b: 'Retailers' } })).map((vp) => vp.fields['stakeholder'])).toEqual([['Universities'], ['Retailers']]);
  });
});
