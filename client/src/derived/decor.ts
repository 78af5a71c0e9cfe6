/**
 * What the canvas and the notes list draw on top of a note, derived from the whole board: the winning
 * idea of its challenge (the facilitator's pick, else the most voted once votes are revealed), its
 * number as a scavenger-hunt hint and whether participants may see it yet, and whether it carries an
 * action status chip (notes in the priority matrix's quadrants). Encoded as one short string per note,
 * so that each note re-renders only when its own decorations change.
 */
import type { Board } from '../../../shared/schema/board.ts';
import { challengeSolutions } from '../../../shared/reducers/challenges.ts';

export type NoteDecor = {
  winner: 'facilitator' | 'top-voted' | null;
  /** Challenge number of the idea that won. */
  challenge: number | null;
  /** 1-based hint number for notes in a hints zone. */
  hint: number | null;
  /** This hint is not revealed yet. */
  hintHidden: boolean;
  /** Draw the status chip (the note is an action in a quadrant). */
  chip: boolean;
};

export const NO_DECOR: NoteDecor = { winner: null, challenge: null, hint: null, hintHidden: false, chip: false };

export function encodeDecor(d: NoteDecor): string {
  const parts: string[] = [];
  if (d.winner) parts.push(`w${d.winner === 'facilitator' ? 'f' : 't'}${d.challenge ?? ''}`);
  if (d.hint !== null) parts.push(`h${d.hint}${d.hintHidden ? 'x' : ''}`);
  if (d.chip) parts.push('s');
  return parts.join(' ');
}

export function decodeDecor(encoded: string): NoteDecor {
  const out: NoteDecor = { ...NO_DECOR };
  for (const part of encoded.split(' ')) {
    if (part.startsWith('w')) {
      out.winner = part[1] === 'f' ? 'facilitator' : 'top-voted';
      const n = Number(part.slice(2));
      out.challenge = part.length > 2 && Number.isFinite(n) ? n : null;
    } else if (part.startsWith('h')) {
      out.hintHidden = part.endsWith('x');
      out.hint = Number(part.slice(1, out.hintHidden ? -1 : undefined));
    } else if (part === 's') out.chip = true;
  }
  return out;
}

/** Note id -> encoded decorations, for the notes that have any. */
export function noteDecorations(board: Board): Map<string, string> {
  const decor = new Map<string, NoteDecor>();
  const get = (id: string): NoteDecor => {
    let d = decor.get(id);
    if (!d) {
      d = { ...NO_DECOR };
      decor.set(id, d);
    }
    return d;
  };
  if (board.challenges.length > 0) {
    for (const solution of challengeSolutions(board).challenges) {
      if (!solution.selected) continue;
      const d = get(solution.selected.note);
      d.winner = solution.selected.by;
      d.challenge = solution.number;
    }
  }
  const hintZones = new Set<string>();
  const quadrants = new Set<string>();
  for (const zone of board.zones) {
    if (zone.role === 'hints') hintZones.add(zone.id);
    else if (zone.role === 'quadrant') quadrants.add(zone.id);
  }
  let hint = 0;
  for (const note of board.notes) {
    if (note.zone === null) continue;
    // Same numbering as the scavengerHunt reducer: non-blank notes of the hints zones, in board order.
    if (hintZones.has(note.zone) && note.text.trim() !== '') {
      hint++;
      const d = get(note.id);
      d.hint = hint;
      d.hintHidden = hint > board.control.hintsRevealed;
    } else if (quadrants.has(note.zone)) get(note.id).chip = true;
  }
  const out = new Map<string, string>();
  for (const [id, d] of decor) {
    const encoded = encodeDecor(d);
    if (encoded !== '') out.set(id, encoded);
  }
  return out;
}
