/**
 * One open board: its Y.Doc, its awareness and the connections looking at it.
 *
 * Durability rule: an update is written to storage before it is applied to the in-memory doc, so nothing
 * any client can receive from this room (relayed updates, sync replies) exists only in memory. Updates
 * commute in Yjs, so appends that finish out of order are harmless.
 *
 * Origins tag where a doc change came from: a Connection (relay to everyone else), STORAGE (loading:
 * relay to nobody, store nothing). A future cross-instance bus would add a third origin whose updates are
 * relayed locally but neither stored again nor published back.
 */
import type { FastifyBaseLogger } from 'fastify';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { Storage } from '../storage/types.ts';
import { Connection } from './connection.ts';
import {
  ProtocolError,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  validateUpdate,
} from './protocol.ts';

export const STORAGE = Symbol('storage');

export type CompactionPolicy = {
  /** Compact once this many updates were stored since the last snapshot. */
  afterUpdates: number;
  /** ... or once they add up to this many bytes. */
  afterBytes: number;
};

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export class Room {
  readonly boardId: string;
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Set<Connection>();
  readonly ready: Promise<void>;
  #storage: Storage;
  #log: FastifyBaseLogger;
  #policy: CompactionPolicy;
  #loaded = false;
  #inFlight = 0;
  #lastSeq = 0;
  #sinceSnapshot = { updates: 0, bytes: 0 };
  #compaction: Promise<void> | null = null;
  #compactionQueued = false;

  constructor(boardId: string, storage: Storage, log: FastifyBaseLogger, policy: CompactionPolicy) {
    this.boardId = boardId;
    this.#storage = storage;
    this.#log = log;
    this.#policy = policy;
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.#relayUpdate);
    this.awareness.on('update', this.#relayAwareness);
    this.ready = this.#load();
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  /** Sends the opening handshake once the board has loaded: our state vector, then who is here. */
  greet(conn: Connection): void {
    conn.send(encodeSyncStep1(this.doc));
    const present = [...this.awareness.getStates().keys()];
    if (present.length > 0) conn.send(encodeAwareness(this.awareness, present));
  }

  async handle(conn: Connection, frame: Uint8Array): Promise<void> {
    try {
      const message = decodeClientMessage(frame);
      switch (message.kind) {
        case 'sync-step1':
          conn.send(encodeSyncStep2(this.doc, message.stateVector));
          return;
        case 'update':
          await this.#receiveUpdate(conn, message.update);
          return;
        case 'awareness':
          try {
            awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, conn);
          } catch (err) {
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

  /** Removes the connection and, in one message to everyone left, every awareness state it introduced. */
  leave(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
    }
  }

  /** Waits for writes under way, writes a final snapshot if anything changed, then frees the doc. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    while (this.#inFlight > 0 || this.#compaction) {
      await (this.#compaction ?? new Promise((resolve) => setTimeout(resolve, 5)));
    }
    if (this.#loaded && this.#sinceSnapshot.updates > 0) await this.compact();
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Replaces the stored updates by one snapshot of the doc. Runs alone; a no-op while writes are in flight. */
  compact(): Promise<void> {
    if (this.#compaction) return this.#compaction;
    if (this.#inFlight > 0) {
      this.#queueCompaction();
      return Promise.resolve();
    }
    const upTo = this.#lastSeq;
    const counted = { ...this.#sinceSnapshot };
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    this.#sinceSnapshot = { updates: 0, bytes: 0 };
    this.#compaction = this.#storage
      .compact(this.boardId, snapshot, upTo)
      .then(() => this.#log.debug({ upTo, updates: counted.updates, bytes: snapshot.byteLength }, 'compacted'))
      .catch((err: unknown) => {
        this.#sinceSnapshot.updates += counted.updates;
        this.#sinceSnapshot.bytes += counted.bytes;
        this.#log.error({ err }, 'compaction failed; updates stay as they are');
      })
      .finally(() => {
        this.#compaction = null;
      });
    return this.#compaction;
  }

  async #load(): Promise<void> {
    const stored = await this.#storage.loadDocument(this.boardId);
    let skipped = 0;
    this.doc.transact(() => {
      for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) {
        try {
          Y.applyUpdate(this.doc, update, STORAGE);
        } catch (err) {
          skipped++;
          this.#log.error({ err }, 'skipping a stored update that Yjs rejects');
        }
      }
    }, STORAGE);
    this.#lastSeq = stored.lastSeq;
    this.#sinceSnapshot = {
      updates: stored.updates.length,
      bytes: stored.updates.reduce((sum, u) => sum + u.byteLength, 0),
    };
    this.#loaded = true;
    this.#log.debug({ updates: stored.updates.length, skipped, snapshot: stored.snapshot !== null }, 'board loaded');
    this.#maybeCompact();
  }

  async #receiveUpdate(conn: Connection, update: Uint8Array): Promise<void> {
    if (!conn.canWrite) {
      conn.log.debug('ignoring an update from a view-only connection');
      return;
    }
    if (!validateUpdate(update)) return;
    this.#inFlight++;
    try {
      let seq: number;
      try {
        seq = await this.#storage.appendUpdate(this.boardId, update);
      } catch (err) {
        conn.log.error({ err }, 'could not store an update');
        conn.close(CloseCode.internalError, 'storage unavailable');
        return;
      }
      this.#lastSeq = Math.max(this.#lastSeq, seq);
      this.#sinceSnapshot.updates++;
      this.#sinceSnapshot.bytes += update.byteLength;
      try {
        Y.applyUpdate(this.doc, update, conn);
      } catch (err) {
        throw new ProtocolError(CloseCode.badUpdate, `update rejected: ${(err as Error).message}`);
      }
    } finally {
      this.#inFlight--;
      this.#maybeCompact();
    }
  }

  #maybeCompact(): void {
    const { updates, bytes } = this.#sinceSnapshot;
    if (updates >= this.#policy.afterUpdates || bytes >= this.#policy.afterBytes) this.#queueCompaction();
  }

  #queueCompaction(): void {
    if (this.#compactionQueued) return;
    this.#compactionQueued = true;
    // Off the update path: let queued frames and relays go first.
    setTimeout(() => {
      this.#compactionQueued = false;
      void this.compact();
    }, 10).unref();
  }

  #relayUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === STORAGE || this.conns.size === 0) return;
    const message = encodeUpdate(update);
    for (const conn of this.conns) {
      if (conn !== origin) conn.send(message);
    }
  };

  #relayAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    if (origin instanceof Connection) {
      for (const id of added) origin.awarenessIds.add(id);
      for (const id of removed) origin.awarenessIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const message = encodeAwareness(this.awareness, changed);
    for (const conn of this.conns) {
      if (conn !== origin) conn.send(message);
    }
  };
}
