import { describe, expect, it } from 'vitest';
import { planEvent, replanEvent } from './event.ts';
import { generateEvent, generateWorkshop } from './generate.ts';
import type { Meeting, Plan } from './model.ts';
import { commit, describeChanges, diffPlans, lockMeeting, startHistory, swapMeetings, undo, validate } from './ops.ts';
import { planWorkshop } from './workshop.ts';

const workshop = generateWorkshop(12, 3, { seed: 6, noThanksRate: 0 });
const wplan = planWorkshop(workshop).plan;

function inSlot(plan: Plan, slot: number): Meeting[] {
  return plan.meetings.filter((m) => m.slot === slot);
}

describe('organiser edits', () => {
  it('swaps partners of two pairs in the same round and can undo it', () => {
    let h = startHistory(wplan);
    const round = inSlot(wplan, 1);
    const options = round.flatMap((x, i) => round.slice(i + 1).map((y) => [x, y, swapMeetings(wplan, x.id, y.id, workshop.people)] as const));
    // Some swaps would repeat a pair met in another round: refused with the reason.
    for (const [, , r] of options) if (!r.ok) expect(r.error).toMatch(/meet twice/);
    const found = options.find(([, , r]) => r.ok);
    if (!found) throw new Error('no valid swap in round 2');
    const [x, y, r] = found;
    h = commit(h, r);
    const pairs = inSlot(h.present, 1).map((m) => m.people.join('+'));
    expect(pairs).toContain([x.people[0], y.people[1]].sort().join('+'));
    expect(validate(h.present.meetings, workshop.people)).toBeNull();
    expect(h.present.cancelled.map((m) => m.id).sort()).toEqual([x.id, y.id].sort());
    h = undo(h);
    expect(h.present).toBe(wplan);
    expect(undo(h)).toBe(h);
  });

  it('swaps the slots of two event meetings and refuses double booking or blocked slots', () => {
    const input = generateEvent(30, 6, { seed: 3, tables: 10, blockedRate: 0.2 });
    const { plan } = planEvent(input);
    let swapped = 0;
    let refused = 0;
    for (let i = 0; i + 1 < plan.meetings.length && i < 60; i += 2) {
      const a = plan.meetings[i] as Meeting;
      const b = plan.meetings[i + 1] as Meeting;
      const r = swapMeetings(plan, a.id, b.id, input.people);
      if (r.ok) {
        swapped++;
        expect(validate(r.plan.meetings, input.people)).toBeNull();
        const a2 = r.plan.meetings.find((m) => m.id === a.id) as Meeting;
        expect(a2.slot).toBe(b.slot);
        expect(a2.table).toBe(b.table);
        if (a.slot !== b.slot || a.table !== b.table) expect(a2.sequence).toBe(a.sequence + 1);
      } else {
        refused++;
        expect(r.error).toMatch(/double-booked|not available|meet twice/);
      }
    }
    expect(swapped + refused).toBeGreaterThan(0);
  });

  it('locks a meeting so swaps refuse it and re-plans keep it', () => {
    const input = generateEvent(30, 6, { seed: 4, tables: 10 });
    const { plan } = planEvent(input);
    const target = plan.meetings.find((m) => m.slot === 5) as Meeting;
    const locked = lockMeeting(plan, target.id);
    if (!locked.ok) throw new Error(locked.error);
    const other = plan.meetings.find((m) => m.id !== target.id) as Meeting;
    expect(swapMeetings(locked.plan, target.id, other.id).ok).toBe(false);
    const next = replanEvent(locked.plan, input, { fromSlot: 2 }).plan;
    expect(next.meetings.find((m) => m.id === target.id)).toMatchObject({ slot: 5, table: target.table, locked: true });
    expect(lockMeeting(plan, 'nope')).toEqual({ ok: false, error: 'no meeting nope' });
  });

  it('describes changes in words', () => {
    const input = generateEvent(20, 4, { seed: 5, tables: 8 });
    const first = planEvent(input).plan;
    const gone = first.meetings.find((m) => m.slot >= 2)?.people[0] as string;
    const next = replanEvent(first, { ...input, people: input.people.filter((p) => p.id !== gone) }, { fromSlot: 2 }).plan;
    const lines = describeChanges(diffPlans(first, next), new Map(input.people.map((p) => [p.id, p.name])));
    expect(lines.some((l) => l.startsWith('cancelled: ') && l.includes(input.people.find((p) => p.id === gone)?.name as string))).toBe(true);
  });
});

describe('validate', () => {
  const m = (slot: number, people: string[]): Meeting => ({ id: people.join(), slot, people, table: 1, weight: 0, reason: '', locked: false, sequence: 0 });
  it.each([
    [[m(0, ['a', 'b']), m(0, ['a', 'c'])], [], 'a would be double-booked in slot 1'],
    [[m(0, ['a', 'b']), m(1, ['b', 'a'])], [], 'b and a would meet twice'],
    [[m(1, ['a', 'b'])], [{ id: 'a', name: 'A', blockedSlots: [1] }], 'a is not available in slot 2'],
    [[m(0, ['a', 'b']), m(1, ['a', 'c'])], [], null],
  ])('%#', (meetings, people, expected) => {
    expect(validate(meetings, people)).toBe(expected);
  });
});
