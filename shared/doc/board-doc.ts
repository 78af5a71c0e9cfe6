/**
 * Named writes to a room's board document (layout in layout.ts). Each accessor is exactly one
 * `doc.transact`, so observers and the network see it as one update; `origin` is passed through for
 * callers that tag where a change came from. Writers validate their input with the record schemas:
 * bad input from the caller throws here, before anything is written, while bad data already in a
 * document is readBoard's business.
 */
import * as Y from 'yjs';
import { NOTE_DEFAULTS, NOTE_STATUSES, NoteSchema, type NoteStatus } from '../schema/note.ts';
import { PlanRowSchema, type PlanRowInput } from '../schema/plan-row.ts';
import { ParticipantProfileSchema, type ParticipantProfileInput } from '../schema/profile.ts';
import { ZoneSchema, type ZoneInput } from '../schema/zone.ts';
import { BOARD_MAPS } from './layout.ts';

export type NewNote = {
  id?: string;
  text: string;
  author: string;
  color?: string;
  x: number;
  y: number;
  w?: number;
  h?: number;
  zone?: string | null;
  createdAt: number;
  status?: NoteStatus;
};

export function newId(): string {
  return globalThis.crypto.randomUUID();
}

export function notesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BOARD_MAPS.notes);
}

/** The zones map, for a reader that keeps its own incremental view (the canvas observes it). */
export function zonesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BOARD_MAPS.zones);
}

/** Whether an action-plan row is still on the board (someone may have deleted it meanwhile). */
export function hasPlanRow(doc: Y.Doc, rowId: string): boolean {
  return doc.getMap<unknown>(BOARD_MAPS.rows).get(rowId) instanceof Y.Map;
}

/** Whether a transaction changed the board's table zones or plan rows (what a table view shows). */
export function touchesTables(doc: Y.Doc, transaction: Y.Transaction): boolean {
  const tables = new Set<unknown>([doc.getMap(BOARD_MAPS.rows), doc.getMap(BOARD_MAPS.zones)]);
  for (const type of transaction.changedParentTypes.keys()) if (tables.has(type)) return true;
  for (const type of transaction.changed.keys()) if (tables.has(type)) return true;
  return false;
}

function noteMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  const note = notesMap(doc).get(id);
  if (!(note instanceof Y.Map)) throw new Error(`no note ${id}`);
  return note;
}

/** Adds a note and returns its id. */
export function addNote(doc: Y.Doc, input: NewNote, origin?: unknown): string {
  const note = NoteSchema.parse({
    id: input.id ?? newId(),
    text: input.text,
    author: input.author,
    color: input.color ?? NOTE_DEFAULTS.color,
    x: input.x,
    y: input.y,
    w: input.w ?? NOTE_DEFAULTS.w,
    h: input.h ?? NOTE_DEFAULTS.h,
    zone: input.zone ?? null,
    createdAt: input.createdAt,
    status: input.status,
  });
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    map.set('id', note.id);
    map.set('text', new Y.Text(note.text));
    map.set('author', note.author);
    map.set('color', note.color);
    map.set('x', note.x);
    map.set('y', note.y);
    map.set('w', note.w);
    map.set('h', note.h);
    map.set('zone', note.zone);
    map.set('createdAt', note.createdAt);
    if (note.status !== undefined) map.set('status', note.status);
    notesMap(doc).set(note.id, map);
  }, origin);
  return note.id;
}

/** Moves a note; `zone` (when given) re-parents it, null takes it out of any zone. */
export function moveNote(
  doc: Y.Doc,
  id: string,
  to: { x: number; y: number; zone?: string | null },
  origin?: unknown,
): void {
  const position = NoteSchema.pick({ x: true, y: true }).parse({ x: to.x, y: to.y });
  doc.transact(() => {
    const note = noteMap(doc, id);
    note.set('x', position.x);
    note.set('y', position.y);
    if (to.zone !== undefined) note.set('zone', to.zone);
  }, origin);
}

export function resizeNote(doc: Y.Doc, id: string, size: { w: number; h: number }, origin?: unknown): void {
  const parsed = NoteSchema.pick({ w: true, h: true }).parse(size);
  doc.transact(() => {
    const note = noteMap(doc, id);
    note.set('w', parsed.w);
    note.set('h', parsed.h);
  }, origin);
}

export function setNoteColor(doc: Y.Doc, id: string, color: string, origin?: unknown): void {
  const parsed = NoteSchema.shape.color.parse(color);
  doc.transact(() => noteMap(doc, id).set('color', parsed), origin);
}

export function setNoteStatus(doc: Y.Doc, id: string, status: NoteStatus, origin?: unknown): void {
  if (!NOTE_STATUSES.includes(status)) throw new Error(`unknown status ${String(status)}`);
  doc.transact(() => noteMap(doc, id).set('status', status), origin);
}

/**
 * The one contiguous span where `previous` and `next` differ: `removed` characters at `index` of
 * `previous` are replaced by `inserted`. Never splits a surrogate pair. Null when they are equal.
 */
export function textSpan(previous: string, next: string): { index: number; removed: number; inserted: string } | null {
  if (previous === next) return null;
  const limit = Math.min(previous.length, next.length);
  let prefix = 0;
  while (prefix < limit && previous.charCodeAt(prefix) === next.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(previous.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    previous.charCodeAt(previous.length - 1 - suffix) === next.charCodeAt(next.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(previous.charCodeAt(previous.length - suffix))) suffix--;
  return { index: prefix, removed: previous.length - prefix - suffix, inserted: next.slice(prefix, next.length - suffix) };
}

/**
 * Replaces a Y.Text's content with `next` by deleting and inserting only the changed middle, so that
 * a concurrent edit elsewhere in the same text survives. Never splits a surrogate pair.
 */
export function replaceText(text: Y.Text, next: string): void {
  const span = textSpan(text.toJSON(), next);
  if (span === null) return;
  if (span.removed > 0) text.delete(span.index, span.removed);
  if (span.inserted.length > 0) text.insert(span.index, span.inserted);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Sets the whole text of a note; an old client's plain-string text is upgraded to a Y.Text. */
export function updateNoteText(doc: Y.Doc, id: string, text: string, origin?: unknown): void {
  const parsed = NoteSchema.shape.text.parse(text);
  doc.transact(() => {
    const note = noteMap(doc, id);
    const current = note.get('text');
    if (current instanceof Y.Text) replaceText(current, parsed);
    else note.set('text', new Y.Text(parsed));
  }, origin);
}

export function deleteNote(doc: Y.Doc, id: string, origin?: unknown): void {
  doc.transact(() => notesMap(doc).delete(id), origin);
}

function setTextIn(doc: Y.Doc, mapName: string, key: string, text: string, origin: unknown): void {
  const parsed = PlanRowSchema.shape.cells.unwrap().valueType.parse(text);
  doc.transact(() => {
    const map = doc.getMap<unknown>(mapName);
    const current = map.get(key);
    if (current instanceof Y.Text) replaceText(current, parsed);
    else map.set(key, new Y.Text(parsed));
  }, origin);
}

/** Stage 1: the root causes of a challenge (keyed by the challenge's zone id). */
export function writeRootCauses(doc: Y.Doc, challenge: string, text: string, origin?: unknown): void {
  setTextIn(doc, BOARD_MAPS.rootCauses, challenge, text, origin);
}

/** Stage 5: the group's detailed write-up of the selected idea. */
export function writeDetails(doc: Y.Doc, challenge: string, text: string, origin?: unknown): void {
  setTextIn(doc, BOARD_MAPS.details, challenge, text, origin);
}

/** The free text of a canvas cell (one item per line). */
export function setCanvasCell(doc: Y.Doc, zone: string, text: string, origin?: unknown): void {
  setTextIn(doc, BOARD_MAPS.cells, zone, text, origin);
}

export type NewPlanRow = Omit<PlanRowInput, 'id' | 'v'> & { id?: string };

/** Adds a table row (action plan, RACI, goal tree ...) and returns its id. */
export function addPlanRow(doc: Y.Doc, input: NewPlanRow, origin?: unknown): string {
  const row = PlanRowSchema.parse({ ...input, id: input.id ?? newId() });
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    map.set('id', row.id);
    map.set('kind', row.kind);
    map.set('zone', row.zone);
    map.set('challenge', row.challenge);
    map.set('parent', row.parent);
    map.set('order', row.order);
    map.set('author', row.author);
    map.set('createdAt', row.createdAt);
    const cells = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(row.cells)) cells.set(key, value);
    map.set('cells', cells);
    doc.getMap(BOARD_MAPS.rows).set(row.id, map);
  }, origin);
  return row.id;
}

/** Sets one cell of a row; an empty string clears it. */
export function setPlanCell(doc: Y.Doc, rowId: string, column: string, value: string, origin?: unknown): void {
  const parsed = PlanRowSchema.shape.cells.unwrap().valueType.parse(value);
  const key = PlanRowSchema.shape.cells.unwrap().keyType.parse(column);
  doc.transact(() => {
    const row = doc.getMap(BOARD_MAPS.rows).get(rowId);
    if (!(row instanceof Y.Map)) throw new Error(`no row ${rowId}`);
    let cells: unknown = row.get('cells');
    if (!(cells instanceof Y.Map)) {
      cells = new Y.Map<unknown>();
      row.set('cells', cells);
    }
    if (parsed === '') (cells as Y.Map<unknown>).delete(key);
    else (cells as Y.Map<unknown>).set(key, parsed);
  }, origin);
}

/**
 * Reorders table rows: sets `order` of each listed row in one update (a move swaps two rows or
 * renumbers a run of rows with equal orders). Rows that no longer exist are skipped.
 */
export function setPlanRowOrders(doc: Y.Doc, orders: Readonly<Record<string, number>>, origin?: unknown): void {
  const parsed = Object.entries(orders).map(([id, order]) => [id, PlanRowSchema.shape.order.unwrap().parse(order)] as const);
  doc.transact(() => {
    const rows = doc.getMap(BOARD_MAPS.rows);
    for (const [id, order] of parsed) {
      const row = rows.get(id);
      if (row instanceof Y.Map && row.get('order') !== order) row.set('order', order);
    }
  }, origin);
}

export function deletePlanRow(doc: Y.Doc, rowId: string, origin?: unknown): void {
  doc.transact(() => doc.getMap(BOARD_MAPS.rows).delete(rowId), origin);
}

/** Adds or replaces a zone (templates add them at creation; facilitators may add more). */
export function putZone(doc: Y.Doc, input: ZoneInput, origin?: unknown): void {
  const zone = ZoneSchema.parse(input);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(zone)) {
      if (value !== undefined) map.set(key, value);
    }
    doc.getMap(BOARD_MAPS.zones).set(zone.id, map);
    if (zone.role === 'challenge') addChallengeTexts(doc, zone.id);
  }, origin);
}

/**
 * Gives a challenge its two empty collaborative texts when it has none. They must exist before anyone
 * types: two people who start typing into a missing text at the same moment would each create one, and
 * only one of the two map entries can win (the other person's first keystrokes would vanish). Call it
 * inside the transaction that creates the challenge.
 */
export function addChallengeTexts(doc: Y.Doc, challenge: string): void {
  for (const mapName of Object.values(CHALLENGE_TEXTS)) {
    const map = doc.getMap<unknown>(mapName);
    if (!map.has(challenge)) map.set(challenge, new Y.Text());
  }
}

export function deleteZone(doc: Y.Doc, zoneId: string, origin?: unknown): void {
  doc.transact(() => doc.getMap(BOARD_MAPS.zones).delete(zoneId), origin);
}

/** Writes a board's identity (fixtures and imports; templates go through initBoardDoc). */
export function setBoardMeta(doc: Y.Doc, meta: { id: string; title: string; templateId: string | null; createdAt: number }, origin?: unknown): void {
  doc.transact(() => {
    const map = doc.getMap<unknown>(BOARD_MAPS.meta);
    map.set('id', meta.id);
    map.set('title', meta.title);
    map.set('templateId', meta.templateId);
    map.set('createdAt', meta.createdAt);
  }, origin);
}

export function setBoardTitle(doc: Y.Doc, title: string, origin?: unknown): void {
  const parsed = ZoneSchema.shape.title.parse(title);
  doc.transact(() => doc.getMap(BOARD_MAPS.meta).set('title', parsed), origin);
}

/** Stores a participant profile (migrated from older versions first). */
export function setProfile(doc: Y.Doc, input: ParticipantProfileInput, origin?: unknown): void {
  const profile = ParticipantProfileSchema.parse(input);
  doc.transact(() => doc.getMap(BOARD_MAPS.profiles).set(profile.id, profile), origin);
}

/** The two collaborative texts of a challenge: its root causes (stage 1) and its detailed best idea (stage 5). */
export const CHALLENGE_TEXTS = { rootCauses: BOARD_MAPS.rootCauses, details: BOARD_MAPS.details } as const;
export type ChallengeTextKind = keyof typeof CHALLENGE_TEXTS;

/**
 * One edit of a text field bound to a challenge's text: the field went from `before` to `after` (one
 * keystroke, a paste, a cut). Only that span is written, at its place in the Y.Text, so concurrent
 * edits elsewhere in the text survive even when `before` is already out of date; positions past the
 * end are clamped. One transaction; nothing is written when the two are equal.
 */
export function editChallengeText(
  doc: Y.Doc,
  kind: ChallengeTextKind,
  challenge: string,
  before: string,
  after: string,
  origin?: unknown,
): void {
  const parsed = PlanRowSchema.shape.cells.unwrap().valueType.parse(after);
  const span = textSpan(before, parsed);
  if (span === null) return;
  doc.transact(() => {
    const map = doc.getMap<unknown>(CHALLENGE_TEXTS[kind]);
    const current = map.get(challenge);
    if (!(current instanceof Y.Text)) {
      map.set(challenge, new Y.Text(parsed));
      return;
    }
    const index = Math.min(span.index, current.length);
    const removed = Math.min(span.removed, current.length - index);
    if (removed > 0) current.delete(index, removed);
    if (span.inserted.length > 0) current.insert(index, span.inserted);
  }, origin);
}

/** A change of a challenge text as a text field needs it: the new value and, for carets, the Yjs delta. */
export type TextChange = { text: string; delta: readonly { insert?: unknown; delete?: number; retain?: number }[]; origin: unknown };

/** The origin of the write that puts back text lost to a concurrently created Y.Text (see watchChallengeText). */
export const RECOVERED = Symbol('recovered challenge text');

function createdBy(text: Y.Text, clientId: number): boolean {
  return text._item?.id.client === clientId;
}

/**
 * Calls `listener` with the current text at once and after every change of a challenge's text,
 * including its creation or replacement by another client. Returns the unsubscribe function.
 */
export function watchChallengeText(doc: Y.Doc, kind: ChallengeTextKind, challenge: string, listener: (change: TextChange) => void): () => void {
  const map = doc.getMap<unknown>(CHALLENGE_TEXTS[kind]);
  let bound: Y.Text | null = null;
  /** The bound text's content as last told: a replaced Y.Text is emptied with its deletion. */
  let last = '';
  const tell = (change: TextChange): void => {
    last = change.text;
    listener(change);
  };
  const onText = (event: Y.YTextEvent, transaction: Y.Transaction): void => {
    tell({ text: event.target.toJSON(), delta: event.delta, origin: transaction.origin });
  };
  const bind = (origin: unknown, first = false): void => {
    const value = map.get(challenge);
    const next = value instanceof Y.Text ? value : null;
    if (next !== null && next === bound && !first) return;
    bound?.unobserve(onText);
    bound = next;
    bound?.observe(onText);
    const text = typeof value === 'string' ? value : (next?.toJSON() ?? '');
    tell({ text, delta: [], origin });
  };
  const onMap = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    if (!event.keysChanged.has(challenge)) return;
    const previous = bound;
    const lost = last;
    bind(transaction.origin);
    // A board from before the texts were created with their challenge: this page and another both
    // created the missing text at once and the other's won. What was typed here is put back, after it.
    const winner = bound;
    if (previous === null || winner === null || previous === winner || transaction.local || !createdBy(previous, doc.clientID)) return;
    if (lost === '' || winner.toJSON().includes(lost)) return;
    doc.transact(() => winner.insert(winner.length, winner.length > 0 ? `\n${lost}` : lost), RECOVERED);
  };
  map.observe(onMap);
  bind(null, true);
  return () => {
    map.unobserve(onMap);
    bound?.unobserve(onText);
  };
}
