/**
 * Everything the console watches live, read-only: the workshop's control document and every room's
 * board document (each over its own y-websocket connection, opened with the facilitator's token), plus
 * who is on each board (its awareness). Reads are throttled, so a busy room re-renders its card a few
 * times a second at most. The console never writes to these documents: actions go through the HTTP API.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readBoard } from '../../../shared/doc/read.ts';
import { readWorkshopControl, type WorkshopControlView } from '../../../shared/doc/workshop-control.ts';
import type { Board, BoardControlView } from '../../../shared/schema/board.ts';
import type { ChallengeSolutions, VoteTally } from '../../../shared/schema/results.ts';
import { fetchWorkshopExport } from '../api.ts';
import { syncServerUrl } from '../sync/useBoardSync.ts';
import { acquireControl } from '../sync/useWorkshopControl.ts';
import { throttle, type AwarenessState } from './logic.ts';

export type RoomLive = {
  board: Board;
  synced: boolean;
  /** Awareness states of everybody else on the board. */
  present: AwarenessState[];
};

export type LiveSnapshot = {
  control: WorkshopControlView | null;
  /** The workshop-wide phase and timers (a board with no overrides of its own). */
  workshop: BoardControlView | null;
  rooms: ReadonlyMap<string, RoomLive>;
};

type WatchedRoom = { doc: Y.Doc; provider: WebsocketProvider; read: ReturnType<typeof throttle>; live: RoomLive | null };

/** No room has this id: reading it gives the workshop defaults. */
const WORKSHOP_SCOPE = '\u0000workshop';
const BOARD_READ_MS = 400;
const CONTROL_READ_MS = 120;

export class LiveWorkshop {
  readonly control: Y.Doc;
  #releaseControl: () => void;
  #empty = new Y.Doc();
  #token: string;
  #controlProvider: WebsocketProvider;
  #rooms = new Map<string, WatchedRoom>();
  #listeners = new Set<() => void>();
  #snapshot: LiveSnapshot = { control: null, workshop: null, rooms: new Map() };
  #readControl: ReturnType<typeof throttle>;

  constructor(workshopId: string, token: string) {
    this.#token = token;
    // The page's one connection to the control document, shared with the header, banners and voting.
    const shared = acquireControl(workshopId, token);
    this.control = shared.doc;
    this.#controlProvider = shared.provider;
    this.#releaseControl = shared.release;
    this.#readControl = throttle(() => {
      const control = readWorkshopControl(this.control);
      const workshop = readBoard(this.#empty, this.control, { boardId: WORKSHOP_SCOPE, cache: false }).board.control;
      this.#publish({ ...this.#snapshot, control, workshop });
      this.openRooms(control.rooms.map((r) => r.boardId));
      // Phases, timers, votes and locks of every room live in the control document.
      for (const room of this.#rooms.values()) room.read();
    }, CONTROL_READ_MS);
    this.control.on('update', this.#onControl);
    this.#controlProvider.on('sync', this.#onControl);
    // Another reader may have opened (and synced) the shared connection already.
    if (this.#controlProvider.synced) this.#readControl();
  }

  #onControl = (): void => this.#readControl();

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.#snapshot;

  #publish(next: LiveSnapshot): void {
    this.#snapshot = next;
    for (const listener of this.#listeners) listener();
  }

  /** Opens the boards not open yet and closes the ones no longer listed. */
  openRooms(boardIds: readonly string[]): void {
    const wanted = new Set(boardIds);
    for (const [id, room] of this.#rooms) {
      if (wanted.has(id)) continue;
      this.#close(room);
      this.#rooms.delete(id);
    }
    for (const id of wanted) if (!this.#rooms.has(id)) this.#open(id);
  }

  #open(boardId: string): void {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(syncServerUrl(), boardId, doc, { params: { token: this.#token } });
    const room: WatchedRoom = {
      doc,
      provider,
      live: null,
      read: throttle(() => {
        if (this.#rooms.get(boardId) !== room) return;
        const own = provider.awareness.clientID;
        const present: AwarenessState[] = [];
        for (const [clientId, state] of provider.awareness.getStates()) if (clientId !== own) present.push(state);
        room.live = { board: readBoard(doc, this.control, { boardId }).board, synced: provider.synced, present };
        const rooms = new Map(this.#snapshot.rooms);
        rooms.set(boardId, room.live);
        this.#publish({ ...this.#snapshot, rooms });
      }, BOARD_READ_MS),
    };
    doc.on('update', () => room.read());
    provider.on('sync', () => room.read());
    provider.awareness.on('change', () => room.read());
    this.#rooms.set(boardId, room);
    room.read();
  }

  #close(room: WatchedRoom): void {
    room.read.cancel();
    room.provider.destroy();
    room.doc.destroy();
  }

  destroy(): void {
    this.#readControl.cancel();
    this.control.off('update', this.#onControl);
    for (const room of this.#rooms.values()) this.#close(room);
    this.#rooms.clear();
    this.#controlProvider.off('sync', this.#onControl);
    this.#releaseControl();
    this.#empty.destroy();
    this.#listeners.clear();
  }
}

export function useLiveWorkshop(workshopId: string, token: string): LiveSnapshot {
  const [live, setLive] = useState<LiveWorkshop | null>(null);
  useEffect(() => {
    const created = new LiveWorkshop(workshopId, token);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- it opens sockets: made in the effect so its cleanup closes them, then handed to render
    setLive(created);
    return () => created.destroy();
  }, [workshopId, token]);
  return useSyncExternalStore(live?.subscribe ?? noSubscribe, live?.getSnapshot ?? emptySnapshot);
}

const EMPTY: LiveSnapshot = { control: null, workshop: null, rooms: new Map() };
const noSubscribe = () => () => undefined;
const emptySnapshot = () => EMPTY;

/** One room's results as the facilitator's export computes them: with the votes not yet revealed. */
export type FacilitatorResults = { challengeSolutions: ChallengeSolutions; voteTally: VoteTally };

type ExportJson = { sessions?: { rooms?: { boardId?: string; results?: FacilitatorResults }[] }[] };

const RESULTS_EVERY_MS = 4000;

/**
 * Hidden votes are only on the server until a reveal; the facilitator's `export.json` counts them.
 * Polled every few seconds while the page is visible, and at once after `refresh()`.
 */
export function useFacilitatorResults(workshopId: string, token: string): { results: ReadonlyMap<string, FacilitatorResults>; refresh: () => void } {
  const [results, setResults] = useState<ReadonlyMap<string, FacilitatorResults>>(new Map());
  const [nudge, setNudge] = useState(0);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = async (): Promise<void> => {
      timer = null;
      if (document.visibilityState !== 'hidden') {
        try {
          const body = await fetchWorkshopExport<ExportJson>(workshopId, token);
          const next = new Map<string, FacilitatorResults>();
          for (const session of body.sessions ?? []) {
            for (const room of session.rooms ?? []) {
              if (room.boardId && room.results?.challengeSolutions && room.results.voteTally) next.set(room.boardId, room.results);
            }
          }
          if (!cancelled) setResults(next);
        } catch {
          // offline for a moment: keep the last counts
        }
      }
      if (!cancelled) timer = setTimeout(() => void load(), RESULTS_EVERY_MS);
    };
    void load();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [workshopId, token, nudge]);
  return { results, refresh: () => setNudge((n) => n + 1) };
}
