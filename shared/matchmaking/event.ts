/**
 * Event slots: accepted meeting requests are placed slot by slot. In each slot a maximum-weight matching with
 * at most `tableCount` edges, over the still-unplaced meetings whose two people are free, decides which happen.
 * Every placed meeting weighs `place` (so more meetings always beat fewer), plus priority for mutual and
 * "must meet" requests and urgency (pending meetings / free slots left, per person). Repair passes follow:
 * place what fits anywhere, make room by moving the meetings in the way to other slots, or swap two slots
 * along a Kempe chain. Tables come last: a person's fixed table where set, else the lowest free table.
 */
import type { WeightedEdge } from './blossom.ts';
import { maxWeightMatching } from './blossom.ts';
import type { FixedMeeting, Meeting, Person, Plan, RequestStatus, Slot, Wish } from './model.ts';
import { byPlace, meetingId, pairKey } from './model.ts';
import { reconcile } from './reconcile.ts';
import { seededRng, shuffled } from './rng.ts';
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

export const EventWeights = {
  /** Any placed meeting; larger than all bonuses together, so the matching never trades two meetings for one. */
  place: 10_000,
  mutual: 3_000,
  must: 2_000,
  /** Per person, times min(urgencyCap, pending meetings / free slots left). */
  urgency: 1_000,
  urgencyCap: 2,
} as const;

/** An accepted request (or a pair of them), still to be placed. */
export interface WantedMeeting {
  readonly key: string;
  readonly people: readonly [string, string];
  readonly mutual: boolean;
  readonly must: boolean;
  readonly reason: string;
}

export interface SlotTrace {
  readonly slot: number;
  readonly vertices: readonly string[];
  readonly edges: readonly WeightedEdge[];
  readonly chosen: readonly (readonly [number, number])[];
  readonly capacity: number;
}

export interface EventReplanOptions {
  /** First slot that may change; earlier slots (past and running) are copied unchanged. */
  readonly fromSlot: number;
  /** Never move a meeting that is already planned; only fill free places (late sign-ups). */
  readonly fillOnly?: boolean;
}

export interface EventResult {
  readonly plan: Plan;
  readonly trace: readonly SlotTrace[];
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

export function planEvent(input: EventInput): EventResult {
  return place(input, null, { fromSlot: 0 });
}

/**
 * Re-plan after people left or arrived or requests changed. Slots before `fromSlot` stay as they were. Later
 * meetings that are still valid stay where they are; the rest are cancelled, and whatever is unplaced is placed
 * in the free room (moving an unlocked later meeting to another slot when that makes room, unless `fillOnly`).
 */
export function replanEvent(prev: Plan, input: EventInput, options: EventReplanOptions): EventResult {
  return place(input, prev, options);
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

function place(input: EventInput, prev: Plan | null, options: EventReplanOptions): EventResult {
  const rng = seededRng(input.seed);
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

  // 2. Greedy, slot by slot, over what is still unplaced.
  let unplaced = shuffled(
    wanted.filter((w) => !book.placed.has(w.key)),
    rng,
  );
  const trace: SlotTrace[] = [];
  const future = slots.filter((s) => s.index >= options.fromSlot);
  for (const slot of future) {
    const s = slot.index;
    const capacity = cap(s);
    if (capacity <= 0 || unplaced.length === 0) continue;
    const urgency = urgencies(unplaced, future, s, free);
    const cands = unplaced.filter((w) => free(w.people[0], s) && free(w.people[1], s));
    const index = new Map<string, number>();
    const vertices: string[] = [];
    const vid = (p: string): number => {
      let i = index.get(p);
      if (i === undefined) {
        i = vertices.length;
        index.set(p, i);
        vertices.push(p);
      }
      return i;
    };
    const edges: WeightedEdge[] = [];
    const byEdge = new Map<string, WantedMeeting>();
    for (const w of cands) {
      const weight =
        priority(w) +
        Math.round(EventWeights.urgency * ((urgency.get(w.people[0]) ?? 0) + (urgency.get(w.people[1]) ?? 0)));
      const a = vid(w.people[0]);
      const b = vid(w.people[1]);
      edges.push({ a, b, weight });
      byEdge.set(a < b ? `${a},${b}` : `${b},${a}`, w);
    }
    const chosen = matchingWithCapacity(vertices.length, edges, capacity);
    trace.push({ slot: s, vertices, edges, chosen, capacity });
    const weightOf = new Map(edges.map((e) => [e.a < e.b ? `${e.a},${e.b}` : `${e.b},${e.a}`, e.weight]));
    const picked = chosen
      .map(([a, b]) => ({ w: byEdge.get(`${a},${b}`) as WantedMeeting, weight: weightOf.get(`${a},${b}`) ?? 0 }))
      .sort((x, y) => y.weight - x.weight || (x.w.key < y.w.key ? -1 : 1))
      .slice(0, capacity);
    for (const { w, weight } of picked) {
      put(newMeeting(input.eventId, w, s, weight));
      book.movable.add(w.key);
    }
    if (picked.length > 0) {
      const done = new Set(picked.map((p) => p.w.key));
      unplaced = unplaced.filter((w) => !done.has(w.key));
    }
  }

  // 3. Repair, highest priority first, until a pass places nothing more: put a meeting where both are free
  // and a table is left; else make room in one slot by moving each of its blockers (the meeting of a or of b
  // there, or, when the slot is full, one other meeting) to a slot where its people are free and a table is left.
  const relocate = (key: string, avoid: number): boolean => {
    const m = book.placed.get(key);
    if (!m || !book.movable.has(key)) return false;
    remove(key);
    const target = future.find((t) => t.index !== avoid && t.index !== m.slot && cap(t.index) > 0 && m.people.every((p) => free(p, t.index)));
    if (target) {
      put({ ...m, slot: target.index, table: null });
      return true;
    }
    put(m);
    return false;
  };
  const tryPlace = (w: WantedMeeting): boolean => {
    const [a, b] = w.people;
    for (const slot of future) {
      const s = slot.index;
      if (cap(s) > 0 && free(a, s) && free(b, s)) {
        put(newMeeting(input.eventId, w, s, priority(w)));
        return true;
      }
    }
    for (const slot of future) {
      const s = slot.index;
      if (book.blocked.get(a)?.has(s) || book.blocked.get(b)?.has(s)) continue;
      const blockers = [...new Set([book.at.get(a)?.get(s), book.at.get(b)?.get(s)].filter((k): k is string => k !== undefined))];
      if (blockers.some((k) => !book.movable.has(k))) continue;
      const moved: Array<[string, Meeting]> = [];
      const undoMoves = (): void => {
        for (const [k, m] of moved.reverse()) {
          remove(k);
          put(m);
        }
      };
      let ok = true;
      for (const k of blockers) {
        const before = book.placed.get(k) as Meeting;
        if (!relocate(k, s)) {
          ok = false;
          break;
        }
        moved.push([k, before]);
      }
      if (ok && cap(s) <= 0) {
        // Full slot, a and b free there: move any one movable meeting out.
        ok = false;
        for (const k of [...(book.bySlot.get(s) ?? [])]) {
          const before = book.placed.get(k) as Meeting;
          if (relocate(k, s)) {
            moved.push([k, before]);
            ok = true;
            break;
          }
        }
      }
      if (ok && cap(s) > 0 && free(a, s) && free(b, s)) {
        put(newMeeting(input.eventId, w, s, priority(w)));
        return true;
      }
      undoMoves();
    }
    // Kempe chain: a is free in s (b is not), b is free in t (a is not). Swap s and t along the chain of
    // meetings that starts with b's meeting in s; then a and b are both free in s.
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const slotS of future) {
        const sIdx = slotS.index;
        if (!free(x, sIdx) || book.blocked.get(y)?.has(sIdx) || free(y, sIdx)) continue;
        for (const slotT of future) {
          const tIdx = slotT.index;
          if (tIdx === sIdx || !free(y, tIdx) || free(x, tIdx)) continue;
          const chain = kempeSwap(y, x, sIdx, tIdx);
          if (!chain) continue;
          if (cap(sIdx) > 0 && free(a, sIdx) && free(b, sIdx)) {
            put(newMeeting(input.eventId, w, sIdx, priority(w)));
            return true;
          }
          for (const m of chain) remove(pairKey(m.people[0] ?? '', m.people[1] ?? ''));
          for (const m of chain) put(m);
        }
      }
    }
    return false;
  };
  /** Swap slots s and t along the alternating chain from `start`'s meeting in s; refuses chains through `avoid`. */
  const kempeSwap = (start: string, avoid: string, sIdx: number, tIdx: number): Meeting[] | null => {
    const chain: Meeting[] = [];
    const seen = new Set<string>();
    let cur = start;
    let color = sIdx;
    for (;;) {
      const k = book.at.get(cur)?.get(color);
      if (k === undefined) break;
      if (seen.has(k) || !book.movable.has(k)) return null;
      seen.add(k);
      const m = book.placed.get(k) as Meeting;
      const other = m.people.find((p) => p !== cur) as string;
      const target = color === sIdx ? tIdx : sIdx;
      if (other === avoid || m.people.some((p) => book.blocked.get(p)?.has(target))) return null;
      chain.push(m);
      cur = other;
      color = target;
    }
    const toT = chain.filter((m) => m.slot === sIdx).length;
    const toS = chain.length - toT;
    // The new meeting goes into s afterwards, so s needs one table more than it gives away.
    if (cap(tIdx) < toT - toS || cap(sIdx) < toS - toT + 1) return null;
    for (const m of chain) remove(pairKey(m.people[0] ?? '', m.people[1] ?? ''));
    for (const m of chain) put({ ...m, slot: m.slot === sIdx ? tIdx : sIdx, table: null });
    return chain;
  };
  let pending = [...unplaced].sort((x, y) => priority(y) - priority(x));
  for (let pass = 0; pass < 3 && pending.length > 0; pass++) {
    const next = pending.filter((w) => {
      if (!tryPlace(w)) return true;
      book.movable.add(w.key);
      return false;
    });
    if (next.length === pending.length) break;
    pending = next;
  }

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
  return { plan, trace, wanted };
}

/**
 * Maximum-weight matching with at most `capacity` edges. When the graph could hold more, n - 2 x capacity
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

function priority(w: WantedMeeting): number {
  return EventWeights.place + (w.mutual ? EventWeights.mutual : 0) + (w.must ? EventWeights.must : 0);
}

function urgencies(
  unplaced: readonly WantedMeeting[],
  future: readonly Slot[],
  from: number,
  free: (p: string, s: number) => boolean,
): Map<string, number> {
  const pending = new Map<string, number>();
  for (const w of unplaced) for (const p of w.people) pending.set(p, (pending.get(p) ?? 0) + 1);
  const out = new Map<string, number>();
  for (const [p, count] of pending) {
    let left = 0;
    for (const s of future) if (s.index >= from && free(p, s.index)) left++;
    out.set(p, left === 0 ? EventWeights.urgencyCap : Math.min(EventWeights.urgencyCap, count / left));
  }
  return out;
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
