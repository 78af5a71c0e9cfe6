import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventInput, MeetingRequest } from './event.ts';
import { planEvent } from './event.ts';
import { makeSlots } from './model.ts';
import type { PlacementMeeting, PlacementProblem } from './placement.ts';
import { solvePlacement, tierValue } from './placement.ts';

type Spec = { a: number; b: number; must?: boolean; mutual?: boolean };

function problem(people: number, slots: number, tables: number, specs: readonly Spec[], blocked: Array<[number, number]> = []): PlacementProblem {
  const grid = new Uint8Array(people * slots);
  for (const [p, s] of blocked) grid[p * slots + s] = 1;
  return {
    personCount: people,
    slotCount: slots,
    capacity: Array.from({ length: slots }, () => tables),
    blocked: grid,
    meetings: specs.map((x) => ({ a: x.a, b: x.b, value: tierValue(x.must === true, x.mutual === true, specs.length), slot: -1, movable: true, droppable: true })),
  };
}

/** [must, mutual, count] of a solution. */
function tiers(specs: readonly Spec[], slots: Int32Array | readonly number[]): [number, number, number] {
  let must = 0;
  let mutual = 0;
  let count = 0;
  specs.forEach((x, i) => {
    if ((slots[i] ?? -1) < 0) return;
    count++;
    if (x.must) must++;
    if (x.mutual) mutual++;
  });
  return [must, mutual, count];
}

function placed(specs: readonly Spec[], slots: Int32Array): string[] {
  return specs.filter((_, i) => (slots[i] ?? -1) >= 0).map((x) => `${x.a}-${x.b}`);
}

/** Every assignment of meetings to slots or nowhere; the lexicographically best [must, mutual, count]. */
function bruteForce(p: PlacementProblem, specs: readonly Spec[]): [number, number, number] {
  const S = p.slotCount;
  const choice = new Array<number>(specs.length).fill(-1);
  let best: [number, number, number] = [-1, -1, -1];
  const busy = new Set<string>();
  const used = new Array<number>(S).fill(0);
  const go = (i: number): void => {
    if (i === specs.length) {
      const t = tiers(specs, choice);
      if (t[0] > best[0] || (t[0] === best[0] && (t[1] > best[1] || (t[1] === best[1] && t[2] > best[2])))) best = t;
      return;
    }
    choice[i] = -1;
    go(i + 1);
    const x = specs[i] as Spec;
    for (let s = 0; s < S; s++) {
      if (p.blocked[x.a * S + s] || p.blocked[x.b * S + s] || busy.has(`${x.a}@${s}`) || busy.has(`${x.b}@${s}`) || (used[s] as number) >= (p.capacity[s] as number)) continue;
      busy.add(`${x.a}@${s}`);
      busy.add(`${x.b}@${s}`);
      used[s] = (used[s] as number) + 1;
      choice[i] = s;
      go(i + 1);
      busy.delete(`${x.a}@${s}`);
      busy.delete(`${x.b}@${s}`);
      used[s] = (used[s] as number) - 1;
    }
    choice[i] = -1;
  };
  go(0);
  return best;
}

function assertValid(p: PlacementProblem, slots: Int32Array): void {
  const busy = new Set<string>();
  const used = new Array<number>(p.slotCount).fill(0);
  p.meetings.forEach((m: PlacementMeeting, i) => {
    const s = slots[i] as number;
    if (s < 0) return;
    for (const person of [m.a, m.b]) {
      expect(p.blocked[person * p.slotCount + s], `person ${person} away in slot ${s}`).toBe(0);
      expect(busy.has(`${person}@${s}`), `person ${person} double-booked in slot ${s}`).toBe(false);
      busy.add(`${person}@${s}`);
    }
    used[s] = (used[s] as number) + 1;
  });
  used.forEach((u, s) => expect(u).toBeLessThanOrEqual(p.capacity[s] as number));
}

describe('tierValue', () => {
  it.each([
    // [higher tier, lower tiers that must not reach it, count]
    ['one must over every other meeting being mutual', tierValue(true, false, 10), 9 * tierValue(false, true, 10)],
    ['one mutual over every other meeting', tierValue(false, true, 10), 9 * tierValue(false, false, 10)],
    ['must + mutual over must alone', tierValue(true, true, 50), tierValue(true, false, 50)],
    ['a large event', tierValue(true, false, 5_000), 4_999 * tierValue(false, true, 5_000)],
  ])('%s', (_, high, low) => {
    expect(high).toBeGreaterThan(low);
    expect(Number.isSafeInteger(high)).toBe(true);
  });
});

describe('solvePlacement: lexicographic order', () => {
  // One slot; a, b = 0, 1. Placing the higher tier costs the lower tiers more meetings than it gains.
  it.each<[string, number, Spec[], string[]]>([
    ['a must-meet beats two plain meetings that block it', 2, [{ a: 0, b: 1, must: true }, { a: 0, b: 2 }, { a: 1, b: 3 }], ['0-1']],
    ['a must-meet beats two mutual meetings that block it', 2, [{ a: 0, b: 1, must: true }, { a: 0, b: 2, mutual: true }, { a: 1, b: 3, mutual: true }], ['0-1']],
    ['a mutual meeting beats two plain ones that block it', 2, [{ a: 0, b: 1, mutual: true }, { a: 0, b: 2 }, { a: 1, b: 3 }], ['0-1']],
    ['the last table goes to the must-meet, not to three plain pairs', 1, [{ a: 4, b: 5 }, { a: 6, b: 7 }, { a: 0, b: 1, must: true }, { a: 2, b: 3 }], ['0-1']],
    ['with the must-meet placed, the count still counts', 3, [{ a: 0, b: 1, must: true }, { a: 0, b: 2 }, { a: 3, b: 4 }, { a: 5, b: 6 }], ['0-1', '3-4', '5-6']],
  ])('%s', (_, tables, specs, expected) => {
    const p = problem(8, 1, tables, specs);
    const { slots } = solvePlacement(p, { seed: 1 });
    assertValid(p, slots);
    expect(placed(specs, slots).sort()).toEqual(expected.sort());
  });

  it('never loses a must-meet to busy people with many pending meetings (the old urgency bonus did)', () => {
    // Two slots, one table each. 0 and 1 want to meet (must); 2 and 3 have three meetings each pending and only
    // these two slots, which made them "urgent" under the old weights.
    const specs: Spec[] = [{ a: 0, b: 1, must: true }, { a: 2, b: 3 }, { a: 2, b: 4 }, { a: 3, b: 5 }, { a: 2, b: 5 }, { a: 3, b: 4 }];
    const p = problem(6, 2, 1, specs, [[0, 1], [1, 1]]);
    const { slots } = solvePlacement(p, { seed: 3 });
    assertValid(p, slots);
    expect(slots[0]).toBe(0);
    expect(tiers(specs, slots)).toEqual([1, 0, 2]);
  });

  it('matches the brute-force lexicographic optimum on small instances, and keeps every hard rule', () => {
    const spec = fc.record({ a: fc.integer({ min: 0, max: 5 }), b: fc.integer({ min: 0, max: 5 }), must: fc.boolean(), mutual: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(spec, { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 2 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 })), { maxLength: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (raw, slotCount, tables, blocked, seed) => {
          const seen = new Set<string>();
          const specs = raw.filter((x) => {
            const key = `${Math.min(x.a, x.b)}-${Math.max(x.a, x.b)}`;
            if (x.a === x.b || seen.has(key)) return false;
            seen.add(key);
            return true;
          });
          const p = problem(6, slotCount, tables, specs, blocked.filter(([, s]) => s < slotCount));
          const { slots } = solvePlacement(p, { seed });
          assertValid(p, slots);
          expect(tiers(specs, slots)).toEqual(bruteForce(p, specs));
        },
      ),
      { numRuns: 400, seed: 13 },
    );
  });

  it('keeps meetings that may not move where they are, and never drops one that may not be dropped', () => {
    const specs: Spec[] = [{ a: 0, b: 1 }, { a: 0, b: 2, must: true }, { a: 1, b: 2, must: true }];
    const base = problem(3, 1, 1, specs);
    const p: PlacementProblem = { ...base, meetings: base.meetings.map((m, i) => (i === 0 ? { ...m, slot: 0, movable: false, droppable: false } : m)) };
    const { slots } = solvePlacement(p, { seed: 1 });
    expect([...slots]).toEqual([0, -1, -1]);
  });

  it('is deterministic for a seed and stops when asked, with a valid plan', () => {
    const specs: Spec[] = Array.from({ length: 40 }, (_, i) => ({ a: i % 12, b: (i * 5 + 1) % 12, must: i % 7 === 0 })).filter((x) => x.a !== x.b);
    const p = problem(12, 4, 3, specs);
    expect([...solvePlacement(p, { seed: 9 }).slots]).toEqual([...solvePlacement(p, { seed: 9 }).slots]);
    let polls = 0;
    const stopped = solvePlacement(p, { seed: 9, iterations: 1_000_000, shouldStop: () => ++polls > 1 });
    assertValid(p, stopped.slots);
  });
});

describe('planEvent with scarce tables', () => {
  it('places every feasible must-meet first, then mutual requests, on a generated-like instance', () => {
    const people = Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, name: `P${i}` }));
    const requests: MeetingRequest[] = [];
    for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) if ((i + j) % 3 === 0) requests.push({ from: `p${i}`, to: `p${j}`, status: 'accepted', must: (i * j) % 5 === 1 });
    const input: EventInput = { eventId: 'e', seed: 4, people, slots: makeSlots('2026-11-24T09:00:00Z', 3, 20), tableCount: 2, requests };
    const { plan, wanted } = planEvent(input);
    const musts = wanted.filter((w) => w.must).map((w) => w.key);
    const placedKeys = new Set(plan.meetings.map((m) => `${m.people[0]}\u0000${m.people[1]}`));
    expect(plan.meetings.length).toBe(6);
    expect(musts.filter((k) => placedKeys.has(k)).length).toBe(Math.min(6, musts.length));
  });
});
