/**
 * Plain data shared by both planning modes. A plan is a list of meetings, each in one slot (a workshop round or
 * an event time slot), with its reason and a stable id derived from the event id and the people in it.
 */
import { hash32 } from './rng.ts';

export const WishLevel = { must: 'must', like: 'like', no: 'no' } as const;
export type WishLevel = (typeof WishLevel)[keyof typeof WishLevel];

export const OddCountPolicy = { bye: 'bye', triad: 'triad' } as const;
export type OddCountPolicy = (typeof OddCountPolicy)[keyof typeof OddCountPolicy];

export const RequestStatus = { accepted: 'accepted', declined: 'declined', pending: 'pending' } as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly organisation?: string;
  readonly cluster?: string;
  readonly country?: string;
  readonly sector?: string;
  /** What this person brings ("funding", "test site"); matched against others' `seeks`. */
  readonly offers?: readonly string[];
  readonly seeks?: readonly string[];
  /** Themes they work on ("hydrogen valleys"); a shared topic is a reason to meet. */
  readonly topics?: readonly string[];
  /** Slot indices in which this person is not available (blocked, not yet arrived, already left). */
  readonly blockedSlots?: readonly number[];
  /** Event mode: the table this person hosts every meeting at (1-based), if any. */
  readonly fixedTable?: number;
}

/** "from" wants to meet "to" (must / like), or refuses (no). `rank` 1 = first choice, optional. */
export interface Wish {
  readonly from: string;
  readonly to: string;
  readonly level: WishLevel;
  readonly rank?: number;
}

export interface Slot {
  readonly index: number;
  /** ISO 8601 instants, UTC ("2026-11-23T15:45:00Z"). */
  readonly start: string;
  readonly end: string;
}

/** A pre-arranged meeting the planner must keep (slot given) or place first (slot omitted, event mode). */
export interface FixedMeeting {
  readonly people: readonly [string, string];
  readonly slot: number;
  readonly table?: number;
}

export interface Meeting {
  /** Stable across re-plans: derived from the event id and the sorted people, never from the slot. */
  readonly id: string;
  readonly slot: number;
  /** Sorted ids; two people, or three for a workshop triad. */
  readonly people: readonly string[];
  /** 1-based table, null when no table was assigned. */
  readonly table: number | null;
  readonly weight: number;
  readonly reason: string;
  readonly locked: boolean;
  /** iCalendar SEQUENCE: bumped whenever a re-plan or an organiser edit changes slot or table. */
  readonly sequence: number;
}

export interface Bye {
  readonly slot: number;
  readonly person: string;
  readonly reason: string;
}

/** A wish or request the plan does not fulfil, with the reason. */
export interface Unmet {
  readonly people: readonly [string, string];
  readonly kind: 'mutual' | 'one-sided' | 'request';
  readonly reason: string;
}

export interface Plan {
  readonly mode: 'workshop' | 'event';
  readonly eventId: string;
  readonly seed: number;
  readonly slots: readonly Slot[];
  readonly tableCount: number;
  readonly meetings: readonly Meeting[];
  readonly byes: readonly Bye[];
  /** Meetings that an earlier version of this plan had and this one dropped: exported as STATUS:CANCELLED. */
  readonly cancelled: readonly Meeting[];
  /** Table conflicts and similar remarks for the organiser. */
  readonly notes: readonly string[];
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

export function meetingId(eventId: string, people: readonly string[]): string {
  const sorted = [...people].sort();
  const readable = sorted.map((p) => p.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 16)).join('-');
  return `m-${readable}-${hash32(`${eventId}\u0000${sorted.join('\u0000')}`)}`;
}

export function byPlace(a: Meeting, b: Meeting): number {
  return a.slot - b.slot || (a.table ?? Infinity) - (b.table ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Build evenly spaced slots: `count` slots of `minutes`, with `breakMinutes` between them. */
export function makeSlots(startIso: string, count: number, minutes: number, breakMinutes = 0): Slot[] {
  const t0 = Date.parse(startIso);
  if (Number.isNaN(t0)) throw new Error(`bad start time ${startIso}`);
  const slots: Slot[] = [];
  for (let i = 0; i < count; i++) {
    const s = t0 + i * (minutes + breakMinutes) * 60_000;
    slots.push({ index: i, start: new Date(s).toISOString(), end: new Date(s + minutes * 60_000).toISOString() });
  }
  return slots;
}
