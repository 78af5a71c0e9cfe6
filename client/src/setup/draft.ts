/**
 * The day as the setup screens edit it (plain strings, as typed), and the request bodies made from it.
 * Challenges are pasted one per line; participants are pasted or loaded as CSV and checked with the same
 * parser the API uses (shared/workshop/participants-csv.ts), so the row errors shown are the API's.
 */
import { parseParticipantsCsv, type ParticipantRow } from '../../../shared/workshop/participants-csv.ts';
import type { RowError } from '../../../shared/matchmaking/csv.ts';
import type { Api, BodyOf } from '../../../shared/schema/api.ts';
import type { WorkshopSummary } from '../api.ts';

export type AgendaDraft = { start: string; end: string; title: string; interactive: boolean };
export type RoomDraft = { key: string; id?: string; name: string; template: string; challengesText: string };
export type SessionDraft = { key: string; id?: string; title: string; template: string; rooms: RoomDraft[] };
export type DayDraft = {
  title: string;
  date: string;
  voteBudget: number;
  agenda: AgendaDraft[];
  sessions: SessionDraft[];
  participantsText: string;
};

let counter = 0;
/** A key for React lists that stays with a row while rows are added and removed. */
export const newKey = (): string => `k${++counter}`;

export function emptyRoom(n: number, template: string): RoomDraft {
  return { key: newKey(), name: `Room ${n}`, template, challengesText: '' };
}

export function emptySession(template: string): SessionDraft {
  return { key: newKey(), title: '', template, rooms: [emptyRoom(1, template), emptyRoom(2, template)] };
}

export function emptyDay(): DayDraft {
  return { title: '', date: '', voteBudget: 3, agenda: [], sessions: [], participantsText: '' };
}

/** One challenge per non-empty line, trimmed. */
export function challengesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export type ParticipantsCheck = { ok: true; rows: ParticipantRow[] } | { ok: false; errors: readonly RowError[] };

/** Empty text is no participants (they may all join by name); otherwise every row must be good. */
export function checkParticipants(text: string, taken: readonly string[] = []): ParticipantsCheck {
  if (text.trim() === '') return { ok: true, rows: [] };
  const result = parseParticipantsCsv(text, taken);
  return result.ok ? { ok: true, rows: result.value } : { ok: false, errors: result.errors };
}

export function roomBody(room: RoomDraft, sessionTemplate: string, withId: boolean) {
  return {
    ...(withId && room.id ? { id: room.id } : {}),
    name: room.name.trim(),
    challenges: challengesOf(room.challengesText),
    ...(room.template !== sessionTemplate && !room.id ? { template: room.template } : {}),
  };
}

export function sessionBody(session: SessionDraft) {
  return { title: session.title.trim(), template: session.template, rooms: session.rooms.map((r) => roomBody(r, session.template, false)) };
}

/** PATCH /sessions/:id: rooms with their ids (kept), new ones without (added), missing ones removed. */
export function sessionEditBody(session: SessionDraft) {
  return { title: session.title.trim(), rooms: session.rooms.map((r) => roomBody(r, session.template, true)) };
}

export function detailsBody(day: Pick<DayDraft, 'title' | 'date' | 'voteBudget' | 'agenda'>) {
  return {
    title: day.title.trim(),
    date: day.date === '' ? null : day.date,
    voteBudget: day.voteBudget,
    agenda: day.agenda.map((b) => ({ start: b.start, end: b.end, title: b.title.trim(), interactive: b.interactive })),
  };
}

/** POST /api/workshops, or the participants' row errors when the pasted list does not read. */
export function createBody(day: DayDraft): { ok: true; body: BodyOf<Api['createWorkshop']> } | { ok: false; errors: readonly RowError[] } {
  const people = checkParticipants(day.participantsText);
  if (!people.ok) return people;
  return {
    ok: true,
    body: { ...detailsBody(day), sessions: day.sessions.map(sessionBody), participants: people.rows },
  };
}

/** The setup screens' draft of a workshop that exists (for editing it later). */
export function draftFromSummary(w: WorkshopSummary): DayDraft {
  return {
    title: w.title,
    date: w.date ?? '',
    voteBudget: w.voteBudget,
    agenda: w.agenda.map((b) => ({ ...b })),
    participantsText: '',
    sessions: w.sessions.map((s) => ({
      key: newKey(),
      id: s.id,
      title: s.title,
      template: s.template,
      rooms: s.rooms.map((r) => ({ key: newKey(), id: r.id, name: r.name, template: r.template ?? s.template, challengesText: r.challenges.join('\n') })),
    })),
  };
}

/** "Row 3: a name is needed" lines from an API message "row 3: ... | row 5: ..." or from row errors. */
export function rowErrorLines(errors: readonly RowError[] | string): string[] {
  if (typeof errors === 'string') return errors.split(' | ').map((line) => line.replace(/^row /, 'Row '));
  return errors.map((e) => `Row ${e.row}: ${e.messages.join('; ')}`);
}
