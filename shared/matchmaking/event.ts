/**
 * Event slots: accepted meeting requests become wanted meetings, one per pair, and `placement.ts` decides which
 * happen and when, lexicographically: must-meets first, then mutual requests, then as many meetings as fit.
 * This module keeps what must stay (past slots, fixed meetings, still-valid meetings of an earlier plan), builds
 * the search problem, and seats the result at tables: a person's fixed table where set, else the lowest free.
 */
import type { WeightedEdge } from './blossom.ts';
import { maxWeightMatching } from './blossom.ts';
import type { FixedMeeting, Meeting, Person, Plan, RequestStatus, Slot, Wish } from './model.ts';
import { byPlace, meetingId, pairKey } from './model.ts';
import { reconcile } from './reconcile.ts';
import type { PlacementProgress } from './placement.ts';
import { solvePlacement, tierValue, type PlacementMeeting } from './placement.ts';
import { createScorer } from './weights.ts';

export interface MeetingRequest {
  readonly from: string;
  readonly to: string;
  readonly status: RequestStatus;
  /** The sender marked it "must meet". */
  readonly must?: boolean;
}

export interface EventInput {
  readonly eventId: string;
  readonly seed: number;
  readonly people: readonly Person[];
  readonly slots: readonly Slot[];
  readonly tableCount: number;
  readonly requests: readonly MeetingRequest[];
  /** Pending requests count as accepted (events that skip the accept step). */
  readonly autoAccept?: boolean;
  /** Meetings fixed by the organiser: kept in their slot (and table) whatever else happens. */
  readonly fixed?: readonly FixedMeeting[];
}

/** An accepted request (or a pair of them), still to be placed. */
export interface WantedMeeting {
  readonly key: string;
  readonly people: readonly [string, string];
  readonly mutual: boolean;
  readonly must: boolean;
  readonly reason: string;
}

/** Bounds and hooks of the search; everything optional. Same input and seed, same plan, unless `shouldStop` fires. */
export interface SearchOptions {
  /** Repair iterations (default grows with the instance). */
  readonly iterations?: number;
  /** Polled during the search: true stops it (time budget, cancel); the plan found so far is returned. */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (p: PlacementProgress) => void;
}

export interface EventReplanOptions {
  /** First slot that may change; earlier slots (past and running) are copied unchanged. */
  readonly fromSlot: number;
  /** Never move a meeting that is already planned; only fill free places (late sign-ups). */
  readonly fillOnly?: boolean;
}

export interface EventResult {
  readonly plan: Plan;
  /** Repair iterations run, and whether `shouldStop` cut the search short. */
  readonly search: { readonly iterations: number; readonly stoppedEarly: boolean };
  readonly wanted: readonly WantedMeeting[];
}

/** Which meetings the requests ask for: one per pair with at least one accepted (or auto-accepted) request. */
export function wantedMeetings(input: Pick<EventInput, 'people' | 'requests' | 'autoAccept'>): WantedMeeting[] {
  const present = new Set(input.people.map((p) => p.id));
  const accepted = (r: MeetingRequest): boolean =>
    r.status === 'accepted' || (r.status === 'pending' && input.autoAccept === true);
  const wishes: Wish[] = input.requests
    .filter((r) => accepted(r) && r.from !== r.to)
    .map((r) => ({ from: r.from, to: r.to, level: r.must ? 'must' : 'like' }));
  const scorer = createScorer(input.people, wishes);
  const byPair = new Map<string, WantedMeeting>();
  for (const w of wishes) {
    if (!present.has(w.from) || !present.has(w.to)) continue;
    const key = pairKey(w.from, w.to);
    if (byPair.has(key)) continue;
    const [a, b] = w.from < w.to ? [w.from, w.to] : [w.to, w.from];
    const info = scorer.info(a, b);
    byPair.set(key, {
      key,
      people: [a, b],
      mutual: info.mutual,
      must: info.ab === 'must' || info.ba === 'must',
      reason: `${info.reason} (request accepted)`,
    });
  }
  return [...byPair.values()].sort((x, y) => (x.key < y.key ? -1 : 1));
}

export function planEvent(input: EventInput, search: SearchOptions = {}): EventResult {
  return place(input, null, { fromSlot: 0 }, search);
}

/**
 * Re-plan after people left or arrived or requests changed. Slots before `fromSlot` stay as they were. Later
 * meetings that are still valid stay where they are; the rest are cancelled, and whatever is unplaced is placed
 * in the free room (moving an unlocked later meeting to another slot when that makes room, unless `fillOnly`).
 */
export function replanEvent(prev: Plan, input: EventInput, options: EventReplanOptions, search: SearchOptions = {}): EventResult {
  return place(input, prev, options, search);
}

function valueOf(w: WantedMeeting | undefined, count: number): number {
  return tierValue(w?.must ?? false, w?.mutual ?? false, count);
}

interface Book {
  readonly slotsByIndex: Map<number, Slot>;
  readonly blocked: Map<string, Set<number>>;
  /** person -> slot -> meeting key */
  readonly at: Map<string, Map<number, string>>;
  readonly used: Map<number, number>;
  readonly placed: Map<string, Meeting>;
  readonly movable: Set<string>;
  /** slot -> meeting keys */
  readonly bySlot: Map<number, Set<string>>;
}

function place(input: EventInput, prev: Plan | null, options: EventReplanOptions, search: SearchOptions): EventResult {
  const slots = [...input.slots].sort((a, b) => a.index - b.index);
  const wanted = wantedMeetings(input);
  const wantedByKey = new Map(wanted.map((w) => [w.key, w]));
  const present = new Set(input.people.map((p) => p.id));
  const notes: string[] = [];
  const book: Book = {
    slotsByIndex: new Map(slots.map((s) => [s.index, s])),
    blocked: new Map(input.people.map((p) => [p.id, new Set(p.blockedSlots ?? [])])),
    at: new Map(),
    used: new Map(),
    placed: new Map(),
    movable: new Set(),
    bySlot: new Map(),
  };
  const free = (p: string, s: number): boolean => !book.blocked.get(p)?.has(s) && !book.at.get(p)?.has(s);
  const cap = (s: number): number => input.tableCount - (book.used.get(s) ?? 0);

  const put = (m: Meeting): void => {
    const key = pairKey(m.people[0] ?? '', m.people[1] ?? '');
    book.placed.set(key, m);
    book.used.set(m.slot, (book.used.get(m.slot) ?? 0) + 1);
    let keys = book.bySlot.get(m.slot);
    if (!keys) book.bySlot.set(m.slot, (keys = new Set()));
    keys.add(key);
    for (const p of m.people) {
      let map = book.at.get(p);
      if (!map) book.at.set(p, (map = new Map<number, string>()));
      map.set(m.slot, key);
    }
  };
  const remove = (key: string): Meeting | undefined => {
    const m = book.placed.get(key);
    if (!m) return undefined;
    book.placed.delete(key);
    book.used.set(m.slot, (book.used.get(m.slot) ?? 1) - 1);
    book.bySlot.get(m.slot)?.delete(key);
    for (const p of m.people) book.at.get(p)?.delete(m.slot);
    return m;
  };

  // 1. What stays: past slots verbatim, then fixed meetings, then still-valid later meetings of the old plan.
  if (prev) {
    for (const m of prev.meetings) if (m.slot < options.fromSlot) put(m);
  }
  for (const f of input.fixed ?? []) {
    const [a, b] = [...f.people].sort() as [string, string];
    const key = pairKey(a, b);
    if (f.slot < options.fromSlot && prev) continue;
    if (book.placed.has(key)) continue;
    if (!present.has(a) || !present.has(b) || !free(a, f.slot) || !free(b, f.slot) || cap(f.slot) <= 0 || !book.slotsByIndex.has(f.slot)) {
      notes.push(`fixed meeting ${a} + ${b} in slot ${f.slot + 1} cannot be kept: somebody is absent, busy or the slot is full`);
      continue;
    }
    const w = wantedByKey.get(key);
    put({ id: meetingId(input.eventId, [a, b]), slot: f.slot, people: [a, b], table: f.table ?? null, weight: 0, reason: w ? w.reason : 'fixed by the organiser', locked: true, sequence: 0 });
  }
  if (prev) {
    for (const m of prev.meetings) {
      if (m.slot < options.fromSlot) continue;
      const key = pairKey(m.people[0] ?? '', m.people[1] ?? '');
      if (book.placed.has(key)) continue;
      const valid =
        m.people.length === 2 &&
        (wantedByKey.has(key) || m.locked) &&
        m.people.every((p) => present.has(p) && free(p, m.slot)) &&
        cap(m.slot) > 0 &&
        book.slotsByIndex.has(m.slot);
      if (!valid) continue;
      put(m);
      if (!m.locked && !options.fillOnly) book.movable.add(key);
    }
  }

  // 2. Search over the later slots: construction slot by slot, then repair (placement.ts).
  const future = slots.filter((s) => s.index >= options.fromSlot);
  const local = new Map(future.map((s, i) => [s.index, i]));
  const personIndex = new Map(input.people.map((p, i) => [p.id, i]));
  const pid = (p: string): number => {
    let i = personIndex.get(p);
    if (i === undefined) personIndex.set(p, (i = personIndex.size));
    return i;
  };
  const keptKeys = [...book.placed.keys()].filter((k) => local.has((book.placed.get(k) as Meeting).slot));
  const candidates = wanted.filter((w) => !book.placed.has(w.key));
  const count = keptKeys.length + candidates.length;
  const problemMeetings: PlacementMeeting[] = [];
  const keyOf: string[] = [];
  for (const k of keptKeys) {
    const m = book.placed.get(k) as Meeting;
    const w = wantedByKey.get(k);
    problemMeetings.push({ a: pid(m.people[0] ?? ''), b: pid(m.people[1] ?? ''), value: valueOf(w, count), slot: local.get(m.slot) as number, movable: book.movable.has(k), droppable: false });
    keyOf.push(k);
  }
  for (const w of candidates) {
    problemMeetings.push({ a: pid(w.people[0]), b: pid(w.people[1]), value: valueOf(w, count), slot: -1, movable: true, droppable: true });
    keyOf.push(w.key);
  }
  const S = future.length;
  const blockedGrid = new Uint8Array(personIndex.size * S);
  for (const [p, i] of personIndex) {
    for (const s of book.blocked.get(p) ?? []) {
      const l = local.get(s);
      if (l !== undefined) blockedGrid[i * S + l] = 1;
    }
    // Past slots (before fromSlot) are not in the problem; meetings there already count via `at`.
  }
  const capacity = future.map(() => input.tableCount);
  const result = solvePlacement(
    { personCount: personIndex.size, slotCount: S, capacity, blocked: blockedGrid, meetings: problemMeetings },
    { seed: input.seed, ...(search.iterations !== undefined ? { iterations: search.iterations } : {}), ...(search.shouldStop ? { shouldStop: search.shouldStop } : {}), ...(search.onProgress ? { onProgress: search.onProgress } : {}) },
  );
  const keptMeeting = new Map(keptKeys.map((k) => [k, book.placed.get(k) as Meeting]));
  for (const k of keptKeys) remove(k);
  problemMeetings.forEach((pm, i) => {
    const l = result.slots[i] as number;
    if (l < 0) return;
    const s = (future[l] as Slot).index;
    const key = keyOf[i] as string;
    if (i < keptKeys.length) {
      const m = keptMeeting.get(key) as Meeting;
      put(m.slot === s ? m : { ...m, slot: s, table: null });
    } else {
      const w = wantedByKey.get(key) as WantedMeeting;
      put(newMeeting(input.eventId, w, s, pm.value));
    }
  });
  if (result.stoppedEarly) notes.push(`the search stopped early (time budget or cancel) after ${result.iterations} repair steps; the plan is valid but may not be the best`);

  // 4. Tables, slot by slot.
  const fixedTable = new Map(input.people.filter((p) => p.fixedTable !== undefined).map((p) => [p.id, p.fixedTable as number]));
  const meetings: Meeting[] = [];
  for (const slot of slots) {
    const inSlot = [...book.placed.values()].filter((m) => m.slot === slot.index);
    meetings.push(...assignTables(inSlot, input.tableCount, fixedTable, notes, slot.index, options.fromSlot));
  }
  const { meetings: finalMeetings, cancelled } = reconcile(prev, meetings);
  const plan: Plan = {
    mode: 'event',
    eventId: input.eventId,
    seed: input.seed,
    slots,
    tableCount: input.tableCount,
    meetings: finalMeetings,
    byes: [],
    cancelled,
    notes,
  };
  return { plan, search: { iterations: result.iterations, stoppedEarly: result.stoppedEarly }, wanted };
}

/**
 * Reference, not used by the planner (its dummy vertices make it slow when tables are scarce): the exact
 * maximum-weight matching with at most `capacity` edges. When the graph could hold more, n - 2 x capacity
 * dummy vertices, joined to every vertex with a weight above any real edge, soak up all but 2 x capacity
 * vertices; the optimum then has every dummy matched and is the best matching of at most `capacity` edges.
 */
export function matchingWithCapacity(n: number, edges: readonly WeightedEdge[], capacity: number): Array<[number, number]> {
  const dummies = n - 2 * capacity;
  if (dummies <= 0 || edges.length <= capacity) return maxWeightMatching(n, edges);
  const big = Math.max(...edges.map((e) => e.weight)) + 1;
  const all: WeightedEdge[] = [...edges];
  for (let d = 0; d < dummies; d++) for (let v = 0; v < n; v++) all.push({ a: v, b: n + d, weight: big });
  return maxWeightMatching(n + dummies, all).filter(([a, b]) => a < n && b < n);
}

function newMeeting(eventId: string, w: WantedMeeting, slot: number, weight: number): Meeting {
  return { id: meetingId(eventId, w.people), slot, people: w.people, table: null, weight, reason: w.reason, locked: false, sequence: 0 };
}

function assignTables(
  meetings: Meeting[],
  tableCount: number,
  fixedTable: ReadonlyMap<string, number>,
  notes: string[],
  slot: number,
  fromSlot: number,
): Meeting[] {
  const used = new Set<number>();
  const out: Meeting[] = [];
  const rest: Meeting[] = [];
  // Past slots and locked meetings keep their table; so does any meeting whose table is still free.
  const ordered = [...meetings].sort((a, b) => Number(b.locked) - Number(a.locked) || (a.id < b.id ? -1 : 1));
  for (const m of ordered) {
    const keep = m.table !== null && m.table >= 1 && m.table <= tableCount && !used.has(m.table);
    if (keep && (slot < fromSlot || m.locked || !m.people.some((p) => fixedTable.has(p)) || m.people.some((p) => fixedTable.get(p) === m.table))) {
      used.add(m.table);
      out.push(m);
    } else rest.push(m);
  }
  const wanting = rest.filter((m) => m.people.some((p) => fixedTable.has(p)));
  const others = rest.filter((m) => !m.people.some((p) => fixedTable.has(p)));
  const unassigned: Meeting[] = [];
  for (const m of wanting) {
    const options = m.people.map((p) => fixedTable.get(p)).filter((t): t is number => t !== undefined && t >= 1 && t <= tableCount);
    const t = options.find((x) => !used.has(x));
    if (t === undefined) {
      notes.push(`slot ${slot + 1}: fixed table ${options.join('/')} for ${m.people.join(' + ')} already taken`);
      unassigned.push(m);
      continue;
    }
    used.add(t);
    out.push({ ...m, table: t });
  }
  let next = 1;
  for (const m of [...unassigned, ...others.sort((a, b) => (a.table ?? 0) - (b.table ?? 0) || (a.id < b.id ? -1 : 1))]) {
    while (used.has(next)) next++;
    if (next > tableCount) {
      notes.push(`slot ${slot + 1}: no table left for ${m.people.join(' + ')}`);
      out.push({ ...m, table: null });
      continue;
    }
    used.add(next);
    out.push({ ...m, table: next });
  }
  return out.sort(byPlace);
}
