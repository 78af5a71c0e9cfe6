/**
 * Opens a LiveDoc on the first connection to a document, shares it between connections, and unloads it some
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
import type { Fanout } from './fanout.ts';
import { LiveDoc, type CompactionPolicy, type DocMetrics, type WritePolicy } from './live-doc.ts';
import { WarmSnapshots } from './warm-snapshots.ts';

export type LiveDocsOptions = {
  storage: Storage;
  log: FastifyBaseLogger;
  compaction: CompactionPolicy;
  /** How long an empty live document stays loaded, so a reconnect or a page reload does not reload it from storage. */
  unloadDelayMs: number;
  /** Longest silence a connection sees; must stay well below the provider's 30 s watchdog. */
  keepaliveMs: number;
  /** Which write rules apply to a document; none for plain boards. */
  policyFor?: (docId: string) => Promise<WritePolicy | null>;
  /** Told of every change the server itself made to a document. */
  onServerChange?: (docId: string, transaction: Y.Transaction) => void;
  /** Other server processes (REDIS_URL): each live document subscribes to its changes while it is open. */
  fanout?: Fanout;
  metrics?: DocMetrics;
  /** Bytes of snapshots read ahead at start-up (warm-start.ts) that may be held for first opens; 0 keeps none. */
  warmBytes?: number;
};

export class LiveDocs {
  readonly docs = new Map<string, LiveDoc>();
  /**
   * Snapshots read ahead at start-up, each for its document's first open. None with a fan-out: other
   * processes' writes can commit below a sequence number already read (warm-snapshots.ts).
   */
  readonly warm: WarmSnapshots;
  #options: LiveDocsOptions;
  #unloadTimers = new Map<LiveDoc, NodeJS.Timeout>();
  #unloading = new Set<Promise<void>>();
  #ticker: NodeJS.Timeout;

  constructor(options: LiveDocsOptions) {
    this.#options = options;
    this.warm = new WarmSnapshots(options.fanout ? 0 : (options.warmBytes ?? 0));
    this.#ticker = setInterval(() => this.#tick(), keepaliveTickMs(options.keepaliveMs));
    this.#ticker.unref();
    // Messages may have been lost: every open document re-reads storage.
    options.fanout?.onResync(() => {
      for (const liveDoc of this.docs.values()) liveDoc.scheduleResync();
    });
  }

  get fanout(): Fanout | undefined {
    return this.#options.fanout;
  }

  /** Adds the connection to the document's live document, opening the live document if needed. Await `live document.ready` before use. */
  join(docId: string, conn: Connection): LiveDoc {
    const liveDoc = this.#open(docId);
    liveDoc.conns.add(conn);
    return liveDoc;
  }

  leave(liveDoc: LiveDoc, conn: Connection): void {
    liveDoc.leave(conn);
    this.#scheduleUnload(liveDoc);
  }

  /** Runs server-side work on a document, keeping its live document loaded meanwhile. */
  async withDoc<T>(docId: string, work: (liveDoc: LiveDoc) => Promise<T>): Promise<T> {
    const liveDoc = this.#open(docId);
    liveDoc.holds++;
    try {
      await liveDoc.ready;
      await liveDoc.built();
      return await work(liveDoc);
    } finally {
      liveDoc.holds--;
      this.#scheduleUnload(liveDoc);
    }
  }

  #open(docId: string): LiveDoc {
    let liveDoc = this.docs.get(docId);
    if (!liveDoc) {
      const warm = this.warm.take(docId);
      const opened = new LiveDoc(docId, {
        storage: this.#options.storage,
        log: this.#options.log.child({ docId }),
        compaction: this.#options.compaction,
        resolvePolicy: async () => (await this.#options.policyFor?.(docId)) ?? null,
        ...(this.#options.onServerChange ? { onServerChange: this.#options.onServerChange } : {}),
        ...(this.#options.fanout ? { fanout: this.#options.fanout } : {}),
        ...(this.#options.metrics ? { metrics: this.#options.metrics } : {}),
        ...(warm ? { warm } : {}),
        onBroken: (broken) => {
          if (this.docs.get(docId) === broken) this.docs.delete(docId);
          this.#unload(broken);
        },
      });
      liveDoc = opened;
      this.docs.set(docId, opened);
      opened.ready.catch((err: unknown) => {
        this.#options.log.error({ err, docId }, 'could not load document');
        if (this.docs.get(docId) === opened) this.docs.delete(docId);
      });
    }
    const timer = this.#unloadTimers.get(liveDoc);
    if (timer) {
      clearTimeout(timer);
      this.#unloadTimers.delete(liveDoc);
    }
    return liveDoc;
  }

  #scheduleUnload(liveDoc: LiveDoc): void {
    if (liveDoc.conns.size > 0 || liveDoc.holds > 0 || this.#unloadTimers.has(liveDoc)) return;
    const timer = setTimeout(() => {
      this.#unloadTimers.delete(liveDoc);
      if (liveDoc.conns.size === 0 && liveDoc.holds === 0) this.#unload(liveDoc);
    }, this.#options.unloadDelayMs);
    timer.unref();
    this.#unloadTimers.set(liveDoc, timer);
  }

  /** Closes every connection with 1001 and unloads every live document, writing final snapshots. */
  async shutdown(): Promise<void> {
    clearInterval(this.#ticker);
    this.warm.clear();
    for (const timer of this.#unloadTimers.values()) clearTimeout(timer);
    this.#unloadTimers.clear();
    for (const liveDoc of this.docs.values()) {
      for (const conn of liveDoc.conns) conn.close(CloseCode.goingAway, 'server shutting down');
      liveDoc.conns.clear();
      this.#unload(liveDoc);
    }
    await Promise.all(this.#unloading);
  }

  #unload(liveDoc: LiveDoc): void {
    if (this.docs.get(liveDoc.docId) === liveDoc) this.docs.delete(liveDoc.docId);
    const done = liveDoc
      .close()
      .catch((err: unknown) => this.#options.log.error({ err, docId: liveDoc.docId }, 'error while unloading'))
      .finally(() => this.#unloading.delete(done));
    this.#unloading.add(done);
  }

  #tick(): void {
    let sockets = 0;
    for (const liveDoc of this.docs.values()) if (liveDoc.loaded) sockets += liveDoc.conns.size;
    const budget = keepaliveBudget(sockets, this.#options.keepaliveMs);
    const now = Date.now();
    for (const liveDoc of this.docs.values()) {
      if (liveDoc.loaded) keepAlive(liveDoc.conns, now, this.#options.keepaliveMs, budget);
    }
  }

}

/**
 * Ticks per keepalive period. Sockets that connected together fall due together, and writing a ping to each of
 * 1,500 sockets in one turn held the event loop long enough to make 1-2% of the deliveries 10-30 ms late
 * (bench:sync (a), BENCHMARKS.md); so the tick is frequent and each does a slice of the sockets.
 */
const TICKS_PER_PERIOD = 20;

export function keepaliveTickMs(keepaliveMs: number): number {
  return Math.max(50, Math.floor(keepaliveMs / TICKS_PER_PERIOD));
}

/**
 * How many pings, and how many keepalive messages, one tick may write: twice the share of the sockets that one
 * tick's part of the period needs, so a backlog drains within half a period and every socket is still served
 * within a period of falling due.
 */
export function keepaliveBudget(sockets: number, keepaliveMs: number): { pings: number; messages: number } {
  const ticks = Math.max(1, keepaliveMs / keepaliveTickMs(keepaliveMs));
  const each = Math.ceil((2 * sockets) / ticks);
  return { pings: each, messages: each };
}

/**
 * One tick for some connections: drops one whose ping went unanswered for two periods (never limited), pings one
 * whose last ping is a period old, and sends the 3-byte keepalive to one that was sent nothing for a period, each
 * while `budget` lasts (it is shared by the calls of one tick and spent here).
 */
export function keepAlive(conns: Iterable<Connection>, now: number, keepaliveMs: number, budget: { pings: number; messages: number }): void {
  for (const conn of conns) {
    if (conn.awaitingPong && now - conn.lastPingAt > 2 * keepaliveMs) {
      conn.log.info('no pong from client; dropping the connection');
      conn.closed = true;
      conn.ws.terminate();
      continue;
    }
    if (budget.pings > 0 && !conn.awaitingPong && now - conn.lastPingAt >= keepaliveMs) {
      budget.pings--;
      conn.awaitingPong = true;
      conn.lastPingAt = now;
      conn.ws.ping();
    }
    if (budget.messages > 0 && now - conn.lastSentAt >= keepaliveMs) {
      budget.messages--;
      conn.send(KEEPALIVE);
    }
  }
}
