import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxWeightMatching } from './blossom.ts';
import { bruteForceMatching, matchingValue } from './brute-force.ts';

const graph = fc.integer({ min: 2, max: 10 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.uniqueArray(
      fc.record({ a: fc.integer({ min: 0, max: n - 1 }), b: fc.integer({ min: 0, max: n - 1 }), weight: fc.integer({ min: 1, max: 50 }) }),
      { selector: (e) => `${Math.min(e.a, e.b)},${Math.max(e.a, e.b)}`, maxLength: 30 },
    ).map((es) => es.filter((e) => e.a !== e.b)),
  }),
);

describe('maxWeightMatching (edmonds-blossom-fixed)', () => {
  it('matches the brute-force optimum on small graphs', () => {
    fc.assert(
      fc.property(graph, fc.boolean(), ({ n, edges }, maxCard) => {
        const chosen = maxWeightMatching(n, edges, maxCard);
        const used = chosen.flat();
        expect(new Set(used).size).toBe(used.length);
        const got = matchingValue(edges, chosen);
        const best = bruteForceMatching(n, edges, maxCard);
        expect(got.weight).toBe(best.weight);
        if (maxCard) expect(got.size).toBe(best.size);
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it('prefers size when asked and weight otherwise', () => {
    const path = [
      { a: 0, b: 1, weight: 5 },
      { a: 1, b: 2, weight: 11 },
      { a: 2, b: 3, weight: 5 },
    ];
    expect(maxWeightMatching(4, path)).toEqual([[1, 2]]);
    expect(maxWeightMatching(4, path, true)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('rejects fractional weights and returns nothing for an empty graph', () => {
    expect(() => maxWeightMatching(2, [{ a: 0, b: 1, weight: 1.5 }])).toThrow(/whole number/);
    expect(maxWeightMatching(3, [])).toEqual([]);
  });
});
