/**
 * Whether a Yjs transaction only typed into texts (a keystroke in a post-it, a root cause, a canvas cell):
 * every type it changed is a Y.Text. Whole-board readers (the board view, the tables model) follow such
 * changes at a slower pace than structural ones (a note added, moved, voted on): the canvas shows a
 * keystroke at once through the note's own subscription, and a page does not re-read the board and
 * re-render every derived view for each key somebody presses.
 */
import * as Y from 'yjs';

export function textOnly(transaction: Y.Transaction): boolean {
  if (transaction.changed.size === 0) return false;
  for (const type of transaction.changed.keys()) if (!(type instanceof Y.Text)) return false;
  return true;
}

/** How long whole-board readers may lag behind typing (they catch up at most this often while people type). */
export const TEXT_READ_EVERY_MS = 1000;
