/**
 * The workshop's control document, live and read-only (only the server writes it): roster, rooms,
 * plenary, messages and the matchmaking timetable. Plus the server's clock, so countdowns agree.
 */
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readBoard } from '../../../shared/doc/read.ts';
import { readWorkshopControl, type WorkshopControlView } from '../../../shared/doc/workshop-control.ts';
import { docIds } from '../../../shared/protocol/doc-ids.ts';
import type { BoardControlView } from '../../../shared/schema/board.ts';
import { estimateOffset, type ClockSample } from '../../../shared/workshop/clock.ts';
import { call } from '../api.ts';
import { syncServerUrl } from './useBoardSync.ts';

type SharedControl = { doc: Y.Doc; provider: WebsocketProvider; users: number };
const shared = new Map<string, SharedControl>();

/**
 * One connection to a workshop's control document per page, however many components read it (header,
 * voting, banners, the console): the first user opens it, the last one to leave closes it.
 */
export function acquireControl(workshopId: string, token: string): { doc: Y.Doc; provider: WebsocketProvider; release: () => void } {
  const key = `${workshopId}\n${token}`;
  let entry = shared.get(key);
  if (!entry) {
    const doc = new Y.Doc();
    entry = { doc, provider: new WebsocketProvider(syncServerUrl(), docIds.control(workshopId), doc, { params: { token } }), users: 0 };
    shared.set(key, entry);
  }
  entry.users += 1;
  const held = entry;
  let released = false;
  return {
    doc: held.doc,
    provider: held.provider,
    release: () => {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users > 0) return;
      shared.delete(key);
      held.provider.destroy();
      held.doc.destroy();
    },
  };
}

/** Calls `read(doc)` now and after every change of the workshop's control document. */
function useControlDoc<T>(workshopId: string | undefined, token: string, read: (doc: Y.Doc) => T, deps: readonly unknown[]): T | null {
  const [view, setView] = useState<T | null>(null);
  useEffect(() => {
    if (!workshopId) return;
    const { doc, provider, release } = acquireControl(workshopId, token);
    const update = () => setView(read(doc));
    if (doc.share.size > 0) update();
    doc.on('update', update);
    provider.on('sync', update);
    return () => {
      doc.off('update', update);
      provider.off('sync', update);
      release();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- like useMemo's: callers pass what `read` depends on in `deps`
  }, [workshopId, token, ...deps]);
  return view;
}

export function useWorkshopControl(workshopId: string, token: string): WorkshopControlView | null {
  return useControlDoc(workshopId, token, readWorkshopControl, []);
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
          const { now } = await call('time', {});
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

/**
 * What the control document says about one board: phase, timers, locks, revealed votes. Votes count
 * only for notes on the board, so without `boardDoc` (the board itself) the view has no votes.
 */
export function useBoardControl(workshopId: string | undefined, token: string, boardId: string, boardDoc?: Y.Doc): BoardControlView | null {
  return useControlDoc(workshopId, token, (doc) => readBoard(boardDoc ?? EMPTY_BOARD, doc, { boardId, cache: boardDoc !== undefined }).board.control, [boardId, boardDoc]);
}

/** readBoard needs a board document; the control view of a board does not depend on it. */
const EMPTY_BOARD = new Y.Doc();
