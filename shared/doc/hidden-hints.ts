/**
 * Scavenger-hunt hints the facilitator has prepared and not revealed yet. They live in a server-only
 * document per board (`hints.<boardId>`, which no client can open), never in the board document that
 * every participant of the room receives; revealing a hint moves it onto the board as a note in the hints
 * zone, hiding it moves it back.
 *
 * Layout: Y.Map `hints`: hint id -> { id, text, order }; `order` keeps the facilitator's sequence.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { Id } from '../schema/common.ts';
import { NOTE_TEXT_MAX } from '../schema/note.ts';

export const HiddenHintSchema = z.object({ id: Id, text: z.string().min(1).max(NOTE_TEXT_MAX), order: z.number().finite() });
export type HiddenHint = z.output<typeof HiddenHintSchema>;

const HINTS = 'hints';

/** The hidden hints in the order they will be revealed; entries that do not parse are skipped. */
export function readHiddenHints(doc: Y.Doc): HiddenHint[] {
  const hints: HiddenHint[] = [];
  for (const value of doc.getMap<unknown>(HINTS).values()) {
    const parsed = HiddenHintSchema.safeParse(value);
    if (parsed.success) hints.push(parsed.data);
  }
  return hints.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function putHiddenHint(doc: Y.Doc, hint: HiddenHint): void {
  const parsed = HiddenHintSchema.parse(hint);
  doc.getMap<unknown>(HINTS).set(parsed.id, { ...parsed });
}

export function removeHiddenHint(doc: Y.Doc, id: string): void {
  doc.getMap<unknown>(HINTS).delete(id);
}
