import { describe, expect, it } from 'vitest';
import { csvCell, importPeopleCsv, importPreferencesCsv, importRequestsCsv, parseCsv, timetableCsv, toCsv } from './csv.ts';
import { generateWorkshop } from './generate.ts';
import { planWorkshop } from './workshop.ts';

const people = [
  { id: 'ana', name: 'Ana' },
  { id: 'ben', name: 'Ben' },
  { id: 'cai', name: 'Cai' },
];

describe('parseCsv / toCsv', () => {
  it.each([
    ['a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['a,b\n"x, y","say ""hi"""\n', [['a', 'b'], ['x, y', 'say "hi"']]],
    ['a\n"two\nlines"\n', [['a'], ['two\nlines']]],
    ['\ufeffa,b\n,\n', [['a', 'b'], ['', '']]],
  ])('parses %j', (text, rows) => {
    expect(parseCsv(text)).toMatchObject({ rows });
  });

  it('reports an unterminated quote', () => {
    expect(parseCsv('a\n"open')).toEqual({ error: 'line 2: unterminated quoted field' });
  });

  it('round-trips awkward cells and defuses formulas', () => {
    const rows = [['plain', 'with,comma', 'with "quote"', 'line\nbreak', '=HYPERLINK("x")', '+1', '@SUM(A1)', '-2']];
    const back = parseCsv(toCsv(rows));
    expect(back).toMatchObject({ rows: [['plain', 'with,comma', 'with "quote"', 'line\nbreak', `'=HYPERLINK("x")`, "'+1", "'@SUM(A1)", "'-2"]] });
    expect(csvCell(3)).toBe('3');
  });

  it('exports the timetable in slot and table order with a header', () => {
    const input = generateWorkshop(6, 2, { seed: 1 });
    const { plan } = planWorkshop(input);
    const parsed = parseCsv(timetableCsv(plan, input.people));
    if ('error' in parsed) throw new Error(parsed.error);
    const [head, ...body] = parsed.rows;
    expect(head?.slice(0, 4)).toEqual(['slot', 'start', 'end', 'table']);
    expect(body).toHaveLength(plan.meetings.length);
    expect(body.map((r) => `${r[0]}/${r[3]}`)).toEqual(plan.meetings.map((m) => `${m.slot + 1}/${m.table}`));
  });
});

describe('importPreferencesCsv', () => {
  it('imports good rows, with level words and ranks', () => {
    const r = importPreferencesCsv('from,to,level,rank\nana,ben,must meet,1\nana,cai,,2\nben,ana,No thanks,\n', people);
    expect(r).toEqual({
      ok: true,
      value: [
        { from: 'ana', to: 'ben', level: 'must', rank: 1 },
        { from: 'ana', to: 'cai', level: 'like', rank: 2 },
        { from: 'ben', to: 'ana', level: 'no' },
      ],
    });
  });

  it('rejects the whole file, listing every bad row with its reasons', () => {
    const text = ['from,to,level,rank', 'ana,ben,like,', 'ana,zed,like,', 'ben,ben,maybe,', 'cai,ana,,x', 'ana,ben,must,', 'ben,cai'].join('\n');
    const r = importPreferencesCsv(text, people);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.row)).toEqual([3, 4, 5, 6, 7]);
    expect(r.errors[4]).toEqual({ row: 7, messages: ['expected 4 fields, found 2'] });
    const r2 = r;
    expect(r2.errors[0]?.messages).toEqual(['unknown person "zed" in to']);
    expect(r2.errors[1]?.messages).toEqual(['level "maybe" is not must / like / no', 'a person cannot wish to meet themselves']);
    expect(r2.errors[2]?.messages).toEqual(['rank "x" is not 1, 2, 3, ...', 'level or rank is required']);
    expect(r2.errors[3]?.messages).toEqual(['ana -> ben already given on line 2']);
  });

  it('needs from, to and a level or rank column', () => {
    expect(importPreferencesCsv('from,level\nana,like\n', people)).toEqual({ ok: false, errors: [{ row: 1, messages: ['missing column(s): to'] }] });
    expect(importPreferencesCsv('from,to\nana,ben\n', people)).toEqual({ ok: false, errors: [{ row: 1, messages: ['a "level" or a "rank" column is required'] }] });
  });
});

describe('importPeopleCsv', () => {
  it('imports people with lists, blocked slots (1-based in the file) and fixed tables', () => {
    const r = importPeopleCsv('id,name,sector,offers,seeks,blocked_slots,fixed_table\nana,Ana,research,funding; data,partners,1;3,4\n');
    expect(r).toEqual({
      ok: true,
      value: [{ id: 'ana', name: 'Ana', sector: 'research', offers: ['funding', 'data'], seeks: ['partners'], topics: [], blockedSlots: [0, 2], fixedTable: 4 }],
    });
  });

  it('rejects duplicates and bad fields row by row, importing nothing', () => {
    const r = importPeopleCsv('id,name,blocked_slots,fixed_table\nana,Ana,,\nana,Ana again,,\nb c,,0,x\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.row)).toEqual([3, 4]);
    expect(r.errors[0]?.messages).toEqual(['id "ana" already used on line 2']);
    expect(r.errors[1]?.messages).toHaveLength(4);
  });
});

describe('importRequestsCsv', () => {
  it('imports requests with status and must-meet flags', () => {
    expect(importRequestsCsv('from,to,status,must\nana,ben,accepted,yes\nben,cai,,\ncai,ana,declined,no\n', people)).toEqual({
      ok: true,
      value: [
        { from: 'ana', to: 'ben', status: 'accepted', must: true },
        { from: 'ben', to: 'cai', status: 'pending' },
        { from: 'cai', to: 'ana', status: 'declined' },
      ],
    });
  });

  it('rejects the file when any row is bad', () => {
    const r = importRequestsCsv('from,to,status,must\nana,ben,accepted,\nana,ana,maybe,perhaps\nana,ben,pending,\n', people);
    expect(r).toEqual({
      ok: false,
      errors: [
        { row: 3, messages: ['status "maybe" is not accepted / declined / pending', 'must "perhaps" is not yes / no', 'a person cannot request a meeting with themselves'] },
        { row: 4, messages: ['ana -> ben already requested on line 2'] },
      ],
    });
  });
});
