import { describe, expect, it } from 'vitest';
import { challengeSolutions } from './challenges.ts';
import { makeBoard, note, votes, zone } from './test-board.ts';

// One challenge "A" with ideas a1..a3 created in that order (a4 is blank), budget 3.
const zones = [zone('A', 'challenge', { title: 'Attracting members' })];
const ideas = [note('a1', 'A', 1), note('a2', 'A', 2), note('a3', 'A', 3), note('a4', 'A', 4, { text: '  ' })];

type Expect = { order: string; selected: string; tiedWith: string; ties: string };

function run(voteSpec: string, pick: string | null, budget = 3, notes = ideas): Expect {
  const board = makeBoard({ zones, notes, votes: votes(voteSpec), budget, selections: pick === null ? {} : { A: pick } });
  const [challenge] = challengeSolutions(board).challenges;
  if (challenge === undefined) throw new Error('no challenge');
  return {
    order: challenge.ideas.map((idea) => `${idea.note}:${idea.votes}`).join(' '),
    selected: challenge.selected === null ? '-' : `${challenge.selected.note}/${challenge.selected.by}`,
    tiedWith: challenge.selected?.tiedWith.join(' ') ?? '',
    ties: challenge.ties.map((tie) => `${tie.votes}:${tie.notes.join(',')}`).join(' '),
  };
}

describe('challengeSolutions', () => {
  it.each([
    ['no votes: creation order, nothing selected', '', null, 3, 'a1:0 a2:0 a3:0', '-', '', ''],
    ['most votes first', 'v1:a3 v2:a3 v3:a2', null, 3, 'a3:2 a2:1 a1:0', 'a3/top-voted', '', ''],
    ['tie at the top: earlier note first, tie reported', 'v1:a2 v2:a1', null, 3, 'a1:1 a2:1 a3:0', 'a1/top-voted', 'a2', '1:a1,a2'],
    ['three-way tie', 'v1:a3 v2:a2 v3:a1', null, 3, 'a1:1 a2:1 a3:1', 'a1/top-voted', 'a2 a3', '1:a1,a2,a3'],
    ['tie below the top is reported, not in tiedWith', 'v1:a3 v2:a3 v1:a1 v2:a2', null, 3, 'a3:2 a1:1 a2:1', 'a3/top-voted', '', '1:a1,a2'],
    ['the facilitator pick wins over votes', 'v1:a3 v2:a3', 'a1', 3, 'a3:2 a1:0 a2:0', 'a1/facilitator', '', ''],
    ['a pick of a deleted note falls back to top-voted', 'v1:a2', 'gone', 3, 'a2:1 a1:0 a3:0', 'a2/top-voted', '', ''],
    ['votes for deleted notes do not count', 'v1:gone v2:gone v3:a3', null, 3, 'a3:1 a1:0 a2:0', 'a3/top-voted', '', ''],
    ['over-budget votes do not count', 'v9:a1 v9:a2 v9:a3 v1:a3', null, 2, 'a1:1 a2:1 a3:1', 'a1/top-voted', 'a2 a3', '1:a1,a2,a3'],
  ])('%s', (_name, spec, pick, budget, order, selected, tiedWith, ties) => {
    expect(run(spec, pick, budget)).toEqual({ order, selected, tiedWith, ties });
  });

  it('returns no challenges for an empty board', () => {
    expect(challengeSolutions(makeBoard({})).challenges).toEqual([]);
  });

  it('summarises a challenge without ideas by its number and title alone', () => {
    const board = makeBoard({ zones: [zone('E', 'challenge', { title: 'Evaluating new members', number: 6 })] });
    expect(challengeSolutions(board).challenges[0]).toMatchObject({ ideas: [], selected: null, solutions: [], summary: 'Challenge 6 - Evaluating new members' });
  });

  it('puts the selected idea first in the solutions, then the others by rank', () => {
    const board = makeBoard({ zones, notes: ideas, votes: votes('v1:a3 v2:a3 v1:a2'), selections: { A: 'a1' } });
    const [challenge] = challengeSolutions(board).challenges;
    expect(challenge?.solutions).toEqual(['idea a1', 'idea a3', 'idea a2']);
    expect(challenge?.summary).toBe('Challenge 1 - Attracting members - idea a1; idea a3; idea a2');
  });

  it('does not depend on the order the notes and votes come in', () => {
    const a = makeBoard({ zones, notes: ideas, votes: votes('v1:a2@1 v2:a1@2 v3:a3@3') });
    const b = makeBoard({ zones, notes: [...ideas].reverse(), votes: votes('v3:a3@3 v2:a1@2 v1:a2@1') });
    b.notes = [...ideas].reverse();
    expect(challengeSolutions(b)).toEqual(challengeSolutions(a));
  });
});
