import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planEvent, replanEvent, wantedMeetings } from './event.ts';
import { generateEvent, generateWorkshop } from './generate.ts';
import type { Person, Plan } from './model.ts';
import { pairKey } from './model.ts';
import { diffPlans } from './ops.ts';
import { planWorkshop, replanWorkshop } from './workshop.ts';

/** Random re-plan scenarios: somebody leaves, somebody arrives, one later meeting is locked. */
const scenario = fc.record({
  n: fc.integer({ min: 3, max: 16 }),
  slots: fc.integer({ min: 2, max: 6 }),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  fromSlot: fc.integer({ min: 0, max: 5 }),
  leaver: fc.nat(),
  arrive: fc.boolean(),
  lock: fc.nat(),
  fillOnly: fc.boolean(),
  odd: fc.constantFrom('bye' as const, 'triad' as const),
});

function sameBefore(a: Plan, b: Plan, fromSlot: number): void {
  expect(b.meetings.filter((m) => m.slot < fromSlot)).toEqual(a.meetings.filter((m) => m.slot < fromSlot));
  expect(b.byes.filter((m) => m.slot < fromSlot)).toEqual(a.byes.filter((m) => m.slot < fromSlot));
}

function noConflicts(plan: Plan, people: readonly Person[]): void {
  const busy = new Set<string>();
  const pairs = new Set<string>();
  const blocked = new Map(people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
  for (const m of plan.meetings) {
    for (const p of m.people) {
      expect(busy.has(`${p}@${m.slot}`)).toBe(false);
      busy.add(`${p}@${m.slot}`);
      if (blocked.has(p)) expect(blocked.get(p)?.has(m.slot)).toBe(false);
    }
    for (let i = 0; i < m.people.length; i++) {
      for (let j = i + 1; j < m.people.length; j++) {
        const k = pairKey(m.people[i] as string, m.people[j] as string);
        expect(pairs.has(k)).toBe(false);
        pairs.add(k);
      }
    }
  }
}

/** The diff names exactly the meetings whose (slot, table) changed or that appeared or vanished. */
function diffIsExact(before: Plan, after: Plan): void {
  const at = new Map(before.meetings.map((m) => [m.id, `${m.slot}/${m.table}`]));
  const now = new Map(after.meetings.map((m) => [m.id, `${m.slot}/${m.table}`]));
  const expected = new Set([...at.keys(), ...now.keys()].filter((id) => at.get(id) !== now.get(id)));
  const listed = new Set(diffPlans(before, after).flatMap((c) => ('id' in c ? [c.id] : [])));
  expect(listed).toEqual(expected);
  // Cancelled meetings stay in the feed with a higher sequence.
  for (const id of at.keys()) if (!now.has(id)) expect(after.cancelled.some((m) => m.id === id)).toBe(true);
}

describe('re-planning on random instances', () => {
  it('workshop: past rounds unchanged, locked meetings kept, rules hold, diff exact', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = { ...generateWorkshop(s.n, s.slots, { seed: s.seed, minWishes: 1, maxWishes: 4 }), odd: s.odd };
        const first = planWorkshop(input).plan;
        const fromSlot = Math.min(s.fromSlot, s.slots - 1);
        const later = first.meetings.filter((m) => m.slot >= fromSlot);
        const lockId = later.length > 0 ? later[s.lock % later.length]?.id : undefined;
        const locked = { ...first, meetings: first.meetings.map((m) => (m.id === lockId ? { ...m, locked: true } : m)) };
        const leaverId = input.people[s.leaver % input.people.length]?.id as string;
        const away = Array.from({ length: s.slots - fromSlot }, (_, i) => fromSlot + i);
        const people: Person[] = input.people.map((p) => (p.id === leaverId ? { ...p, blockedSlots: away } : p));
        if (s.arrive) people.push({ id: 'zz-new', name: 'New', blockedSlots: Array.from({ length: fromSlot }, (_, i) => i) });
        const next = replanWorkshop(locked, { ...input, people }, { fromSlot, fillOnly: s.fillOnly }).plan;
        sameBefore(locked, next, fromSlot);
        noConflicts(next, people);
        const lockedMeeting = locked.meetings.find((m) => m.id === lockId);
        if (lockedMeeting && !lockedMeeting.people.includes(leaverId)) expect(next.meetings).toContainEqual(lockedMeeting);
        // Everybody available is seated or sits out in every re-planned round.
        for (let slot = fromSlot; slot < s.slots; slot++) {
          const seen = [...next.meetings.filter((m) => m.slot === slot).flatMap((m) => m.people), ...next.byes.filter((b) => b.slot === slot).map((b) => b.person)];
          const avail = people.filter((p) => !p.blockedSlots?.includes(slot)).map((p) => p.id);
          expect(seen.sort()).toEqual(avail.sort());
        }
        if (s.fillOnly) {
          for (const m of later) if (!m.people.includes(leaverId)) expect(next.meetings).toContainEqual(expect.objectContaining({ id: m.id, slot: m.slot, people: m.people }));
        }
        diffIsExact(locked, next);
      }),
      { numRuns: 120, seed: 17 },
    );
  });

  it('event: past slots unchanged, locked meetings kept, rules hold, diff exact', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 6 }), (s, tables) => {
        const input = generateEvent(s.n, s.slots, { seed: s.seed, tables, blockedRate: 0.15, minWishes: 1, maxWishes: 6 });
        const first = planEvent(input).plan;
        const fromSlot = Math.min(s.fromSlot, s.slots - 1);
        const later = first.meetings.filter((m) => m.slot >= fromSlot);
        const lockId = later.length > 0 ? later[s.lock % later.length]?.id : undefined;
        const locked = { ...first, meetings: first.meetings.map((m) => (m.id === lockId ? { ...m, locked: true } : m)) };
        const leaverId = input.people[s.leaver % input.people.length]?.id as string;
        const people: Person[] = input.people.filter((p) => p.id !== leaverId);
        const requests = [...input.requests];
        if (s.arrive) {
          people.push({ id: 'zz-new', name: 'New', blockedSlots: Array.from({ length: fromSlot }, (_, i) => i) });
          for (const p of people.slice(0, 3)) requests.push({ from: 'zz-new', to: p.id, status: 'accepted' });
        }
        const next = replanEvent(locked, { ...input, people, requests }, { fromSlot, fillOnly: s.fillOnly }).plan;
        sameBefore(locked, next, fromSlot);
        noConflicts(next, people);
        for (let slot = 0; slot < s.slots; slot++) expect(next.meetings.filter((m) => m.slot === slot).length).toBeLessThanOrEqual(tables);
        const wanted = new Set(wantedMeetings({ ...input, people, requests }).map((w) => w.key));
        for (const m of next.meetings.filter((m) => m.slot >= fromSlot)) {
          expect(wanted.has(pairKey(m.people[0] as string, m.people[1] as string)) || m.locked).toBe(true);
        }
        const lockedMeeting = locked.meetings.find((m) => m.id === lockId);
        if (lockedMeeting && !lockedMeeting.people.includes(leaverId)) expect(next.meetings).toContainEqual(lockedMeeting);
        // Meetings still valid are never moved in fill-only mode; without it, only to make room.
        const changes = diffPlans(locked, next);
        if (s.fillOnly) expect(changes.filter((c) => c.kind === 'moved')).toEqual([]);
        for (const c of changes) if (c.kind === 'cancelled') expect(c.from.slot).toBeGreaterThanOrEqual(fromSlot);
        diffIsExact(locked, next);
      }),
      { numRuns: 120, seed: 23 },
    );
  });
});
