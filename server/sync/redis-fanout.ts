/**
 * The fan-out between server processes over Redis pub/sub (fanout.ts says what it promises), loaded only
 * when REDIS_URL is set.
 *
 * Why pub/sub and not streams (y-redis keeps each document's updates in a Redis stream that workers flush
 * to storage later): here every update is already durable in PostgreSQL before it is published, so Redis
 * only has to carry live traffic. Pub/sub delivers in one hop with no memory held in Redis and nothing to
 * trim; a stream would be a second copy of the update log kept in memory. What pub/sub loses (messages
 * sent while a subscriber was disconnected) the subscriber recovers from storage, which it must be able to
 * do anyway: on every reconnection of either connection, open documents re-read storage (see fanout.ts).
 *
 * One channel per document, `<prefix>doc:<docId>`. A message is binary:
 *   kind (1 byte) | publisher id (8 bytes) | Date.now() at publish (float64, big-endian) | payload
 * Its own messages come back to the publisher (it subscribes to the same channel) and are dropped by id.
 * Two connections, as Redis requires: a subscriber, and a publisher that never queues (a publish while it
 * is down is dropped and a resync request is published for every open document once it is back).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { Fanout, FanoutKind, FanoutMessage } from './fanout.ts';
import { FANOUT_KINDS } from './fanout.ts';

const HEADER_BYTES = 1 + 8 + 8;

type Log = Pick<FastifyBaseLogger, 'warn' | 'info'>;
const stderrLog: Log = {
  warn: ((obj: unknown, msg?: string) => process.stderr.write(`plenary: ${msg ?? ''} ${JSON.stringify(obj)}\n`)),
  info: (() => undefined),
};

export type RedisFanoutOptions = {
  url: string;
  /** Until the app's logger is set (setLog), warnings go to stderr. */
  log?: Log;
  /** Channel prefix: several deployments (or test runs) can share one Redis. */
  prefix?: string;
};

export class RedisFanout implements Fanout {
  readonly id = randomBytes(8);
  readonly pub: Redis;
  readonly sub: Redis;
  #prefix: string;
  #log: Log;
  #handlers = new Map<string, (message: FanoutMessage) => void>();
  #resyncListeners: (() => void)[] = [];
  #subConnectedBefore = false;
  #pubConnectedBefore = false;
  /** A publish was dropped since the publisher was last up. */
  #dropped = false;
  #closing = false;

  constructor(options: RedisFanoutOptions) {
    this.#prefix = options.prefix ?? 'plenary:';
    this.#log = options.log ?? stderrLog;
    // Reconnect forever, at most every 2 s; fail fast instead of queueing while down.
    const common = { retryStrategy: (times: number) => Math.min(50 * times, 2000), enableOfflineQueue: false, maxRetriesPerRequest: 1 };
    this.pub = new Redis(options.url, { ...common, connectionName: `plenary-pub-${process.pid}` });
    this.sub = new Redis(options.url, { ...common, connectionName: `plenary-sub-${process.pid}`, autoResubscribe: false });
    for (const [name, conn] of [['publisher', this.pub], ['subscriber', this.sub]] as const) {
      conn.on('error', (err: Error) => {
        if (!this.#closing) this.#log.warn({ err: err.message }, `redis ${name} error`);
      });
    }
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#receive(channel, message));
    this.sub.on('ready', () => void this.#subscriberReady());
    this.pub.on('ready', () => this.#publisherReady());
  }

  get healthy(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  /** Waits for both connections (main.ts, before listening); gives up after `timeoutMs` and runs on, reconnecting. */
  async ready(timeoutMs = 5000): Promise<boolean> {
    const start = Date.now();
    while (!this.healthy && Date.now() - start < timeoutMs) await new Promise((r) => setTimeout(r, 20));
    return this.healthy;
  }

  setLog(log: Log): void {
    this.#log = log;
  }

  onResync(listener: () => void): void {
    this.#resyncListeners.push(listener);
  }

  async subscribe(docId: string, onMessage: (message: FanoutMessage) => void): Promise<void> {
    this.#handlers.set(docId, onMessage);
    if (this.sub.status !== 'ready') return;
    try {
      await this.sub.subscribe(this.#channel(docId));
    } catch (err) {
      // The reconnection subscribes again and resyncs.
      this.#log.warn({ err: (err as Error).message, docId }, 'redis subscribe failed');
    }
  }

  unsubscribe(docId: string, onMessage: (message: FanoutMessage) => void): void {
    if (this.#handlers.get(docId) !== onMessage) return;
    this.#handlers.delete(docId);
    if (this.sub.status === 'ready') this.sub.unsubscribe(this.#channel(docId)).catch(() => undefined);
  }

  publish(docId: string, kind: FanoutKind, payload: Uint8Array): void {
    if (this.pub.status !== 'ready') {
      this.#dropped = true;
      return;
    }
    const message = Buffer.allocUnsafe(HEADER_BYTES + payload.byteLength);
    message[0] = kind;
    this.id.copy(message, 1);
    message.writeDoubleBE(Date.now(), 9);
    message.set(payload, HEADER_BYTES);
    this.pub.publish(this.#channel(docId), message).catch((err: unknown) => {
      this.#dropped = true;
      this.#log.warn({ err: (err as Error).message, docId }, 'redis publish failed; others resync once it is back');
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#handlers.clear();
    await Promise.all([this.pub.quit().catch(() => this.pub.disconnect()), this.sub.quit().catch(() => this.sub.disconnect())]);
  }

  #channel(docId: string): string {
    return `${this.#prefix}doc:${docId}`;
  }

  #receive(channel: Buffer, message: Buffer): void {
    if (message.byteLength < HEADER_BYTES || this.id.equals(message.subarray(1, 9))) return;
    const docId = channel.toString('utf8').slice(this.#prefix.length + 4);
    const handler = this.#handlers.get(docId);
    if (!handler) return;
    const kind = message[0] as FanoutKind;
    if (!Object.values(FANOUT_KINDS).includes(kind)) return;
    handler({ kind, sentAt: message.readDoubleBE(9), payload: new Uint8Array(message.buffer, message.byteOffset + HEADER_BYTES, message.byteLength - HEADER_BYTES) });
  }

  /** (Re)subscribes every open document's channel; after a reconnection, every open document re-reads storage. */
  async #subscriberReady(): Promise<void> {
    const reconnected = this.#subConnectedBefore;
    this.#subConnectedBefore = true;
    const channels = [...this.#handlers.keys()].map((docId) => this.#channel(docId));
    try {
      if (channels.length > 0) await this.sub.subscribe(...channels);
    } catch (err) {
      this.#log.warn({ err: (err as Error).message }, 'redis resubscribe failed');
      return;
    }
    // Documents opened while it was down (or before it first connected) may have missed messages too.
    if (reconnected || channels.length > 0) {
      this.#log.info({ documents: channels.length }, 'redis subscriber back; open documents re-read storage');
      for (const listener of this.#resyncListeners) listener();
    }
  }

  /** Back after publishes were dropped: every other process re-reads our open documents from storage. */
  #publisherReady(): void {
    const reconnected = this.#pubConnectedBefore;
    this.#pubConnectedBefore = true;
    if (!reconnected && !this.#dropped) return;
    this.#dropped = false;
    for (const docId of this.#handlers.keys()) this.publish(docId, FANOUT_KINDS.resync, new Uint8Array(0));
  }
}
