/**
 * Rate limits of the join route. A whole training room joins from behind one venue NAT within a minute,
 * so an address alone is a poor key: guessing is limited by *refused* attempts per address, people
 * joining by workshop link (new participants per minute) and by identity (one browser's join key, or
 * the address and name when no key is given), and every join request per address only by a ceiling
 * that a script hammering the route reaches and a room of people does not.
 */
import type { Redis } from 'ioredis';
import { RateLimiter } from './rate-limit.ts';

export type JoinLimitOptions = {
  /** Join requests (page loads and joins) per minute and address. 400: 40 people x 2 requests, retried a few times. */
  perAddress: number;
  /** Refused join codes per minute and address. 30: nobody mistypes a 24-character code 30 times; far too few to guess it. */
  failuresPerAddress: number;
  /** New participants per minute and workshop link. 150: a room of 100 joins in one minute with retries to spare. */
  perLink: number;
  /** Joins per minute and identity (join key, or address and name). 10: a person retrying, never a script looping. */
  perIdentity: number;
  /** The window the counts above are per. A minute: short enough that a refused person is in within it. */
  windowMs: number;
  /**
   * Where the counts live. Without it, in this process (one process counts alone); with it, in Redis, so
   * several server processes behind one address count together (REDIS_URL). Should Redis not answer, a
   * process counts alone rather than refuse everyone.
   */
  redis?: { client: Redis; prefix: string };
};

export const JOIN_LIMIT_DEFAULTS: JoinLimitOptions = { perAddress: 400, failuresPerAddress: 30, perLink: 150, perIdentity: 10, windowMs: 60_000 };

export type JoinVerdict = { ok: true } | { ok: false; retryAfter: number; reason: string };

/** A fixed-window count per key: in process memory, or in Redis shared by every process. */
class WindowCount {
  #local: RateLimiter;
  #max: number;
  #windowMs: number;
  #redis: { client: Redis; key: (k: string) => string } | null;

  constructor(name: string, max: number, windowMs: number, redis: JoinLimitOptions['redis']) {
    this.#local = new RateLimiter({ windowMs, max });
    this.#max = max;
    this.#windowMs = windowMs;
    this.#redis = redis ? { client: redis.client, key: (k) => `${redis.prefix}join:${name}:${k}` } : null;
  }

  /** Counts one hit; the seconds to wait when over the limit, else null. */
  async hit(key: string): Promise<number | null> {
    const counted = await this.#remote(key, true);
    if (counted) return counted.count <= this.#max ? null : counted.retryAfter;
    return this.#local.hit(key) ? null : this.#local.retryAfter(key);
  }

  /** Whether the key is over its limit, without counting; the seconds to wait, else null. */
  async over(key: string): Promise<number | null> {
    const counted = await this.#remote(key, false);
    if (counted) return counted.count >= this.#max ? counted.retryAfter : null;
    return this.#local.isOver(key) ? this.#local.retryAfter(key) : null;
  }

  async #remote(key: string, count: boolean): Promise<{ count: number; retryAfter: number } | null> {
    const redis = this.#redis;
    if (!redis || redis.client.status !== 'ready') return null;
    const k = redis.key(key);
    try {
      const replies = count
        ? await redis.client.multi().set(k, 0, 'PX', this.#windowMs, 'NX').incr(k).pttl(k).exec()
        : await redis.client.multi().get(k).pttl(k).exec();
      if (!replies) return null;
      const n = Number(replies[count ? 1 : 0]![1] ?? 0);
      const ttl = Number(replies[count ? 2 : 1]![1]);
      return { count: n, retryAfter: Math.max(1, Math.ceil((ttl > 0 ? ttl : this.#windowMs) / 1000)) };
    } catch {
      return null;
    }
  }
}

export class JoinLimits {
  #perAddress: WindowCount;
  #failures: WindowCount;
  #perLink: WindowCount;
  #perIdentity: WindowCount;

  constructor(options: Partial<JoinLimitOptions> = {}) {
    const o = { ...JOIN_LIMIT_DEFAULTS, ...options };
    const minute = o.windowMs;
    this.#perAddress = new WindowCount('address', o.perAddress, minute, o.redis);
    this.#failures = new WindowCount('failures', o.failuresPerAddress, minute, o.redis);
    this.#perLink = new WindowCount('link', o.perLink, minute, o.redis);
    this.#perIdentity = new WindowCount('identity', o.perIdentity, minute, o.redis);
  }

  /** Every join request (the join page's look-up and the join itself): the address ceiling, and no guessing address. */
  async request(address: string): Promise<JoinVerdict> {
    const guessing = await this.#failures.over(address);
    if (guessing !== null) return refused(guessing, 'too many wrong join links from this address');
    const busy = await this.#perAddress.hit(address);
    if (busy !== null) return refused(busy, 'too many join requests from this address');
    return { ok: true };
  }

  /** A join code that did not open this workshop. */
  async failed(address: string): Promise<void> {
    await this.#failures.hit(address);
  }

  /** A join with a valid code: the person's own retries, then the workshop's new participants. */
  async join(workshopId: string, identity: string, isNew: boolean): Promise<JoinVerdict> {
    const looping = await this.#perIdentity.hit(`${workshopId}\n${identity}`);
    if (looping !== null) return refused(looping, 'you tried to join very often; wait a little');
    if (isNew) {
      const crowded = await this.#perLink.hit(workshopId);
      if (crowded !== null) return refused(crowded, 'many people are joining this workshop right now; wait a little');
    }
    return { ok: true };
  }
}

function refused(retryAfter: number, reason: string): JoinVerdict {
  return { ok: false, retryAfter, reason };
}
