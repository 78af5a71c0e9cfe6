import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForceMatching, matchingValue } from './brute-force.ts';
import type { EventInput } from './event.ts';
import { matchingWithCapacity, planEvent, replanEvent, wantedMeetings } from './event.ts';
import { generateEvent } from './generate.ts';
import type { Plan } from './model.ts';
import { pairKey } from './model.ts';
import { diffPlans } from './ops.ts';
import { qualityReport } from './quality.ts';

const instance = fc
  .record({
    n: fc.integer({ min: 2, max: 30 }),
    slots: fc.integer({ min: 1, max: 8 }),
    tables: fc.integer({ min: 1, max: 12 }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    blockedRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
    autoAccept: fc.boolean(),
    fixedTables: fc.boolean(),
    withFixed: fc.boolean(),
  })
  .map(({ n, slots, tables, seed, blockedRate, autoAccept, fixedTables, withFixed }): EventInput => {
    const base = generateEvent(n, slots, { seed, tables, blockedRate, autoAccept, minWishes: 1, maxWishes: 8 });
    const people = base.people.map((p, i) => (fixedTables && i % 4 === 0 ? { ...p, fixedTable: 1 + (i % tables) } : p));
    const wanted = wantedMeetings({ ...base, people });
    const first = wanted[0];
    const fixed =
      withFixed && first
        ? [0, ...Array.from({ length: slots }, (_, s) => s)]
            .filter((s) => first.people.every((p) => !people.find((x) => x.id === p)?.blockedSlots?.includes(s)))
            .slice(0, 1)
            .map((slot) => ({ people: first.people, slot }))
        : [];
    return { ...base, people, fixed };
  });

/** Every hard rule of an event plan, checked from the input alone. */
function assertEventRules(plan: Plan, input: EventInput): void {
  const wanted = new Set(wantedMeetings(input).map((w) => w.key));
  const busy = new Set<string>();
  const pairs = new Set<string>();
  const blocked = new Map(input.people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
  const tables = new Set<string>();
  for (const m of plan.meetings) {
    expect(m.people).toHaveLength(2);
    const key = pairKey(m.people[0] as string, m.people[1] as string);
    const fixed = (input.fixed ?? []).some((f) => pairKey(...f.people) === key);
    expect(wanted.has(key) || fixed, `only accepted requests are placed (${key})`).toBe(true);
    expect(pairs.has(key), 'a pair meets once').toBe(false);
    pairs.add(key);
    for (const p of m.people) {
      expect(busy.has(`${p}@${m.slot}`), `${p} double-booked in slot ${m.slot}`).toBe(false);
      busy.add(`${p}@${m.slot}`);
      expect(blocked.get(p)?.has(m.slot), `${p} blocked in slot ${m.slot}`).toBe(false);
    }
    expect(m.table).not.toBeNull();
    expect(m.table).toBeGreaterThanOrEqual(1);
    expect(m.table).toBeLessThanOrEqual(input.tableCount);
    expect(tables.has(`${m.table}@${m.slot}`), 'one meeting per table and slot').toBe(false);
    tables.add(`${m.table}@${m.slot}`);
  }
  for (const s of input.slots) {
    expect(plan.meetings.filter((m) => m.slot === s.index).length).toBeLessThanOrEqual(input.tableCount);
  }
  for (const f of input.fixed ?? []) {
    expect(plan.meetings.some((m) => m.slot === f.slot && pairKey(m.people[0] ?? '', m.people[1] ?? '') === pairKey(...f.people))).toBe(true);
  }
}

describe('planEvent', () => {
  it('keeps the hard rules on random instances', () => {
    fc.assert(
      fc.property(instance, (input) => {
        const { plan } = planEvent(input);
        assertEventRules(plan, input);
        // A person with a fixed table sits there whenever the table is not already taken by another fixed-table host.
        const fixedTable = new Map(input.people.filter((p) => p.fixedTable).map((p) => [p.id, p.fixedTable]));
        for (const m of plan.meetings) {
          const want = m.people.map((p) => fixedTable.get(p)).filter((t) => t !== undefined);
          if (want.length > 0 && !want.includes(m.table ?? -1)) {
            expect(plan.notes.some((n) => n.includes(m.people.join(' + ')))).toBe(true);
          }
        }
      }),
      { numRuns: 150, seed: 5 },
    );
  });

  it('never places a declined request, and auto-accepts pending ones only when asked', () => {
    const people = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id }));
    const base = {
      eventId: 'e',
      seed: 1,
      people,
      slots: generateEvent(2, 2, { seed: 1, tables: 1 }).slots,
      tableCount: 2,
      requests: [
        { from: 'a', to: 'b', status: 'declined' as const },
        { from: 'c', to: 'd', status: 'pending' as const },
        { from: 'a', to: 'c', status: 'accepted' as const },
      ],
    };
    const placed = (input: EventInput): string[] => planEvent(input).plan.meetings.map((m) => m.people.join('+')).sort();
    expect(placed(base)).toEqual(['a+c']);
    expect(placed({ ...base, autoAccept: true })).toEqual(['a+c', 'c+d']);
  });

  it('places must-meet and mutual requests first when tables are short', () => {
    const people = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, name: id }));
    const input: EventInput = {
      eventId: 'e',
      seed: 2,
      people,
      slots: generateEvent(2, 1, { seed: 1, tables: 1 }).slots,
      tableCount: 1,
      requests: [
        { from: 'a', to: 'b', status: 'accepted' },
        { from: 'c', to: 'd', status: 'accepted', must: true },
        { from: 'e', to: 'f', status: 'accepted' },
      ],
    };
    expect(planEvent(input).plan.meetings.map((m) => m.people.join('+'))).toEqual(['c+d']);
  });

  it('places more meetings than first come, first served would need and reports what is missing', () => {
    const input = generateEvent(60, 6, { seed: 8, tables: 20, blockedRate: 0.15 });
    const { plan, wanted } = planEvent(input);
    const q = qualityReport({ plan, people: input.people, wanted });
    expect(q.repeats + q.doubleBookings + q.blockedViolations).toBe(0);
    expect(q.meetings + q.unmet.length).toBe(wanted.length);
    expect(q.unmet.every((u) => u.reason.length > 0)).toBe(true);
  });
});

describe('replanEvent', () => {
  const input = generateEvent(40, 8, { seed: 12, tables: 15, blockedRate: 0.1 });
  const first = planEvent(input).plan;

  it('keeps past slots, cancels the leaver and moves nothing else in fill-only mode', () => {
    const leaver = first.meetings.find((m) => m.slot >= 3)?.people[0] as string;
    const people = input.people.filter((p) => p.id !== leaver);
    const next = replanEvent(first, { ...input, people }, { fromSlot: 3, fillOnly: true }).plan;
    expect(next.meetings.filter((m) => m.slot < 3)).toEqual(first.meetings.filter((m) => m.slot < 3));
    const changes = diffPlans(first, next);
    expect(changes.filter((c) => c.kind === 'moved')).toEqual([]);
    const cancelled = changes.filter((c) => c.kind === 'cancelled');
    expect(cancelled.length).toBe(first.meetings.filter((m) => m.slot >= 3 && m.people.includes(leaver)).length);
    expect(cancelled.every((c) => 'people' in c && c.people.includes(leaver))).toBe(true);
    for (const c of changes) if (c.kind === 'added') expect(c.to.slot).toBeGreaterThanOrEqual(3);
    assertEventRules({ ...next, meetings: next.meetings.filter((m) => m.slot >= 3) }, { ...input, people });
  });

  it('seats a late arrival in free places without moving anybody else', () => {
    const late = { id: 'zz-late', name: 'Late', blockedSlots: [0, 1, 2] };
    const people = [...input.people, late];
    const requests = [
      ...input.requests,
      ...input.people.slice(0, 6).map((p) => ({ from: late.id, to: p.id, status: 'accepted' as const })),
    ];
    const next = replanEvent(first, { ...input, people, requests }, { fromSlot: 3, fillOnly: true }).plan;
    const changes = diffPlans(first, next);
    expect(changes.every((c) => c.kind === 'added')).toBe(true);
    expect(changes.length).toBeGreaterThan(0);
    for (const m of first.meetings) expect(next.meetings).toContainEqual(m);
    assertEventRules(next, { ...input, people, requests });
  });

  it('re-plans deterministically and lists only later slots as changed', () => {
    const people = input.people.map((p) => (p.id === 'p001' ? { ...p, blockedSlots: [4, 5, 6, 7] } : p));
    const a = replanEvent(first, { ...input, people }, { fromSlot: 4 }).plan;
    const b = replanEvent(first, { ...input, people }, { fromSlot: 4 }).plan;
    expect(a).toEqual(b);
    for (const c of diffPlans(first, a)) {
      if ('from' in c) expect(c.from.slot).toBeGreaterThanOrEqual(4);
      if ('to' in c) expect(c.to.slot).toBeGreaterThanOrEqual(4);
    }
    expect(a.meetings.some((m) => m.slot >= 4 && m.people.includes('p001'))).toBe(false);
  });
});

describe('matchingWithCapacity', () => {
  it('is the best matching of at most k edges (brute force)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            k: fc.integer({ min: 0, max: 5 }),
            edges: fc
              .uniqueArray(fc.record({ a: fc.integer({ min: 0, max: n - 1 }), b: fc.integer({ min: 0, max: n - 1 }), weight: fc.integer({ min: 1, max: 40 }) }), {
                selector: (e) => `${Math.min(e.a, e.b)},${Math.max(e.a, e.b)}`,
                maxLength: 25,
              })
              .map((es) => es.filter((e) => e.a !== e.b)),
          }),
        ),
        ({ n, k, edges }) => {
          const chosen = matchingWithCapacity(n, edges, k);
          expect(chosen.length).toBeLessThanOrEqual(k);
          expect(matchingValue(edges, chosen).weight).toBe(bruteForceMatching(n, edges, false, k).weight);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
});
