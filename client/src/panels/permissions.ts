/**
 * Whether this person may write a challenge's root causes or details now, and if not why: the UI's
 * mirror of the server's rules (shared/workshop/phase-rules.ts, server/workshops/board-policy.ts).
 */
import { BOARD_MAPS } from '../../../shared/doc/layout.ts';
import type { ChallengeTextKind } from '../../../shared/doc/board-doc.ts';
import type { Phase } from '../../../shared/schema/control.ts';
import { participantWritableMaps } from '../../../shared/workshop/phase-rules.ts';

export type Writer = {
  /** The token's role on the board. */
  role: 'edit' | 'view';
  /** A workshop room (phases and locks apply). */
  workshop: boolean;
  facilitator: boolean;
  phase: Phase | null;
  locked: boolean;
};

const OPEN_IN: Record<ChallengeTextKind, { phase: Phase; name: string }> = {
  rootCauses: { phase: 'define', name: 'Define the challenge' },
  details: { phase: 'detail', name: 'Detail the best idea' },
};

export function textPermission(kind: ChallengeTextKind, who: Writer): { writable: boolean; reason: string | null } {
  if (who.role === 'view') return { writable: false, reason: 'Opened with a view link' };
  if (!who.workshop) return { writable: true, reason: null };
  if (who.locked) return { writable: false, reason: 'The facilitator has locked the board' };
  if (who.facilitator) return { writable: true, reason: null };
  if (participantWritableMaps(who.phase).has(BOARD_MAPS[kind])) return { writable: true, reason: null };
  return { writable: false, reason: `Opens in the "${OPEN_IN[kind].name}" phase` };
}

/** Whether notes may be written now (moving an action, setting its status). */
export function notesWritable(who: Writer, allowNotes = false): boolean {
  if (who.role === 'view') return false;
  if (!who.workshop) return true;
  if (who.locked) return false;
  return who.facilitator || allowNotes || participantWritableMaps(who.phase).has(BOARD_MAPS.notes);
}
