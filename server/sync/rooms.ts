/**
 * Opens a Room on the first connection to a board, shares it between connections, and unloads it some
 * time after the last one leaves. Also keeps every socket alive: y-websocket's provider drops a socket that
 * has received nothing for 30 s, so each connection gets at least a 3-byte keepalive message every
 * `keepaliveMs`, and a websocket ping that must be answered, which finds peers that vanished without closing.
 */
import type { FastifyBaseLogger } from 'fastify';
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { Storage } from '../storage/types.ts';
import type { Connection } from './connection.ts';
import { KEEPALIVE } from './protocol.ts';
import { Room, type CompactionPolicy } from './room.ts';

export type RoomsOptions = {
  storage: Storage;
  log: FastifyBaseLogger;
  compaction: CompactionPolicy;
  /** How long an empty room stays loaded, so a reconnect or a page reload does not reload it from storage. */
  unloadDelayMs: number;
  /** Longest silence a connection sees; must stay well below the provider's 30 s watchdog. */
  keepaliveMs: number;
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

  /** Adds the connection to the board's room, opening the room if needed. Await `room.ready` before use. */
  join(boardId: string, conn: Connection): Room {
    let room = this.rooms.get(boardId);
    if (!room) {
      room = new Room(boardId, this.#options.storage, this.#options.log.child({ boardId }), this.#options.compaction);
      this.rooms.set(boardId, room);
      const opened = room;
      opened.ready.catch((err: unknown) => {
        this.#options.log.error({ err, boardId }, 'could not load board');
        if (this.rooms.get(boardId) === opened) this.rooms.delete(boardId);
      });
    }
    const timer = this.#unloadTimers.get(room);
    if (timer) {
      clearTimeout(timer);
      this.#unloadTimers.delete(room);
    }
    room.conns.add(conn);
    return room;
  }

  leave(room: Room, conn: Connection): void {
    room.leave(conn);
    if (room.conns.size > 0 || this.#unloadTimers.has(room)) return;
    const timer = setTimeout(() => {
      this.#unloadTimers.delete(room);
      if (room.conns.size === 0) this.#unload(room);
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
    if (this.rooms.get(room.boardId) === room) this.rooms.delete(room.boardId);
    const done = room
      .close()
      .catch((err: unknown) => this.#options.log.error({ err, boardId: room.boardId }, 'error while unloading'))
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
