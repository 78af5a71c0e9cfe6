/**
 * Event placement as a search over one timetable: which wanted meetings happen, and in which slot, so that
 * nobody is double-booked or booked while away and no slot holds more meetings than there are tables.
 *
 * The objective is lexicographic: first the number of "must meet" meetings placed, then mutual ones, then all.
 * Every meeting's `value` encodes its tiers as one whole number (`tierValue`) whose lower tiers can never add up
 * to one unit of a higher tier, so comparing sums compares the tiers in order and no heavy lower tier overtakes.
 *
 * 1. Construction, slot by slot: each slot takes the most valuable meetings whose people are free, the least
 *    flexible first (fewest common free slots left), up to the tables. No dummy vertices: capacity is a count.
 * 2. Repair / look-ahead, bounded by an iteration budget and deterministic for a seed: an unplaced meeting goes
 *    where both are free; else the meetings in its way move to other slots; else it is forced into a slot and
 *    what it pushed out is re-placed elsewhere (an ejection chain). A move is kept only when the objective does
 *    not go down, so each tier is only ever traded for something worth more; equal moves let the search walk.
 */
import { maxWeightMatching } from './blossom.ts';
import type { Rng } from './rng.ts';
import { seededRng } from './rng.ts';

export interface PlacementMeeting {
  readonly a: number;
  readonly b: number;
  readonly value: number;
  /** Local slot index (0-based in `slotCount`), or -1 when unplaced. */
  readonly slot: number;
  /** May move to another slot. */
  readonly movable: boolean;
  /** May end up unplaced (false for meetings an earlier plan promised or the organiser fixed). */
  readonly droppable: boolean;
}

export interface PlacementProblem {
  readonly personCount: number;
  readonly slotCount: number;
  /** Tables per slot. */
  readonly capacity: readonly number[];
  /** personCount x slotCount, 1 = away in that slot. */
  readonly blocked: Uint8Array;
  readonly meetings: readonly PlacementMeeting[];
}

export type PlacementProgress =
  | { readonly phase: 'slot'; readonly slot: number; readonly slots: number }
  | { readonly phase: 'repair'; readonly done: number; readonly total: number };

export interface PlacementOptions {
  readonly seed: number;
  /** Repair iterations; the default grows with the instance. */
  readonly iterations?: number;
  /** Called now and then; return true to stop early (time budget, cancel). The plan so far stays valid. */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (p: PlacementProgress) => void;
}

export interface PlacementResult {
  /** Local slot per meeting, -1 when unplaced. */
  readonly slots: Int32Array;
  readonly iterations: number;
  readonly stoppedEarly: boolean;
}

/** Tier units: must > mutual > any meeting, each unit worth more than all lower tiers of `count` meetings. */
export function tierValue(must: boolean, mutual: boolean, count: number): number {
  const unit1 = count + 1;
  const unit2 = unit1 * (count + 1) + 1;
  return 1 + (mutual ? unit1 : 0) + (must ? unit2 : 0);
}

/** Passes through the unplaced meetings without any gain before the repair gives up (within its iterations). */
const PATIENCE = 30;

export function solvePlacement(problem: PlacementProblem, options: PlacementOptions): PlacementResult {
  const { personCount: P, slotCount: S, blocked, meetings } = problem;
  const M = meetings.length;
  const rng: Rng = seededRng(options.seed ^ 0x5bd1e995);
  const at = new Int32Array(P * S).fill(-1);
  const slotOf = new Int32Array(M).fill(-1);
  const left = Int32Array.from({ length: S }, (_, s) => problem.capacity[s] ?? 0);
  const inSlot: Array<Set<number>> = Array.from({ length: S }, () => new Set());
  const tabuUntil = new Int32Array(M);
  const stop = options.shouldStop ?? (() => false);
  let stoppedEarly = false;

  const put = (m: number, s: number): void => {
    const x = meetings[m] as PlacementMeeting;
    slotOf[m] = s;
    at[x.a * S + s] = m;
    at[x.b * S + s] = m;
    left[s] = (left[s] as number) - 1;
    (inSlot[s] as Set<number>).add(m);
  };
  const take = (m: number): number => {
    const x = meetings[m] as PlacementMeeting;
    const s = slotOf[m] as number;
    slotOf[m] = -1;
    at[x.a * S + s] = -1;
    at[x.b * S + s] = -1;
    left[s] = (left[s] as number) + 1;
    (inSlot[s] as Set<number>).delete(m);
    return s;
  };
  const open = (p: number, s: number): boolean => blocked[p * S + s] === 0;
  const free = (p: number, s: number): boolean => blocked[p * S + s] === 0 && at[p * S + s] === -1;
  const fits = (m: number, s: number): boolean => {
    const x = meetings[m] as PlacementMeeting;
    return (left[s] as number) > 0 && free(x.a, s) && free(x.b, s);
  };

  // Pre-placed meetings first (kept from an earlier plan, fixed by the organiser).
  for (let m = 0; m < M; m++) {
    const x = meetings[m] as PlacementMeeting;
    if (x.slot >= 0) put(m, x.slot);
  }

  // Flexibility: common open slots of the two people.
  const commonOpen = new Int32Array(M);
  for (let m = 0; m < M; m++) {
    const x = meetings[m] as PlacementMeeting;
    let c = 0;
    for (let s = 0; s < S; s++) if (open(x.a, s) && open(x.b, s)) c++;
    commonOpen[m] = c;
  }
  const jitter = Float64Array.from({ length: M }, () => rng.next());

  // 1. Construction, slot by slot.
  let unplaced: number[] = [];
  for (let m = 0; m < M; m++) if (slotOf[m] === -1 && (commonOpen[m] as number) > 0) unplaced.push(m);
  const pendingOf = new Int32Array(P);
  for (const m of unplaced) {
    const x = meetings[m] as PlacementMeeting;
    pendingOf[x.a] = (pendingOf[x.a] as number) + 1;
    pendingOf[x.b] = (pendingOf[x.b] as number) + 1;
  }
  for (let s = 0; s < S; s++) {
    options.onProgress?.({ phase: 'slot', slot: s, slots: S });
    // Open slots from here on per meeting: the fewer, the sooner it must be placed.
    const rest = (m: number): number => {
      const x = meetings[m] as PlacementMeeting;
      let c = 0;
      for (let t = s; t < S; t++) if (open(x.a, t) && open(x.b, t)) c++;
      return c;
    };
    const cands = unplaced.filter((m) => fits(m, s));
    const byPriority = (x: number, y: number): number =>
      (meetings[y] as PlacementMeeting).value - (meetings[x] as PlacementMeeting).value || rest(x) - rest(y) || (jitter[x] as number) - (jitter[y] as number);
    const seat = (list: readonly number[]): void => {
      for (const m of list) {
        if ((left[s] as number) <= 0) break;
        if (!fits(m, s)) continue;
        put(m, s);
        const x = meetings[m] as PlacementMeeting;
        pendingOf[x.a] = (pendingOf[x.a] as number) - 1;
        pendingOf[x.b] = (pendingOf[x.b] as number) - 1;
      }
    };
    // Scarce tables: when greedy in priority order fills every table, no matching can seat more, and the
    // most valuable meetings are already in; the repair pass below still trades up where it can.
    cands.sort(byPriority);
    const mark = inSlot[s] as Set<number>;
    const before = [...mark];
    seat(cands);
    if ((left[s] as number) > 0) {
      for (const m of [...mark]) {
        if (before.includes(m)) continue;
        take(m);
        const x = meetings[m] as PlacementMeeting;
        pendingOf[x.a] = (pendingOf[x.a] as number) + 1;
        pendingOf[x.b] = (pendingOf[x.b] as number) + 1;
      }
      // Otherwise a maximum-weight matching: tiers first (exactly, the tier values are lexicographic), then,
      // as a tie-break worth less than one meeting over the whole slot, busy people with few slots left.
      const vertex = new Map<number, number>();
      const vid = (p: number): number => {
        let v = vertex.get(p);
        if (v === undefined) vertex.set(p, (v = vertex.size));
        return v;
      };
      const scale = 4 * (cands.length + 1);
      const edges = cands.map((m) => {
        const x = meetings[m] as PlacementMeeting;
        const flex = rest(m);
        const busy = Math.min(3, ((pendingOf[x.a] as number) + (pendingOf[x.b] as number)) / Math.max(1, flex));
        return { a: vid(x.a), b: vid(x.b), weight: x.value * scale + Math.round(busy) + (flex <= 1 ? 1 : 0) };
      });
      const edgeOf = new Map(
        cands.map((m, i) => {
          const e = edges[i] as { a: number; b: number };
          return [e.a < e.b ? e.a * vertex.size + e.b : e.b * vertex.size + e.a, m];
        }),
      );
      seat(maxWeightMatching(vertex.size, edges).map(([a, b]) => edgeOf.get(a * vertex.size + b) as number).sort(byPriority));
    }
    unplaced = unplaced.filter((m) => slotOf[m] === -1);
  }

  // 2. Repair.
  const order = (s0: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < S; i++) out.push((s0 + i) % S);
    return out;
  };
  const placeDirect = (m: number, avoid: number): boolean => {
    const start = rng.int(S);
    for (const s of order(start)) {
      if (s !== avoid && fits(m, s)) {
        move(m, s);
        return true;
      }
    }
    return false;
  };
  /** Moves made since the last mark, for undo: [meeting, from slot] (-1 = was unplaced). */
  const log: Array<[number, number]> = [];
  const move = (m: number, s: number): void => {
    const from = slotOf[m] as number;
    if (from >= 0) take(m);
    if (s >= 0) put(m, s);
    log.push([m, from]);
  };
  const rollback = (mark: number): void => {
    while (log.length > mark) {
      const [m, from] = log.pop() as [number, number];
      if (slotOf[m] !== -1) take(m);
      if (from >= 0) put(m, from);
    }
  };
  const relocate = (m: number, avoid: number): boolean => {
    if (!(meetings[m] as PlacementMeeting).movable) return false;
    const from = slotOf[m] as number;
    const start = rng.int(S);
    for (const s of order(start)) {
      if (s === avoid || s === from) continue;
      const x = meetings[m] as PlacementMeeting;
      if ((left[s] as number) > 0 && free(x.a, s) && free(x.b, s)) {
        move(m, s);
        return true;
      }
    }
    return false;
  };
  /**
   * Kempe chain: x is free in s and y is busy there, y is free in t. Swapping s and t along the chain of meetings
   * that starts with y's meeting in s (y-c in s, c-d in t, d-e in s, ...) frees y in s without touching x.
   */
  const chainSwap = (m: number): boolean => {
    const mm = meetings[m] as PlacementMeeting;
    for (const [x, y] of [
      [mm.a, mm.b],
      [mm.b, mm.a],
    ] as const) {
      for (const s of order(rng.int(S))) {
        if (!free(x, s) || !open(y, s) || free(y, s)) continue;
        for (const t of order(rng.int(S))) {
          if (t === s || !free(y, t)) continue;
          const chain: number[] = [];
          let cur = y;
          let color = s;
          let ok = true;
          for (;;) {
            const k = at[cur * S + color] as number;
            if (k === -1) break;
            const mk = meetings[k] as PlacementMeeting;
            const other = mk.a === cur ? mk.b : mk.a;
            const target = color === s ? t : s;
            if (!mk.movable || other === x || chain.includes(k) || !open(other, target) || !open(cur, target) || chain.length >= 40) {
              ok = false;
              break;
            }
            chain.push(k);
            cur = other;
            color = target;
          }
          if (!ok || chain.length === 0) continue;
          let toT = 0;
          for (const k of chain) if (slotOf[k] === s) toT++;
          const toS = chain.length - toT;
          if ((left[t] as number) < toT - toS || (left[s] as number) + toT - toS < 1) continue;
          const mark = log.length;
          const from = chain.map((k) => slotOf[k] as number);
          for (const k of chain) move(k, -1);
          chain.forEach((k, i) => move(k, from[i] === s ? t : s));
          if (fits(m, s)) {
            move(m, s);
            return true;
          }
          rollback(mark);
        }
      }
    }
    return false;
  };
  /** Make room for m in slot s by moving what is in the way elsewhere (one level deep). */
  const placeByMoving = (m: number): boolean => {
    const x = meetings[m] as PlacementMeeting;
    const start = rng.int(S);
    for (const s of order(start)) {
      if (!open(x.a, s) || !open(x.b, s)) continue;
      const blockers = [at[x.a * S + s] as number, at[x.b * S + s] as number].filter((k, i, arr) => k >= 0 && arr.indexOf(k) === i);
      if (blockers.some((k) => !(meetings[k] as PlacementMeeting).movable)) continue;
      const mark = log.length;
      let ok = blockers.every((k) => relocate(k, s));
      if (ok && (left[s] as number) <= 0) {
        // Moving one meeting out of a full slot needs a table somewhere else.
        ok = false;
        let room = 0;
        for (let t = 0; t < S; t++) room += left[t] as number;
        if (room > 0) {
          for (const k of inSlot[s] as Set<number>) {
            if (relocate(k, s)) {
              ok = true;
              break;
            }
          }
        }
      }
      if (ok && fits(m, s)) {
        move(m, s);
        return true;
      }
      rollback(mark);
    }
    return false;
  };

  const total = options.iterations ?? Math.max(5_000, 10 * unplaced.length);
  let iter = 0;
  /**
   * With every table taken the number of meetings is at its maximum; only a meeting worth more than the
   * cheapest one that could give way can still raise the objective.
   */
  const worthTrying = (list: number[]): number[] => {
    let room = 0;
    for (let s = 0; s < S; s++) room += left[s] as number;
    if (room > 0) return list;
    let cheapest = Infinity;
    for (let m = 0; m < M; m++) {
      const x = meetings[m] as PlacementMeeting;
      if ((slotOf[m] as number) >= 0 && x.droppable && x.value < cheapest) cheapest = x.value;
    }
    return list.filter((m) => (meetings[m] as PlacementMeeting).value > cheapest);
  };
  let queue = worthTrying(unplaced).sort((x, y) => (meetings[y] as PlacementMeeting).value - (meetings[x] as PlacementMeeting).value || (jitter[x] as number) - (jitter[y] as number));
  let cursor = 0;
  let improved = false;
  let idlePasses = 0;
  while (iter < total && queue.length > 0) {
    if ((iter & 255) === 0) {
      if (stop()) {
        stoppedEarly = true;
        break;
      }
      options.onProgress?.({ phase: 'repair', done: iter, total });
    }
    iter++;
    if (cursor >= queue.length) {
      queue = worthTrying(queue.filter((m) => slotOf[m] === -1)).sort((x, y) => (meetings[y] as PlacementMeeting).value - (meetings[x] as PlacementMeeting).value || (jitter[x] as number) - (jitter[y] as number));
      cursor = 0;
      // Passes through the queue that raise nothing: after `patience` of them the walk has had its chance.
      idlePasses = improved ? 0 : idlePasses + 1;
      if (queue.length === 0 || idlePasses > PATIENCE) break;
      improved = false;
      continue;
    }
    const m = queue[cursor++] as number;
    if (slotOf[m] !== -1) continue;
    log.length = 0;
    if (placeDirect(m, -1) || placeByMoving(m) || chainSwap(m)) {
      improved = true;
      continue;
    }
    // Ejection: force m into the slot where it pushes out the least, re-place what it pushed out.
    const x = meetings[m] as PlacementMeeting;
    let best = -1;
    let bestCost = Infinity;
    let bestOut: number[] = [];
    for (const s of order(rng.int(S))) {
      if (!open(x.a, s) || !open(x.b, s)) continue;
      const out = [at[x.a * S + s] as number, at[x.b * S + s] as number].filter((k, i, arr) => k >= 0 && arr.indexOf(k) === i);
      if (out.some((k) => !(meetings[k] as PlacementMeeting).movable && !(meetings[k] as PlacementMeeting).droppable)) continue;
      if (out.some((k) => (tabuUntil[k] as number) > iter)) continue;
      if ((left[s] as number) + out.length <= 0) {
        // Full: push out the cheapest other meeting too.
        let cheapest = -1;
        for (const k of inSlot[s] as Set<number>) {
          if (out.includes(k) || (tabuUntil[k] as number) > iter) continue;
          const mk = meetings[k] as PlacementMeeting;
          if (!mk.movable && !mk.droppable) continue;
          if (cheapest < 0 || mk.value < (meetings[cheapest] as PlacementMeeting).value || (mk.value === (meetings[cheapest] as PlacementMeeting).value && (jitter[k] as number) < (jitter[cheapest] as number))) cheapest = k;
        }
        if (cheapest < 0) continue;
        out.push(cheapest);
      }
      const cost = out.reduce((sum, k) => sum + (meetings[k] as PlacementMeeting).value, 0) + rng.next() * 0.5;
      if (cost < bestCost) {
        bestCost = cost;
        best = s;
        bestOut = out;
      }
    }
    if (best < 0 || Math.floor(bestCost) > x.value) continue;
    const mark = 0;
    for (const k of bestOut) move(k, -1);
    move(m, best);
    let lost = 0;
    let forbidden = false;
    for (const k of bestOut) {
      const mk = meetings[k] as PlacementMeeting;
      if (mk.movable && (placeDirect(k, best) || placeByMoving(k) || chainSwap(k))) continue;
      if (!mk.droppable) {
        forbidden = true;
        break;
      }
      lost += mk.value;
    }
    if (forbidden || lost > x.value) {
      rollback(mark);
      continue;
    }
    tabuUntil[m] = iter + 7 + rng.int(7);
    if (lost < x.value) improved = true;
    for (const k of bestOut) if (slotOf[k] === -1) queue.push(k);
  }
  return { slots: slotOf, iterations: iter, stoppedEarly };
}
