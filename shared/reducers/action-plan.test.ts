import { describe, expect, it } from 'vitest';
import { actionPlanRows } from './action-plan.ts';
import { makeBoard, note, row, votes, zone } from './test-board.ts';

const zones = [zone('A', 'challenge', { title: 'Attracting members', number: 1 }), zone('B', 'challenge', { title: 'Funding', number: 2 })];
const notes = [note('a1', 'A', 1, { text: 'Coffee talks' }), note('a2', 'A', 2, { text: 'Open days' }), note('b1', 'B', 3, { text: 'Grant desk' })];

function board(voteSpec: string, rows = [] as ReturnType<typeof row>[], selections: Record<string, string> = {}) {
  return makeBoard({ zones, notes, votes: votes(voteSpec), rows, selections });
}

describe('actionPlanRows', () => {
  it.each([
    ['empty board: no rows', 'individual', makeBoard({}), []],
    ['no selection and no votes: no seeds', 'individual', board(''), []],
    ['individual: objective = challenge, step = selected idea', 'individual', board('v1:a2'), [['selected-solution', 'Attracting members', 'Open days']]],
    ['extended: objective and action', 'extended', board('v1:a2 v1:b1'), [['selected-solution', 'Attracting members', 'Open days'], ['selected-solution', 'Funding', 'Grant desk']]],
    ['bm-change: action, and the challenge as expected outcome', 'bm-change', board('v1:b1'), [['selected-solution', 'Grant desk', 'Addresses challenge 2: Funding']]],
    ['facilitator pick seeds, not the top-voted', 'individual', board('v1:a2 v2:a2', [], { A: 'a1' }), [['selected-solution', 'Attracting members', 'Coffee talks']]],
    ['a selected note that was deleted seeds the top-voted instead', 'individual', board('v1:a2', [], { A: 'gone' }), [['selected-solution', 'Attracting members', 'Open days']]],
    ['board rows follow the seeds', 'individual', board('v1:a1', [row('r1', 'individual', { objective: 'Grow', step: 'Call 10 members' })]), [['selected-solution', 'Attracting members', 'Coffee talks'], ['board', 'Grow', 'Call 10 members']]],
    ['a board row for the challenge replaces its seed and inherits its objective', 'individual', board('v1:a1', [row('r1', 'individual', { step: 'Book a room' }, { challenge: 'A' })]), [['board', 'Attracting members', 'Book a room']]],
    ['rows of another template are not included', 'individual', board('', [row('r1', 'extended', { objective: 'x', action: 'y' })]), []],
  ] as const)('%s', (_name, template, input, expected) => {
    const rows = actionPlanRows(input, template);
    const firstTwo = (r: (typeof rows)[number]): string[] => {
      if (r.template === 'bm-change') return [r.source.kind, r.action, r.expectedOutcome];
      if (r.template === 'individual') return [r.source.kind, r.objective, r.step];
      return [r.source.kind, r.objective, r.action];
    };
    expect(rows.map(firstTwo)).toEqual(expected);
  });

  it('fills every column of the template, ignoring cells it does not have', () => {
    const rows = actionPlanRows(board('', [row('r1', 'bm-change', { action: 'x', deadline: '31 Mar', colour: 'red' })]), 'bm-change');
    expect(rows).toEqual([
      {
        v: 2,
        template: 'bm-change',
        source: { kind: 'board', challenge: null, note: null, row: 'r1' },
        action: 'x',
        responsible: '',
        stakeholders: '',
        requirements: '',
        expectedOutcome: '',
        deadline: '31 Mar',
      },
    ]);
  });
});
