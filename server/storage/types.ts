/**
 * Storage is the only place the server keeps anything. Sync code talks to this interface alone, so a
 * PostgreSQL adapter (or any other) plugs in without touching `server/sync/`.
 *
 * A board's document is stored as an optional snapshot plus the updates appended after it. Each append
 * gets a sequence number that only grows (in allocation order: with several writers, PostgreSQL may commit
 * seq 40 after seq 41). `compact` folds exactly the rows it read into a new snapshot and deletes exactly
 * those rows, in one atomic step, so a concurrent load sees either the old or the new form, never a gap,
 * and an update another process appends meanwhile is never deleted unmerged.
 */
export type BoardRecord = {
  id: string;
  title: string;
  template: string | null;
  /** sha256 of the edit token, hex. Tokens themselves are never stored. */
  editTokenHash: string;
  /** sha256 of the view token, hex. */
  viewTokenHash: string;
  createdAt: number;
  /** The workshop whose room this board is, if any: then workshop tokens decide who may open it. */
  workshopId?: string | null;
};

/**
 * A workshop's server-side record: JSON validated by the workshop service on every read. `version`
 * grows with each save, so two writers cannot overwrite each other's changes unnoticed.
 */
export type WorkshopRow = { id: string; data: string; version: number; createdAt: number };

export const PRINCIPAL_ROLES = ['facilitator', 'participant', 'observer', 'join'] as const;
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

/** Who a workshop token stands for. Only the token's sha256 is stored. */
export type PrincipalRecord = {
  tokenHash: string;
  workshopId: string;
  role: PrincipalRole;
  participantId: string | null;
  createdAt: number;
};

export type StoredDocument = {
  snapshot: Uint8Array | null;
  /** Updates appended after the snapshot, in sequence order. */
  updates: Uint8Array[];
  /** Highest sequence number covered by snapshot + updates; 0 when the board has no content. */
  lastSeq: number;
};

/** One document as `recentDocuments` lists it. */
export type RecentDocument = {
  docId: string;
  /** Highest sequence number the document holds (its snapshot's, or its last update's). */
  lastSeq: number;
  /** Updates stored after the snapshot (a tail: left by a crash, or not compacted yet). */
  tail: number;
  /** Snapshot and tail together, in bytes. */
  bytes: number;
};

export interface Storage {
  /** Short name for logs: "sqlite", "memory", ... */
  readonly kind: string;
  /** Creates the board and, atomically with it, its first update (the template's content) if given. */
  createBoard(board: BoardRecord, initialUpdate?: Uint8Array): Promise<void>;
  getBoard(id: string): Promise<BoardRecord | null>;
  loadDocument(boardId: string): Promise<StoredDocument>;
  /** Durable once the promise resolves: a crash of the process afterwards must not lose it. Returns its sequence number. */
  appendUpdate(boardId: string, update: Uint8Array): Promise<number>;
  /**
   * In one transaction, and one at a time per document across every process on the same storage: reads the
   * stored snapshot and updates, stores `fold(read)` as the new snapshot and deletes exactly the updates read.
   * `fold` must return a state that contains everything it was handed. Nothing to fold (no updates): no-op.
   */
  compact(docId: string, fold: (stored: StoredDocument) => Uint8Array): Promise<void>;
  /**
   * What a reader that has everything up to `afterSeq` lacks: the updates appended after it, plus the
   * snapshot when a compaction has folded some of those updates into it (applying a snapshot again is
   * harmless to a Y.Doc). `lastSeq` as in loadDocument, never below `afterSeq`.
   */
  loadUpdatesSince(docId: string, afterSeq: number): Promise<StoredDocument>;
  /**
   * The `limit` documents written most recently (highest `lastSeq` first), without their bytes: what a
   * starting server compacts and reads ahead (sync/warm-start.ts). Every document with a tail is among
   * the candidates; of those stored as a snapshot alone, only the newest.
   */
  recentDocuments(limit: number): Promise<RecentDocument[]>;
  /**
   * Runs `work` while no other caller of `exclusive` with the same key runs, in this process or in any
   * other process on the same storage (PostgreSQL: an advisory lock; SQLite and memory: the one process
   * that owns the data). What a workshop's budget check and its write rely on.
   */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Creates a workshop with its first tokens, atomically. */
  createWorkshop(row: Omit<WorkshopRow, 'version'>, principals: PrincipalRecord[]): Promise<void>;
  getWorkshop(id: string): Promise<WorkshopRow | null>;
  /** Saves only if the stored version is still `expectedVersion`; returns false otherwise. */
  updateWorkshop(id: string, data: string, expectedVersion: number): Promise<boolean>;
  addPrincipal(principal: PrincipalRecord): Promise<void>;
  findPrincipal(tokenHash: string): Promise<PrincipalRecord | null>;
  /** Resolves when storage answers (a trivial query): /healthz. */
  ping(): Promise<void>;
  /** Flushes and releases resources; no call may follow. */
  close(): Promise<void>;
}
