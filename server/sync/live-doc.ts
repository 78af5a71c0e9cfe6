/**
 * One open document (a board, or later a workshop's control document): its Y.Doc, its awareness and the
 * connections looking at it.
 *
 * Every change to the doc and every sync reply runs in one queue per live document. A change is applied to the
 * in-memory doc and what actually changed is sent to storage; it is relayed only once stored. The queue does
 * not wait for the store (appends of several clients commit side by side, see #commit), but every sync reply
 * waits for the appends under way, so it never carries state that is not yet stored, and a `kill -9` loses
 * nothing any client has received. If storing fails, the live document is dropped (every client reconnects
 * and re-sends what it has) rather than serve unstored state.
 *
 * A board without write rules that is stored as one snapshot (no updates after it: a compacted board, or
 * one stopped gracefully) is not decoded into its Y.Doc on load: every first visit (empty state vector) is
 * answered with the snapshot's bytes as they are, so the first client after a restart waits for a read from
 * storage (or none: warm-start.ts), not for Yjs to integrate a 10,000-note board (a few ms against a few
 * hundred). The doc is built only when something needs it: an update, a returning client's state vector,
 * server-side work. A board that is only looked at is never built, and holds its stored bytes, not a Y.Doc
 * (a tenth of the memory). The server's own sync step 1 is then read from the snapshot's bytes: at start-up
 * for a snapshot read ahead, otherwise once the first visitor has its reply (or after a moment when nobody
 * asks), a fifth of the time a build takes. A snapshot with a
 * tail of updates (after a crash that warm-start.ts did not fold) is built on load: a sync step 2 must hold
 * the whole state (clients act on 'synced'), and merging the tail into the snapshot as bytes
 * (Y.mergeUpdates) costs more than building the doc.
 *
 * Origins tag where a change came from: a ClientWrite (one client's update: relay to everyone else),
 * SERVER (the server's own writes: relay to all), STORAGE (loading: relay nothing, store nothing), REMOTE
 * (another server process stored it and published it through the fan-out, fanout.ts; or a resync read it
 * back from storage: relay to every local client, neither store again nor republish). Client and server
 * changes are published to the fan-out after they are stored, awareness changes of local clients at once.
 * The write policy's index and the server-change hook see REMOTE transactions too, so every process's
 * caches follow changes made elsewhere.
 *
 * Compaction folds exactly the updates storage hands it (Storage.compact): with a fan-out, other processes'
 * updates may be stored and not yet here, so they are applied (as REMOTE) before the doc is encoded.
 */
import type { FastifyBaseLogger } from 'fastify';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { Storage, StoredDocument } from '../storage/types.ts';
import { Connection } from './connection.ts';
import { FANOUT_KINDS, type Fanout, type FanoutMessage } from './fanout.ts';
import { AwarenessOwners } from './awareness-owners.ts';
import { AWARENESS_LIMITS, AwarenessLimitError, awarenessClientIds, vetAwarenessUpdate } from './awareness-rules.ts';
import { checkUpdate, hasPending } from './update-check.ts';
import type { WarmSnapshot } from './warm-snapshots.ts';
import {
  ProtocolError,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2Update,
  encodeUpdate,
  isEmptyStateVector,
  syncStep2Head,
  validateUpdate,
} from './protocol.ts';

export const STORAGE = Symbol('storage');
export const SERVER = Symbol('server');
export const REMOTE = Symbol('remote');
/** A local connection leaving: its awareness states are removed for everyone, on every process. */
const LEAVE = Symbol('leave');

/** Why a client's write was not taken (the refused-writes counter's label). */
export type RefusedReason = 'read-only' | 'malformed' | 'unresolved' | 'policy' | 'storage';

/** What the live document reports to /metrics (server/metrics.ts); every method optional to call, cheap to run. */
export interface DocMetrics {
  updateIn(source: 'client' | 'remote'): void;
  /** Update frames sent to local clients. */
  updatesOut(frames: number): void;
  refused(reason: RefusedReason): void;
  storeSeconds(seconds: number): void;
  relayLagSeconds(seconds: number): void;
}

/**
 * How long a visitor greeted before an unbuilt snapshot's state vector is known waits for it when no first
 * visit asks for the snapshot meanwhile (after one, it is read as soon as that reply is written).
 */
const STATE_VECTOR_DELAY_MS = 250;

/** Updates that cannot apply yet, per connection, before it is closed; and how many of them ask for a resync. */
const MAX_UNRESOLVED_UPDATES = 100;
const RESYNC_REQUESTS = 5;

/** The origin of a client's update while it is applied. */
export class ClientWrite {
  readonly conn: Connection;
  constructor(conn: Connection) {
    this.conn = conn;
  }
}

export type CompactionPolicy = {
  /** Compact once this many updates were stored since the last snapshot. */
  afterUpdates: number;
  /** ... or once they add up to this many bytes. */
  afterBytes: number;
};

/**
 * Decides whether a client's change may stand. `rootNames` is checked before anything is applied;
 * `check` runs after the change is applied (it sees the transaction), and a reason it returns makes the
 * live document revert exactly that change for everyone, the sender included.
 */
export interface WritePolicy {
  readonly rootNames: ReadonlySet<string>;
  /** The doc's root types, for undoing refused changes. */
  scope(doc: Y.Doc): Y.AbstractType<unknown>[];
  check(conn: Connection, transaction: Y.Transaction, doc: Y.Doc): string | null;
  /** Called after a change was accepted, to update any index the policy keeps. */
  accepted?(transaction: Y.Transaction, doc: Y.Doc): void;
  /** Called once, after the live document has loaded, with the loaded doc. */
  loaded?(doc: Y.Doc): void;
  /**
   * A change to make, as the server, once the doc has loaded and before any client is greeted (moving
   * content that must not reach clients out of an old document, say). Runs before `loaded`.
   */
  migrate?(doc: Y.Doc): void;
}

export type LiveDocOptions = {
  storage: Storage;
  log: FastifyBaseLogger;
  compaction: CompactionPolicy;
  /** The write rules of this document, resolved while it loads; none for plain boards. */
  resolvePolicy?: () => Promise<WritePolicy | null>;
  /** Called after each of the server's own changes was stored and relayed (sync extensions' onServerChange). */
  onServerChange?: (docId: string, transaction: Y.Transaction) => void;
  /** Called when the live document cannot go on (storage failed); the registry drops it. */
  onBroken?: (liveDoc: LiveDoc) => void;
  /** Other server processes' changes and awareness (REDIS_URL); none on a single process. */
  fanout?: Fanout;
  metrics?: DocMetrics;
  /** The stored snapshot read ahead at start-up (warm-start.ts): only what was stored after it is read. */
  warm?: WarmSnapshot;
};

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export class LiveDoc {
  readonly docId: string;
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Who may speak for each awareness client id (awareness-owners.ts). */
  #awarenessOwners = new AwarenessOwners();
  readonly conns = new Set<Connection>();
  readonly ready: Promise<void>;
  /** Holders other than connections (server-side work in progress); the live document stays loaded while > 0. */
  holds = 0;
  #options: LiveDocOptions;
  #loaded = false;
  #broken = false;
  #queue: Promise<unknown> = Promise.resolve();
  /** Appends under way (#commit): each settles once its update is stored and relayed, or storage failed. */
  #storing = new Set<Promise<void>>();
  #captured: Uint8Array[] = [];
  /** What REMOTE changes changed here, to relay to local clients. */
  #remoteCaptured: Uint8Array[] = [];
  #resyncQueued = false;
  #sinceSnapshot = { updates: 0, bytes: 0 };
  #compactionQueued = false;
  #undo: Y.UndoManager | null = null;
  #policy: WritePolicy | null = null;
  /**
   * The sync step 2 frame for a peer with an empty state vector (the whole doc), encoded at most once
   * per state of the doc: every first visit of a 1,000-note board would otherwise re-encode it. Dropped
   * on every change of the doc.
   */
  #fullState: Uint8Array | null = null;
  /**
   * Until the doc is built from storage (see the module comment): the stored snapshot, the header that
   * makes it a sync step 2 frame, and its state vector once read. Null once the doc is built.
   */
  #stored: { snapshot: Uint8Array; step2Head: Uint8Array; stateVector: Uint8Array | null } | null = null;
  /** Greeted before the state vector was known: they get the server's sync step 1 once it is. */
  #awaitingStep1 = new Set<Connection>();
  #stateVectorTimer: NodeJS.Timeout | null = null;

  constructor(docId: string, options: LiveDocOptions) {
    this.docId = docId;
    this.#options = options;
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.#capture);
    this.awareness.on('update', this.#relayAwareness);
    this.ready = this.#exclusive(() => this.#load());
    this.ready.catch(() => this.#options.fanout?.unsubscribe(this.docId, this.#onRemote));
  }

  #capture = (update: Uint8Array, origin: unknown): void => {
    this.#fullState = null;
    if (origin === REMOTE) this.#remoteCaptured.push(update);
    else if (origin !== STORAGE) this.#captured.push(update);
  };

  get loaded(): boolean {
    return this.#loaded;
  }

  /** Sends the opening handshake once the board has loaded: our state vector, then who is here. */
  greet(conn: Connection): Promise<void> {
    return this.#exclusive(async () => {
      await this.#allStored();
      const stored = this.#stored;
      if (!stored) conn.send(encodeSyncStep1(this.doc));
      else if (stored.stateVector) conn.send(encodeSyncStep1(stored.stateVector));
      else {
        this.#awaitingStep1.add(conn);
        this.#readStateVectorIn(STATE_VECTOR_DELAY_MS);
      }
      const present = [...this.awareness.getStates().keys()];
      if (present.length > 0) conn.send(encodeAwareness(this.awareness, present));
    });
  }

  async handle(conn: Connection, frame: Uint8Array): Promise<void> {
    try {
      const message = decodeClientMessage(frame);
      switch (message.kind) {
        case 'sync-step1': {
          // Stored bytes are stored state by definition, so they need not wait for queued work.
          const stored = this.#stored;
          if (stored && isEmptyStateVector(message.stateVector)) {
            // The state vector is read once these bytes are with the kernel: reading it blocks the event
            // loop, and with it the writing of whatever part of a large frame the socket did not take at once.
            conn.sendInTwo(stored.step2Head, stored.snapshot, stored.stateVector ? undefined : () => this.#readStateVectorIn(0));
            return;
          }
          await this.#exclusive(async () => {
            await this.#allStored();
            conn.send(this.#syncStep2(message.stateVector));
          });
          return;
        }
        case 'update':
          if (!conn.canWrite) {
            conn.log.debug('ignoring an update from a read-only connection');
            // An empty update (two zero bytes: a sync step 2 with nothing in it) is no write.
            if (message.update.byteLength > 2) this.#options.metrics?.refused('read-only');
            return;
          }
          if (!validateUpdate(message.update, this.#policy?.rootNames)) return;
          this.#options.metrics?.updateIn('client');
          // The queue goes on once the update is applied; this connection's next frame waits until it is
          // stored and relayed, so one client's updates are stored in the order it sent them.
          await (await this.#exclusive(async () => [this.#receiveUpdate(conn, message.update)] as const))[0];
          return;
        case 'awareness':
          // View connections (observers, presentations, free boards' view links) publish nothing.
          if (!conn.canWrite) return;
          try {
            const update = vetAwarenessUpdate(message.update, {
              mayPresent: conn.principal === null || conn.principal.role === 'facilitator',
              ownedByOther: this.#awarenessOwners.ownedByOther(conn, (id) => this.awareness.meta.get(id)?.clock ?? -1),
            });
            if (!update) return;
            const ids = awarenessClientIds(update);
            for (const id of ids) conn.spokenAwarenessIds.add(id);
            if (conn.spokenAwarenessIds.size > AWARENESS_LIMITS.idsPerConnection) throw new AwarenessLimitError('too many awareness client ids');
            this.#awarenessOwners.claim(conn, ids);
            awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
          } catch (err) {
            if (err instanceof AwarenessLimitError) throw new ProtocolError(CloseCode.badMessage, err.message);
            throw new ProtocolError(CloseCode.badMessage, `awareness update does not decode: ${(err as Error).message}`);
          }
          return;
        case 'query-awareness': {
          const present = [...this.awareness.getStates().keys()];
          if (present.length > 0) conn.send(encodeAwareness(this.awareness, present));
          return;
        }
      }
    } catch (err) {
      if (err instanceof ProtocolError) {
        conn.close(err.code, err.message.slice(0, 120));
        return;
      }
      conn.log.error({ err }, 'unexpected error handling a frame');
      conn.close(CloseCode.internalError, 'internal error');
    }
  }

  /**
   * The server's own change (facilitator actions, votes, moving drafts): applied, stored and relayed to
   * every connection like a client's, but never checked by the write policy.
   */
  writeAsServer<T>(change: (doc: Y.Doc) => T): Promise<T> {
    return this.#exclusive(async () => {
      // The change may build on what the doc holds: only on what is stored.
      await this.#allStored();
      if (this.#broken) throw new Error('document is unavailable');
      this.#build();
      let result: T | undefined;
      let transaction: Y.Transaction | null = null;
      const grab = (t: Y.Transaction) => {
        if (t.origin === SERVER) transaction = t;
      };
      this.doc.on('afterTransaction', grab);
      try {
        this.doc.transact(() => {
          result = change(this.doc);
        }, SERVER);
      } finally {
        this.doc.off('afterTransaction', grab);
      }
      if (transaction) this.#policy?.accepted?.(transaction, this.doc);
      await this.#commit(null, null);
      if (transaction) this.#options.onServerChange?.(this.docId, transaction);
      return result as T;
    });
  }

  /** Removes the connection and, in one message to everyone left, every awareness state it introduced. */
  leave(conn: Connection): void {
    this.#awaitingStep1.delete(conn);
    if (!this.conns.delete(conn)) return;
    const gone = this.#awarenessOwners.release(conn);
    if (gone.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, gone, LEAVE);
  }

  /** Waits for queued work, writes a final snapshot if anything changed, then frees the doc. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (this.#stateVectorTimer) clearTimeout(this.#stateVectorTimer);
    await this.#exclusive(async () => {
      // Appends under way are counted once stored.
      await this.#allStored();
      if (this.#loaded && !this.#broken && this.#sinceSnapshot.updates > 0) await this.#compactNow();
    });
    this.#options.fanout?.unsubscribe(this.docId, this.#onRemote);
    this.#undo?.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Replaces the stored updates by one snapshot of the doc. */
  compact(): Promise<void> {
    return this.#exclusive(() => this.#compactNow());
  }

  /**
   * Re-reads the whole document from storage and relays what local clients lack (the fan-out may have lost
   * messages). The whole document, not the updates after a sequence number: with several writers a lower
   * sequence number can commit after a higher one was read.
   */
  resync(): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#loaded || this.#broken) return;
      const stored = await this.#options.storage.loadDocument(this.docId);
      this.#applyRemote(stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates);
    });
  }

  /** Resolves once the doc holds what storage holds (server-side readers of `doc` wait for this). */
  built(): Promise<void> {
    if (!this.#stored && this.#storing.size === 0) return Promise.resolve();
    return this.#exclusive(async () => {
      await this.#allStored();
      this.#build();
    });
  }

  /** Only what the peer lacks; for an empty state vector the cached whole doc. */
  #syncStep2(stateVector: Uint8Array): Uint8Array {
    this.#build();
    if (!isEmptyStateVector(stateVector)) return encodeSyncStep2(this.doc, stateVector);
    this.#fullState ??= encodeSyncStep2Update(Y.encodeStateAsUpdate(this.doc));
    return this.#fullState;
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #load(): Promise<void> {
    this.#policy = (await this.#options.resolvePolicy?.()) ?? null;
    const fanout = this.#options.fanout;
    // Subscribed before reading: whatever is stored after the read is published after it, and arrives.
    if (fanout) {
      await fanout.subscribe(this.docId, this.#onRemote);
      fanout.publish(this.docId, FANOUT_KINDS.queryAwareness, new Uint8Array(0));
    }
    const stored = await this.#read();
    if (!this.#policy && stored.snapshot && stored.updates.length === 0) {
      const warm = this.#options.warm;
      const stateVector = warm && warm.snapshot === stored.snapshot ? warm.stateVector : null;
      this.#stored = { snapshot: stored.snapshot, step2Head: syncStep2Head(stored.snapshot), stateVector };
      this.#loaded = true;
      return;
    }
    this.#applyStored(stored.snapshot, stored.updates);
    await this.#adoptPolicy();
    this.#loaded = true;
    this.#maybeCompact();
  }

  /** What storage holds: from the snapshot read ahead at start-up and what was stored since, when there is one. */
  async #read(): Promise<StoredDocument> {
    const storage = this.#options.storage;
    const warm = this.#options.warm;
    if (!warm) return storage.loadDocument(this.docId);
    const since = await storage.loadUpdatesSince(this.docId, warm.lastSeq);
    // Compacted since it was read ahead: the stored snapshot is newer than ours.
    if (since.snapshot) return storage.loadDocument(this.docId);
    return { snapshot: warm.snapshot, updates: since.updates, lastSeq: since.lastSeq };
  }

  /** Lets the write policy migrate the loaded doc (stored like any server change) and index it. */
  async #adoptPolicy(): Promise<void> {
    const policy = this.#policy;
    if (policy?.migrate) {
      this.doc.transact(() => policy.migrate?.(this.doc), SERVER);
      await this.#commit(null, null);
    }
    if (policy) {
      policy.loaded?.(this.doc);
      // Tracks each client update (until accepted) so a refused one can be undone; it must listen before
      // the update is applied, or the items the update deletes would be garbage-collected.
      this.#undo = new Y.UndoManager(policy.scope(this.doc), { trackedOrigins: new Set([ClientWrite]), captureTimeout: 0 });
    }
  }

  /** Builds the doc from the stored bytes kept since load; then greets those who waited for it. */
  #build(): void {
    const stored = this.#stored;
    if (!stored) return;
    this.#stored = null;
    if (this.#stateVectorTimer) clearTimeout(this.#stateVectorTimer);
    this.#stateVectorTimer = null;
    this.#applyStored(stored.snapshot, []);
    for (const conn of this.#awaitingStep1) conn.send(encodeSyncStep1(this.doc));
    this.#awaitingStep1.clear();
    this.#maybeCompact();
  }

  /** Reads the unbuilt snapshot's state vector in `delayMs` (sooner if asked again), for those greeted before it was known. */
  #readStateVectorIn(delayMs: number): void {
    const stored = this.#stored;
    if (!stored || stored.stateVector || this.#awaitingStep1.size === 0) return;
    if (this.#stateVectorTimer && delayMs > 0) return;
    if (this.#stateVectorTimer) clearTimeout(this.#stateVectorTimer);
    this.#stateVectorTimer = setTimeout(() => {
      this.#stateVectorTimer = null;
      if (this.#stored !== stored) return;
      stored.stateVector = Y.encodeStateVectorFromUpdate(stored.snapshot);
      const step1 = encodeSyncStep1(stored.stateVector);
      for (const conn of this.#awaitingStep1) conn.send(step1);
      this.#awaitingStep1.clear();
    }, delayMs);
    this.#stateVectorTimer.unref();
  }

  #applyStored(snapshot: Uint8Array | null, updates: Uint8Array[]): void {
    let skipped = 0;
    // Not listening meanwhile spares Yjs encoding the whole loaded state once more as this transaction's update.
    this.doc.off('update', this.#capture);
    this.doc.transact(() => {
      for (const update of snapshot ? [snapshot, ...updates] : updates) {
        try {
          Y.applyUpdate(this.doc, update, STORAGE);
        } catch (err) {
          skipped++;
          this.#options.log.error({ err }, 'skipping a stored update that Yjs rejects');
        }
      }
    }, STORAGE);
    this.doc.on('update', this.#capture);
    this.#fullState = null;
    // A board loaded from a snapshot alone: that snapshot is the whole doc, already encoded.
    if (snapshot && updates.length === 0 && skipped === 0) this.#fullState = encodeSyncStep2Update(snapshot);
    this.#sinceSnapshot = {
      updates: updates.length,
      bytes: updates.reduce((sum, u) => sum + u.byteLength, 0),
    };
    this.#options.log.debug({ updates: updates.length, skipped, snapshot: snapshot !== null }, 'loaded');
  }

  /** Applies a client's update at once; the promise returned settles once it is stored and relayed. */
  #receiveUpdate(conn: Connection, update: Uint8Array): Promise<void> | undefined {
    if (this.#broken || conn.closed) return;
    this.#build();
    const policy = this.#policy;
    let transaction: Y.Transaction | null = null;
    const grab = (t: Y.Transaction) => {
      if (t.origin instanceof ClientWrite) transaction = t;
    };
    if (!this.#admit(conn, update)) {
      this.#options.metrics?.refused('unresolved');
      return;
    }
    if (policy) this.doc.on('afterTransaction', grab);
    try {
      Y.applyUpdate(this.doc, update, new ClientWrite(conn));
    } catch (err) {
      this.#discard(conn, `update threw half-way: ${(err as Error).message}`);
      return;
    } finally {
      if (policy) this.doc.off('afterTransaction', grab);
    }
    if (hasPending(this.doc)) {
      this.#discard(conn, 'update left structs pending');
      return;
    }
    let revert: Uint8Array | null = null;
    if (policy && transaction) {
      const reason = policy.check(conn, transaction, this.doc);
      if (reason) {
        conn.log.warn({ reason }, 'reverting a change the client may not make');
        this.#options.metrics?.refused('policy');
        revert = this.#revert(conn);
      } else {
        policy.accepted?.(transaction, this.doc);
        this.#undo?.clear();
      }
    }
    return this.#commit(conn, revert);
  }

  /**
   * Whether the update integrates entirely, now (update-check.ts). One that would stay pending is dropped:
   * the sender gets our state vector, which an honest client that raced another's edit answers with what
   * we lack; a connection that keeps sending such updates is closed.
   */
  #admit(conn: Connection, update: Uint8Array): boolean {
    const verdict = checkUpdate(this.doc, update);
    if (verdict.kind === 'apply') return true;
    if (verdict.kind === 'malformed') {
      this.#options.metrics?.refused('malformed');
      throw new ProtocolError(CloseCode.badUpdate, `update refused: ${verdict.reason}`);
    }
    if (verdict.kind === 'unresolved') {
      conn.unresolvedUpdates++;
      conn.log.debug({ reason: verdict.reason }, 'dropping an update that would stay pending');
      if (conn.unresolvedUpdates > MAX_UNRESOLVED_UPDATES) throw new ProtocolError(CloseCode.badUpdate, `too many updates that cannot apply: ${verdict.reason}`);
      if (conn.unresolvedUpdates <= RESYNC_REQUESTS) conn.send(encodeSyncStep1(this.doc));
    }
    return false;
  }

  /**
   * An update that passed the check and still did not integrate cleanly: nothing of it is stored or
   * relayed, and the live document is dropped so that it reloads what storage holds (every client resyncs).
   */
  #discard(conn: Connection, reason: string): void {
    this.#captured = [];
    conn.log.error({ reason }, 'an admitted update did not integrate; reloading the document');
    conn.close(CloseCode.badUpdate, 'update refused');
    this.#break();
  }

  #break(): void {
    this.#broken = true;
    for (const conn of this.conns) conn.close(CloseCode.internalError, 'document reloading');
    this.#options.onBroken?.(this);
  }

  /** Undoes exactly the last client update (the undo manager tracked it); returns the undo's own update. */
  #revert(conn: Connection): Uint8Array | null {
    const before = this.#captured.length;
    this.#undo?.undo();
    this.#undo?.clear();
    const produced = this.#captured.slice(before);
    if (produced.length === 0) {
      conn.log.error('could not revert a refused change; closing the connection');
      conn.close(CloseCode.forbidden, 'change refused');
      return null;
    }
    return produced.length === 1 ? produced[0]! : Y.mergeUpdates(produced);
  }

  /**
   * Starts storing what the doc captured since the last commit; the promise settles once it is stored and
   * relayed (or the store failed and the document broke). Only the start happens inside the queue: the next
   * client's update is applied and its append sent while this one commits, so appends of one document commit
   * side by side (PostgreSQL flushes them together) instead of one behind the other. Nothing waits on an
   * unstored update: it is relayed and published only once stored, and whatever shows the doc's state to
   * anyone (a sync reply, a greeting, a server change, a compaction) first waits for every append under way
   * (#allStored). One client's updates never commit side by side (its connection waits for each), and a client
   * can only build on another's update once it was relayed, i.e. stored: so a stored update never depends on
   * one whose append failed.
   */
  #commit(origin: Connection | null, revert: Uint8Array | null): Promise<void> {
    const captured = this.#captured;
    this.#captured = [];
    if (captured.length === 0) return Promise.resolve();
    const merged = captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured);
    const done = this.#store(merged).then((stored) => {
      if (stored) this.#relay(merged, origin, revert);
    });
    this.#storing.add(done);
    void done.then(() => this.#storing.delete(done));
    return done;
  }

  /** Appends the update; false (and the document broken) when storage failed. */
  async #store(update: Uint8Array): Promise<boolean> {
    const metrics = this.#options.metrics;
    try {
      const started = metrics ? performance.now() : 0;
      await this.#options.storage.appendUpdate(this.docId, update);
      metrics?.storeSeconds((performance.now() - started) / 1000);
      return true;
    } catch (err) {
      metrics?.refused('storage');
      if (!this.#broken) {
        this.#options.log.error({ err }, 'could not store an update; dropping the document so clients resync');
        this.#break();
      }
      return false;
    }
  }

  /** Resolves once every append under way has settled (#commit). */
  async #allStored(): Promise<void> {
    while (this.#storing.size > 0) await Promise.all(this.#storing);
  }

  /** A stored update: to other processes, then to every local connection but its sender. */
  #relay(merged: Uint8Array, origin: Connection | null, revert: Uint8Array | null): void {
    // Stored: now other processes may hear of it (even if an append beside it failed and the document broke).
    this.#options.fanout?.publish(this.docId, FANOUT_KINDS.update, merged);
    this.#sinceSnapshot.updates++;
    this.#sinceSnapshot.bytes += merged.byteLength;
    const message = encodeUpdate(merged);
    let sent = 0;
    for (const conn of this.conns) {
      if (conn !== origin) {
        conn.send(message);
        sent++;
      }
    }
    if (origin && revert) {
      origin.send(encodeUpdate(revert));
      sent++;
    }
    this.#options.metrics?.updatesOut(sent);
    this.#maybeCompact();
  }

  #onRemote = (message: FanoutMessage): void => {
    switch (message.kind) {
      case FANOUT_KINDS.update: {
        this.#options.metrics?.relayLagSeconds(Math.max(0, Date.now() - message.sentAt) / 1000);
        this.#options.metrics?.updateIn('remote');
        // Copied: the payload is a view into the message buffer, and waits in the queue.
        const update = message.payload.slice();
        void this.#exclusive(async () => {
          if (!this.#loaded || this.#broken) return;
          this.#build();
          // One that cannot integrate yet (a message before it was lost) is not applied: pending structs
          // would make the next client update look broken. Storage has both.
          const verdict = checkUpdate(this.doc, update).kind;
          if (verdict === 'unresolved') return this.scheduleResync();
          if (verdict !== 'apply') return;
          this.#applyRemote([update]);
        });
        return;
      }
      case FANOUT_KINDS.awareness:
        // Presence does not wait for the doc: answers to this process's query arrive while it loads.
        try {
          this.#awarenessOwners.arrivedFromElsewhere(awarenessClientIds(message.payload));
          awarenessProtocol.applyAwarenessUpdate(this.awareness, message.payload, REMOTE);
        } catch (err) {
          this.#options.log.warn({ err }, 'dropping an awareness update from another process that does not decode');
        }
        return;
      case FANOUT_KINDS.resync:
        this.scheduleResync();
        return;
      case FANOUT_KINDS.queryAwareness: {
        const mine = this.#awarenessOwners.local().filter((id) => this.awareness.getStates().has(id));
        if (mine.length > 0) this.#options.fanout?.publish(this.docId, FANOUT_KINDS.awareness, awarenessProtocol.encodeAwarenessUpdate(this.awareness, mine));
        return;
      }
    }
  };

  /** One resync at a time, however many ask for it meanwhile. */
  scheduleResync(): void {
    if (this.#resyncQueued) return;
    this.#resyncQueued = true;
    setTimeout(() => {
      this.#resyncQueued = false;
      this.resync().catch((err: unknown) => this.#options.log.error({ err }, 'resync from storage failed'));
    }, 0).unref();
  }

  /**
   * Applies updates that are stored already (another process's, or read back from storage): relayed to
   * every local client, never stored or published again. The policy's index and the server-change hook
   * see them like local changes. Runs inside the queue.
   */
  #applyRemote(updates: Uint8Array[]): void {
    this.#build();
    const transactions: Y.Transaction[] = [];
    const grab = (t: Y.Transaction) => {
      if (t.origin === REMOTE) transactions.push(t);
    };
    this.doc.on('afterTransaction', grab);
    try {
      this.doc.transact(() => {
        for (const update of updates) {
          try {
            Y.applyUpdate(this.doc, update, REMOTE);
          } catch (err) {
            this.#options.log.error({ err }, 'skipping a stored update that Yjs rejects');
          }
        }
      }, REMOTE);
    } finally {
      this.doc.off('afterTransaction', grab);
    }
    const changed = this.#remoteCaptured;
    this.#remoteCaptured = [];
    for (const t of transactions) {
      this.#policy?.accepted?.(t, this.doc);
      this.#options.onServerChange?.(this.docId, t);
    }
    // A message overtook one it depends on (or one was lost): storage has both.
    if (hasPending(this.doc)) this.scheduleResync();
    if (changed.length === 0) return;
    const message = encodeUpdate(changed.length === 1 ? changed[0]! : Y.mergeUpdates(changed));
    for (const conn of this.conns) conn.send(message);
    this.#options.metrics?.updatesOut(this.conns.size);
  }

  async #compactNow(): Promise<void> {
    // The snapshot is the doc's state: only stored state.
    await this.#allStored();
    if (this.#broken) return;
    this.#build();
    const counted = { ...this.#sinceSnapshot };
    this.#sinceSnapshot = { updates: 0, bytes: 0 };
    let folded = 0;
    try {
      await this.#options.storage.compact(this.docId, (stored) => {
        folded = stored.updates.length;
        // On one process everything stored went through this doc; with others, what they stored may not have arrived yet.
        if (this.#options.fanout) this.#applyRemote(stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates);
        const snapshot = Y.encodeStateAsUpdate(this.doc);
        // Until the doc changes again (which drops it), the snapshot is also what a first visit receives.
        this.#fullState = encodeSyncStep2Update(snapshot);
        return snapshot;
      });
      this.#options.log.debug({ folded, updates: counted.updates }, 'compacted');
    } catch (err) {
      this.#sinceSnapshot.updates += counted.updates;
      this.#sinceSnapshot.bytes += counted.bytes;
      this.#options.log.error({ err }, 'compaction failed; updates stay as they are');
    }
  }

  #maybeCompact(): void {
    const { updates, bytes } = this.#sinceSnapshot;
    const { afterUpdates, afterBytes } = this.#options.compaction;
    if (this.#compactionQueued || (updates < afterUpdates && bytes < afterBytes)) return;
    this.#compactionQueued = true;
    // Off the update path: let queued frames and relays go first.
    setTimeout(() => {
      this.#compactionQueued = false;
      void this.compact();
    }, 10).unref();
  }

  #relayAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    this.#awarenessOwners.removed(removed);
    const message = encodeAwareness(this.awareness, changed);
    // Local clients' presence (and their leaving) goes to other processes; timeouts happen on each process alike.
    if (this.#options.fanout && (origin instanceof Connection || origin === LEAVE)) {
      this.#options.fanout.publish(this.docId, FANOUT_KINDS.awareness, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    }
    for (const conn of this.conns) {
      if (conn !== origin) conn.send(message);
    }
  };
}
