/**
 * Workshop rounds: everybody available meets somebody every round. Each round is one maximum-weight matching
 * among the maximum-cardinality matchings (Edmonds' blossom) over the pairs still allowed: no "no thanks", no
 * pair that met before. Weights are the tiered pair weights plus a fairness boost for people behind on their
 * wished meetings. With an odd count, a dummy vertex joined to everybody without a bye (or triad) so far picks,
 * inside the same matching, who sits out (or who joins another pair as a third), so nobody gets it twice.
 */
import type { WeightedEdge } from './blossom.ts';
import { maxWeightMatching } from './blossom.ts';
import type { Bye, FixedMeeting, Meeting, OddCountPolicy, Person, Plan, Slot, Wish } from './model.ts';
import { byPlace, meetingId, pairKey } from './model.ts';
import { reconcile } from './reconcile.ts';
import { seededRng, shuffled } from './rng.ts';
import type { Scorer } from './weights.ts';
import { createScorer, Weights } from './weights.ts';

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

export function planWorkshop(input: WorkshopInput): WorkshopResult {
  const fixedBySlot = new Map<number, Meeting[]>();
  const scorer = createScorer(input.people, input.wishes);
  for (const f of input.fixed ?? []) {
    const m = makeMeeting(input.eventId, f.slot, [...f.people], scorer, 0, 'fixed by the facilitator', true);
    pushTo(fixedBySlot, f.slot, f.table === undefined ? m : { ...m, table: f.table });
  }
  return run(input, scorer, null, 0, (slot) => fixedBySlot.get(slot) ?? [], () => new Set());
}

/**
 * Re-plan after people left or arrived (change `people` / `blockedSlots` in `input`). Rounds before `fromSlot`
 * stay as they were; later locked meetings stay if everybody in them is still there; with `fillOnly` every
 * still-valid later meeting stays. Otherwise later rounds are re-matched with a bonus for keeping a pair in the
 * round it was in, so they change as little as the new situation needs.
 */
export function replanWorkshop(prev: Plan, input: WorkshopInput, options: WorkshopReplanOptions): WorkshopResult {
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
  );
}

interface State {
  readonly met: Set<string>;
  readonly byes: Map<string, number>;
  readonly triads: Map<string, number>;
  readonly wishedMet: Map<string, number>;
  /** Rounds from the current one on in which each person is available. */
  readonly roundsLeft: Map<string, number>;
}

function run(
  input: WorkshopInput,
  scorer: Scorer,
  prev: Plan | null,
  fromSlot: number,
  keepFor: (slot: number) => readonly Meeting[],
  stabilityFor: (slot: number) => ReadonlySet<string>,
): WorkshopResult {
  const rng = seededRng(input.seed);
  const blocked = blockedSets(input.people);
  const ids = input.people.map((p) => p.id);
  const state: State = { met: new Set(), byes: new Map(), triads: new Map(), wishedMet: new Map(), roundsLeft: new Map() };
  for (const [a, b] of input.alreadyMet ?? []) state.met.add(pairKey(a, b));
  const meetings: Meeting[] = [];
  const byes: Bye[] = [];
  const notes: string[] = [];
  const trace: RoundTrace[] = [];
  const slots = [...input.slots].sort((a, b) => a.index - b.index);
  const tableCount = input.tableCount ?? Math.max(1, Math.ceil(ids.length / 2));
  const prevAt = new Map((prev?.meetings ?? []).map((m) => [`${m.id}@${m.slot}`, m.table]));

  for (const slot of slots) {
    for (const p of ids) state.roundsLeft.set(p, slots.filter((s) => s.index >= slot.index && !blocked.get(p)?.has(s.index)).length);
    if (slot.index < fromSlot && prev) {
      const past = prev.meetings.filter((m) => m.slot === slot.index);
      const pastByes = prev.byes.filter((b) => b.slot === slot.index);
      meetings.push(...past);
      byes.push(...pastByes);
      record(state, scorer, past, pastByes, slot.index);
      continue;
    }
    // Pairs kept in later rounds must not be used now, or they would meet twice. Pairs a re-plan would like to
    // keep in a later round are not pulled forward either: that would only cascade into more changes.
    const later = new Set<string>();
    for (const s of slots) {
      if (s.index <= slot.index) continue;
      for (const m of keepFor(s.index)) for (const k of pairsOf(m.people)) later.add(k);
      for (const k of stabilityFor(s.index)) later.add(k);
    }
    const kept: Meeting[] = [];
    const taken = new Set<string>();
    for (const m of keepFor(slot.index)) {
      const problem = m.people.find((p) => blocked.get(p)?.has(slot.index) || taken.has(p) || !ids.includes(p));
      if (problem !== undefined) {
        notes.push(`round ${slot.index + 1}: ${m.people.join(' + ')} cannot be kept: ${problem} is away or already seated`);
        continue;
      }
      kept.push(m);
      for (const p of m.people) taken.add(p);
    }
    const available = shuffled(
      ids.filter((p) => !blocked.get(p)?.has(slot.index) && !taken.has(p)),
      rng,
    );
    const round = solveRound(input, scorer, state, slot.index, available, later, stabilityFor(slot.index));
    trace.push(round.trace);
    // A pair that stays in its round keeps its table too.
    const fresh = round.meetings.map((m) => {
      const old = prevAt.get(`${m.id}@${m.slot}`);
      return old === undefined ? m : { ...m, table: old };
    });
    const placed = assignTables([...kept, ...fresh], tableCount, notes, slot.index);
    meetings.push(...placed);
    byes.push(...round.byes);
    notes.push(...round.notes);
    record(state, scorer, placed, round.byes, slot.index);
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

function solveRound(
  input: WorkshopInput,
  scorer: Scorer,
  state: State,
  slot: number,
  available: readonly string[],
  forbidden: ReadonlySet<string>,
  stability: ReadonlySet<string>,
): { meetings: Meeting[]; byes: Bye[]; notes: string[]; trace: RoundTrace } {
  const policy = input.odd ?? 'bye';
  const n = available.length;
  const edges: WeightedEdge[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const w = edgeWeight(scorer, state, available[i] as string, available[j] as string, forbidden, stability);
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
  const leftOver: string[] = [];
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
    if ((state.byes.get(p) ?? 0) > 0) notes.push(`round ${slot + 1}: ${name} sits out a second time (${reason})`);
    byes.push({ slot, person: p, reason });
  }
  return { meetings, byes, notes, trace: { slot, vertices: available, hasDummy, edges, chosen } };
}

function edgeWeight(
  scorer: Scorer,
  state: State,
  a: string,
  b: string,
  forbidden: ReadonlySet<string>,
  stability: ReadonlySet<string>,
): number {
  const key = pairKey(a, b);
  if (state.met.has(key) || forbidden.has(key)) return 0;
  const info = scorer.info(a, b);
  if (info.refused) return 0;
  let w = info.weight + fairness(scorer, state, a, b) + fairness(scorer, state, b, a);
  if (stability.has(key)) w += Weights.stability;
  return w;
}

/**
 * Boost for the edge from `p` to somebody `p` wished for while `p` has fewer than `fairnessTarget` wished
 * meetings: larger the fewer rounds are left to catch up.
 */
function fairness(scorer: Scorer, state: State, p: string, q: string): number {
  if (!scorer.wishedBy(p).has(q)) return 0;
  const target = Math.min(Weights.fairnessTarget, scorer.wishedBy(p).size);
  const missing = target - (state.wishedMet.get(p) ?? 0);
  if (missing <= 0) return 0;
  const left = Math.max(1, state.roundsLeft.get(p) ?? 1);
  return Math.min(Weights.fairnessUnit, Math.round((Weights.fairnessUnit * missing) / left));
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

function record(state: State, scorer: Scorer, meetings: readonly Meeting[], byes: readonly Bye[], _slot: number): void {
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
