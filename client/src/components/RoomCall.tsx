/**
 * Follows the facilitator's room moves: when they assign a participant to a room (seen from the workshop
 * page) or move them to another room of the session (seen from the old room's board), a notice says so
 * and the page opens the new room's board after a few seconds, unless the participant stays.
 */
import { useEffect, useRef, useState } from 'react';
import type { RoomEntry } from '../../../shared/doc/workshop-control.ts';
import { calledTo } from '../../../shared/workshop/landing.ts';
import { useWorkshopControl } from '../sync/useWorkshopControl.ts';

const GO_AFTER_S = 5;

export function RoomCall({ workshopId, token, me, boardId }: { workshopId: string; token: string; me: string; boardId: string | null }) {
  const control = useWorkshopControl(workshopId, token);
  const before = useRef<RoomEntry[] | null>(null);
  // Each call once: other changes of the control document (votes, timers) do not repeat a declined one.
  const lastCall = useRef<string | null>(null);
  const [called, setCalled] = useState<RoomEntry | null>(null);
  const [left, setLeft] = useState(GO_AFTER_S);

  useEffect(() => {
    if (!control) return;
    const to = control.plenary.mode === 'plenary' ? null : calledTo(before.current, control.rooms, me, boardId);
    before.current = control.rooms;
    if (to?.id === lastCall.current && to !== null) return;
    lastCall.current = to?.id ?? null;
    if (to && to.boardId !== boardId) {
      setCalled(to);
      setLeft(GO_AFTER_S);
    }
  }, [control, me, boardId]);

  const href = called ? `/b/${called.boardId}#token=${token}` : null;
  useEffect(() => {
    if (!href) return;
    if (left <= 0) {
      window.location.assign(href);
      return;
    }
    const timer = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [href, left]);

  if (!called || !href) return null;
  return (
    <div className="room-call" role="alert">
      <span>
        The facilitator put you in <strong>{called.name}</strong>. Opening its board in {left} s…
      </span>
      <a className="button-link" href={href}>
        Go now
      </a>
      <button type="button" className="link-button" onClick={() => setCalled(null)}>
        Stay here
      </button>
    </div>
  );
}
