/**
 * One iCalendar feed per person (RFC 5545). Each meeting's UID comes from its id, which is derived from the
 * event id and the people in it, never from the slot: a re-plan that moves a meeting re-publishes the same UID
 * with a higher SEQUENCE, and a meeting the re-plan dropped is published as STATUS:CANCELLED. Calendars that
 * subscribe to the feed therefore update or remove entries instead of piling up duplicates.
 */
import type { Meeting, Person, Plan } from './model.ts';

export interface IcalOptions {
  /** DTSTAMP, ISO 8601: when the feed was generated (the caller's clock; the core stays pure). */
  readonly generatedAt: string;
  /** Domain part of the UIDs. */
  readonly domain?: string;
  readonly calendarName?: string;
}

export function meetingUid(plan: Pick<Plan, 'eventId'>, meeting: Pick<Meeting, 'id'>, domain = 'plenary.local'): string {
  // meeting.id already hashes the event id with the people; the event id is repeated for readability.
  const event = plan.eventId.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 40);
  return `${meeting.id}.${event}@${domain}`;
}

export function personCalendar(plan: Plan, personId: string, people: readonly Person[], options: IcalOptions): string {
  const byId = new Map(people.map((p) => [p.id, p]));
  const slots = new Map(plan.slots.map((s) => [s.index, s]));
  const stamp = icalTime(options.generatedAt);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Plenary//Matchmaking//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.calendarName ?? `${plan.eventId}: ${byId.get(personId)?.name ?? personId}`)}`,
  ];
  const mine = (m: Meeting): boolean => m.people.includes(personId);
  const events: Array<{ m: Meeting; status: 'CONFIRMED' | 'CANCELLED' }> = [
    ...plan.meetings.filter(mine).map((m) => ({ m, status: 'CONFIRMED' as const })),
    ...plan.cancelled.filter(mine).map((m) => ({ m, status: 'CANCELLED' as const })),
  ];
  for (const { m, status } of events) {
    const slot = slots.get(m.slot);
    if (!slot) continue;
    const others = m.people.filter((p) => p !== personId).map((p) => describePerson(byId.get(p), p));
    lines.push(
      'BEGIN:VEVENT',
      `UID:${meetingUid(plan, m, options.domain)}`,
      `DTSTAMP:${stamp}`,
      `SEQUENCE:${m.sequence}`,
      `DTSTART:${icalTime(slot.start)}`,
      `DTEND:${icalTime(slot.end)}`,
      `SUMMARY:${escapeText(`Meeting with ${others.join(' and ')}`)}`,
      ...(m.table === null ? [] : [`LOCATION:${escapeText(`Table ${m.table}`)}`]),
      `DESCRIPTION:${escapeText(`Why: ${m.reason}`)}`,
      `STATUS:${status}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

function describePerson(p: Person | undefined, id: string): string {
  if (!p) return id;
  const extra = [p.organisation ?? p.cluster, p.country].filter(Boolean);
  return extra.length > 0 ? `${p.name} (${extra.join(', ')})` : p.name;
}

/** 2026-11-23T15:45:00.000Z -> 20261123T154500Z */
export function icalTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`bad time ${iso}`);
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets continue on the next line after CRLF + space (RFC 5545, 3.1). */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = utf8Length(ch);
    const limit = parts.length === 0 ? 75 : 74;
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}
