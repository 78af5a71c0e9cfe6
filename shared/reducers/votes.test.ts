import { describe, expect, it } from 'vitest';
import { makeBoard, note, votes, zone } from './test-board.ts';
import { dotsLeft, voteTally } from './votes.ts';

// Notes: a1..a3 under challenge A, b1 under challenge B, x1 on no zone; gone was deleted.
const zones = [zone('A', 'challenge'), zone('B', 'challenge')];
const notes = [note('a1', 'A', 1), note('a2', 'A', 2), note('a3', 'A', 3), note('b1', 'B', 4), note('x1', null, 5)];

function run(spec: string, budget: number): { counts: string; dropped: string } {
  const tally = voteTally(makeBoard({ zones, notes, votes: votes(spec), budget }));
  return {
    counts: Object.entries(tally.counts).map(([id, n]) => `${id}=${n}`).sort().join(' '),
    dropped: tally.dropped.map((vote) => `${vote.voter}:${vote.note}`).join(' '),
  };
}

describe('voteTally with a budget per person per challenge', () => {
  it.each([
    ['no votes at all', '', 3, '', ''],
    ['within budget', 'v1:a1 v1:a2 v2:a1', 2, 'a1=2 a2=1', ''],
    ['over budget: the latest votes are dropped', 'v1:a1 v1:a2 v1:a3', 2, 'a1=1 a2=1', 'v1:a3'],
    ['over budget cast out of order: time decides, not list order', 'v1:a3@1 v1:a1@3 v1:a2@2', 2, 'a2=1 a3=1', 'v1:a1'],
    ['over budget at the same time: smaller note id kept', 'v1:a3@7 v1:a2@7 v1:a1@7', 2, 'a1=1 a2=1', 'v1:a3'],
    ['the budget is per challenge, not per board', 'v1:a1 v1:a2 v1:b1', 2, 'a1=1 a2=1 b1=1', ''],
    ['the budget is per person', 'v1:a1 v1:a2 v2:a2 v2:a3', 2, 'a1=1 a2=2 a3=1', ''],
    ['unzoned notes form one group', 'v1:x1 v1:a1', 1, 'a1=1 x1=1', ''],
    ['a repeated vote counts once and spends one dot', 'v1:a1 v1:a1@9 v1:a2', 2, 'a1=1 a2=1', ''],
    ['votes for deleted notes are ignored and spend nothing', 'v1:gone v1:a1 v1:a2', 2, 'a1=1 a2=1', ''],
    ['budget zero drops everything', 'v1:a1 v2:b1', 0, '', 'v1:a1 v2:b1'],
    ['ballot stuffing: 3 dots on 3 notes with budget 1', 'v9:a1@1 v9:a2@1 v9:a3@1 v1:a3@2', 1, 'a1=1 a3=1', 'v9:a2 v9:a3'],
  ])('%s', (_name, spec, budget, counts, dropped) => {
    expect(run(spec, budget)).toEqual({ counts, dropped });
  });

  it('uses the board budget from the control document unless given one', () => {
    const board = makeBoard({ zones, notes, votes: votes('v1:a1 v1:a2 v1:a3'), budget: 1 });
    expect(voteTally(board).budget).toBe(1);
    expect(voteTally(board).counted).toHaveLength(1);
    expect(voteTally(board, { budget: 3 }).counted).toHaveLength(3);
  });
});

describe('dotsLeft: the one budget rule (server check, tally, dots-left display)', () => {
  it.each([
    // budget, used, left
    [3, 0, 3],
    [3, 2, 1],
    [3, 3, 0],
    [3, 5, 0], // more dots than the budget (a budget lowered later): none left, never negative
    [0, 0, 0],
    [1, 0, 1],
  ])('budget %i, used %i -> %i left', (budget, used, left) => {
    expect(dotsLeft(budget, used)).toBe(left);
  });

  it('the tally stops counting where dotsLeft reaches 0', () => {
    for (const budget of [0, 1, 2, 3]) {
      const tally = voteTally(makeBoard({ zones, notes, votes: votes('u:a1@1 u:a2@2 u:a3@3'), budget }));
      expect(tally.counted.length).toBe(Math.min(budget, 3));
    }
  });
});
