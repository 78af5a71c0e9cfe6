/**
 * Follows the facilitator's room moves: when they assign a participant to a room (seen from the workshop
 * page) or move them to another room of the session (seen from the old room's board), a notice says so
 * and the page opens the new room's board after a few seconds, unless the participant stays. A workshop
 * page that opens (or finishes loading) after the assignment is called to the room too, once per room
 * and tab, so that coming back from the board to the workshop page does not send one straight back.
 */
import { useEffect, useRef, useState } from 'react';
import type { RoomEntry } from '../../../shared/doc/workshop-control.ts';
import { calledTo } from '../../../shared/workshop/landing.ts';
import { readWorkshopControl } from '../../../shared/doc/workshop-control.ts';
import { acquireControl } from '../sync/useWorkshopControl.ts';

const GO_AFTER_S = 5;
const offeredKey = (workshopId: string) => `plenary:room-offered:${workshopId}`;

function offered(workshopId: string): string[] {
  try {
    const list: unknown = JSON.parse(sessionStorage.getItem(offeredKey(workshopId)) ?? '[]');
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function markOffered(workshopId: string, roomId: string): void {
  try {
    sessionStorage.setItem(offeredKey(workshopId), JSON.stringify([...offered(workshopId), roomId].slice(-50)));
  } catch {
    // no storage: a reload may offer the room again
  }
}

export function RoomCall({ workshopId, token, me, boardId }: { workshopId: string; token: string; me: string; boardId: string | null }) {
  const before = useRef<RoomEntry[] | null>(null);
  // Each call once: other changes of the control document (votes, timers) do not repeat a declined one.
  const lastCall = useRef<string | null>(null);
  const [called, setCalled] = useState<RoomEntry | null>(null);
  const [left, setLeft] = useState(GO_AFTER_S);

  // Every change of the control document is read as it arrives, not once per render: two quick moves
  // (there and back again) would otherwise reach this page as one render showing no change at all.
  useEffect(() => {
    const { doc, provider, release } = acquireControl(workshopId, token);
    let live = true;
    const onChange = () => {
      if (!live || doc.share.size === 0) return;
      const control = readWorkshopControl(doc);
      const firstReading = before.current === null;
      // Being on a room's board counts as having been sent there.
      const here = boardId === null ? undefined : control.rooms.find((r) => r.boardId === boardId && r.participantIds.includes(me));
      if (here && !offered(workshopId).includes(here.id)) markOffered(workshopId, here.id);
      const to = control.plenary.mode === 'plenary' ? null : calledTo(before.current, control.rooms, me, boardId);
      before.current = control.rooms;
      if (to?.id === lastCall.current && to !== null) return;
      lastCall.current = to?.id ?? null;
      if (to && firstReading && offered(workshopId).includes(to.id)) return;
      if (to && to.boardId !== boardId) {
        markOffered(workshopId, to.id);
        setCalled(to);
        setLeft(GO_AFTER_S);
      }
    };
    // The first reading waits for the end of this task, like every later one arrives from the socket.
    queueMicrotask(onChange);
    doc.on('update', onChange);
    provider.on('sync', onChange);
    return () => {
      live = false;
      doc.off('update', onChange);
      provider.off('sync', onChange);
      release();
    };
  }, [workshopId, token, me, boardId]);

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
