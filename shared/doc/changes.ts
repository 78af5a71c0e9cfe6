/**
 * What one transaction on a board document touched, for the server's write rules: which top-level maps,
 * and per note whether it was created, deleted, or which of its fields changed. Works from Yjs'
 * `transaction.changed` (types that existed before the transaction, with the keys that changed), so it
 * costs time in the size of the change, not of the board.
 */
import * as Y from 'yjs';
import { BOARD_MAPS } from './layout.ts';

// biome-ignore lint: Yjs types its shared types with YEvent<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyType = Y.AbstractType<any>;

export type NoteChange = { created: boolean; deleted: boolean; fields: Set<string> };
export type BoardChange = { maps: Set<string>; notes: Map<string, NoteChange> };

function rootName(doc: Y.Doc, type: AnyType): string {
  let top = type;
  while (top._item) top = top._item.parent as AnyType;
  for (const [name, root] of doc.share) if (root === top) return name;
  return '';
}

/** The names of the top-level types a transaction changed something under (any document layout). */
export function changedRoots(doc: Y.Doc, transaction: Y.Transaction): Set<string> {
  const roots = new Set<string>();
  for (const type of transaction.changed.keys()) roots.add(rootName(doc, type));
  return roots;
}

/**
 * `before` answers whether a note existed before the transaction (the caller's index: the doc itself
 * already shows the result).
 */
export function describeBoardChange(doc: Y.Doc, transaction: Y.Transaction, before: (noteId: string) => boolean): BoardChange {
  const notes: AnyType = doc.getMap<unknown>(BOARD_MAPS.notes);
  const change: BoardChange = { maps: new Set(), notes: new Map() };
  const entry = (id: string): NoteChange => {
    let e = change.notes.get(id);
    if (!e) {
      e = { created: false, deleted: false, fields: new Set() };
      change.notes.set(id, e);
    }
    return e;
  };
  for (const [type, keys] of transaction.changed) {
    change.maps.add(rootName(doc, type));
    if (type === notes) {
      for (const key of keys) {
        if (key === null) continue;
        const existed = before(key);
        const exists = doc.getMap<unknown>(BOARD_MAPS.notes).get(key) instanceof Y.Map;
        const e = entry(key);
        if (!existed && exists) e.created = true;
        else if (existed && !exists) e.deleted = true;
        else e.fields.add('*');
      }
      continue;
    }
    // A type inside a note: walk up to the item directly under `notes`; its key is the note id.
    let t: AnyType = type;
    let field: string | null = null;
    while (t._item && t._item.parent !== notes) {
      field = t._item.parentSub;
      t = t._item.parent as AnyType;
    }
    if (!t._item || t._item.parent !== notes) continue;
    const noteId = t._item.parentSub;
    if (noteId === null) continue;
    const e = entry(noteId);
    if (type === t) for (const key of keys) e.fields.add(key ?? '*');
    else e.fields.add(field ?? '*');
  }
  return change;
}

/** The author of every note, as written in the note. */
export function noteAuthors(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, value] of doc.getMap<unknown>(BOARD_MAPS.notes)) {
    out.set(id, noteAuthorOf(value));
  }
  return out;
}

export function noteAuthor(doc: Y.Doc, noteId: string): string | null {
  const value = doc.getMap<unknown>(BOARD_MAPS.notes).get(noteId);
  return value === undefined ? null : noteAuthorOf(value);
}

function noteAuthorOf(value: unknown): string {
  if (!(value instanceof Y.Map)) return '';
  const author: unknown = value.get('author');
  return typeof author === 'string' ? author : '';
}

/** The zone a note sits in, or null. */
export function noteZone(doc: Y.Doc, noteId: string): string | null {
  const value = doc.getMap<unknown>(BOARD_MAPS.notes).get(noteId);
  if (!(value instanceof Y.Map)) return null;
  const zone: unknown = value.get('zone');
  return typeof zone === 'string' ? zone : null;
}

/**
 * The challenge a note sits under, for a vote: null when there is no such note, undefined when it is
 * not under a challenge zone.
 */
export function challengeOfNote(doc: Y.Doc, noteId: string): string | null | undefined {
  if (!(doc.getMap<unknown>(BOARD_MAPS.notes).get(noteId) instanceof Y.Map)) return null;
  const zone = noteZone(doc, noteId);
  if (zone === null) return undefined;
  return zoneRole(doc, zone) === 'challenge' ? zone : undefined;
}

/** The role of a zone (hints, guesses, challenge ...), or null. */
export function zoneRole(doc: Y.Doc, zoneId: string | null): string | null {
  if (zoneId === null) return null;
  const zone = doc.getMap<unknown>(BOARD_MAPS.zones).get(zoneId);
  const role: unknown = zone instanceof Y.Map ? zone.get('role') : null;
  return typeof role === 'string' ? role : null;
}

/** Whether the board has a challenge zone (its notes are ideas that votes count on). */
export function hasChallengeZones(doc: Y.Doc): boolean {
  for (const value of doc.getMap<unknown>(BOARD_MAPS.zones).values()) {
    if (value instanceof Y.Map && value.get('role') === 'challenge') return true;
  }
  return false;
}

/** The board's top-level maps, for the server's undo scope. */
export function boardRoots(doc: Y.Doc): AnyType[] {
  return Object.values(BOARD_MAPS).map((name) => doc.getMap<unknown>(name));
}

export const BOARD_ROOT_NAMES: ReadonlySet<string> = new Set(Object.values(BOARD_MAPS));

/** How many notes sit in a zone, or on the whole board for null (a column or room about to be removed must be empty). */
export function notesInZone(doc: Y.Doc, zoneId: string | null): number {
  const notes = doc.getMap<unknown>(BOARD_MAPS.notes);
  if (zoneId === null) return notes.size;
  let count = 0;
  for (const value of notes.values()) {
    if (value instanceof Y.Map && value.get('zone') === zoneId) count++;
  }
  return count;
}
