/**
 * Rate limits of the join route. A whole training room joins from behind one venue NAT within a minute,
 * so an address alone is a poor key: guessing is limited by *refused* attempts per address, people
 * joining by workshop link (new participants per minute) and by identity (one browser's join key, or
 * the address and name when no key is given), and every join request per address only by a ceiling
 * that a script hammering the route reaches and a room of people does not.
 */
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
};

export const JOIN_LIMIT_DEFAULTS: JoinLimitOptions = { perAddress: 400, failuresPerAddress: 30, perLink: 150, perIdentity: 10, windowMs: 60_000 };

export type JoinVerdict = { ok: true } | { ok: false; retryAfter: number; reason: string };

export class JoinLimits {
  #perAddress: RateLimiter;
  #failures: RateLimiter;
  #perLink: RateLimiter;
  #perIdentity: RateLimiter;

  constructor(options: Partial<JoinLimitOptions> = {}) {
    const o = { ...JOIN_LIMIT_DEFAULTS, ...options };
    const minute = o.windowMs;
    this.#perAddress = new RateLimiter({ windowMs: minute, max: o.perAddress });
    this.#failures = new RateLimiter({ windowMs: minute, max: o.failuresPerAddress });
    this.#perLink = new RateLimiter({ windowMs: minute, max: o.perLink });
    this.#perIdentity = new RateLimiter({ windowMs: minute, max: o.perIdentity });
  }

  /** Every join request (the join page's look-up and the join itself): the address ceiling, and no guessing address. */
  request(address: string): JoinVerdict {
    if (this.#failures.isOver(address)) return this.#refused(this.#failures, address, 'too many wrong join links from this address');
    if (!this.#perAddress.hit(address)) return this.#refused(this.#perAddress, address, 'too many join requests from this address');
    return { ok: true };
  }

  /** A join code that did not open this workshop. */
  failed(address: string): void {
    this.#failures.hit(address);
  }

  /** A join with a valid code: the person's own retries, then the workshop's new participants. */
  join(workshopId: string, identity: string, isNew: boolean): JoinVerdict {
    const who = `${workshopId}\n${identity}`;
    if (!this.#perIdentity.hit(who)) return this.#refused(this.#perIdentity, who, 'you tried to join very often; wait a little');
    if (isNew && !this.#perLink.hit(workshopId)) return this.#refused(this.#perLink, workshopId, 'many people are joining this workshop right now; wait a little');
    return { ok: true };
  }

  #refused(limiter: RateLimiter, key: string, reason: string): JoinVerdict {
    return { ok: false, retryAfter: limiter.retryAfter(key), reason };
  }
}
