/**
 * Whether this person may write table rows now, and if not, why (the editor shows the reason instead
 * of letting people type into the void). Mirrors the server's rules (server/workshops/board-policy.ts):
 * view tokens never; on a workshop room nobody on a locked board, participants only in the phases that
 * open the `rows` map (detail); the facilitator otherwise always; free boards always.
 */
import { BOARD_MAPS } from '../../../shared/doc/layout.ts';
import type { BoardControlView } from '../../../shared/schema/board.ts';
import { participantWritableMaps } from '../../../shared/workshop/phase-rules.ts';

export type WriteAccess = { canWrite: true; reason: null } | { canWrite: false; reason: string };

const PHASE_NAMES: Record<string, string> = {
  setup: 'getting ready',
  define: 'define the challenge',
  ideate: 'ideas',
  vote: 'dot voting',
  select: 'selecting',
  detail: 'detailing',
  present: 'presenting',
  closed: 'closed',
};

export function tableAccess(input: {
  role: 'edit' | 'view';
  workshopId?: string | undefined;
  participantId?: string | null | undefined;
  /** The board's control view; null while it loads (or on a free board). */
  control: BoardControlView | null;
  zone: string | null;
}): WriteAccess {
  const no = (reason: string): WriteAccess => ({ canWrite: false, reason });
  if (input.role !== 'edit') return no('View only: this link can read the table but not change it.');
  if (!input.workshopId) return { canWrite: true, reason: null };
  const control = input.control;
  if (control === null) return no('Checking the workshop phase…');
  if (control.locks.some((lock) => lock.zone === null || lock.zone === input.zone)) return no('Read only: the facilitator locked this board.');
  if (!input.participantId) return { canWrite: true, reason: null };
  if (participantWritableMaps(control.phase).has(BOARD_MAPS.rows)) return { canWrite: true, reason: null };
  const phase = control.phase === null ? 'none' : (PHASE_NAMES[control.phase] ?? control.phase);
  return no(`Read only: tables open in the detail phase (now: ${phase}).`);
}
