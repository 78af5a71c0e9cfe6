/**
 * scavengerHunt: the hints revealed so far (the first `hintsRevealed` notes of the hints zones, in
 * the order the facilitator wrote them) and the participants' guesses. Hidden hints are counted, not
 * shown. They still travel in the board document, which every participant of the room receives, so
 * a facilitator who wants them truly secret keeps them off the board until revealing them.
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
  return { total: hints.length, revealed: hints.slice(0, shown), hidden: hints.length - shown, guesses };
}
