/**
 * The Yjs layout, in one place. Nothing outside shared/doc/ may name these maps or keys.
 *
 * Board document (one per room; written by the room's participants):
 *   meta       Y.Map   id, title, templateId, createdAt, layout (= LAYOUT_VERSION)
 *   zones      Y.Map   zone id -> Y.Map of the Zone record's fields (tags, columns: plain arrays)
 *   notes      Y.Map   note id -> Y.Map { id, text: Y.Text, author, color, x, y, w, h, zone, createdAt, status? }
 *                      (`text` may be a plain string from old clients; readers accept both)
 *   rootCauses Y.Map   challenge zone id -> Y.Text
 *   details    Y.Map   challenge zone id -> Y.Text   (the detailed best idea)
 *   rows       Y.Map   row id -> Y.Map { id, kind, zone, challenge, parent, order, author, createdAt,
 *                                        cells: Y.Map column key -> string }
 *   cells      Y.Map   canvas-cell zone id -> Y.Text (one item per line)
 *   profiles   Y.Map   profile id -> plain object (ParticipantProfile)
 *
 * Control document (one per workshop; written only by the server):
 *   workshop   Y.Map   phase, voteBudget (workshop-wide defaults)
 *   boards     Y.Map   board id -> Y.Map { phase, voteBudget, resultsRevealed, hintsRevealed } (overrides)
 *   votes      Y.Map   voteKey(board, voter, note) -> plain Vote { board, voter, note, at }
 *   selections Y.Map   selectionKey(board, challenge) -> plain Selection { board, challenge, note, by, at }
 *   timers     Y.Map   timer id -> plain Timer { id, board, label, endsAt, remainingMs }
 *   locks      Y.Map   lockKey(board, zone) -> plain Lock { board, zone, by, at }
 *
 * State document (one per workshop; server only): maps and keys in workshop-state.ts.
 *
 * One Y.Map per note (not one shared array) so that concurrent edits of different notes never conflict
 * and the server can tell from a decoded update which notes it touches (ownership checks).
 */

export const LAYOUT_VERSION = 1;

export const BOARD_MAPS = {
  meta: 'meta',
  zones: 'zones',
  notes: 'notes',
  rootCauses: 'rootCauses',
  details: 'details',
  rows: 'rows',
  cells: 'cells',
  profiles: 'profiles',
} as const;
export type BoardMapName = (typeof BOARD_MAPS)[keyof typeof BOARD_MAPS];

export const CONTROL_MAPS = {
  workshop: 'workshop',
  boards: 'boards',
  votes: 'votes',
  selections: 'selections',
  timers: 'timers',
  locks: 'locks',
} as const;
export type ControlMapName = (typeof CONTROL_MAPS)[keyof typeof CONTROL_MAPS];

/** Keys of a note's Y.Map. */
export const NOTE_KEYS = ['id', 'text', 'author', 'color', 'x', 'y', 'w', 'h', 'zone', 'createdAt', 'status'] as const;

/** Composite keys are JSON arrays: unambiguous whatever characters the ids contain. */
export function voteKey(board: string, voter: string, note: string): string {
  return JSON.stringify([board, voter, note]);
}
export function selectionKey(board: string, challenge: string): string {
  return JSON.stringify([board, challenge]);
}
export function lockKey(board: string, zone: string | null): string {
  return JSON.stringify([board, zone]);
}
