/**
 * Typed wrapper around `edmonds-blossom-fixed` (Van Rantwijk's O(n^3) maximum-weight matching for general
 * graphs). Weights must be whole numbers: the algorithm then stays in integer arithmetic, so the result is exact.
 * The wrapper checks the result is a matching over the given edges and returns pairs instead of a mate array.
 */
import edmondsMatching from 'edmonds-blossom-fixed';

export interface WeightedEdge {
  readonly a: number;
  readonly b: number;
  readonly weight: number;
}

/**
 * Maximum-weight matching over vertices 0..vertexCount-1. With `maxCardinality`, the heaviest among the
 * matchings of maximum size. Edges with weight <= 0 are ignored unless `maxCardinality` is set.
 * Returns pairs [a, b] with a < b, sorted.
 */
export function maxWeightMatching(
  vertexCount: number,
  edges: readonly WeightedEdge[],
  maxCardinality = false,
): Array<[number, number]> {
  const input: Array<[number, number, number]> = [];
  const allowed = new Set<number>();
  for (const e of edges) {
    if (!Number.isSafeInteger(e.weight)) throw new Error(`matching weight must be a whole number, got ${e.weight}`);
    if (e.a === e.b || e.a < 0 || e.b < 0 || e.a >= vertexCount || e.b >= vertexCount) {
      throw new Error(`bad edge ${e.a}-${e.b} for ${vertexCount} vertices`);
    }
    if (e.weight <= 0 && !maxCardinality) continue;
    input.push([e.a, e.b, e.weight]);
    allowed.add(pairCode(e.a, e.b, vertexCount));
  }
  if (input.length === 0) return [];
  const mate = edmondsMatching(input, maxCardinality);
  const pairs: Array<[number, number]> = [];
  for (let v = 0; v < mate.length; v++) {
    const w = mate[v] ?? -1;
    if (w < 0) continue;
    if (mate[w] !== v) throw new Error('blossom returned an inconsistent mate array');
    if (v < w) {
      if (!allowed.has(pairCode(v, w, vertexCount))) throw new Error(`blossom matched ${v}-${w}, not an edge`);
      pairs.push([v, w]);
    }
  }
  return pairs;
}

function pairCode(a: number, b: number, n: number): number {
  return a < b ? a * n + b : b * n + a;
}
