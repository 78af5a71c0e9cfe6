/**
 * Whether a Yjs transaction only typed into texts (a keystroke in a post-it, a root cause, a canvas cell):
 * every type it changed is a Y.Text. Whole-board readers (the board view, the tables model, the notes
 * list) follow such changes at a slower pace than structural ones (a note added, moved, voted on): the
 * canvas shows a keystroke at once through the note's own subscription, and a page does not re-read the
 * board and re-render every derived view for each key somebody presses.
 */
import * as Y from 'yjs';

export function textOnly(transaction: Y.Transaction): boolean {
  if (transaction.changed.size === 0) return false;
  for (const type of transaction.changed.keys()) if (!(type instanceof Y.Text)) return false;
  return true;
}

/** How long whole-board readers may lag behind typing (they catch up at most this often while people type). */
export const TEXT_READ_EVERY_MS = 1000;

/**
 * One clock for every reader that follows typing: `afterTyping(read)` runs `read` at the next tick, and a
 * tick comes TEXT_READ_EVERY_MS after the first reader asked for it. So all of a second's catch-up reads
 * (the board view, the tables model, each notes-list row somebody typed into) run in one task and reach
 * the screen in one frame, not in one task and one frame each: in a room where nine people type, each
 * with a timer of their own, a page laid out and painted its side panel about nine times a second.
 * Ticks are at least TEXT_READ_EVERY_MS apart, so a reader still catches up at most once a tick.
 * Returns a function that takes the request back (a reader that read meanwhile for another reason).
 */
export function afterTyping(read: () => void): () => void {
  waiting.add(read);
  tick ??= setTimeout(runTick, TEXT_READ_EVERY_MS);
  return () => {
    waiting.delete(read);
  };
}

const waiting = new Set<() => void>();
let tick: ReturnType<typeof setTimeout> | null = null;

function runTick(): void {
  tick = null;
  const reads = [...waiting];
  waiting.clear();
  for (const read of reads) {
    try {
      read();
    } catch (error) {
      // One reader's failure is reported, and does not cost the others their catch-up.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
