/**
 * The default storage: one SQLite file in DATA_DIR through Node's built-in `node:sqlite` (no native addon).
 *
 * WAL journal with synchronous=NORMAL: a committed append is in the OS page cache before `appendUpdate`
 * resolves, so killing the process (kill -9, OOM, crash) loses nothing; only a power cut or kernel panic can
 * drop the last transactions. `synchronous: 'FULL'` closes that gap at the cost of an fsync per update.
 * node:sqlite is synchronous, so each call finishes inside the promise it returns, except appendUpdate: the
 * updates appended during one turn of the event loop are written in one transaction (group commit), at the
 * end of that turn, and each promise resolves once that transaction has committed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { KeyedQueue } from './keyed-queue.ts';
import type { BoardRecord, PrincipalRecord, PrincipalRole, RecentDocument, Storage, StoredDocument, WorkshopRow } from './types.ts';

export type SqliteOptions = {
  /** Folder for plenary.db; created when missing. Use ':memory:' for a private in-memory database. */
  dataDir: string;
  synchronous?: 'NORMAL' | 'FULL';
  /**
   * Checkpoint the WAL in a worker thread (default), so its fsyncs never stall the event loop. The worker
   * starts with the first write: a server that only reads (or idles) has no WAL to move and does not pay
   * the worker's memory (about 20 MB: a second V8 isolate).
   */
  checkpointInWorker?: boolean;
};

/** Each entry upgrades the schema by one version; PRAGMA user_version records how far a file got. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     template TEXT,
     edit_token_hash TEXT NOT NULL,
     view_token_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE board_snapshots (
     board_id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL,
     data BLOB NOT NULL
   ) STRICT;
   CREATE TABLE board_updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     board_id TEXT NOT NULL,
     data BLOB NOT NULL
   ) STRICT;
   CREATE INDEX board_updates_by_board ON board_updates (board_id, seq);`,
  `ALTER TABLE boards ADD COLUMN workshop_id TEXT;
   CREATE TABLE workshops (
     id TEXT PRIMARY KEY,
     data TEXT NOT NULL,
     version INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE principals (
     token_hash TEXT PRIMARY KEY,
     workshop_id TEXT NOT NULL,
     role TEXT NOT NULL,
     participant_id TEXT,
     created_at INTEGER NOT NULL
   ) STRICT;`,
  // The newest snapshots first, without a scan of every board (recentDocuments).
  'CREATE INDEX board_snapshots_by_seq ON board_snapshots (seq);',
];

/**
 * Every document with a tail (board_updates is short: compaction keeps it so), and the newest snapshots by
 * their index; length() of a BLOB column is read from the record header, not from the bytes.
 */
const RECENT_DOCUMENTS_SQL = `
  WITH tails AS (
    SELECT board_id AS id, MAX(seq) AS last_seq, COUNT(*) AS tail, SUM(length(data)) AS bytes FROM board_updates GROUP BY board_id
  )
  SELECT id, last_seq, tail, bytes + COALESCE((SELECT length(data) FROM board_snapshots WHERE board_id = tails.id), 0) AS bytes FROM tails
  UNION ALL
  SELECT board_id, seq, 0, bytes FROM (SELECT board_id, seq, length(data) AS bytes FROM board_snapshots ORDER BY seq DESC LIMIT ?)
    WHERE board_id NOT IN (SELECT id FROM tails)
  ORDER BY last_seq DESC LIMIT ?`;

type BoardRow = {
  id: string;
  title: string;
  template: string | null;
  edit_token_hash: string;
  view_token_hash: string;
  created_at: number;
  workshop_id: string | null;
};

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite';
  readonly db: DatabaseSync;
  #checkpointer: Worker | null = null;
  #locks = new KeyedQueue();
  /** Updates waiting for this turn's group commit. */
  #pending: { boardId: string; update: Uint8Array; resolve: (seq: number) => void; reject: (err: unknown) => void }[] = [];
  /** The database file, until the checkpoint worker has been started for it. */
  #checkpointLater: string | null = null;
  #stmts: {
    insertBoard: StatementSync;
    getBoard: StatementSync;
    getSnapshot: StatementSync;
    getUpdates: StatementSync;
    getUpdatesSince: StatementSync;
    getSnapshotSince: StatementSync;
    appendUpdate: StatementSync;
    upsertSnapshot: StatementSync;
    deleteUpdates: StatementSync;
    recentDocuments: StatementSync;
    insertWorkshop: StatementSync;
    getWorkshop: StatementSync;
    updateWorkshop: StatementSync;
    insertPrincipal: StatementSync;
    getPrincipal: StatementSync;
  };

  constructor(options: SqliteOptions) {
    let file = ':memory:';
    if (options.dataDir !== ':memory:') {
      mkdirSync(options.dataDir, { recursive: true });
      file = join(options.dataDir, 'plenary.db');
    }
    this.db = new DatabaseSync(file);
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous ?? 'NORMAL'}; PRAGMA busy_timeout = 5000;`);
    migrate(this.db);
    if (file !== ':memory:' && options.checkpointInWorker !== false) {
      this.db.exec('PRAGMA wal_autocheckpoint = 0');
      this.#checkpointLater = file;
    }
    this.#stmts = {
      insertBoard: this.db.prepare(
        'INSERT INTO boards (id, title, template, edit_token_hash, view_token_hash, created_at, workshop_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      getBoard: this.db.prepare('SELECT * FROM boards WHERE id = ?'),
      getSnapshot: this.db.prepare('SELECT seq, data FROM board_snapshots WHERE board_id = ?'),
      getUpdates: this.db.prepare('SELECT seq, data FROM board_updates WHERE board_id = ? ORDER BY seq'),
      getSnapshotSince: this.db.prepare('SELECT seq, data FROM board_snapshots WHERE board_id = ? AND seq > ?'),
      getUpdatesSince: this.db.prepare('SELECT seq, data FROM board_updates WHERE board_id = ? AND seq > ? ORDER BY seq'),
      appendUpdate: this.db.prepare('INSERT INTO board_updates (board_id, data) VALUES (?, ?)'),
      upsertSnapshot: this.db.prepare(
        `INSERT INTO board_snapshots (board_id, seq, data) VALUES (?, ?, ?)
         ON CONFLICT (board_id) DO UPDATE SET seq = MAX(seq, excluded.seq), data = excluded.data`,
      ),
      deleteUpdates: this.db.prepare('DELETE FROM board_updates WHERE board_id = ? AND seq <= ?'),
      recentDocuments: this.db.prepare(RECENT_DOCUMENTS_SQL),
      insertWorkshop: this.db.prepare('INSERT INTO workshops (id, data, version, created_at) VALUES (?, ?, 1, ?)'),
      getWorkshop: this.db.prepare('SELECT id, data, version, created_at FROM workshops WHERE id = ?'),
      updateWorkshop: this.db.prepare('UPDATE workshops SET data = ?, version = version + 1 WHERE id = ? AND version = ?'),
      insertPrincipal: this.db.prepare(
        'INSERT INTO principals (token_hash, workshop_id, role, participant_id, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      getPrincipal: this.db.prepare('SELECT * FROM principals WHERE token_hash = ?'),
    };
  }

  async createBoard(board: BoardRecord, initialUpdate?: Uint8Array): Promise<void> {
    this.#writing();
    this.#transaction('BEGIN IMMEDIATE', () => {
      this.#stmts.insertBoard.run(
        board.id,
        board.title,
        board.template,
        board.editTokenHash,
        board.viewTokenHash,
        board.createdAt,
        board.workshopId ?? null,
      );
      if (initialUpdate) this.#stmts.appendUpdate.run(board.id, initialUpdate);
    });
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const row = this.#stmts.getBoard.get(id) as BoardRow | undefined;
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      template: row.template,
      editTokenHash: row.edit_token_hash,
      viewTokenHash: row.view_token_hash,
      createdAt: row.created_at,
      workshopId: row.workshop_id,
    };
  }

  async loadDocument(boardId: string): Promise<StoredDocument> {
    // One read transaction, so a compaction committing in between cannot be half seen (a deferred one: a
    // read needs no write lock).
    return this.#transaction('BEGIN', () => {
      const snap = this.#stmts.getSnapshot.get(boardId) as { seq: number; data: Uint8Array } | undefined;
      const rows = this.#stmts.getUpdates.all(boardId) as { seq: number; data: Uint8Array }[];
      const last = rows.at(-1);
      return {
        snapshot: snap ? snap.data : null,
        updates: rows.map((r) => r.data),
        lastSeq: last ? last.seq : (snap?.seq ?? 0),
      };
    });
  }

  appendUpdate(boardId: string, update: Uint8Array): Promise<number> {
    this.#writing();
    if (!this.db.isOpen) return Promise.reject(new Error('storage is closed'));
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => this.#commitPending());
      this.#pending.push({ boardId, update, resolve, reject });
    });
  }

  /**
   * One transaction for every update appended since the last one. A commit costs SQLite more than an insert
   * (locking, the WAL frame header, the shared index), so a burst of updates from many rooms pays it once.
   */
  #commitPending(): void {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    let seqs: number[];
    try {
      seqs = this.#transaction('BEGIN IMMEDIATE', () =>
        batch.map((p) => Number(this.#stmts.appendUpdate.run(p.boardId, p.update).lastInsertRowid)),
      );
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => p.resolve(seqs[i] as number));
  }

  async compact(docId: string, fold: (stored: StoredDocument) => Uint8Array): Promise<void> {
    this.#writing();
    this.#commitPending();
    this.#transaction('BEGIN IMMEDIATE', () => {
      const snap = this.#stmts.getSnapshot.get(docId) as { seq: number; data: Uint8Array } | undefined;
      const rows = this.#stmts.getUpdates.all(docId) as { seq: number; data: Uint8Array }[];
      if (rows.length === 0) return;
      const lastSeq = Math.max(rows.at(-1)!.seq, snap?.seq ?? 0);
      const folded = fold({ snapshot: snap ? snap.data : null, updates: rows.map((r) => r.data), lastSeq });
      this.#stmts.upsertSnapshot.run(docId, lastSeq, folded);
      // One process owns the file, so the rows read are every row up to the last one read.
      this.#stmts.deleteUpdates.run(docId, rows.at(-1)!.seq);
    });
  }

  async loadUpdatesSince(docId: string, afterSeq: number): Promise<StoredDocument> {
    // No transaction: node:sqlite runs both statements before anything else in this process (the only
    // writer), and reading the updates first means a compaction could only make the snapshot redundant.
    const rows = this.#stmts.getUpdatesSince.all(docId, afterSeq) as { seq: number; data: Uint8Array }[];
    const snap = this.#stmts.getSnapshotSince.get(docId, afterSeq) as { seq: number; data: Uint8Array } | undefined;
    return {
      snapshot: snap ? snap.data : null,
      updates: rows.map((r) => r.data),
      lastSeq: Math.max(afterSeq, rows.at(-1)?.seq ?? snap?.seq ?? 0),
    };
  }

  async recentDocuments(limit: number): Promise<RecentDocument[]> {
    const rows = this.#stmts.recentDocuments.all(limit, limit) as { id: string; last_seq: number; tail: number; bytes: number }[];
    return rows.map((r) => ({ docId: r.id, lastSeq: r.last_seq, tail: r.tail, bytes: r.bytes }));
  }

  /** One process owns a SQLite file (several servers share PostgreSQL), so a queue in this process is enough. */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.#locks.run(key, work);
  }

  async createWorkshop(row: Omit<WorkshopRow, 'version'>, principals: PrincipalRecord[]): Promise<void> {
    this.#writing();
    this.#transaction('BEGIN IMMEDIATE', () => {
      this.#stmts.insertWorkshop.run(row.id, row.data, row.createdAt);
      for (const p of principals) this.#insertPrincipal(p);
    });
  }

  async getWorkshop(id: string): Promise<WorkshopRow | null> {
    const row = this.#stmts.getWorkshop.get(id) as { id: string; data: string; version: number; created_at: number } | undefined;
    return row ? { id: row.id, data: row.data, version: row.version, createdAt: row.created_at } : null;
  }

  async updateWorkshop(id: string, data: string, expectedVersion: number): Promise<boolean> {
    this.#writing();
    return Number(this.#stmts.updateWorkshop.run(data, id, expectedVersion).changes) === 1;
  }

  async addPrincipal(principal: PrincipalRecord): Promise<void> {
    this.#writing();
    this.#insertPrincipal(principal);
  }

  async findPrincipal(tokenHash: string): Promise<PrincipalRecord | null> {
    const row = this.#stmts.getPrincipal.get(tokenHash) as
      | { token_hash: string; workshop_id: string; role: PrincipalRole; participant_id: string | null; created_at: number }
      | undefined;
    if (!row) return null;
    return {
      tokenHash: row.token_hash,
      workshopId: row.workshop_id,
      role: row.role,
      participantId: row.participant_id,
      createdAt: row.created_at,
    };
  }

  #insertPrincipal(p: PrincipalRecord): void {
    this.#stmts.insertPrincipal.run(p.tokenHash, p.workshopId, p.role, p.participantId, p.createdAt);
  }

  /** Whether the checkpoint worker runs (it starts with the first write). */
  get checkpointing(): boolean {
    return this.#checkpointer !== null;
  }

  /** Starts the checkpoint worker before the first write (see SqliteOptions.checkpointInWorker). */
  #writing(): void {
    const file = this.#checkpointLater;
    if (file === null) return;
    this.#checkpointLater = null;
    const worker = new Worker(new URL('./sqlite-checkpointer.js', import.meta.url), { workerData: { file, intervalMs: 1000 } });
    worker.unref();
    // Should the worker die, checkpoints go back to SQLite's own (on this thread): slower, never unbounded.
    const fallBack = () => {
      if (this.#checkpointer !== worker) return;
      this.#checkpointer = null;
      if (this.db.isOpen) this.db.exec('PRAGMA wal_autocheckpoint = 1000');
    };
    worker.on('error', fallBack);
    worker.on('exit', fallBack);
    this.#checkpointer = worker;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (!this.db.isOpen) return;
    this.#commitPending();
    this.#checkpointLater = null;
    const worker = this.#checkpointer;
    if (worker) {
      this.#checkpointer = null;
      // Keep the process alive until the worker has stopped: an unref'd worker alone would let it exit mid-close.
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    }
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  #transaction<T>(begin: 'BEGIN' | 'BEGIN IMMEDIATE', fn: () => T): T {
    this.db.exec(begin);
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }
}

function migrate(db: DatabaseSync): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (version > MIGRATIONS.length) {
    throw new Error(`database schema version ${version} is newer than this server knows (${MIGRATIONS.length})`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[v] as string);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
}
