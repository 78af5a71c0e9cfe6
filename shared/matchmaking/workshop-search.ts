/**
 * Ejection chains across workshop rounds. Re-solving one round with the others fixed (the sweeps in
 * `workshop.ts`) is exact for that round, but it cannot move a pair from one round to another: a mutual wish
 * left unmet because both people are busy with other wished partners in every round, or a person stuck at two
 * wished meetings, needs meetings to change rounds. A chain puts an unmet pair (u, v) into a round r, where u's
 * partner a and v's partner b then meet each other; if (u, a) or (v, b) was worth keeping, it is put into another
 * round the same way, or an unmet mutual pair takes the place of the mutual wish the chain gave up (so that
 * which mutual wishes stay unmet can change), and so on, up to `depth` links. A chain is kept only when the whole plan's tiers (the
 * same lexicographic order as the rest of the workshop planner, fairness included) strictly improve, so every
 * tier above the one a chain gains on is kept. Byes, triads, kept and locked meetings never move. Deterministic:
 * the starting pairs are tried in tier order, ties in a seeded order; bounded by a budget of moves and by
 * `shouldStop`.
 */
import type { Rng } from './rng.ts';
import { shuffled } from './rng.ts';

/** Pair tiers without fairness, highest first; `fairnessTier` is the index the fairness sum goes to. */
export interface ChainProblem {
  /** People, by index. */
  readonly people: number;
  /** Movable rounds, by position 0..rounds-1. */
  readonly rounds: number;
  /** partner[r][p]: the movable partner of p in round r, or -1 (sits out, away, in a triad or a kept meeting). */
  readonly partner: Int32Array[];
  /** Wished meetings of each person outside the movable pairs (kept meetings, earlier rounds, triads). */
  readonly baseWished: Int32Array;
  /** May a and b be paired in round r (not refused, not met outside the movable pairs, not reserved elsewhere)? */
  allowed(a: number, b: number, r: number): boolean;
  /** The pair's tiers in round r, fairness excluded (0 there). */
  tiers(a: number, b: number, r: number): readonly number[];
  /** Did p wish to meet q? */
  wishes(p: number, q: number): boolean;
  /** Fairness gain for p's next wished meeting after `had` of them. */
  gain(p: number, had: number): number;
  readonly fairnessTier: number;
  readonly rng: Rng;
  /** Chain length (default 3), moves tried in all (default 1,000,000) and from one starting pair (default 5,000). */
  readonly depth?: number;
  readonly budget?: number;
  readonly perStart?: number;
  readonly shouldStop?: () => boolean;
}

/** Improves `partner` in place; returns the rounds (positions) that changed. */
export function improveByChains(problem: ChainProblem): Set<number> {
  const { people: n, rounds: R, partner, fairnessTier: F } = problem;
  const depth = problem.depth ?? 3;
  let movesLeft = problem.budget ?? 1_000_000;
  const perStart = problem.perStart ?? 5_000;
  let budget = 0;
  const stop = problem.shouldStop ?? (() => false);
  const metIn = new Int32Array(n * n).fill(-1);
  const wished = Int32Array.from(problem.baseWished);
  const tiersLen = problem.tiers(0, Math.min(1, n - 1), 0).length;
  const total = new Float64Array(tiersLen);
  const changed = new Set<number>();

  const link = (r: number, a: number, b: number, sign: 1 | -1): void => {
    const t = problem.tiers(a, b, r);
    for (let i = 0; i < tiersLen; i++) total[i] = (total[i] as number) + sign * (t[i] as number);
    for (const [p, q] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!problem.wishes(p, q)) continue;
      if (sign > 0) {
        total[F] = (total[F] as number) + problem.gain(p, wished[p] as number);
        wished[p] = (wished[p] as number) + 1;
      } else {
        wished[p] = (wished[p] as number) - 1;
        total[F] = (total[F] as number) - problem.gain(p, wished[p]);
      }
    }
    const rowA = partner[r] as Int32Array;
    rowA[a] = sign > 0 ? b : -1;
    rowA[b] = sign > 0 ? a : -1;
    metIn[a * n + b] = metIn[b * n + a] = sign > 0 ? r : -1;
  };
  // The score of the starting plan: every movable pair once.
  for (let r = 0; r < R; r++) {
    const row = partner[r] as Int32Array;
    for (let p = 0; p < n; p++) {
      const q = row[p] as number;
      if (q > p) {
        row[p] = row[q] = -1;
        link(r, p, q, 1);
      }
    }
  }
  const better = (base: Float64Array): boolean => {
    for (let i = 0; i < tiersLen; i++) {
      const d = (total[i] as number) - (base[i] as number);
      if (Math.abs(d) > 1e-9) return d > 0;
    }
    return false;
  };

  type Op = [r: number, a: number, b: number, sign: 1 | -1];
  const undo = (ops: Op[], to: number): void => {
    while (ops.length > to) {
      const [r, a, b, sign] = ops.pop() as Op;
      link(r, a, b, sign > 0 ? -1 : 1);
    }
  };
  const apply = (ops: Op[], r: number, a: number, b: number, sign: 1 | -1): void => {
    link(r, a, b, sign);
    ops.push([r, a, b, sign]);
  };
  const worth = (a: number, b: number): boolean => problem.wishes(a, b) || problem.wishes(b, a);

  let unmetMutual: Array<[number, number]> = [];
  /** Put (u, v) into some round other than `skip`; recurse on what it displaces. */
  const chain = (u: number, v: number, left: number, skip: number, base: Float64Array, ops: Op[]): boolean => {
    for (let r = 0; r < R; r++) {
      if (r === skip || budget-- <= 0) continue;
      const row = partner[r] as Int32Array;
      const a = row[u] as number;
      const b = row[v] as number;
      if (a < 0 || b < 0 || a === v || metIn[u * n + v] !== -1 || metIn[a * n + b] !== -1) continue;
      if (!problem.allowed(u, v, r) || !problem.allowed(a, b, r)) continue;
      const mark = ops.length;
      apply(ops, r, u, a, -1);
      apply(ops, r, v, b, -1);
      apply(ops, r, u, v, 1);
      apply(ops, r, a, b, 1);
      if (better(base)) return true;
      if (left > 1) {
        for (const [x, y] of [
          [u, a],
          [v, b],
        ] as const) {
          if (worth(x, y) && chain(x, y, left - 1, r, base, ops)) return true;
        }
        // A mutual wish this chain cost can come back as another one: try the unmet mutual pairs too.
        for (const [x, y] of unmetMutual) {
          if (metIn[x * n + y] === -1 && chain(x, y, left - 1, -1, base, ops)) return true;
        }
      }
      undo(ops, mark);
    }
    return false;
  };

  for (let pass = 0; pass < 20 && movesLeft > 0 && !stop(); pass++) {
    // Unmet wished pairs, most valuable first: mutual, then by the fairness the wisher gains, then one-sided "must".
    const starts: Array<[number, number, number]> = [];
    for (let u = 0; u < n; u++) {
      for (let v = u + 1; v < n; v++) {
        if (metIn[u * n + v] !== -1 || !worth(u, v)) continue;
        const mutual = problem.wishes(u, v) && problem.wishes(v, u) ? 1 : 0;
        const poorest = Math.min(problem.wishes(u, v) ? (wished[u] as number) : 99, problem.wishes(v, u) ? (wished[v] as number) : 99);
        const t = problem.tiers(u, v, 0);
        const key = mutual * 100_000 + Math.max(0, problem.gain(u, poorest), problem.gain(v, poorest)) * 1_000 + (t[F + 1] ?? 0) * 100 - Math.min(poorest, 99);
        starts.push([u, v, key]);
      }
    }
    const ordered = shuffled(starts, problem.rng).sort((x, y) => y[2] - x[2]);
    unmetMutual = ordered.filter((s) => s[2] >= 50_000).map(([u, v]) => [u, v] as [number, number]);
    let improved = false;
    for (const [u, v] of ordered) {
      if (movesLeft <= 0 || stop()) break;
      if (metIn[u * n + v] !== -1) continue;
      const base = Float64Array.from(total);
      const ops: Op[] = [];
      budget = Math.min(perStart, movesLeft);
      const found = chain(u, v, depth, -1, base, ops);
      movesLeft -= Math.min(perStart, movesLeft) - Math.max(0, budget);
      if (found) {
        improved = true;
        for (const [r] of ops) changed.add(r);
      }
    }
    if (!improved) break;
  }
  return changed;
}
