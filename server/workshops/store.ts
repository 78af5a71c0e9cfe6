/**
 * The workshops the server has open: each workshop record (cached, changed one change at a time and
 * saved with an optimistic version check) and mirrors of what the server wrote into its control
 * document (phase, locks, reveals, timers, plenary), so board write checks can run synchronously.
 */
import type { FastifyBaseLogger } from 'fastify';
import * as Y from 'yjs';
import { readBoard } from '../../shared/doc/index.ts';
import { readWorkshopControl, type RoomEntry } from '../../shared/doc/workshop-control.ts';
import { WorkshopSchema, type Workshop } from '../../shared/schema/workshop.ts';
import type { BoardPhase } from '../../shared/workshop/phase-rules.ts';
import type { TimerState } from '../../shared/workshop/timer.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpError } from '../http-errors.ts';
import type { Storage } from '../storage/types.ts';
import type { Rooms } from '../sync/rooms.ts';
import { docIds } from './doc-ids.ts';

export type Cached = {
  workshop: Workshop;
  version: number;
  /** Mirrors of what this service wrote into the control document, for synchronous write checks. */
  workshopPhase: BoardPhase;
  boardPhase: Map<string, BoardPhase>;
  locked: Set<string>;
  /** Boards where the facilitator allows new notes outside ideation. */
  allowNotes: Set<string>;
  revealed: Set<string>;
  presenting: string | null;
  timers: Map<string, TimerState & { board: string | null; label: string }>;
};

export class WorkshopStore {
  readonly storage: Storage;
  readonly rooms: Rooms;
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
  readonly cache = new Map<string, Cached>();
  #loading = new Map<string, Promise<Cached | null>>();
  #queues = new Map<string, Promise<unknown>>();

  constructor(options: { storage: Storage; rooms: Rooms; log: FastifyBaseLogger; now?: () => number }) {
    this.storage = options.storage;
    this.rooms = options.rooms;
    this.log = options.log;
    this.now = options.now ?? Date.now;
  }


  room(cached: Cached, boardId: string) {
    const room = findRoom(cached.workshop, boardId);
    if (!room) throw new HttpError(404, 'not_found', 'no such board in this workshop', 'board');
    return room;
  }


  async mustLoad(workshopId: string): Promise<Cached> {
    const cached = await this.load(workshopId);
    if (!cached) throw new HttpError(404, 'not_found', 'no such workshop');
    return cached;
  }


  load(workshopId: string): Promise<Cached | null> {
    const cached = this.cache.get(workshopId);
    if (cached) return Promise.resolve(cached);
    let loading = this.#loading.get(workshopId);
    if (!loading) {
      loading = this.#read(workshopId).finally(() => this.#loading.delete(workshopId));
      this.#loading.set(workshopId, loading);
    }
    return loading;
  }


  async #read(workshopId: string): Promise<Cached | null> {
    const row = await this.storage.getWorkshop(workshopId);
    if (!row) return null;
    const parsed = WorkshopSchema.safeParse(JSON.parse(row.data));
    if (!parsed.success) {
      this.log.error({ workshopId, issues: parsed.error.issues.slice(0, 3) }, 'stored workshop does not validate');
      throw new HttpError(500, 'internal', 'this workshop cannot be read');
    }
    const cached: Cached = {
      workshop: parsed.data,
      version: row.version,
      workshopPhase: null,
      boardPhase: new Map(),
      locked: new Set(),
      allowNotes: new Set(),
      revealed: new Set(),
      presenting: null,
      timers: new Map(),
    };
    // Phase, locks, reveals and timers live in the control document: read them back once.
    await this.rooms.withRoom(docIds.control(workshopId), async (room) => mirrorControl(room.doc, cached));
    this.cache.set(workshopId, cached);
    return cached;
  }


  /** Changes the workshop record: one change at a time per workshop, validated, saved with a version check. */
  mutate<T>(workshopId: string, change: (w: Workshop) => T): Promise<T> {
    const previous = this.#queues.get(workshopId) ?? Promise.resolve();
    const run = previous.then(async () => {
      const cached = await this.mustLoad(workshopId);
      const draft = structuredClone(cached.workshop);
      const result = change(draft);
      const next = WorkshopSchema.parse(draft);
      const saved = await this.storage.updateWorkshop(workshopId, JSON.stringify(next), cached.version);
      if (!saved) {
        this.cache.delete(workshopId);
        throw new HttpError(409, 'conflict', 'the workshop changed meanwhile; try again');
      }
      cached.workshop = next;
      cached.version++;
      return result;
    });
    this.#queues.set(workshopId, run.catch(() => undefined));
    return run;
  }


  control(workshopId: string, change: (doc: Y.Doc) => void): Promise<void> {
    return this.rooms.withRoom(docIds.control(workshopId), (room) => room.writeAsServer(change));
  }
}

export function findRoom(w: Workshop, boardId: string) {
  for (const s of w.sessions) for (const r of s.rooms) if (r.boardId === boardId) return r;
  return undefined;
}

export function allRooms(w: Workshop) {
  return w.sessions.flatMap((s) => s.rooms);
}

export function roomEntries(w: Workshop): RoomEntry[] {
  return w.sessions.flatMap((s) =>
    s.rooms.map((r) => ({ id: r.id, name: r.name, session: s.id, sessionTitle: s.title, boardId: r.boardId, challenges: r.challenges, participantIds: r.participantIds })),
  );
}

export function requireFacilitator(principal: Principal): void {
  if (principal.role !== 'facilitator') throw new HttpError(403, 'forbidden', 'only the facilitator can do this');
}

export function mirrorControl(doc: Y.Doc, cached: Cached): void {
  const empty = new Y.Doc();
  for (const r of allRooms(cached.workshop)) {
    const control = readBoard(empty, doc, { boardId: r.boardId, cache: false }).board.control;
    if (control.phase !== null) cached.boardPhase.set(r.boardId, control.phase);
    if (control.resultsRevealed) cached.revealed.add(r.boardId);
    if (control.locks.some((l) => l.zone === null)) cached.locked.add(r.boardId);
    for (const t of control.timers) {
      cached.timers.set(t.id, { board: t.board, label: t.label, endsAt: t.endsAt, remainingMs: t.remainingMs });
    }
  }
  empty.destroy();
  const view = readWorkshopControl(doc);
  cached.presenting = view.plenary.board;
  for (const [board, options] of Object.entries(view.boardOptions)) if (options.allowNotes) cached.allowNotes.add(board);
}
