// The package ships no types. It is CommonJS: `module.exports = function (edges, maxCardinality)`,
// so an ES module sees the function as its default export (Node 24 and vitest alike).
declare module 'edmonds-blossom-fixed' {
  /** edges: [i, j, weight] with vertex ids 0..n-1; returns mate[v] (-1 = unmatched), length = max id + 1. */
  function maxWeightMatching(edges: Array<[number, number, number]>, maxCardinality?: boolean): number[];
  export default maxWeightMatching;
}
