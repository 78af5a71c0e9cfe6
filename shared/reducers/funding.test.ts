import { describe, expect, it } from 'vitest';
import { FundingSplitSchema } from '../schema/results.ts';
import { fundingSplit, parseShare, roundShares } from './funding.ts';
import { makeBoard, row, zone } from './test-board.ts';

const tables = [
  zone('current', 'table', { table: 'funding', variant: 'current', title: 'Current funding', columns: [{ key: 'source', label: 'Source' }, { key: 'share', label: 'Share' }] }),
  zone('desired', 'table', { table: 'funding', variant: 'desired', title: 'Desired funding', columns: [{ key: 'source', label: 'Source' }, { key: 'share', label: 'Share' }] }),
];

const funding = (id: string, table: string, source: string, share: string) => row(id, 'funding', { source, share }, { zone: table });

/** "source rounded% colour" per slice of the current pie. */
function pie(rows: ReturnType<typeof row>[], table = 'current'): string[] {
  const split = fundingSplit(makeBoard({ zones: tables, rows })).splits.find((s) => s.zone === table)!;
  return split.slices.map((s) => `${s.source} ${s.rounded}% ${s.category}`);
}

describe('fundingSplit', () => {
  it.each([
    ['no rows: an empty pie', [], []],
    ['a full split, largest first, colours by category', [funding('a', 'current', 'Public funding', '60'), funding('b', 'current', 'Membership fees', '25'), funding('c', 'current', 'EU projects', '15')], ['Public funding 60% public', 'Membership fees 25% private', 'EU projects 15% project']],
    ['below 100: the rest is not allocated', [funding('a', 'current', 'Public', '50'), funding('b', 'current', 'Private', '20 %')], ['Public 50% public', 'Private 20% private', 'Not allocated 30% unallocated']],
    ['above 100: scaled down to 100', [funding('a', 'current', 'Public', '150'), funding('b', 'current', 'Private', '50')], ['Public 75% public', 'Private 25% private']],
    ['the same source twice is one slice', [funding('a', 'current', 'Public', '30'), funding('b', 'current', ' public ', '30'), funding('c', 'current', 'Private', '40')], ['Public 60% public', 'Private 40% private']],
    ['decimal commas count; thirds round to 100', [funding('a', 'current', 'Public', '33,3'), funding('b', 'current', 'Private', '33.3'), funding('c', 'current', 'Project', '33.4')], ['Project 34% project', 'Public 33% public', 'Private 33% private']],
    ['zero shares and empty rows draw nothing', [funding('a', 'current', 'Public', '0'), funding('b', 'current', '', ''), funding('c', 'current', 'Private', '100')], ['Private 100% private']],
    ['rows of the other table stay there', [funding('a', 'desired', 'Public', '100')], []],
    [
      'more than six sources: the smallest grouped into Other',
      ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((s, i) => funding(s, 'current', `Source ${s}`, String(20 - i * 2))),
      ['Source A 20% other', 'Source B 18% other', 'Source C 16% other', 'Source D 14% other', 'Source E 12% other', 'Other 18% other', 'Not allocated 2% unallocated'],
    ],
  ] as const)('%s', (_name, rows, expected) => {
    expect(pie([...rows])).toEqual(expected);
  });

  it('lists rows whose share is not a number, and leaves them out of the pie', () => {
    const rows = [funding('a', 'current', 'Public', 'about half'), funding('b', 'current', 'Private', '-10'), funding('c', 'current', 'Project', '100')];
    const split = fundingSplit(makeBoard({ zones: tables, rows })).splits[0]!;
    expect(split.ignored).toEqual([
      { row: 'a', source: 'Public', share: 'about half' },
      { row: 'b', source: 'Private', share: '-10' },
    ]);
    expect(split.slices.map((s) => s.source)).toEqual(['Project']);
  });

  it('gives both tables, current and desired, with the same colour for the same category', () => {
    const rows = [funding('a', 'current', 'Public funding', '70'), funding('b', 'desired', 'Public', '40'), funding('c', 'desired', 'Private', '60')];
    const result = FundingSplitSchema.parse(fundingSplit(makeBoard({ zones: tables, rows })));
    expect(result.splits.map((s) => [s.zone, s.variant, s.total, s.normalised])).toEqual([
      ['current', 'current', 70, false],
      ['desired', 'desired', 100, false],
    ]);
    expect(result.splits[0]!.slices[0]!.color).toBe(result.splits[1]!.slices.find((s) => s.category === 'public')!.color);
  });

  it('gives distinct colours to sources that name no category', () => {
    const rows = [funding('a', 'current', 'Bank loan', '50'), funding('b', 'current', 'Crowdfunding', '50')];
    const [first, second] = fundingSplit(makeBoard({ zones: tables, rows })).splits[0]!.slices;
    expect(first!.color).not.toBe(second!.color);
  });
});

describe('parseShare and roundShares', () => {
  it.each([
    ['40', 40],
    ['40%', 40],
    [' 12,5 % ', 12.5],
    ['0', 0],
    ['', null],
    ['-5', null],
    ['forty', null],
    ['1e3', null],
  ] as const)('parseShare(%j) = %j', (text, expected) => {
    expect(parseShare(text)).toBe(expected);
  });

  it.each([
    [[50, 50], [50, 50]],
    [[33.3, 33.3, 33.4], [33, 33, 34]],
    [[12.5, 12.5, 75], [13, 12, 75]],
    [[], []],
  ] as const)('roundShares(%j) = %j', (values, expected) => {
    expect(roundShares(values, values.length === 0 ? 0 : 100)).toEqual(expected);
  });
});
