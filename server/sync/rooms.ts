/**
 * Opens a Room on the first connection to a board, shares it between connections, and unloads it some
 * time after the last one leaves. Also keeps every socket alive: y-websocket's provider drops a socket that
 * has received nothing for 30 s, so each connection gets at least a 3-byte keepalive message every
 * `keepaliveMs`, and a websocket ping that must be answered, which finds peers that vanished without closing.
 */
import type { FastifyBaseLogger } from 'fastify';
import type * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { Storage } from '../storage/types.ts';
import type { Connection } from './connection.ts';
import { KEEPALIVE } from './protocol.ts';
import { Room, type CompactionPolicy, type WritePolicy } from './room.ts';

export type RoomsOptions = {
  storage: Storage;
  log: FastifyBaseLogger;
  compaction: CompactionPolicy;
  /** How long an empty room stays loaded, so a reconnect or a page reload does not reload it from storage. */
  unloadDelayMs: number;
  /** Longest silence a connection sees; must stay well below the provider's 30 s watchdog. */
  keepaliveMs: number;
  /** Which write rules apply to a document; none for plain boards. */
  policyFor?: (docId: string) => Promise<WritePolicy | null>;
  /** Told of every change the server itself made to a document. */
  onServerChange?: (docId: string, transaction: Y.Transaction) => void;
};

export class Rooms {
  readonly rooms = new Map<string, Room>();
  #options: RoomsOptions;
  #unloadTimers = new Map<Room, NodeJS.Timeout>();
  #unloading = new Set<Promise<void>>();
  #ticker: NodeJS.Timeout;

  constructor(options: RoomsOptions) {
    this.#options = options;
    this.#ticker = setInterval(() => this.#tick(), Math.max(50, Math.floor(options.keepaliveMs / 4)));
    this.#ticker.unref();
  }

  /** Adds the connection to the document's room, opening the room if needed. Await `room.ready` before use. */
  join(docId: string, conn: Connection): Room {
    const room = this.#open(docId);
    room.conns.add(conn);
    return room;
  }

  leave(room: Room, conn: Connection): void {
    room.leave(conn);
    this.#scheduleUnload(room);
  }

  /** Runs server-side work on a document, keeping its room loaded meanwhile. */
  async withRoom<T>(docId: string, work: (room: Room) => Promise<T>): Promise<T> {
    const room = this.#open(docId);
    room.holds++;
    try {
      await room.ready;
      await room.built();
      return await work(room);
    } finally {
      room.holds--;
      this.#scheduleUnload(room);
    }
  }

  #open(docId: string): Room {
    let room = this.rooms.get(docId);
    if (!room) {
      const opened = new Room(docId, {
        storage: this.#options.storage,
        log: this.#options.log.child({ docId }),
        compaction: this.#options.compaction,
        resolvePolicy: async () => (await this.#options.policyFor?.(docId)) ?? null,
        ...(this.#options.onServerChange ? { onServerChange: this.#options.onServerChange } : {}),
        onBroken: (broken) => {
          if (this.rooms.get(docId) === broken) this.rooms.delete(docId);
          this.#unload(broken);
        },
      });
      room = opened;
      this.rooms.set(docId, opened);
      opened.ready.catch((err: unknown) => {
        this.#options.log.error({ err, docId }, 'could not load document');
        if (this.rooms.get(docId) === opened) this.rooms.delete(docId);
      });
    }
    const timer = this.#unloadTimers.get(room);
    if (timer) {
      clearTimeout(timer);
      this.#unloadTimers.delete(room);
    }
    return room;
  }

  #scheduleUnload(room: Room): void {
    if (room.conns.size > 0 || room.holds > 0 || this.#unloadTimers.has(room)) return;
    const timer = setTimeout(() => {
      this.#unloadTimers.delete(room);
      if (room.conns.size === 0 && room.holds === 0) this.#unload(room);
    }, this.#options.unloadDelayMs);
    timer.unref();
    this.#unloadTimers.set(room, timer);
  }

  /** Closes every connection with 1001 and unloads every room, writing final snapshots. */
  async shutdown(): Promise<void> {
    clearInterval(this.#ticker);
    for (const timer of this.#unloadTimers.values()) clearTimeout(timer);
    this.#unloadTimers.clear();
    for (const room of this.rooms.values()) {
      for (const conn of room.conns) conn.close(CloseCode.goingAway, 'server shutting down');
      room.conns.clear();
      this.#unload(room);
    }
    await Promise.all(this.#unloading);
  }

  #unload(room: Room): void {
    if (this.rooms.get(room.docId) === room) this.rooms.delete(room.docId);
    const done = room
      .close()
      .catch((err: unknown) => this.#options.log.error({ err, docId: room.docId }, 'error while unloading'))
      .finally(() => this.#unloading.delete(done));
    this.#unloading.add(done);
  }

  #tick(): void {
    const now = Date.now();
    const { keepaliveMs } = this.#options;
    for (const room of this.rooms.values()) {
      if (!room.loaded) continue;
      for (const conn of room.conns) {
        if (conn.awaitingPong && now - conn.lastPingAt > 2 * keepaliveMs) {
          conn.log.info('no pong from client; dropping the connection');
          conn.closed = true;
          conn.ws.terminate();
          continue;
        }
        if (!conn.awaitingPong && now - conn.lastPingAt >= keepaliveMs) {
          conn.awaitingPong = true;
          conn.lastPingAt = now;
          conn.ws.ping();
        }
        if (now - conn.lastSentAt >= keepaliveMs) conn.send(KEEPALIVE);
      }
    }
  }
}
