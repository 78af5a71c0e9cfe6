import { describe, expect, it } from 'vitest';
import { dotsLeft } from './voting.ts';

const zones: Record<string, string | null> = { a1: 'c1', a2: 'c1', b1: 'c2', loose: null, gone: null };
const zoneOf = (id: string) => zones[id] ?? null;
const challenges = [{ id: 'c1', number: 5 }, { id: 'c2', number: 6 }, { id: 'c3' }];

describe('dotsLeft', () => {
  it.each([
    ['nothing placed', 2, [], [2, 2, 2]],
    ['two in one column, one in another', 2, ['a1', 'a2', 'b1'], [0, 1, 2]],
    ['never below zero (a budget lowered after voting)', 1, ['a1', 'a2'], [0, 1, 1]],
    ['dots on notes outside any challenge count nowhere', 3, ['loose', 'gone', 'b1'], [3, 2, 3]],
  ])('%s', (_case, budget, mine, left) => {
    expect(dotsLeft(budget, new Set(mine), zoneOf, challenges).map((c) => c.left)).toEqual(left);
  });

  it('labels challenges by their number, else by position', () => {
    expect(dotsLeft(2, new Set(), zoneOf, challenges).map((c) => c.label)).toEqual(['C5', 'C6', 'C3']);
  });
});
