import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxWeightMatching } from './blossom.ts';
import { bruteForceMatching, matchingValue } from './brute-force.ts';
import { generateWorkshop } from './generate.ts';
import type { Person, Plan, Wish } from './model.ts';
import { pairKey } from './model.ts';
import { diffPlans } from './ops.ts';
import { qualityReport } from './quality.ts';
import { createScorer } from './weights.ts';
import type { WorkshopInput } from './workshop.ts';
import { planWorkshop, replanWorkshop } from './workshop.ts';

const instance = fc
  .record({
    n: fc.integer({ min: 2, max: 12 }),
    rounds: fc.integer({ min: 1, max: 6 }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    odd: fc.constantFrom('bye' as const, 'triad' as const),
    noThanks: fc.double({ min: 0, max: 0.6, noNaN: true }),
    blockedRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
    withFixed: fc.boolean(),
  })
  .map(({ n, rounds, seed, odd, noThanks, blockedRate, withFixed }): WorkshopInput => {
    const base = generateWorkshop(n, rounds, { seed, noThanksRate: noThanks, minWishes: 1, maxWishes: 5 });
    let x = seed;
    const rand = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    const people = base.people.map((p): Person => {
      const blockedSlots = base.slots.map((s) => s.index).filter(() => rand() < blockedRate);
      return { ...p, blockedSlots };
    });
    const fixed: { people: [string, string]; slot: number }[] = [];
    const [a, b] = people;
    if (withFixed && a && b && !refusedPair(base.wishes, a.id, b.id) && !a.blockedSlots?.includes(0) && !b.blockedSlots?.includes(0)) {
      fixed.push({ people: [a.id, b.id], slot: 0 });
    }
    return { ...base, people, odd, fixed };
  });

function refusedPair(wishes: readonly Wish[], a: string, b: string): boolean {
  return wishes.some((w) => w.level === 'no' && pairKey(w.from, w.to) === pairKey(a, b));
}

/** Checks every hard rule of a workshop plan, independently of the planner's own bookkeeping. */
function assertWorkshopRules(plan: Plan, input: WorkshopInput): void {
  const pairs = new Set<string>((input.alreadyMet ?? []).map(([a, b]) => pairKey(a, b)));
  for (const slot of input.slots) {
    const available = input.people.filter((p) => !p.blockedSlots?.includes(slot.index)).map((p) => p.id);
    const seen: string[] = [];
    for (const m of plan.meetings.filter((m) => m.slot === slot.index)) {
      expect(m.people.length === 2 || m.people.length === 3).toBe(true);
      seen.push(...m.people);
      for (let i = 0; i < m.people.length; i++) {
        for (let j = i + 1; j < m.people.length; j++) {
          const a = m.people[i] as string;
          const b = m.people[j] as string;
          expect(pairs.has(pairKey(a, b)), `repeat ${a}-${b}`).toBe(false);
          pairs.add(pairKey(a, b));
          const fixed = (input.fixed ?? []).some((f) => pairKey(...f.people) === pairKey(a, b));
          if (!fixed) expect(refusedPair(input.wishes, a, b), `no-thanks pair ${a}-${b}`).toBe(false);
        }
      }
    }
    const byes = plan.byes.filter((b) => b.slot === slot.index).map((b) => b.person);
    seen.push(...byes);
    // Every available person exactly once per round (in a meeting or sitting out), nobody unavailable.
    expect([...seen].sort()).toEqual([...available].sort());
  }
  for (const f of input.fixed ?? []) {
    expect(plan.meetings.some((m) => m.slot === f.slot && pairKey(m.people[0] ?? '', m.people[1] ?? '') === pairKey(...f.people))).toBe(true);
  }
}

describe('planWorkshop', () => {
  it('keeps the hard rules on random instances', () => {
    fc.assert(
      fc.property(instance, (input) => {
        const { plan } = planWorkshop(input);
        assertWorkshopRules(plan, input);
        // Rotation: whoever sits out for an odd count has sat out no more often than anybody else present.
        const sat = new Map<string, number>();
        for (const slot of input.slots) {
          const present = input.people.filter((p) => !p.blockedSlots?.includes(slot.index)).map((p) => p.id);
          const fewest = Math.min(...present.map((p) => sat.get(p) ?? 0));
          const byes = plan.byes.filter((b) => b.slot === slot.index);
          for (const b of byes) if (b.reason.startsWith('odd')) expect(sat.get(b.person) ?? 0).toBe(fewest);
          for (const b of byes) sat.set(b.person, (sat.get(b.person) ?? 0) + 1);
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('solves every round optimally (brute force, n <= 10)', () => {
    fc.assert(
      fc.property(instance.filter((i) => i.people.length <= 10), (input) => {
        const { trace } = planWorkshop(input);
        for (const round of trace) {
          const n = round.vertices.length + (round.hasDummy ? 1 : 0);
          const got = matchingValue(round.edges, round.chosen);
          expect(got).toEqual(bruteForceMatching(n, round.edges, true));
        }
      }),
      { numRuns: 120, seed: 11 },
    );
  });

  it('gives a rotated bye with an odd count, never to the same person twice', () => {
    const input = { ...generateWorkshop(7, 7, { seed: 3, noThanksRate: 0 }), odd: 'bye' as const };
    const { plan } = planWorkshop(input);
    const byes = plan.byes.map((b) => b.person);
    expect(byes).toHaveLength(7);
    expect(new Set(byes).size).toBe(7);
  });

  it('forms triads with an odd count, a different third each time', () => {
    const input = { ...generateWorkshop(11, 5, { seed: 5, noThanksRate: 0 }), odd: 'triad' as const };
    const { plan } = planWorkshop(input);
    const triads = plan.meetings.filter((m) => m.people.length === 3);
    expect(triads).toHaveLength(5);
    expect(plan.byes).toHaveLength(0);
    const thirds = triads.map((t) => /; (Person \d+) joins as a third/.exec(t.reason)?.[1]);
    expect(thirds.every(Boolean)).toBe(true);
    expect(new Set(thirds).size).toBe(5);
  });

  it('puts mutual wishes first and records the reason', () => {
    const people: Person[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id.toUpperCase() }));
    const wishes: Wish[] = [
      { from: 'a', to: 'b', level: 'like' },
      { from: 'b', to: 'a', level: 'like' },
      { from: 'c', to: 'a', level: 'must' },
      { from: 'd', to: 'b', level: 'must' },
    ];
    const { plan } = planWorkshop({ eventId: 'e', seed: 1, people, wishes, slots: generateWorkshop(4, 1, { seed: 1 }).slots });
    const ab = plan.meetings.find((m) => m.people.join() === 'a,b');
    expect(ab?.reason).toBe('mutual wish');
    expect(plan.meetings.find((m) => m.people.join() === 'c,d')?.reason).toBe('open pairing: no stated preference');
  });

  it('is deterministic for a seed', () => {
    const input = generateWorkshop(21, 6, { seed: 99 });
    expect(planWorkshop(input).plan).toEqual(planWorkshop(input).plan);
  });

  it('meets mutual wishes and gives everybody two wished meetings on a 30 x 6 instance', () => {
    const input = generateWorkshop(30, 6, { seed: 3 });
    const { plan } = planWorkshop(input);
    const q = qualityReport({ plan, people: input.people, wishes: input.wishes });
    expect(q.repeats).toBe(0);
    expect(q.mutual.share).toBe(1);
    expect(q.belowKWished).toEqual([]);
  });
});

describe('replanWorkshop', () => {
  const input = generateWorkshop(20, 6, { seed: 4 });
  const first = planWorkshop(input).plan;

  it('keeps past rounds and lists exactly what changed when somebody leaves', () => {
    const leaver = 'p003';
    const people = input.people.map((p) => (p.id === leaver ? { ...p, blockedSlots: [2, 3, 4, 5] } : p));
    const next = replanWorkshop(first, { ...input, people }, { fromSlot: 2 }).plan;
    for (const slot of [0, 1]) {
      expect(next.meetings.filter((m) => m.slot === slot)).toEqual(first.meetings.filter((m) => m.slot === slot));
    }
    expect(next.meetings.some((m) => m.slot >= 2 && m.people.includes(leaver))).toBe(false);
    assertWorkshopRules(next, { ...input, people });
    // The diff is exactly the set difference of (id, slot, table).
    const changes = diffPlans(first, next);
    const key = (m: { id: string; slot: number; table: number | null }): string => `${m.id}@${m.slot}/${m.table}`;
    const before = new Set(first.meetings.map(key));
    const after = new Set(next.meetings.map(key));
    const changedIds = new Set([...first.meetings.filter((m) => !after.has(key(m))), ...next.meetings.filter((m) => !before.has(key(m)))].map((m) => m.id));
    expect(new Set(changes.filter((c) => 'id' in c).map((c) => ('id' in c ? c.id : '')))).toEqual(changedIds);
    expect(changes.every((c) => !('from' in c) || c.from.slot >= 2)).toBe(true);
    // Minimal change: the leaver's meetings are cancelled and their partners sit out; nothing else moves.
    const theirs = first.meetings.filter((m) => m.slot >= 2 && m.people.includes(leaver));
    expect(changes.filter((c) => c.kind !== 'bye-added').map((c) => ('id' in c ? `${c.kind} ${c.id}` : ''))).toEqual(theirs.map((m) => `cancelled ${m.id}`));
    expect(changes.filter((c) => c.kind === 'bye-added').map((c) => ('person' in c ? `${c.slot} ${c.person}` : ''))).toEqual(
      theirs.map((m) => `${m.slot} ${m.people.find((p) => p !== leaver)}`),
    );
    // Cancelled meetings carry a bumped sequence; moved ones too.
    for (const c of next.cancelled) expect(c.sequence).toBeGreaterThan(0);
  });

  it('fill-only keeps every later meeting and seats the late arrival', () => {
    const late: Person = { id: 'late', name: 'Late Comer', blockedSlots: [0, 1] };
    const people = [...input.people, late];
    const next = replanWorkshop(first, { ...input, people }, { fromSlot: 2, fillOnly: true }).plan;
    for (const m of first.meetings) expect(next.meetings).toContainEqual(m);
    const lateRounds = [2, 3, 4, 5].map((s) => next.meetings.some((m) => m.slot === s && m.people.includes('late')) || next.byes.some((b) => b.slot === s && b.person === 'late'));
    expect(lateRounds).toEqual([true, true, true, true]);
    assertWorkshopRules(next, { ...input, people });
  });

  it('keeps locked later meetings', () => {
    const target = first.meetings.find((m) => m.slot === 4) as (typeof first.meetings)[number];
    const locked = { ...first, meetings: first.meetings.map((m) => (m.id === target.id ? { ...m, locked: true } : m)) };
    const people = input.people.map((p) => (target.people.includes(p.id) || p.id !== 'p000' ? p : { ...p, blockedSlots: [3, 4, 5] }));
    const next = replanWorkshop(locked, { ...input, people }, { fromSlot: 3 }).plan;
    const after = next.meetings.find((m) => m.id === target.id);
    expect(after?.slot).toBe(4);
    expect(after?.locked).toBe(true);
  });
});

describe('fixed meetings', () => {
  it('drops a fixed meeting that clashes with another or with an absence, with a note', () => {
    const input = generateWorkshop(6, 2, { seed: 1 });
    const people = input.people.map((p) => (p.id === 'p005' ? { ...p, blockedSlots: [1] } : p));
    const { plan } = planWorkshop({
      ...input,
      people,
      fixed: [
        { people: ['p000', 'p001'], slot: 0 },
        { people: ['p001', 'p002'], slot: 0 },
        { people: ['p004', 'p005'], slot: 1 },
      ],
    });
    expect(plan.meetings.find((m) => m.slot === 0 && m.people.join() === 'p000,p001')?.locked).toBe(true);
    expect(plan.meetings.some((m) => m.people.join() === 'p001,p002' && m.slot === 0)).toBe(false);
    expect(plan.notes).toEqual([
      'round 1: p001 + p002 cannot be kept: p001 is away or already seated',
      'round 2: p004 + p005 cannot be kept: p005 is away or already seated',
    ]);
    assertWorkshopRules(plan, { ...input, people, fixed: [{ people: ['p000', 'p001'], slot: 0 }] });
  });
});

describe('planWorkshop, large rounds', () => {
  it('plans a round of 240 people: the tier weights stay safe integers (rank and complementarity coarsened)', () => {
    const input = generateWorkshop(240, 1, { seed: 21, mutualShare: 0.25 });
    const { plan, trace } = planWorkshop(input, { sweeps: 0 });
    expect(plan.meetings).toHaveLength(120);
    expect(trace[0]?.edges.every((e) => Number.isSafeInteger(e.weight))).toBe(true);
    // The top tiers stay exact: mutual wishes with a "must" first, then mutual wishes, as a matching over the
    // mutual pairs alone would have them (1,000 per mutual must-pair outweighs any count of plain mutual pairs).
    const scorer = createScorer(input.people, input.wishes);
    const ids = input.people.map((p) => p.id);
    const value = (a: string, b: string): number => {
      const info = scorer.info(a, b);
      return info.mutual ? (info.ab === 'must' || info.ba === 'must' ? 1_000 : 1) : 0;
    };
    const mutualEdges = ids.flatMap((a, i) => ids.slice(i + 1).map((b, j) => ({ a: i, b: i + 1 + j, weight: value(a, b) }))).filter((e) => e.weight > 0);
    const best = maxWeightMatching(ids.length, mutualEdges).reduce((sum, [i, j]) => sum + value(ids[i] as string, ids[j] as string), 0);
    const ours = plan.meetings.reduce((sum, m) => sum + value(m.people[0] as string, m.people[1] as string), 0);
    const q = qualityReport({ plan, people: input.people, wishes: input.wishes });
    expect(q.repeats + q.doubleBookings).toBe(0);
    expect(ours).toBe(best);
  });
});
