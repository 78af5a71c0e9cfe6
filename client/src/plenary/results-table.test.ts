import { describe, expect, it } from 'vitest';
import { boardResults } from '../../../shared/export/json.ts';
import { makeBoard, note, row, votes, zone } from '../../../shared/reducers/test-board.ts';
import { planKindsOf, planTables, presentationOrder, solutionsTable, stepRoom, toHtml, toTsv, type WorkshopExport } from './results-table.ts';

const zones = [zone('A', 'challenge', { title: 'Attracting members', number: 1 }), zone('B', 'challenge', { title: 'Sharing knowledge', number: 2 })];

function exportOf(rooms: { name: string; board: Parameters<typeof boardResults>[0] }[], sessions = 1): WorkshopExport {
  return {
    workshop: { id: 'w', title: 'Day 3', date: null, agenda: [] },
    sessions: Array.from({ length: sessions }, (_, s) => ({
      id: `s${s}`,
      title: `Session ${s + 1}`,
      template: 'challenge-board',
      rooms: rooms.map((room, i) => ({ id: `r${s}${i}`, name: room.name, boardId: `b${s}${i}`, results: boardResults(room.board) })),
    })),
  };
}

const voted = makeBoard({
  zones,
  notes: [note('a1', 'A', 1, { text: 'Open days' }), note('a2', 'A', 2, { text: 'Member\tnewsletter\nmonthly' }), note('b1', 'B', 3, { text: 'Wiki' })],
  votes: votes('v1:a2 v2:a2 v3:a1'),
  selections: { B: 'b1' },
});
const withDetails = { ...voted, challenges: voted.challenges.map((c) => (c.id === 'A' ? { ...c, details: 'Start in March' } : c)) };

describe('solutionsTable', () => {
  const cases: [string, WorkshopExport, string[][]][] = [
    [
      'best first, top-voted stands in, facilitator pick marked, details on the selected line',
      exportOf([{ name: 'Group 1', board: withDetails }]),
      [
        ['Group 1', 'Challenge 1 – Attracting members', '1', 'Member\tnewsletter\nmonthly', '2', 'Most voted (not confirmed)', 'Start in March'],
        ['Group 1', 'Challenge 1 – Attracting members', '2', 'Open days', '1', '', ''],
        ['Group 1', 'Challenge 2 – Sharing knowledge', '1', 'Wiki', '0', 'Selected', ''],
      ],
    ],
    [
      'a challenge without ideas gets one line',
      exportOf([{ name: 'Group 2', board: makeBoard({ zones: zones.slice(0, 1) }) }]),
      [['Group 2', 'Challenge 1 – Attracting members', '', 'No solutions yet', '', '', '']],
    ],
    [
      'several sessions: a session column first',
      exportOf([{ name: 'G', board: makeBoard({ zones: zones.slice(1), notes: [note('b1', 'B', 1, { text: 'Wiki' })] }) }], 2),
      [
        ['Session 1', 'G', 'Challenge 2 – Sharing knowledge', '1', 'Wiki', '0', '', ''],
        ['Session 2', 'G', 'Challenge 2 – Sharing knowledge', '1', 'Wiki', '0', '', ''],
      ],
    ],
    ['no challenges, no rows', exportOf([{ name: 'G', board: makeBoard({}) }]), []],
  ];
  it.each(cases)('%s', (_name, data, expected) => {
    expect(solutionsTable(data).rows.map((r) => r.cells)).toEqual(expected);
  });

  it('marks the selected rows and the first row of each challenge', () => {
    const table = solutionsTable(exportOf([{ name: 'Group 1', board: voted }]));
    expect(table.rows.map((r) => [r.selected, r.groupStart])).toEqual([
      [true, true],
      [false, false],
      [true, true],
    ]);
  });
});

describe('toTsv / toHtml', () => {
  const table = solutionsTable(exportOf([{ name: 'Group <1>', board: voted }]));
  it('one line per row, tabs and line breaks inside cells flattened to spaces', () => {
    expect(toTsv(table).split('\n')).toEqual([
      'Room\tChallenge\t#\tSolution\tVotes\tStatus\tDetails',
      'Group <1>\tChallenge 1 – Attracting members\t1\tMember newsletter monthly\t2\tMost voted (not confirmed)\t',
      'Group <1>\tChallenge 1 – Attracting members\t2\tOpen days\t1\t\t',
      'Group <1>\tChallenge 2 – Sharing knowledge\t1\tWiki\t0\tSelected\t',
      '',
    ]);
  });
  it('escapes user text and bolds the selected solutions', () => {
    const html = toHtml(table);
    expect(html).toContain('<td><strong>Group &#60;1&#62;</strong></td>');
    expect(html).toContain('<td>Open days</td>');
    expect(html).not.toContain('<1>');
    expect(html.match(/<tr>/g)).toHaveLength(4);
  });
});

describe('action plans', () => {
  const seededOnly = makeBoard({ zones, notes: [note('b1', 'B', 1, { text: 'Wiki' })], selections: { B: 'b1' } });
  const written = makeBoard({ zones, rows: [row('r1', 'bm-change', { action: 'Hire a community manager', responsible: 'Ana' })] });
  it.each([
    ['nothing selected, nothing written: no plan', makeBoard({ zones }), []],
    ['only seeds: the individual plan', seededOnly, ['individual']],
    ['rows written on the board: their template only', written, ['bm-change']],
  ] as const)('%s', (_name, board, kinds) => {
    expect(planKindsOf(boardResults(board))).toEqual(kinds);
  });

  it('one table per template in use, rooms in order', () => {
    const tables = planTables(exportOf([{ name: 'Group 1', board: seededOnly }, { name: 'Group 2', board: written }]));
    expect(tables.map((t) => [t.title, t.columns[0], t.columns[1], t.rows.map((r) => r.cells.slice(0, 3))])).toEqual([
      ['Individual action plan', 'Room', 'Objective', [['Group 1', 'Sharing knowledge', 'Wiki']]],
      ['Business-model change plan', 'Room', 'Action (step)', [['Group 2', 'Hire a community manager', 'Ana']]],
    ]);
  });
});

describe('presentationOrder / stepRoom', () => {
  const sessions = [
    { title: 'Afternoon', rooms: [{ boardId: 'p1', name: 'Pair 1' }] },
    { title: 'Morning', rooms: [{ boardId: 'g1', name: 'Group 1' }, { boardId: 'g2', name: 'Group 2' }] },
    { title: 'Not on the agenda', rooms: [{ boardId: 'x1', name: 'Extra' }] },
  ];
  const agenda = [
    { start: '09:30', end: '10:15', title: 'Morning' },
    { start: '14:00', end: '15:00', title: 'Afternoon' },
  ];
  const order = presentationOrder(sessions, agenda);
  it('sessions in agenda order, unknown ones last, rooms in session order', () => {
    expect(order.map((r) => `${r.sessionTitle}/${r.name}`)).toEqual(['Morning/Group 1', 'Morning/Group 2', 'Afternoon/Pair 1', 'Not on the agenda/Extra']);
  });
  it.each([
    [null, 1, 'g1'],
    [null, -1, 'x1'],
    ['g1', 1, 'g2'],
    ['g2', -1, 'g1'],
    ['x1', 1, 'g1'],
    ['g1', -1, 'x1'],
    ['gone', 1, 'g1'],
  ] as const)('from %s step %i -> %s', (from, step, to) => {
    expect(stepRoom(order, from, step)?.boardId).toBe(to);
  });
  it('no rooms: nothing to step to', () => {
    expect(stepRoom([], null, 1)).toBeNull();
  });
});
