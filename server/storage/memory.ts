import type { BoardRecord, Storage, StoredDocument } from './types.ts';

type Entry = { snapshot: Uint8Array | null; snapshotSeq: number; updates: { seq: number; data: Uint8Array }[] };

/** Keeps everything in process memory: for tests and throwaway demos. Copies bytes in and out like a real store. */
export class MemoryStorage implements Storage {
  readonly kind = 'memory';
  #boards = new Map<string, BoardRecord>();
  #docs = new Map<string, Entry>();
  #seq = 0;
  #closed = false;

  async createBoard(board: BoardRecord, initialUpdate?: Uint8Array): Promise<void> {
    this.#check();
    if (this.#boards.has(board.id)) throw new Error(`board ${board.id} already exists`);
    this.#boards.set(board.id, { ...board });
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

  async compact(boardId: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    this.#check();
    const entry = this.#docs.get(boardId) ?? { snapshot: null, snapshotSeq: 0, updates: [] };
    entry.snapshot = snapshot.slice();
    entry.snapshotSeq = Math.max(entry.snapshotSeq, upToSeq);
    entry.updates = entry.updates.filter((u) => u.seq > upToSeq);
    this.#docs.set(boardId, entry);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(): void {
    if (this.#closed) throw new Error('storage is closed');
  }
}
