/**
 * Organiser controls over a finished plan: lock, swap, undo, and the list of changes between two versions.
 * Every edit returns a new plan (plans are never mutated) and goes through `reconcile`, so calendar sequences
 * follow along.
 */
import type { Meeting, Person, Plan } from './model.ts';
import { meetingId } from './model.ts';
import { reconcile } from './reconcile.ts';

export type Change =
  | { readonly kind: 'added'; readonly id: string; readonly people: readonly string[]; readonly to: Place }
  | { readonly kind: 'cancelled'; readonly id: string; readonly people: readonly string[]; readonly from: Place }
  | { readonly kind: 'moved'; readonly id: string; readonly people: readonly string[]; readonly from: Place; readonly to: Place }
  | { readonly kind: 'bye-added' | 'bye-removed'; readonly person: string; readonly slot: number };

export interface Place {
  readonly slot: number;
  readonly table: number | null;
}

/** What changed from `before` to `after`, by meeting id: added, cancelled, moved (slot or table). */
export function diffPlans(before: Plan, after: Plan): Change[] {
  const changes: Change[] = [];
  const old = new Map(before.meetings.map((m) => [m.id, m]));
  const now = new Map(after.meetings.map((m) => [m.id, m]));
  for (const m of after.meetings) {
    const o = old.get(m.id);
    if (!o) changes.push({ kind: 'added', id: m.id, people: m.people, to: place(m) });
    else if (o.slot !== m.slot || o.table !== m.table) changes.push({ kind: 'moved', id: m.id, people: m.people, from: place(o), to: place(m) });
  }
  for (const o of before.meetings) if (!now.has(o.id)) changes.push({ kind: 'cancelled', id: o.id, people: o.people, from: place(o) });
  const byeKey = (b: { slot: number; person: string }): string => `${b.slot}\u0000${b.person}`;
  const oldByes = new Set(before.byes.map(byeKey));
  const newByes = new Set(after.byes.map(byeKey));
  for (const b of after.byes) if (!oldByes.has(byeKey(b))) changes.push({ kind: 'bye-added', person: b.person, slot: b.slot });
  for (const b of before.byes) if (!newByes.has(byeKey(b))) changes.push({ kind: 'bye-removed', person: b.person, slot: b.slot });
  return changes;
}

/** One line per change, for the organiser. */
export function describeChanges(changes: readonly Change[], names: ReadonlyMap<string, string> = new Map()): string[] {
  const who = (ids: readonly string[]): string => ids.map((id) => names.get(id) ?? id).join(' + ');
  const at = (p: Place): string => `slot ${p.slot + 1}${p.table === null ? '' : `, table ${p.table}`}`;
  return changes.map((c) => {
    switch (c.kind) {
      case 'added':
        return `new: ${who(c.people)} at ${at(c.to)}`;
      case 'cancelled':
        return `cancelled: ${who(c.people)} (was ${at(c.from)})`;
      case 'moved':
        return `moved: ${who(c.people)} from ${at(c.from)} to ${at(c.to)}`;
      case 'bye-added':
        return `${who([c.person])} sits out slot ${c.slot + 1}`;
      case 'bye-removed':
        return `${who([c.person])} no longer sits out slot ${c.slot + 1}`;
    }
  });
}

function place(m: Meeting): Place {
  return { slot: m.slot, table: m.table };
}

export type EditResult = { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly error: string };

/** Lock (or unlock) a meeting: re-plans keep it where it is. */
export function lockMeeting(plan: Plan, id: string, locked = true): EditResult {
  if (!plan.meetings.some((m) => m.id === id)) return { ok: false, error: `no meeting ${id}` };
  return { ok: true, plan: { ...plan, meetings: plan.meetings.map((m) => (m.id === id ? { ...m, locked } : m)) } };
}

/**
 * Swap two meetings. They trade slot and table (same event slot: just the tables); in the same workshop round
 * they trade partners: {A, B} + {C, D} becomes {A, D} + {C, B}. Refused if it would double-book somebody, put
 * somebody in a blocked slot, repeat a pair that meets elsewhere, or touch a locked meeting.
 */
export function swapMeetings(plan: Plan, idA: string, idB: string, people: readonly Person[] = []): EditResult {
  const a = plan.meetings.find((m) => m.id === idA);
  const b = plan.meetings.find((m) => m.id === idB);
  if (!a || !b || a === b) return { ok: false, error: 'pick two different meetings' };
  if (a.locked || b.locked) return { ok: false, error: 'a locked meeting cannot be swapped' };
  let replaced: Meeting[];
  if (a.slot !== b.slot || plan.mode === 'event') {
    replaced = [
      { ...a, slot: b.slot, table: b.table },
      { ...b, slot: a.slot, table: a.table },
    ];
  } else {
    if (a.people.length !== 2 || b.people.length !== 2) return { ok: false, error: 'partners can only be swapped between two pairs' };
    const [a0, a1] = a.people as [string, string];
    const [b0, b1] = b.people as [string, string];
    const x = [a0, b1].sort();
    const y = [b0, a1].sort();
    replaced = [
      { ...a, id: meetingId(plan.eventId, x), people: x, reason: 'swapped by the organiser', weight: 0 },
      { ...b, id: meetingId(plan.eventId, y), people: y, reason: 'swapped by the organiser', weight: 0 },
    ];
  }
  const rest = plan.meetings.filter((m) => m.id !== idA && m.id !== idB);
  const problem = validate([...rest, ...replaced], people);
  if (problem) return { ok: false, error: problem };
  const { meetings, cancelled } = reconcile(plan, [...rest, ...replaced]);
  return { ok: true, plan: { ...plan, meetings, cancelled } };
}

/** First rule a set of meetings breaks, or null: double booking, repeated pair, blocked slot. */
export function validate(meetings: readonly Meeting[], people: readonly Person[] = []): string | null {
  const busy = new Set<string>();
  const pairs = new Set<string>();
  const blocked = new Map(people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
  for (const m of meetings) {
    for (const p of m.people) {
      const k = `${p}\u0000${m.slot}`;
      if (busy.has(k)) return `${p} would be double-booked in slot ${m.slot + 1}`;
      busy.add(k);
      if (blocked.get(p)?.has(m.slot)) return `${p} is not available in slot ${m.slot + 1}`;
    }
    for (let i = 0; i < m.people.length; i++) {
      for (let j = i + 1; j < m.people.length; j++) {
        const k = [m.people[i], m.people[j]].sort().join('\u0000');
        if (pairs.has(k)) return `${m.people[i]} and ${m.people[j]} would meet twice`;
        pairs.add(k);
      }
    }
  }
  return null;
}

/** Undo history: a stack of earlier plans. */
export interface History {
  readonly past: readonly Plan[];
  readonly present: Plan;
}

export function startHistory(plan: Plan): History {
  return { past: [], present: plan };
}

export function commit(history: History, result: EditResult): History {
  return result.ok ? { past: [...history.past, history.present], present: result.plan } : history;
}

export function undo(history: History): History {
  const prev = history.past.at(-1);
  return prev ? { past: history.past.slice(0, -1), present: prev } : history;
}
