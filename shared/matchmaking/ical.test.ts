import { describe, expect, it } from 'vitest';
import { planEvent, replanEvent } from './event.ts';
import { generateEvent, generateWorkshop } from './generate.ts';
import { escapeText, fold, meetingUid, personCalendar } from './ical.ts';
import { planWorkshop, replanWorkshop } from './workshop.ts';

const stamp = '2026-11-23T12:00:00Z';

/** VEVENTs of a feed as UID -> {SEQUENCE, STATUS, DTSTART}, after unfolding. */
function events(ics: string): Map<string, Record<string, string>> {
  const lines = ics.replace(/\r\n /g, '').split('\r\n');
  const out = new Map<string, Record<string, string>>();
  let cur: Record<string, string> | null = null;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') cur = {};
    else if (l === 'END:VEVENT' && cur) {
      out.set(cur['UID'] as string, cur);
      cur = null;
    } else if (cur) {
      const i = l.indexOf(':');
      cur[l.slice(0, i)] = l.slice(i + 1);
    }
  }
  return out;
}

describe('personCalendar', () => {
  const input = generateEvent(40, 8, { seed: 21, tables: 15, blockedRate: 0.1 });
  const first = planEvent(input).plan;
  const person = first.meetings.find((m) => m.slot >= 4)?.people[0] as string;

  it('writes a valid feed: CRLF, folded at 75 octets, one VEVENT per meeting', () => {
    const ics = personCalendar(first, person, input.people, { generatedAt: stamp });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(events(ics).size).toBe(first.meetings.filter((m) => m.people.includes(person)).length);
    expect(ics).toContain('DTSTAMP:20261123T120000Z');
  });

  it('keeps UIDs across a re-plan: moved meetings get a higher SEQUENCE, dropped ones are CANCELLED', () => {
    const before = events(personCalendar(first, person, input.people, { generatedAt: stamp }));
    const partner = first.meetings.find((m) => m.slot >= 4 && m.people.includes(person))?.people.find((p) => p !== person) as string;
    const people = input.people.filter((p) => p.id !== partner);
    const next = replanEvent(first, { ...input, people }, { fromSlot: 4 }).plan;
    const after = events(personCalendar(next, person, people, { generatedAt: stamp }));
    // Every old UID is still in the feed (confirmed or cancelled): no orphans, no duplicates.
    for (const uid of before.keys()) expect(after.has(uid)).toBe(true);
    for (const [uid, ev] of after) {
      const old = before.get(uid);
      if (!old) {
        expect(ev['SEQUENCE']).toBe('0');
        continue;
      }
      if (ev['STATUS'] === 'CANCELLED') expect(Number(ev['SEQUENCE'])).toBe(Number(old['SEQUENCE']) + 1);
      else if (ev['DTSTART'] !== old['DTSTART'] || ev['LOCATION'] !== old['LOCATION']) expect(Number(ev['SEQUENCE'])).toBeGreaterThan(Number(old['SEQUENCE']));
      else expect(ev['SEQUENCE']).toBe(old['SEQUENCE']);
    }
    const cancelledUid = meetingUid(first, first.meetings.find((m) => m.slot >= 4 && m.people.includes(person) && m.people.includes(partner)) as { id: string });
    expect(after.get(cancelledUid)?.['STATUS']).toBe('CANCELLED');
  });

  it('derives UIDs from the event and the pair, not from the slot', () => {
    const input = generateWorkshop(12, 4, { seed: 2 });
    const a = planWorkshop(input).plan;
    const b = replanWorkshop(a, { ...input, people: input.people.map((p) => (p.id === 'p001' ? { ...p, blockedSlots: [2, 3] } : p)) }, { fromSlot: 2 }).plan;
    const uidsA = new Map(a.meetings.map((m) => [m.people.join(), meetingUid(a, m)]));
    for (const m of b.meetings) {
      const old = uidsA.get(m.people.join());
      if (old) expect(meetingUid(b, m)).toBe(old);
    }
    const other = planWorkshop({ ...input, eventId: 'another-event' }).plan;
    const oldUids = new Set(uidsA.values());
    expect(other.meetings.filter((m) => oldUids.has(meetingUid(other, m)))).toEqual([]);
  });

  it('escapes text and folds multi-byte characters without splitting them', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const folded = fold(`SUMMARY:${'é'.repeat(60)}`);
    for (const part of folded.split('\r\n')) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'é'.repeat(60)}`);
  });
});
