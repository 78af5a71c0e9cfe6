/**
 * The workshop's control document, live and read-only (only the server writes it): roster, rooms,
 * plenary, messages and the matchmaking timetable. Plus the server's clock, so countdowns agree.
 */
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readBoard } from '../../../shared/doc/read.ts';
import { readWorkshopControl, type WorkshopControlView } from '../../../shared/doc/workshop-control.ts';
import type { BoardControlView } from '../../../shared/schema/board.ts';
import { estimateOffset, type ClockSample } from '../../../shared/workshop/clock.ts';
import { syncServerUrl } from './useBoardSync.ts';

export function useWorkshopControl(workshopId: string, token: string): WorkshopControlView | null {
  const [view, setView] = useState<WorkshopControlView | null>(null);
  useEffect(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(syncServerUrl(), `control.${workshopId}`, doc, { params: { token } });
    const read = () => setView(readWorkshopControl(doc));
    doc.on('update', read);
    provider.on('sync', (synced: boolean) => synced && read());
    return () => {
      doc.off('update', read);
      provider.destroy();
      doc.destroy();
    };
  }, [workshopId, token]);
  return view;
}

/** Server clock minus this machine's, from a few pings of /api/time (NTP-style: shortest round trip wins). */
export function useServerOffset(): number {
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const samples: ClockSample[] = [];
      for (let i = 0; i < 4; i++) {
        const sentAt = Date.now();
        try {
          const { now } = (await (await fetch('/api/time')).json()) as { now: number };
          samples.push({ sentAt, serverNow: now, receivedAt: Date.now() });
        } catch {
          // offline: keep the local clock
        }
      }
      if (!cancelled && samples.length > 0) setOffset(estimateOffset(samples));
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  return offset;
}

/** Re-renders every second (for countdowns). */
export function useTick(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** What the control document says about one board: phase, timers, locks, revealed votes. */
export function useBoardControl(workshopId: string | undefined, token: string, boardId: string): BoardControlView | null {
  const [control, setControl] = useState<BoardControlView | null>(null);
  useEffect(() => {
    if (!workshopId) return;
    const doc = new Y.Doc();
    const empty = new Y.Doc();
    const provider = new WebsocketProvider(syncServerUrl(), `control.${workshopId}`, doc, { params: { token } });
    const read = () => setControl(readBoard(empty, doc, { boardId, cache: false }).board.control);
    doc.on('update', read);
    // Another provider of the same document in this tab answers over BroadcastChannel inside the
    // constructor, before the listener above exists: read what arrived that way too.
    read();
    return () => {
      doc.off('update', read);
      provider.destroy();
      doc.destroy();
      empty.destroy();
    };
  }, [workshopId, token, boardId]);
  return control;
}
