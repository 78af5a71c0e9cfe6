/**
 * A fixed-window counter per key (an IP address): enough to slow down guessing join codes and tokens
 * without a shared store. One process only; several instances would each count on their own.
 */
export class RateLimiter {
  #windowMs: number;
  #max: number;
  #counts = new Map<string, { start: number; count: number }>();

  constructor(options: { windowMs: number; max: number }) {
    this.#windowMs = options.windowMs;
    this.#max = options.max;
  }

  /** Counts one hit; false once the key is over its limit in the current window. */
  hit(key: string, now = Date.now()): boolean {
    let entry = this.#counts.get(key);
    if (!entry || now - entry.start >= this.#windowMs) {
      entry = { start: now, count: 0 };
      this.#counts.set(key, entry);
      if (this.#counts.size > 10_000) this.#sweep(now);
    }
    entry.count++;
    return entry.count <= this.#max;
  }

  /** Whether the key is over its limit in the current window, without counting a hit. */
  isOver(key: string, now = Date.now()): boolean {
    const entry = this.#counts.get(key);
    return entry !== undefined && now - entry.start < this.#windowMs && entry.count >= this.#max;
  }

  /** Seconds until the key's window ends, for Retry-After. */
  retryAfter(key: string, now = Date.now()): number {
    const entry = this.#counts.get(key);
    return entry ? Math.max(1, Math.ceil((entry.start + this.#windowMs - now) / 1000)) : 1;
  }

  #sweep(now: number): void {
    for (const [key, entry] of this.#counts) if (now - entry.start >= this.#windowMs) this.#counts.delete(key);
  }
}
