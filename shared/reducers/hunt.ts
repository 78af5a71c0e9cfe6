/**
 * scavengerHunt: the hints revealed so far (the first `hintsRevealed` notes of the hints zones, in
 * the order the facilitator wrote them) and the participants' guesses. Hidden hints are counted, not
 * shown: the server keeps them off the board until they are revealed (shared/doc/hidden-hints.ts), so
 * their number comes from the control document's `hintsTotal` when it says more than the board holds.
 */
import type { Board } from '../schema/board.ts';
import type { ScavengerHunt } from '../schema/results.ts';

export function scavengerHunt(board: Board): ScavengerHunt {
  const hintZones = new Set(board.zones.filter((zone) => zone.role === 'hints').map((zone) => zone.id));
  const guessZones = new Set(board.zones.filter((zone) => zone.role === 'guesses').map((zone) => zone.id));
  const hints: ScavengerHunt['revealed'] = [];
  const guesses: ScavengerHunt['guesses'] = [];
  for (const note of board.notes) {
    const text = note.text.trim();
    if (note.zone === null || text === '') continue;
    if (hintZones.has(note.zone)) hints.push({ number: hints.length + 1, note: note.id, text });
    else if (guessZones.has(note.zone)) guesses.push({ note: note.id, text, author: note.author });
  }
  const shown = Math.min(board.control.hintsRevealed, hints.length);
  const total = Math.max(hints.length, board.control.hintsTotal ?? 0);
  return { total, revealed: hints.slice(0, shown), hidden: total - shown, guesses };
}
