/**
 * Workshop rounds: everybody available meets somebody every round. The plan is judged lexicographically, tier by
 * tier: "must meet" wishes met, then mutual wishes, then (re-plans) pairs kept in their round, then fairness
 * (nobody left below `fairnessTarget` wished meetings while somebody else could give one up, the furthest
 * behind first), then wished meetings in all, then rank and complementarity. Each round is one maximum-weight
 * matching among the maximum-cardinality matchings (Edmonds' blossom) whose edge weights encode those tiers
 * exactly (`tierUnits`: a unit of a tier outweighs all lower tiers of a whole round). A first pass solves the
 * rounds in order; then each round is solved again with every other round fixed, which is exact for the
 * round since each person has one partner per round, until a sweep changes nothing (block coordinate ascent:
 * the plan's tiers never get worse). With an odd count, a dummy vertex joined to everybody with the fewest byes
 * (or triads) so far picks, inside the first pass's matching, who sits out or joins a pair as a third; later
 * sweeps keep those choices, so the rotation holds. Then ejection chains (`workshop-search.ts`) move meetings
 * between rounds, which a sweep cannot, each pass followed by sweeps again.
 */
import type { WeightedEdge } from './blossom.ts';
import { maxWeightMatching } from './blossom.ts';
import type { Bye, FixedMeeting, Meeting, OddCountPolicy, Person, Plan, Slot, Wish } from './model.ts';
import { byPlace, meetingId, pairKey } from './model.ts';
import { reconcile } from './reconcile.ts';
import type { Rng } from './rng.ts';
import { seededRng, shuffled } from './rng.ts';
import type { Scorer } from './weights.ts';
import { createScorer, Weights } from './weights.ts';
import { improveByChains } from './workshop-search.ts';

export interface WorkshopInput {
  readonly eventId: string;
  readonly seed: number;
  readonly people: readonly Person[];
  readonly wishes: readonly Wish[];
  /** One slot per round. */
  readonly slots: readonly Slot[];
  /** Odd head count: one person sits out (default) or joins a pair as a third. */
  readonly odd?: OddCountPolicy;
  /** Pairs that met at an earlier session and should not be offered again. */
  readonly alreadyMet?: readonly (readonly [string, string])[];
  /** Meetings the facilitator fixed in advance. */
  readonly fixed?: readonly FixedMeeting[];
  /** Default: enough for everybody, ceil(n / 2). */
  readonly tableCount?: number;
}

/** The graph one round was solved on, for tests and for explaining a plan. Vertex `vertices.length` is the dummy. */
export interface RoundTrace {
  readonly slot: number;
  readonly vertices: readonly string[];
  readonly hasDummy: boolean;
  readonly edges: readonly WeightedEdge[];
  readonly chosen: readonly (readonly [number, number])[];
}

export interface WorkshopReplanOptions {
  /** First round that may change; earlier rounds (past and running) are copied unchanged. */
  readonly fromSlot: number;
  /** Keep every still-valid later meeting and only pair up whoever is left over (late sign-ups). */
  readonly fillOnly?: boolean;
}

export interface WorkshopResult {
  readonly plan: Plan;
  readonly trace: readonly RoundTrace[];
}

export function planWorkshop(input: WorkshopInput, search: WorkshopSearchOptions = {}): WorkshopResult {
  const fixedBySlot = new Map<number, Meeting[]>();
  const scorer = createScorer(input.people, input.wishes);
  for (const f of input.fixed ?? []) {
    const m = makeMeeting(input.eventId, f.slot, [...f.people], scorer, 0, 'fixed by the facilitator', true);
    pushTo(fixedBySlot, f.slot, f.table === undefined ? m : { ...m, table: f.table });
  }
  return run(input, scorer, null, 0, (slot) => fixedBySlot.get(slot) ?? [], () => new Set(), search);
}

/**
 * Re-plan after people left or arrived (change `people` / `blockedSlots` in `input`). Rounds before `fromSlot`
 * stay as they were; later locked meetings stay if everybody in them is still there; with `fillOnly` every
 * still-valid later meeting stays. Otherwise later rounds are re-matched with a bonus for keeping a pair in the
 * round it was in, so they change as little as the new situation needs.
 */
export function replanWorkshop(prev: Plan, input: WorkshopInput, options: WorkshopReplanOptions, search: WorkshopSearchOptions = {}): WorkshopResult {
  const scorer = createScorer(input.people, input.wishes);
  const present = new Set(input.people.map((p) => p.id));
  const blocked = blockedSets(input.people);
  const keepBySlot = new Map<number, Meeting[]>();
  const stabilityBySlot = new Map<number, Set<string>>();
  for (const m of prev.meetings) {
    if (m.slot < options.fromSlot) continue;
    const stillThere = m.people.every((p) => present.has(p) && !blocked.get(p)?.has(m.slot));
    if (stillThere && (m.locked || options.fillOnly)) pushTo(keepBySlot, m.slot, m);
    else if (stillThere && m.people.length === 2 && !options.fillOnly) {
      let set = stabilityBySlot.get(m.slot);
      if (!set) stabilityBySlot.set(m.slot, (set = new Set()));
      set.add(pairKey(m.people[0] ?? '', m.people[1] ?? ''));
    }
  }
  return run(
    input,
    scorer,
    prev,
    options.fromSlot,
    (slot) => keepBySlot.get(slot) ?? [],
    (slot) => stabilityBySlot.get(slot) ?? new Set(),
    search,
  );
}

interface State {
  readonly met: Set<string>;
  readonly byes: Map<string, number>;
  readonly triads: Map<string, number>;
  readonly wishedMet: Map<string, number>;
}

/** Bounds and hooks of the search; everything optional. */
export interface WorkshopSearchOptions {
  /** Improvement sweeps over all rounds after the first pass (default 8; 0 = first pass only). */
  readonly sweeps?: number;
  /** Polled between rounds: true stops the improvement (time budget, cancel); the plan so far is valid. */
  readonly shouldStop?: () => boolean;
  /** Passes of ejection chains between rounds, each followed by sweeps (default 4; 0 = none). */
  readonly chains?: number;
  /** Links per chain (default 3) and moves tried per pass (default 1,000,000, at most 5,000 from one starting pair): the time bound of the chains. */
  readonly chainDepth?: number;
  readonly chainBudget?: number;
  /** The first pass reports each round; the improvement (sweeps, then each pass of chains) reports as sweeps. */
  readonly onProgress?: (p: { readonly phase: 'round'; readonly slot: number; readonly slots: number } | { readonly phase: 'sweep'; readonly sweep: number; readonly sweeps: number }) => void;
}

interface Round {
  meetings: Meeting[];
  byes: Bye[];
  notes: string[];
  /** Who the first pass left over (bye or third): kept by later sweeps so that the rotation holds. */
  leftOver: string[];
  trace: RoundTrace | null;
  solved: boolean;
}

function emptyState(input: WorkshopInput): State {
  const state: State = { met: new Set(), byes: new Map(), triads: new Map(), wishedMet: new Map() };
  for (const [a, b] of input.alreadyMet ?? []) state.met.add(pairKey(a, b));
  return state;
}

function run(
  input: WorkshopInput,
  scorer: Scorer,
  prev: Plan | null,
  fromSlot: number,
  keepFor: (slot: number) => readonly Meeting[],
  stabilityFor: (slot: number) => ReadonlySet<string>,
  search: WorkshopSearchOptions = {},
): WorkshopResult {
  const rng = seededRng(input.seed);
  const blocked = blockedSets(input.people);
  const ids = input.people.map((p) => p.id);
  const slots = [...input.slots].sort((a, b) => a.index - b.index);
  const tableCount = input.tableCount ?? Math.max(1, Math.ceil(ids.length / 2));
  const prevAt = new Map((prev?.meetings ?? []).map((m) => [`${m.id}@${m.slot}`, m.table]));
  const rounds = new Map<number, Round>();
  const stopNow = search.shouldStop ?? (() => false);

  /** Pairs a re-plan keeps (locked, fill-only) or would like to keep in another round than `slot`. */
  const laterPairs = (slot: number, onlyLater: boolean): Set<string> => {
    const out = new Set<string>();
    for (const s of slots) {
      if (s.index === slot || (onlyLater && s.index < slot)) continue;
      for (const m of keepFor(s.index)) for (const k of pairsOf(m.people)) out.add(k);
      for (const k of stabilityFor(s.index)) out.add(k);
    }
    return out;
  };
  /** What every round but `except` adds up to. */
  const stateWithout = (except: number): State => {
    const state = emptyState(input);
    for (const [slot, r] of rounds) if (slot !== except) record(state, scorer, r.meetings, r.byes);
    return state;
  };
  const keptIn = (slot: number, notes: string[]): { kept: Meeting[]; taken: Set<string> } => {
    const kept: Meeting[] = [];
    const taken = new Set<string>();
    for (const m of keepFor(slot)) {
      const problem = m.people.find((p) => blocked.get(p)?.has(slot) || taken.has(p) || !ids.includes(p));
      if (problem !== undefined) {
        notes.push(`round ${slot + 1}: ${m.people.join(' + ')} cannot be kept: ${problem} is away or already seated`);
        continue;
      }
      kept.push(m);
      for (const p of m.people) taken.add(p);
    }
    return { kept, taken };
  };
  const solve = (slot: number, state: State, forbidden: ReadonlySet<string>, fixedLeftOver: readonly string[] | null): Round => {
    const notes: string[] = [];
    const { kept, taken } = keptIn(slot, notes);
    const available = shuffled(
      ids.filter((p) => !blocked.get(p)?.has(slot) && !taken.has(p) && !(fixedLeftOver ?? []).includes(p)),
      rng,
    );
    const round = solveRound(input, scorer, state, slot, available, forbidden, stabilityFor(slot), fixedLeftOver ?? []);
    // A pair that stays in its round keeps its table too.
    const fresh = round.meetings.map((m) => {
      const old = prevAt.get(`${m.id}@${m.slot}`);
      return old === undefined ? m : { ...m, table: old };
    });
    const placed = assignTables([...kept, ...fresh], tableCount, notes, slot);
    return { meetings: placed, byes: round.byes, notes: [...notes, ...round.notes], leftOver: round.leftOver, trace: round.trace, solved: true };
  };

  // First pass, round by round.
  for (const slot of slots) {
    search.onProgress?.({ phase: 'round', slot: slot.index, slots: slots.length });
    if (slot.index < fromSlot && prev) {
      const past = prev.meetings.filter((m) => m.slot === slot.index);
      const pastByes = prev.byes.filter((b) => b.slot === slot.index);
      rounds.set(slot.index, { meetings: [...past], byes: [...pastByes], notes: [], leftOver: [], trace: null, solved: false });
      continue;
    }
    // Pairs kept in later rounds must not be used now, or they would meet twice. Pairs a re-plan would like to
    // keep in a later round are not pulled forward either: that would only cascade into more changes.
    const state = stateWithout(slot.index);
    rounds.set(slot.index, solve(slot.index, state, laterPairs(slot.index, true), null));
  }

  // Improvement sweeps: each round again, every other round fixed; kept only when the plan's tiers improve.
  // Then ejection chains move meetings between rounds (what a sweep cannot do), and the sweeps run again.
  const sweeps = search.sweeps ?? 8;
  const solvable = slots.filter((s) => rounds.get(s.index)?.solved);
  let score = planScore(input, scorer, rounds, stabilityFor);
  const sweepAll = (): void => {
    for (let sweep = 0; sweep < sweeps && solvable.length > 1; sweep++) {
      search.onProgress?.({ phase: 'sweep', sweep, sweeps });
      let improved = false;
      for (const slot of shuffled(solvable, rng)) {
        if (stopNow()) break;
        const current = rounds.get(slot.index) as Round;
        const forbidden = laterPairs(slot.index, false);
        const candidate = solve(slot.index, stateWithout(slot.index), forbidden, current.leftOver);
        rounds.set(slot.index, candidate);
        const next = planScore(input, scorer, rounds, stabilityFor);
        if (compareScores(next, score) > 0) {
          score = next;
          improved = true;
        } else rounds.set(slot.index, current);
      }
      if (!improved || stopNow()) break;
    }
  };
  sweepAll();
  const chainRounds = search.chains ?? 4;
  for (let c = 0; c < chainRounds && sweeps > 0 && solvable.length > 1 && !stopNow(); c++) {
    search.onProgress?.({ phase: 'sweep', sweep: c, sweeps: chainRounds });
    const before = new Map(rounds);
    const changed = chainPass(input, scorer, rounds, solvable, keepFor, stabilityFor, laterPairs, prevAt, tableCount, rng, stopNow, search);
    const next = planScore(input, scorer, rounds, stabilityFor);
    // Chains keep only strict gains of the same tiers, so the check is a safety net.
    if (changed === 0 || compareScores(next, score) <= 0) {
      for (const [slot, r] of before) rounds.set(slot, r);
      break;
    }
    score = next;
    sweepAll();
  }

  const meetings: Meeting[] = [];
  const byes: Bye[] = [];
  const notes: string[] = [];
  const trace: RoundTrace[] = [];
  for (const slot of slots) {
    const r = rounds.get(slot.index) as Round;
    meetings.push(...r.meetings);
    byes.push(...r.byes);
    notes.push(...r.notes);
    if (r.trace) trace.push(r.trace);
  }
  // Second byes, noted once the rounds are final.
  const sat = new Map<string, number>();
  for (const b of [...byes].sort((x, y) => x.slot - y.slot)) {
    const count = (sat.get(b.person) ?? 0) + 1;
    sat.set(b.person, count);
    if (count > 1) notes.push(`round ${b.slot + 1}: ${scorer.person(b.person)?.name ?? b.person} sits out a second time (${b.reason})`);
  }
  const { meetings: finalMeetings, cancelled } = reconcile(prev, meetings);
  const plan: Plan = {
    mode: 'workshop',
    eventId: input.eventId,
    seed: input.seed,
    slots,
    tableCount,
    meetings: finalMeetings,
    byes: byes.sort((a, b) => a.slot - b.slot || (a.person < b.person ? -1 : 1)),
    cancelled,
    notes,
  };
  return { plan, trace };
}

/**
 * One pass of ejection chains (`workshop-search.ts`) over the movable pairs of the solvable rounds: two-person
 * meetings that are neither kept nor locked. Rounds that change get their meetings rebuilt (tables: a pair that
 * had one keeps it) and lose their trace, since no single graph was solved for them. Returns how many rounds
 * changed.
 */
function chainPass(
  input: WorkshopInput,
  scorer: Scorer,
  rounds: Map<number, Round>,
  solvable: readonly Slot[],
  keepFor: (slot: number) => readonly Meeting[],
  stabilityFor: (slot: number) => ReadonlySet<string>,
  laterPairs: (slot: number, onlyLater: boolean) => Set<string>,
  prevAt: ReadonlyMap<string, number | null>,
  tableCount: number,
  rng: Rng,
  shouldStop: () => boolean,
  search: WorkshopSearchOptions,
): number {
  const ids = input.people.map((p) => p.id);
  const n = ids.length;
  const index = new Map(ids.map((p, i) => [p, i]));
  const R = solvable.length;
  const partner = solvable.map(() => new Int32Array(n).fill(-1));
  const baseWished = new Int32Array(n);
  const blockedPair = new Uint8Array(n * n);
  const wish = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      if (scorer.wishedBy(ids[i] as string).has(ids[j] as string)) wish[i * n + j] = 1;
      if (scorer.info(ids[i] as string, ids[j] as string).refused) blockedPair[i * n + j] = 1;
    }
  }
  const block = (a: string, b: string): void => {
    const [i, j] = [index.get(a), index.get(b)];
    if (i !== undefined && j !== undefined) blockedPair[i * n + j] = blockedPair[j * n + i] = 1;
  };
  for (const [a, b] of input.alreadyMet ?? []) block(a, b);
  const position = new Map(solvable.map((s, r) => [s.index, r]));
  const movable = (slot: number, m: Meeting): boolean => {
    const kept = new Set(keepFor(slot).map((k) => k.id));
    return position.has(slot) && m.people.length === 2 && !m.locked && !kept.has(m.id) && m.people.every((p) => index.has(p));
  };
  for (const [slot, r] of rounds) {
    for (const m of r.meetings) {
      if (movable(slot, m)) {
        const [a, b] = [index.get(m.people[0] as string) as number, index.get(m.people[1] as string) as number];
        const row = partner[position.get(slot) as number] as Int32Array;
        row[a] = b;
        row[b] = a;
        continue;
      }
      for (const k of pairsOf(m.people)) {
        const [a, b] = k.split('\u0000') as [string, string];
        block(a, b);
      }
      for (const p of m.people) {
        const i = index.get(p);
        for (const q of m.people) if (i !== undefined && p !== q && scorer.wishedBy(p).has(q)) baseWished[i] = (baseWished[i] as number) + 1;
      }
    }
  }
  const reserved = solvable.map((s) => {
    const out = new Set<number>();
    for (const k of laterPairs(s.index, false)) {
      const [a, b] = k.split('\u0000') as [string, string];
      const [i, j] = [index.get(a), index.get(b)];
      if (i !== undefined && j !== undefined) out.add(i * n + j).add(j * n + i);
    }
    return out;
  });
  const stable = solvable.map((s) => stabilityFor(s.index));
  const anyStable = stable.some((set) => set.size > 0);
  const cache = new Map<number, Tiers>();
  const tiersOf = (a: number, b: number, r: number): Tiers => {
    const key = Math.min(a, b) * n + Math.max(a, b);
    let t = cache.get(key);
    if (!t) cache.set(key, (t = pairTiers(scorer, ids[a] as string, ids[b] as string, false, 0, 0)));
    if (anyStable && (stable[r] as ReadonlySet<string>).has(pairKey(ids[a] as string, ids[b] as string))) {
      const s = [...t] as Tiers;
      s[2] = 1;
      return s;
    }
    return t;
  };
  const changed = improveByChains({
    people: n,
    rounds: R,
    partner,
    baseWished,
    allowed: (a, b, r) => blockedPair[a * n + b] === 0 && !(reserved[r] as Set<number>).has(a * n + b),
    tiers: tiersOf,
    wishes: (p, q) => wish[p * n + q] === 1,
    gain: (p, had) => fairnessGain(scorer, ids[p] as string, had),
    fairnessTier: 3,
    rng,
    shouldStop,
    ...(search.chainDepth === undefined ? {} : { depth: search.chainDepth }),
    ...(search.chainBudget === undefined ? {} : { budget: search.chainBudget }),
  });
  for (const r of changed) {
    const slot = (solvable[r] as Slot).index;
    const round = rounds.get(slot) as Round;
    const kept = round.meetings.filter((m) => !movable(slot, m));
    const row = partner[r] as Int32Array;
    const fresh: Meeting[] = [];
    for (let p = 0; p < n; p++) {
      const q = row[p] as number;
      if (q <= p) continue;
      const m = makeMeeting(input.eventId, slot, [ids[p] as string, ids[q] as string], scorer, scorer.info(ids[p] as string, ids[q] as string).weight, null, false);
      const old = prevAt.get(`${m.id}@${slot}`);
      fresh.push(old === undefined ? m : { ...m, table: old });
    }
    const notes = [...round.notes];
    rounds.set(slot, { ...round, meetings: assignTables([...kept, ...fresh], tableCount, notes, slot), notes, trace: null });
  }
  return changed.size;
}

/** The tiers of one edge (or of a whole plan, summed), highest first. */
type Tiers = [mutualMust: number, mutual: number, stability: number, fairness: number, must: number, wished: number, quality: number];
const TIERS = 7;

/**
 * In a workshop a wish is one person's: a mutual wish serves two people and comes first (a mutual "must" before
 * a mutual "like"); a one-sided "must" comes after fairness, before the other one-sided wishes.
 */
function pairTiers(scorer: Scorer, a: string, b: string, stable: boolean, fairA: number, fairB: number): Tiers {
  const info = scorer.info(a, b);
  const must = (info.ab === 'must' ? 1 : 0) + (info.ba === 'must' ? 1 : 0);
  const wished = (info.ab !== null ? 1 : 0) + (info.ba !== null ? 1 : 0);
  return [info.mutual && must > 0 ? 1 : 0, info.mutual ? 1 : 0, stable ? 1 : 0, fairA + fairB, info.mutual ? 0 : must, wished, qualityTier(info.weight)];
}

/** Rank and complementarity, coarsened so that the tier units stay within safe integers. */
function qualityTier(weight: number): number {
  return Math.min(QUALITY_MAX, Math.round(weight / 100));
}
const QUALITY_MAX = 160;

/** Fairness gain for `p` meeting somebody they wished, having `had` such meetings elsewhere: k - had, if below k. */
function fairnessGain(scorer: Scorer, p: string, had: number): number {
  const target = Math.min(Weights.fairnessTarget, scorer.wishedBy(p).size);
  return Math.max(0, target - had);
}

/**
 * Units per tier for a round of at most `pairs` pairs: each unit is worth more than a whole round of every
 * lower tier, so the sum of edge weights compares rounds tier by tier. For large rounds the lowest tier
 * (rank and complementarity) is coarsened, down to nothing, so that the weights stay safe integers; the
 * tiers above it stay exact.
 */
function tierUnits(pairs: number): { units: number[]; qualityMax: number } {
  const fits = (qualityMax: number): number[] | null => {
    const maxPerEdge = [1, 1, 1, 2 * Weights.fairnessTarget, 1, 2, qualityMax];
    const units = new Array<number>(TIERS).fill(1);
    for (let i = TIERS - 2; i >= 0; i--) units[i] = (units[i + 1] as number) * ((pairs + 1) * (maxPerEdge[i + 1] as number) + 1);
    return (units[0] as number) * 2 * (pairs + 1) <= Number.MAX_SAFE_INTEGER / 4 ? units : null;
  };
  for (let q = QUALITY_MAX; q >= 1; q = Math.floor(q / 2)) {
    const units = fits(q);
    if (units) return { units, qualityMax: q };
  }
  const units = fits(0);
  if (!units) throw new Error(`a round of ${pairs} pairs is too large to plan`);
  return { units, qualityMax: 0 };
}

function plainWeight(t: Tiers, units: readonly number[]): number {
  return t.reduce((sum, x, i) => sum + x * (units[i] as number), 0);
}

/** The whole plan's tiers: fairness as sum over people of the gains of each wished meeting up to the target. */
function planScore(input: WorkshopInput, scorer: Scorer, rounds: ReadonlyMap<number, Round>, stabilityFor: (slot: number) => ReadonlySet<string>): Tiers {
  const total: Tiers = [0, 0, 0, 0, 0, 0, 0];
  const wishedMet = new Map<string, number>();
  for (const [slot, r] of rounds) {
    for (const m of r.meetings) {
      for (let i = 0; i < m.people.length; i++) {
        for (let j = i + 1; j < m.people.length; j++) {
          const a = m.people[i] as string;
          const b = m.people[j] as string;
          const t = pairTiers(scorer, a, b, stabilityFor(slot).has(pairKey(a, b)), 0, 0);
          for (let k = 0; k < TIERS; k++) total[k] = (total[k] as number) + (t[k] as number);
        }
        const p = m.people[i] as string;
        for (const q of m.people) if (q !== p && scorer.wishedBy(p).has(q)) wishedMet.set(p, (wishedMet.get(p) ?? 0) + 1);
      }
    }
  }
  for (const p of input.people) {
    const had = wishedMet.get(p.id) ?? 0;
    for (let c = 0; c < had; c++) total[3] += fairnessGain(scorer, p.id, c);
  }
  return total;
}

function compareScores(x: Tiers, y: Tiers): number {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return 0;
}

function solveRound(
  input: WorkshopInput,
  scorer: Scorer,
  state: State,
  slot: number,
  available: readonly string[],
  forbidden: ReadonlySet<string>,
  stability: ReadonlySet<string>,
  fixedLeftOver: readonly string[],
): { meetings: Meeting[]; byes: Bye[]; notes: string[]; leftOver: string[]; trace: RoundTrace } {
  const policy = input.odd ?? 'bye';
  const n = available.length;
  const { units, qualityMax } = tierUnits(Math.ceil((n + 1) / 2));
  const edges: WeightedEdge[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const w = edgeWeight(scorer, state, available[i] as string, available[j] as string, forbidden, stability, units, qualityMax);
      if (w > 0) edges.push({ a: i, b: j, weight: w });
    }
  }
  const hasDummy = n % 2 === 1;
  if (hasDummy) {
    const counts = policy === 'bye' ? state.byes : state.triads;
    const fewest = Math.min(...available.map((p) => counts.get(p) ?? 0));
    for (let i = 0; i < n; i++) {
      if ((counts.get(available[i] as string) ?? 0) === fewest) edges.push({ a: i, b: n, weight: 1 });
    }
  }
  const chosen = maxWeightMatching(hasDummy ? n + 1 : n, edges, true);
  const weightOf = new Map(edges.map((e) => [e.a * (n + 1) + e.b, e.weight]));
  const meetings: Meeting[] = [];
  const matched = new Set<number>();
  const leftOver: string[] = [...fixedLeftOver];
  for (const [a, b] of chosen) {
    matched.add(a);
    matched.add(b);
    if (b === n) {
      leftOver.push(available[a] as string);
      continue;
    }
    const pa = available[a] as string;
    const pb = available[b] as string;
    meetings.push(makeMeeting(input.eventId, slot, [pa, pb], scorer, weightOf.get(a * (n + 1) + b) ?? 0, null, false));
  }
  const forced = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (!matched.has(i)) {
      leftOver.push(available[i] as string);
      forced.add(available[i] as string);
    }
  }
  const byes: Bye[] = [];
  const notes: string[] = [];
  for (const p of leftOver) {
    const name = scorer.person(p)?.name ?? p;
    if (policy === 'triad') {
      const joined = joinTriad(input.eventId, scorer, state, p, meetings, forbidden);
      if (joined) continue;
      notes.push(`round ${slot + 1}: ${name} could join no pair as a third`);
    }
    const reason = forced.has(p) ? 'no allowed partner left this round' : 'odd head count: rotated bye';
    byes.push({ slot, person: p, reason });
  }
  return { meetings, byes, notes, leftOver, trace: { slot, vertices: available, hasDummy, edges, chosen } };
}

function edgeWeight(
  scorer: Scorer,
  state: State,
  a: string,
  b: string,
  forbidden: ReadonlySet<string>,
  stability: ReadonlySet<string>,
  units: readonly number[],
  qualityMax: number,
): number {
  const key = pairKey(a, b);
  if (state.met.has(key) || forbidden.has(key)) return 0;
  const info = scorer.info(a, b);
  if (info.refused) return 0;
  const fairA = scorer.wishedBy(a).has(b) ? fairnessGain(scorer, a, state.wishedMet.get(a) ?? 0) : 0;
  const fairB = scorer.wishedBy(b).has(a) ? fairnessGain(scorer, b, state.wishedMet.get(b) ?? 0) : 0;
  // Every allowed pair weighs at least one unit of the lowest tier more than nothing, so full rounds win.
  const tiers = pairTiers(scorer, a, b, stability.has(key), fairA, fairB);
  tiers[6] = Math.round((tiers[6] * qualityMax) / QUALITY_MAX);
  return plainWeight(tiers, units) + 1;
}

function joinTriad(
  eventId: string,
  scorer: Scorer,
  state: State,
  p: string,
  meetings: Meeting[],
  forbidden: ReadonlySet<string>,
): boolean {
  let best = -1;
  let bestScore = -1;
  for (let i = 0; i < meetings.length; i++) {
    const m = meetings[i] as Meeting;
    if (m.people.length !== 2) continue;
    const [a, b] = m.people as [string, string];
    const ok = [a, b].every((q) => {
      const key = pairKey(p, q);
      return !state.met.has(key) && !forbidden.has(key) && !scorer.info(p, q).refused;
    });
    if (!ok) continue;
    // Prefer pairs whose members have not been in a triad yet.
    const fresh = (state.triads.get(a) ?? 0) === 0 && (state.triads.get(b) ?? 0) === 0 ? 1_000_000 : 0;
    const score = fresh + scorer.info(p, a).weight + scorer.info(p, b).weight;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  if (best < 0) return false;
  const m = meetings[best] as Meeting;
  const [a, b] = m.people as [string, string];
  const reason = `${m.reason}; ${scorer.person(p)?.name ?? p} joins as a third (odd head count)`;
  const weight = m.weight + scorer.info(p, a).weight + scorer.info(p, b).weight;
  meetings[best] = { ...makeMeeting(eventId, m.slot, [a, b, p], scorer, weight, reason, false) };
  return true;
}

function record(state: State, scorer: Scorer, meetings: readonly Meeting[], byes: readonly Bye[]): void {
  for (const m of meetings) {
    for (const p of m.people) {
      for (const q of m.people) {
        if (q !== p && scorer.wishedBy(p).has(q)) state.wishedMet.set(p, (state.wishedMet.get(p) ?? 0) + 1);
      }
    }
    for (const k of pairsOf(m.people)) state.met.add(k);
    if (m.people.length === 3) for (const p of m.people) state.triads.set(p, (state.triads.get(p) ?? 0) + 1);
  }
  for (const b of byes) {
    state.byes.set(b.person, (state.byes.get(b.person) ?? 0) + 1);
  }
}

export function pairsOf(people: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < people.length; i++) {
    for (let j = i + 1; j < people.length; j++) out.push(pairKey(people[i] as string, people[j] as string));
  }
  return out;
}

function makeMeeting(
  eventId: string,
  slot: number,
  people: string[],
  scorer: Scorer,
  weight: number,
  reason: string | null,
  locked: boolean,
): Meeting {
  const sorted = [...people].sort();
  const pairReason = people.length === 2 ? scorer.info(people[0] as string, people[1] as string).reason : '';
  return {
    id: meetingId(eventId, sorted),
    slot,
    people: sorted,
    table: null,
    weight,
    reason: reason ?? pairReason,
    locked,
    sequence: 0,
  };
}

/** Kept meetings keep their table; the rest get the lowest free tables, heaviest meeting first. */
function assignTables(meetings: Meeting[], tableCount: number, notes: string[], slot: number): Meeting[] {
  const used = new Set<number>();
  const out: Meeting[] = [];
  const rest: Meeting[] = [];
  for (const m of meetings) {
    if (m.table !== null && m.table >= 1 && m.table <= tableCount && !used.has(m.table)) {
      used.add(m.table);
      out.push(m);
    } else rest.push(m);
  }
  rest.sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
  let next = 1;
  for (const m of rest) {
    while (used.has(next)) next++;
    if (next > tableCount) {
      notes.push(`round ${slot + 1}: no table left for ${m.people.join(' + ')}`);
      out.push({ ...m, table: null });
      continue;
    }
    used.add(next);
    out.push({ ...m, table: next });
  }
  return out.sort(byPlace);
}

export function blockedSets(people: readonly Person[]): Map<string, Set<number>> {
  return new Map(people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
