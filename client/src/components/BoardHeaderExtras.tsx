/**
 * Beside a board's title: the room's phase and countdown when the board is a workshop room (every screen
 * counts the same second: the end time is the server's, corrected by this machine's clock offset), and
 * downloads of the board's results as Markdown and CSV.
 */
import { useSyncExternalStore } from 'react';
import { formatCountdown, serverNow } from '../../../shared/workshop/clock.ts';
import { remainingMs } from '../../../shared/workshop/timer.ts';
import { useBoardControl, useServerOffset, useTick } from '../sync/useWorkshopControl.ts';
import { dotsLeft, voting } from '../sync/voting.ts';

const PHASE_NAMES: Record<string, string> = {
  setup: 'Getting ready',
  define: 'Define the challenge',
  ideate: 'Ideas',
  vote: 'Dot voting',
  select: 'Selecting',
  detail: 'Detailing the best idea',
  present: 'Presenting',
  closed: 'Closed',
};

export function PhaseAndTimer({ workshopId, token, boardId }: { workshopId: string; token: string; boardId: string }) {
  const control = useBoardControl(workshopId, token, boardId);
  const offset = useServerOffset();
  const now = useTick();
  if (!control) return null;
  const timer = control.timers.find((t) => t.board === boardId) ?? control.timers.find((t) => t.board === null);
  const left = timer ? remainingMs(timer, serverNow(now, offset)) : null;
  const locked = control.locks.some((l) => l.zone === null);
  return (
    <>
      {control.phase && (
        <span className="role phase" aria-label="Phase">
          {PHASE_NAMES[control.phase] ?? control.phase}
        </span>
      )}
      {left !== null && (
        <span className="role countdown" aria-label="Time left">
          {formatCountdown(left)}
          {timer?.endsAt === null ? ' (paused)' : ''}
        </span>
      )}
      {locked && <span className="role">Locked</span>}
    </>
  );
}

export function VotingStatus() {
  const state = useSyncExternalStore(voting.subscribe, () => voting.state);
  if (!state.active) return null;
  const left = voting.board ? dotsLeft(state.budget, state.mine, voting.board.zoneOf, voting.board.challenges()) : [];
  return (
    <span className="role voting" aria-live="polite" aria-label="Voting">
      Click a note to place a dot ({state.budget} per challenge) · your dots: {state.mine.size}
      {left.length > 0 && (
        <span className="dots-left" aria-label="Dots left per challenge">
          {' '}
          · left: {left.map((c) => `${c.label} ${c.left}`).join(', ')}
        </span>
      )}
      {state.message ? ` · ${state.message}` : ''}
    </span>
  );
}

export function ExportLinks({ boardId, token }: { boardId: string; token: string }) {
  const href = (format: string, extra = '') => `/api/boards/${boardId}/export.${format}?token=${encodeURIComponent(token)}${extra}`;
  return (
    <span className="exports">
      <a href={href('md')} download>
        Markdown
      </a>{' '}
      <a href={href('csv', '&template=individual')} download>
        Action plan CSV
      </a>
    </span>
  );
}
