/** Exhaustive maximum-weight matching for tiny graphs (n <= 16), the reference the tests compare against. */
import type { WeightedEdge } from './blossom.ts';

export interface MatchingValue {
  readonly size: number;
  readonly weight: number;
}

/** Best [size, weight]: by weight alone, or by size first then weight when `maxCardinality`. */
export function bruteForceMatching(n: number, edges: readonly WeightedEdge[], maxCardinality: boolean, maxSize = Infinity): MatchingValue {
  if (n > 16) throw new Error('brute force is for tiny graphs');
  const w = new Map<number, number>();
  for (const e of edges) {
    if (!maxCardinality && e.weight <= 0) continue;
    const k = Math.min(e.a, e.b) * n + Math.max(e.a, e.b);
    w.set(k, Math.max(w.get(k) ?? -Infinity, e.weight));
  }
  const memo = new Map<string, MatchingValue>();
  const better = (x: MatchingValue, y: MatchingValue): boolean =>
    maxCardinality ? x.size > y.size || (x.size === y.size && x.weight > y.weight) : x.weight > y.weight;
  const go = (mask: number, left: number): MatchingValue => {
    let v = 0;
    while (v < n && mask & (1 << v)) v++;
    if (v >= n || left === 0) return { size: 0, weight: 0 };
    const key = `${mask},${left}`;
    const hit = memo.get(key);
    if (hit) return hit;
    let best = go(mask | (1 << v), left);
    for (let u = v + 1; u < n; u++) {
      if (mask & (1 << u)) continue;
      const ew = w.get(v * n + u);
      if (ew === undefined) continue;
      const rest = go(mask | (1 << v) | (1 << u), left - 1);
      const cand = { size: rest.size + 1, weight: rest.weight + ew };
      if (better(cand, best)) best = cand;
    }
    memo.set(key, best);
    return best;
  };
  return go(0, Math.min(maxSize, Math.floor(n / 2)));
}

export function matchingValue(edges: readonly WeightedEdge[], chosen: readonly (readonly [number, number])[]): MatchingValue {
  const w = new Map<string, number>();
  for (const e of edges) {
    const k = `${Math.min(e.a, e.b)},${Math.max(e.a, e.b)}`;
    w.set(k, Math.max(w.get(k) ?? -Infinity, e.weight));
  }
  let weight = 0;
  for (const [a, b] of chosen) {
    const ew = w.get(`${Math.min(a, b)},${Math.max(a, b)}`);
    if (ew === undefined) throw new Error(`chosen pair ${a}-${b} is not an edge`);
    weight += ew;
  }
  return { size: chosen.length, weight };
}
