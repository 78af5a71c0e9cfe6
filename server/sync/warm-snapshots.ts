/**
 * Snapshots read ahead at start-up (warm-start.ts), each taken once by the first open of its document, so
 * that the first visit after a restart needs no large read from storage. Bounded by a byte budget, and
 * dropped together after `holdMs`: they are for the visits right after a restart, not a second copy of the
 * database in memory.
 *
 * An entry is the stored snapshot with the sequence number it covers; the live document that takes it
 * still asks storage for anything stored after that number (Storage.loadUpdatesSince), so an entry never
 * serves stale state on one process. With other processes writing (a fan-out), a lower sequence number can
 * commit after a higher one was read, so the live documents keep no entries then (live-docs.ts).
 */
export type WarmSnapshot = {
  snapshot: Uint8Array;
  lastSeq: number;
  /** The snapshot's state vector (the server's sync step 1), computed at start-up rather than on a visit. */
  stateVector: Uint8Array;
};

export class WarmSnapshots {
  readonly budgetBytes: number;
  #entries = new Map<string, WarmSnapshot>();
  #bytes = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(budgetBytes: number) {
    this.budgetBytes = budgetBytes;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  fits(bytes: number): boolean {
    return this.#bytes + bytes <= this.budgetBytes;
  }

  /** Keeps the snapshot if it fits the budget; returns whether it did. */
  add(docId: string, entry: WarmSnapshot): boolean {
    this.take(docId);
    if (!this.fits(entry.snapshot.byteLength)) return false;
    this.#entries.set(docId, entry);
    this.#bytes += entry.snapshot.byteLength;
    return true;
  }

  /** The entry for the document, removed: a document is warm for its first open only. */
  take(docId: string): WarmSnapshot | undefined {
    const entry = this.#entries.get(docId);
    if (!entry) return undefined;
    this.#entries.delete(docId);
    this.#bytes -= entry.snapshot.byteLength;
    return entry;
  }

  /** Drops every entry not taken within `ms` from now. */
  holdFor(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.clear(), ms);
    this.#timer.unref();
  }

  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#entries.clear();
    this.#bytes = 0;
  }
}
