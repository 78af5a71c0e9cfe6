import { KeyedQueue } from './keyed-queue.ts';
import type { BoardRecord, PrincipalRecord, RecentDocument, Storage, StoredDocument, WorkshopRow } from './types.ts';

type Entry = { snapshot: Uint8Array | null; snapshotSeq: number; updates: { seq: number; data: Uint8Array }[] };

/** Keeps everything in process memory: for tests and throwaway demos. Copies bytes in and out like a real store. */
export class MemoryStorage implements Storage {
  readonly kind = 'memory';
  #boards = new Map<string, BoardRecord>();
  #docs = new Map<string, Entry>();
  #workshops = new Map<string, WorkshopRow>();
  #principals = new Map<string, PrincipalRecord>();
  #seq = 0;
  #locks = new KeyedQueue();
  #closed = false;

  async createBoard(board: BoardRecord, initialUpdate?: Uint8Array): Promise<void> {
    this.#check();
    if (this.#boards.has(board.id)) throw new Error(`board ${board.id} already exists`);
    this.#boards.set(board.id, { ...board, workshopId: board.workshopId ?? null });
    this.#docs.set(board.id, { snapshot: null, snapshotSeq: 0, updates: [] });
    if (initialUpdate) await this.appendUpdate(board.id, initialUpdate);
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    this.#check();
    const board = this.#boards.get(id);
    return board ? { ...board } : null;
  }

  async loadDocument(boardId: string): Promise<StoredDocument> {
    this.#check();
    const entry = this.#docs.get(boardId);
    if (!entry) return { snapshot: null, updates: [], lastSeq: 0 };
    const last = entry.updates.at(-1);
    return {
      snapshot: entry.snapshot ? entry.snapshot.slice() : null,
      updates: entry.updates.map((u) => u.data.slice()),
      lastSeq: last ? last.seq : entry.snapshotSeq,
    };
  }

  async appendUpdate(boardId: string, update: Uint8Array): Promise<number> {
    this.#check();
    let entry = this.#docs.get(boardId);
    if (!entry) {
      entry = { snapshot: null, snapshotSeq: 0, updates: [] };
      this.#docs.set(boardId, entry);
    }
    const seq = ++this.#seq;
    entry.updates.push({ seq, data: update.slice() });
    return seq;
  }

  async compact(docId: string, fold: (stored: StoredDocument) => Uint8Array): Promise<void> {
    this.#check();
    const entry = this.#docs.get(docId);
    if (!entry || entry.updates.length === 0) return;
    const read = entry.updates;
    const lastSeq = Math.max(read.at(-1)!.seq, entry.snapshotSeq);
    const folded = fold({ snapshot: entry.snapshot ? entry.snapshot.slice() : null, updates: read.map((u) => u.data.slice()), lastSeq });
    entry.snapshot = folded.slice();
    entry.snapshotSeq = lastSeq;
    entry.updates = entry.updates.filter((u) => !read.includes(u));
  }

  async loadUpdatesSince(docId: string, afterSeq: number): Promise<StoredDocument> {
    this.#check();
    const entry = this.#docs.get(docId);
    if (!entry) return { snapshot: null, updates: [], lastSeq: afterSeq };
    const updates = entry.updates.filter((u) => u.seq > afterSeq);
    return {
      snapshot: entry.snapshot && entry.snapshotSeq > afterSeq ? entry.snapshot.slice() : null,
      updates: updates.map((u) => u.data.slice()),
      lastSeq: Math.max(afterSeq, updates.at(-1)?.seq ?? entry.snapshotSeq),
    };
  }

  async recentDocuments(limit: number): Promise<RecentDocument[]> {
    this.#check();
    const all: RecentDocument[] = [];
    for (const [docId, entry] of this.#docs) {
      if (!entry.snapshot && entry.updates.length === 0) continue;
      all.push({
        docId,
        lastSeq: Math.max(entry.snapshotSeq, entry.updates.at(-1)?.seq ?? 0),
        tail: entry.updates.length,
        bytes: (entry.snapshot?.byteLength ?? 0) + entry.updates.reduce((sum, u) => sum + u.data.byteLength, 0),
      });
    }
    return all.sort((a, b) => b.lastSeq - a.lastSeq).slice(0, limit);
  }

  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.#locks.run(key, work);
  }

  async createWorkshop(row: Omit<WorkshopRow, 'version'>, principals: PrincipalRecord[]): Promise<void> {
    this.#check();
    if (this.#workshops.has(row.id)) throw new Error(`workshop ${row.id} already exists`);
    if (principals.some((p) => this.#principals.has(p.tokenHash))) throw new Error('token already in use');
    this.#workshops.set(row.id, { ...row, version: 1 });
    for (const p of principals) this.#principals.set(p.tokenHash, { ...p });
  }

  async getWorkshop(id: string): Promise<WorkshopRow | null> {
    this.#check();
    const row = this.#workshops.get(id);
    return row ? { ...row } : null;
  }

  async updateWorkshop(id: string, data: string, expectedVersion: number): Promise<boolean> {
    this.#check();
    const row = this.#workshops.get(id);
    if (!row || row.version !== expectedVersion) return false;
    this.#workshops.set(id, { ...row, data, version: row.version + 1 });
    return true;
  }

  async addPrincipal(principal: PrincipalRecord): Promise<void> {
    this.#check();
    if (this.#principals.has(principal.tokenHash)) throw new Error('token already in use');
    this.#principals.set(principal.tokenHash, { ...principal });
  }

  async findPrincipal(tokenHash: string): Promise<PrincipalRecord | null> {
    this.#check();
    const p = this.#principals.get(tokenHash);
    return p ? { ...p } : null;
  }

  async ping(): Promise<void> {
    this.#check();
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(): void {
    if (this.#closed) throw new Error('storage is closed');
  }
}
