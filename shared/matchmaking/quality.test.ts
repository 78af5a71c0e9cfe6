import { describe, expect, it } from 'vitest';
import type { Meeting, Person, Plan, Wish } from './model.ts';
import { makeSlots } from './model.ts';
import { qualityReport } from './quality.ts';
import { nextUp, personAgenda, slotSheet } from './agenda.ts';

const people: Person[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id.toUpperCase(), country: 'DE' }));
const m = (slot: number, people: string[], table: number): Meeting => ({ id: `${people.join('')}${slot}`, slot, people, table, weight: 1, reason: 'because', locked: false, sequence: 0 });
const plan: Plan = {
  mode: 'workshop',
  eventId: 'e',
  seed: 1,
  slots: makeSlots('2026-11-23T15:00:00Z', 3, 15),
  tableCount: 2,
  meetings: [m(0, ['a', 'b'], 1), m(0, ['c', 'd'], 2), m(2, ['a', 'c'], 1)],
  byes: [],
  cancelled: [],
  notes: [],
};
const wishes: Wish[] = [
  { from: 'a', to: 'b', level: 'like' },
  { from: 'b', to: 'a', level: 'must' },
  { from: 'a', to: 'd', level: 'like' },
  { from: 'd', to: 'a', level: 'like' },
  { from: 'c', to: 'a', level: 'like' },
  { from: 'b', to: 'c', level: 'like' },
  { from: 'c', to: 'b', level: 'no' },
];

describe('qualityReport', () => {
  const q = qualityReport({ plan, people, wishes, k: 1, computeMs: 12 });
  it.each([
    ['mutual', q.mutual, { wanted: 2, met: 1, share: 0.5 }],
    ['one-sided', q.oneSided, { wanted: 1, met: 1, share: 1 }],
    ['must', q.must, { wanted: 1, met: 1, share: 1 }],
  ])('counts %s wishes', (_, got, expected) => {
    expect(got).toEqual(expected);
  });

  it('finds idle slots, gaps, people short of wished meetings, table use', () => {
    // a: slots 0 and 2 (gap at 1); b, d: only slot 0; c: 0 and 2 (gap).
    expect(q.idlePersonSlots).toBe(1 + 2 + 1 + 2);
    expect(q.gaps).toBe(2);
    expect(q.belowKWished).toEqual(['d']);
    expect(q.belowKMeetings).toEqual([]);
    expect(q.tableUse.map((t) => t.used)).toEqual([2, 0, 1]);
    expect(q.repeats).toBe(0);
    expect(q.computeMs).toBe(12);
  });

  it('says why a wish was not met', () => {
    expect(q.unmet).toEqual([{ people: ['a', 'd'], kind: 'mutual', reason: 'higher-weight pairings won in all 3 common rounds' }]);
  });

  it('counts repeats and double bookings', () => {
    const bad = { ...plan, meetings: [...plan.meetings, m(1, ['a', 'b'], 1), m(1, ['a', 'd'], 2)] };
    const r = qualityReport({ plan: bad, people, wishes });
    expect(r.repeats).toBe(1);
    expect(r.doubleBookings).toBe(1);
  });
});

describe('printables', () => {
  it('prints a personal agenda with free slots', () => {
    expect(personAgenda(plan, 'a', people)).toBe(
      [
        '# Agenda for A',
        '',
        '| When | Time (UTC) | Where | With | Why |',
        '|---|---|---|---|---|',
        '| Round 1 | 15:00-15:15 | Table 1 | B (DE) | because |',
        '| Round 2 | 15:15-15:30 | - | free |  |',
        '| Round 3 | 15:30-15:45 | Table 1 | C (DE) | because |',
        '',
      ].join('\n'),
    );
    expect(personAgenda(plan, 'a', people, 'text').split('\n')[0]).toBe('Agenda for A');
  });

  it('prints a slot sheet in table order', () => {
    const sheet = slotSheet(plan, 0, people, 'text');
    const lines = sheet.split('\n');
    expect(lines[0]).toBe('Round 1, 15:00-15:15 UTC');
    expect(lines.slice(4, 6).map((l) => l.split(/\s{2,}/)[0])).toEqual(['1', '2']);
  });
});

describe('nextUp', () => {
  it.each([
    ['2026-11-23T14:00:00Z', 'next: round 1, 15:00-15:15, table 1, with B (DE) - because', 3_600_000],
    ['2026-11-23T15:05:00Z', 'now: round 1, 15:00-15:15, table 1, with B (DE) - because', -300_000],
    ['2026-11-23T15:20:00Z', 'next: round 3, 15:30-15:45, table 1, with C (DE) - because', 600_000],
  ])('at %s', (now, text, startsInMs) => {
    expect(nextUp(plan, 'a', people, now)).toMatchObject({ text, startsInMs });
  });

  it('is null after the last meeting', () => {
    expect(nextUp(plan, 'a', people, '2026-11-23T16:00:00Z')).toBeNull();
  });
});
