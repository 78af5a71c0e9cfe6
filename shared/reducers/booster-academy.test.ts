import { describe, expect, it } from 'vitest';
import { readBoard } from '../doc/read.ts';
import { challengeSolutions } from './challenges.ts';
import { boosterAcademy, EXPECTED_SUMMARY } from './fixtures/booster-academy.ts';

describe('the booster-academy breakout (workshop-formats.md §2)', () => {
  const { control, group1, group2, stuffedVotes } = boosterAcademy();
  const g1 = readBoard(group1, control);
  const g2 = readBoard(group2, control);

  it('reproduces the trainers\' "Challenge N - title - solutions, best first" summary', () => {
    const summary = [...challengeSolutions(g1.board).challenges, ...challengeSolutions(g2.board).challenges].map((c) => c.summary);
    expect(summary).toEqual(EXPECTED_SUMMARY);
  });

  it('marks the trainer pick as the facilitator\'s and the others as top-voted', () => {
    const selected = challengeSolutions(g1.board).challenges.map((c) => c.selected?.by ?? null);
    expect(selected).toEqual(['facilitator', 'top-voted', 'top-voted', 'top-voted']);
  });

  it('drops the stuffed votes and the votes for the deleted note, and says so', () => {
    const result = challengeSolutions(g2.board);
    expect(stuffedVotes).toBe(3);
    expect(result.droppedVotes).toBe(stuffedVotes);
    expect(result.challenges.at(-1)?.ideas.map((idea) => idea.votes)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(g2.problems).toEqual(['votes: 2 vote(s) for deleted note "doomed" dropped']);
    expect(g1.problems).toEqual([]);
  });
});
