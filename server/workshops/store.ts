/**
 * The workshops this server has open, each read from two documents and nowhere else:
 *   - the state document (`workshop.<id>`, server-only, shared/doc/workshop-state.ts): participants,
 *     sessions and rooms, hidden votes, matchmaking. Stored like a board (an update per change, snapshots,
 *     compaction) through the same Storage;
 *   - the control document (`control.<id>`, synced read-only to every client): phase, timers, reveals,
 *     selections, locks, plenary, and the published copies of roster, rooms and revealed votes.
 *
 * Every action is one step: under `storage.exclusive` for the workshop (one writer at a time across every
 * server process on the same storage), catch up with what other servers appended, validate against that
 * state, write one transaction tagged WORKSHOP_WRITE, append it to storage, and only then answer. The
 * caches here (the workshop record, the vote index, the control view the board write checks read) are
 * derived by observing the documents, whoever changed them (this server, storage on load, another server),
 * never updated by hand next to a write; a restart rebuilds them by loading.
 *
 * With several processes (REDIS_URL), each stored change of a state document is also published through the
 * live documents' fan-out and applied by every process that has the workshop loaded (observers update the
 * caches as for any change), so the board write checks, which read the caches synchronously, follow a
 * facilitator's action on another process within a message's delay; every action still catches up from
 * storage under the lock first, so a lost message delays a cache, never corrupts a write.
 *
 * A workshop nobody uses unloads after `idleMs` (no request, no open board, draft or control document),
 * with a final snapshot of its state document, like a board's room.
 */
import type { FastifyBaseLogger } from 'fastify';
import * as Y from 'yjs';
import { boardPhaseIn, observeControl, readControl, type ControlView } from '../../shared/doc/control-read.ts';
import type { RoomEntry } from '../../shared/doc/workshop-control.ts';
import { castHiddenVote, hasWorkshop, observeHiddenVotes, readWorkshop, touchesWorkshop, writeWorkshop } from '../../shared/doc/workshop-state.ts';
import type { Phase, Timer } from '../../shared/schema/control.ts';
import { WorkshopRowSchema, type HiddenVote, type Workshop } from '../../shared/schema/workshop.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpError } from '../http-errors.ts';
import type { Storage } from '../storage/types.ts';
import { FANOUT_KINDS, type Fanout, type FanoutMessage } from '../sync/fanout.ts';
import type { LiveDoc } from '../sync/live-doc.ts';
import type { LiveDocs } from '../sync/live-docs.ts';
import { docIds, parseDocId } from './doc-ids.ts';

/** Origins of changes to a state document: this server's actions, and what storage hands back (load, catch-up). */
export const WORKSHOP_WRITE = Symbol('workshop-write');
export const WORKSHOP_STORED = Symbol('workshop-stored');

export type StoreOptions = {
  storage: Storage;
  liveDocs: LiveDocs;
  log: FastifyBaseLogger;
  now?: () => number;
  /** How long an unused workshop stays loaded. 60 s: a facilitator's next click finds it warm. */
  idleMs?: number;
  /** Snapshot the state document after this many stored updates (votes are small: 500 keep loads fast). */
  compactAfterUpdates?: number;
};

const voteCount = (board: string, voter: string, challenge: string) => JSON.stringify([board, voter, challenge]);

/** One open workshop: its state document, the control room it keeps loaded, and the caches derived from both. */
export class LoadedWorkshop {
  readonly id: string;
  readonly doc = new Y.Doc();
  readonly control: LiveDoc;
  lastUsed: number;
  /** Requests and writes in progress: the workshop does not unload under them. */
  busy = 0;
  #workshop: Workshop | null = null;
  #controlView: ControlView | null = null;
  #byVoter = new Map<string, Map<string, HiddenVote>>();
  #byBoard = new Map<string, Map<string, HiddenVote>>();
  #used = new Map<string, number>();
  #lastSeq = 0;
  #sinceSnapshot = 0;
  #release: () => void;
  #unobserve: (() => void)[] = [];
  #fanout: Fanout | undefined;
  /** The fan-out subscriber, set by the store once subscribed. */
  onRemote: ((message: FanoutMessage) => void) | null = null;

  constructor(id: string, control: LiveDoc, release: () => void, now: number, fanout?: Fanout) {
    this.id = id;
    this.control = control;
    this.#fanout = fanout;
    this.#release = release;
    this.lastUsed = now;
    // Observers first: loading goes through them like every later change.
    this.#unobserve.push(observeHiddenVotes(this.doc, (changes) => {
      for (const { key, before, after } of changes) {
        if (before) this.#index(key, before, -1);
        if (after) this.#index(key, after, 1);
      }
    }));
    const onTransaction = (t: Y.Transaction) => {
      if (touchesWorkshop(this.doc, t)) this.#workshop = null;
    };
    this.doc.on('afterTransaction', onTransaction);
    this.#unobserve.push(() => this.doc.off('afterTransaction', onTransaction));
    this.#unobserve.push(observeControl(control.doc, () => (this.#controlView = null)));
  }

  get docId(): string {
    return docIds.state(this.id);
  }

  /** The workshop record (agenda, participants, sessions, matchmaking), read from the state document when it changed. */
  get workshop(): Workshop {
    if (this.#workshop === null) {
      const read = readWorkshop(this.doc);
      if (read.workshop === null) throw new HttpError(500, 'internal', `this workshop cannot be read (${read.problem})`);
      this.#workshop = read.workshop;
    }
    return this.#workshop;
  }

  /** What the control document says, read again after each change to it (votes aside). */
  get view(): ControlView {
    this.#controlView ??= readControl(this.control.doc);
    return this.#controlView;
  }

  phaseOf(board: string | null): Phase | null {
    return board === null ? this.view.workshop.phase : boardPhaseIn(this.view, board);
  }

  /** Dots per person per challenge on a board: the board's own budget, else the workshop's (what the reducers count with). */
  budgetOf(board: string): number {
    return this.view.boards[board]?.voteBudget ?? this.view.workshop.voteBudget;
  }

  isRevealed(board: string): boolean {
    return this.view.boards[board]?.resultsRevealed === true;
  }

  isLocked(board: string): boolean {
    return this.view.locks.some((l) => l.board === board && l.zone === null);
  }

  allowsNotes(board: string): boolean {
    return this.view.boardOptions[board]?.allowNotes === true;
  }

  get presenting(): string | null {
    return this.view.plenary.board;
  }

  timer(id: string): Timer | undefined {
    return this.view.timers.find((t) => t.id === id);
  }

  votesOf(voter: string): HiddenVote[] {
    return [...(this.#byVoter.get(voter)?.values() ?? [])];
  }

  votesOn(board: string): HiddenVote[] {
    return [...(this.#byBoard.get(board)?.values() ?? [])];
  }

  hasVote(key: string, voter: string): boolean {
    return this.#byVoter.get(voter)?.has(key) ?? false;
  }

  /** Dots this voter has on this board's challenge. */
  used(board: string, voter: string, challenge: string): number {
    return this.#used.get(voteCount(board, voter, challenge)) ?? 0;
  }

  #index(key: string, vote: HiddenVote, delta: 1 | -1): void {
    for (const [index, id] of [[this.#byVoter, vote.voter], [this.#byBoard, vote.board]] as const) {
      let map = index.get(id);
      if (!map) index.set(id, (map = new Map<string, HiddenVote>()));
      if (delta > 0) map.set(key, vote);
      else map.delete(key);
      if (map.size === 0) index.delete(id);
    }
    const count = voteCount(vote.board, vote.voter, vote.challenge);
    const n = (this.#used.get(count) ?? 0) + delta;
    if (n > 0) this.#used.set(count, n);
    else this.#used.delete(count);
  }

  /** Applies what storage holds after `lastSeq` (everything, on the first call). */
  async catchUp(storage: Storage): Promise<void> {
    const stored = this.#lastSeq === 0 ? await storage.loadDocument(this.docId) : await storage.loadUpdatesSince(this.docId, this.#lastSeq);
    if (stored.snapshot || stored.updates.length > 0) {
      this.doc.transact(() => {
        for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(this.doc, update, WORKSHOP_STORED);
      }, WORKSHOP_STORED);
    }
    if (this.#lastSeq === 0) this.#sinceSnapshot = stored.updates.length;
    this.#lastSeq = Math.max(this.#lastSeq, stored.lastSeq);
  }

  /** Stores what `change` wrote (tagged WORKSHOP_WRITE); call under `storage.exclusive` for this workshop. */
  async write<T>(storage: Storage, change: (doc: Y.Doc) => T): Promise<{ result: T; stored: boolean }> {
    const captured: Uint8Array[] = [];
    const capture = (update: Uint8Array, origin: unknown) => {
      if (origin === WORKSHOP_WRITE) captured.push(update);
    };
    this.doc.on('update', capture);
    let result: T;
    try {
      result = change(this.doc);
    } finally {
      this.doc.off('update', capture);
    }
    if (captured.length === 0) return { result, stored: false };
    const merged = captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured);
    this.#lastSeq = Math.max(this.#lastSeq, await storage.appendUpdate(this.docId, merged));
    this.#sinceSnapshot++;
    this.#fanout?.publish(this.docId, FANOUT_KINDS.update, merged);
    return { result, stored: true };
  }

  /** Another process stored a change (or asks everyone to re-read storage). */
  remote(message: FanoutMessage, storage: Storage): void {
    if (message.kind === FANOUT_KINDS.update) {
      try {
        Y.applyUpdate(this.doc, message.payload, WORKSHOP_STORED);
      } catch {
        // Storage has it; the next catch-up reads it.
      }
    } else if (message.kind === FANOUT_KINDS.resync) {
      void this.catchUp(storage).catch(() => undefined);
    }
  }

  /** Folds the stored updates into one snapshot; call under `storage.exclusive` for this workshop. */
  async compact(storage: Storage): Promise<void> {
    if (this.#sinceSnapshot === 0) return;
    await storage.compact(this.docId, (stored) => {
      // Whatever storage holds and this doc does not (nothing, after a catch-up under the same lock) goes in first.
      this.doc.transact(() => {
        for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(this.doc, update, WORKSHOP_STORED);
      }, WORKSHOP_STORED);
      return Y.encodeStateAsUpdate(this.doc);
    });
    this.#sinceSnapshot = 0;
  }

  get updatesSinceSnapshot(): number {
    return this.#sinceSnapshot;
  }

  /** Forgets the documents; the control room unloads on its own once nobody looks at it. */
  close(): void {
    if (this.onRemote) this.#fanout?.unsubscribe(this.docId, this.onRemote);
    for (const off of this.#unobserve) off();
    this.#release();
    this.doc.destroy();
  }
}

export class WorkshopStore {
  readonly storage: Storage;
  readonly liveDocs: LiveDocs;
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
  readonly cache = new Map<string, LoadedWorkshop>();
  #loading = new Map<string, Promise<LoadedWorkshop | null>>();
  #idleMs: number;
  #compactAfter: number;
  #sweeper: NodeJS.Timeout;

  constructor(options: StoreOptions) {
    this.storage = options.storage;
    this.liveDocs = options.liveDocs;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.#idleMs = options.idleMs ?? 60_000;
    this.#compactAfter = options.compactAfterUpdates ?? 500;
    this.#sweeper = setInterval(() => void this.unloadIdle(), Math.max(20, Math.min(10_000, Math.floor(this.#idleMs / 2))));
    this.#sweeper.unref();
    this.liveDocs.fanout?.onResync(() => {
      for (const loaded of this.cache.values()) void loaded.catchUp(this.storage).catch(() => undefined);
    });
  }

  room(loaded: LoadedWorkshop, boardId: string) {
    const room = findRoom(loaded.workshop, boardId);
    if (!room) throw new HttpError(404, 'not_found', 'no such board in this workshop', 'board');
    return room;
  }

  async mustLoad(workshopId: string): Promise<LoadedWorkshop> {
    const loaded = await this.load(workshopId);
    if (!loaded) throw new HttpError(404, 'not_found', 'no such workshop');
    return loaded;
  }

  /** The workshop, up to date with what any server stored (a cheap read of the updates since the last one). */
  async load(workshopId: string): Promise<LoadedWorkshop | null> {
    const loaded = await this.#open(workshopId);
    if (!loaded) return null;
    loaded.lastUsed = this.now();
    loaded.busy++;
    try {
      await loaded.catchUp(this.storage);
    } finally {
      loaded.busy--;
    }
    return loaded;
  }

  /** Loaded already, for synchronous checks (board write rules); starts loading it otherwise. */
  peek(workshopId: string): LoadedWorkshop | undefined {
    const loaded = this.cache.get(workshopId);
    if (loaded && this.#intact(loaded)) return loaded;
    void this.load(workshopId).catch(() => undefined);
    return undefined;
  }

  /**
   * One step on the state document: under the workshop's lock across every server, catch up, let
   * `change` validate (throwing an HttpError changes nothing) and write one transaction tagged
   * WORKSHOP_WRITE, then store it. Resolves once stored.
   */
  async act<T>(workshopId: string, change: (loaded: LoadedWorkshop, doc: Y.Doc) => T): Promise<T> {
    // Loaded, not caught up yet: that happens under the lock, where it counts.
    const loaded = await this.#open(workshopId);
    if (!loaded) throw new HttpError(404, 'not_found', 'no such workshop');
    loaded.busy++;
    try {
      return await this.storage.exclusive(loaded.docId, async () => {
        await loaded.catchUp(this.storage);
        let outcome;
        try {
          outcome = await loaded.write(this.storage, (doc) => change(loaded, doc));
        } catch (err) {
          if (err instanceof HttpError) throw err;
          // The doc may hold a change storage did not take: forget it, the next request reloads what is stored.
          this.#drop(loaded);
          this.log.error({ err, workshopId }, 'could not store a workshop change');
          throw new HttpError(503, 'unavailable', 'the change could not be saved; try again');
        }
        if (outcome.stored && loaded.updatesSinceSnapshot >= this.#compactAfter) {
          await loaded.compact(this.storage).catch((err: unknown) => this.log.error({ err, workshopId }, 'workshop compaction failed'));
        }
        return outcome.result;
      });
    } finally {
      loaded.busy--;
      loaded.lastUsed = this.now();
    }
  }

  /** Changes the workshop record as plain data: only the entries that differ are written. */
  mutate<T>(workshopId: string, change: (w: Workshop) => T): Promise<T> {
    return this.act(workshopId, (loaded, doc) => {
      const draft = structuredClone(loaded.workshop);
      const result = change(draft);
      writeWorkshop(doc, draft, WORKSHOP_WRITE);
      return result;
    });
  }

  /** A server write to the control document: applied, stored, then relayed to every client of the workshop. */
  async control(workshopId: string, change: (doc: Y.Doc) => void): Promise<void> {
    const loaded = await this.mustLoad(workshopId);
    await loaded.control.writeAsServer(change);
  }

  /** Unloads every workshop that nobody used for `idleMs` and that has no open document. */
  async unloadIdle(): Promise<void> {
    const now = this.now();
    for (const loaded of [...this.cache.values()]) {
      if (loaded.busy > 0 || now - loaded.lastUsed < this.#idleMs || this.#inUse(loaded)) continue;
      this.cache.delete(loaded.id);
      loaded.busy++;
      try {
        await this.storage.exclusive(loaded.docId, () => loaded.compact(this.storage));
      } catch (err) {
        this.log.error({ err, workshopId: loaded.id }, 'final workshop snapshot failed; its updates stay as they are');
      } finally {
        loaded.close();
      }
    }
  }

  /** Compacts and unloads every workshop (server shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    for (const loaded of [...this.cache.values()]) {
      this.cache.delete(loaded.id);
      await this.storage.exclusive(loaded.docId, () => loaded.compact(this.storage)).catch(() => undefined);
      loaded.close();
    }
  }

  #inUse(loaded: LoadedWorkshop): boolean {
    if (loaded.control.conns.size > 0) return true;
    let boards: Set<string>;
    try {
      boards = new Set(allRooms(loaded.workshop).map((r) => r.boardId));
    } catch {
      boards = new Set();
    }
    for (const docId of this.liveDocs.docs.keys()) {
      if (boards.has(docId)) return true;
      const parsed = parseDocId(docId);
      if (parsed?.kind === 'draft' && parsed.workshopId === loaded.id) return true;
    }
    return false;
  }

  /** The control document this workshop observes is still the one clients use (a broken one is replaced). */
  #intact(loaded: LoadedWorkshop): boolean {
    return this.liveDocs.docs.get(docIds.control(loaded.id)) === loaded.control;
  }

  #drop(loaded: LoadedWorkshop): void {
    if (this.cache.get(loaded.id) === loaded) this.cache.delete(loaded.id);
    loaded.close();
  }

  async #open(workshopId: string): Promise<LoadedWorkshop | null> {
    const cached = this.cache.get(workshopId);
    if (cached && this.#intact(cached)) return cached;
    if (cached) this.#drop(cached);
    let loading = this.#loading.get(workshopId);
    if (!loading) {
      loading = this.#read(workshopId).finally(() => this.#loading.delete(workshopId));
      this.#loading.set(workshopId, loading);
    }
    return loading;
  }

  async #read(workshopId: string): Promise<LoadedWorkshop | null> {
    const row = await this.storage.getWorkshop(workshopId);
    if (!row) return null;
    // Hold the control document for as long as the workshop is loaded, so its observer sees every change.
    let release: () => void = () => undefined;
    const control = await new Promise<LiveDoc>((resolve, reject) => {
      this.liveDocs
        .withDoc(docIds.control(workshopId), (live) => {
          resolve(live);
          return new Promise<void>((done) => (release = done));
        })
        .catch(reject);
    });
    const fanout = this.liveDocs.fanout;
    const loaded = new LoadedWorkshop(workshopId, control, () => release(), this.now(), fanout);
    try {
      // Subscribed before reading, so nothing stored after the read goes unheard.
      if (fanout) {
        loaded.onRemote = (message) => loaded.remote(message, this.storage);
        await fanout.subscribe(loaded.docId, loaded.onRemote);
      }
      await loaded.catchUp(this.storage);
      if (!hasWorkshop(loaded.doc)) await this.#importRow(loaded, row.data);
      void loaded.workshop; // fails now, with the reason, if the stored workshop does not validate
    } catch (err) {
      loaded.close();
      this.log.error({ workshopId, err }, 'could not load a workshop');
      throw err;
    }
    this.cache.set(workshopId, loaded);
    return loaded;
  }

  /** A workshop as created (or as an older server stored it, votes inside): written into the state document once. */
  async #importRow(loaded: LoadedWorkshop, data: string): Promise<void> {
    const parsed = WorkshopRowSchema.safeParse(JSON.parse(data));
    if (!parsed.success) throw new HttpError(500, 'internal', 'this workshop cannot be read');
    const { votes, ...workshop } = parsed.data;
    await this.storage.exclusive(loaded.docId, async () => {
      await loaded.catchUp(this.storage);
      if (hasWorkshop(loaded.doc)) return;
      await loaded.write(this.storage, (doc) =>
        doc.transact(() => {
          writeWorkshop(doc, workshop, WORKSHOP_WRITE);
          for (const v of votes) castHiddenVote(doc, v, WORKSHOP_WRITE);
        }, WORKSHOP_WRITE),
      );
    });
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
