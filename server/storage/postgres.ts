/**
 * PostgreSQL storage, for when one machine is outgrown: several server processes can share it (with a
 * fan-out between them for live updates). Same contract as SQLite: an append is committed before the
 * promise resolves (synchronous_commit stays on), compaction is one transaction, a load reads snapshot
 * and tail in one REPEATABLE READ snapshot.
 */
import pg from 'pg';
import { KeyedQueue } from './keyed-queue.ts';
import type { BoardRecord, PrincipalRecord, PrincipalRole, RecentDocument, Storage, StoredDocument, WorkshopRow } from './types.ts';

export type PostgresOptions = {
  connectionString: string;
  /** Tables go into this schema (created if missing); tests use a throwaway one. */
  schema?: string;
  /** Connections in the pool. 10: appends are short, a handful of connections keeps up with many rooms. */
  poolSize?: number;
};

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     template TEXT,
     edit_token_hash TEXT NOT NULL,
     view_token_hash TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     workshop_id TEXT
   );
   CREATE TABLE board_snapshots (board_id TEXT PRIMARY KEY, seq BIGINT NOT NULL, data BYTEA NOT NULL);
   CREATE TABLE board_updates (seq BIGSERIAL PRIMARY KEY, board_id TEXT NOT NULL, data BYTEA NOT NULL);
   CREATE INDEX board_updates_by_board ON board_updates (board_id, seq);
   CREATE TABLE workshops (id TEXT PRIMARY KEY, data TEXT NOT NULL, version INTEGER NOT NULL, created_at BIGINT NOT NULL);
   CREATE TABLE principals (
     token_hash TEXT PRIMARY KEY,
     workshop_id TEXT NOT NULL,
     role TEXT NOT NULL,
     participant_id TEXT,
     created_at BIGINT NOT NULL
   );`,
  // The newest snapshots first, without a scan of every board (recentDocuments).
  'CREATE INDEX board_snapshots_by_seq ON board_snapshots (seq);',
];

/** Rows as node-postgres returns them: BIGINT columns arrive as strings (they may exceed 2^53). */
type BoardRow = {
  id: string;
  title: string;
  template: string | null;
  edit_token_hash: string;
  view_token_hash: string;
  created_at: string;
  workshop_id: string | null;
};
type DataRow = { seq: string; data: Buffer };
type PrincipalRow = { token_hash: string; workshop_id: string; role: string; participant_id: string | null; created_at: string };

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a safe schema name: ${name}`);
  return `"${name}"`;
}

export class PostgresStorage implements Storage {
  readonly kind = 'postgres';
  readonly pool: pg.Pool;
  readonly schema: string;
  #locks = new KeyedQueue();

  private constructor(pool: pg.Pool, schema: string) {
    this.pool = pool;
    this.schema = schema;
  }

  /** Connects, creates the schema and runs pending migrations (under an advisory lock, so several servers may start at once). */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    const schema = options.schema ?? 'plenary';
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      options: `-c search_path=${ident(schema)}`,
    });
    const storage = new PostgresStorage(pool, schema);
    try {
      await storage.#migrate();
    } catch (err) {
      await pool.end();
      throw err;
    }
    return storage;
  }

  async #migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`plenary-migrate-${this.schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(this.schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS plenary_schema (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM plenary_schema');
      let version = rows[0]?.version ?? 0;
      if (rows.length === 0) await client.query('INSERT INTO plenary_schema (version) VALUES (0)');
      if (version > MIGRATIONS.length) throw new Error(`database schema version ${version} is newer than this server knows (${MIGRATIONS.length})`);
      for (; version < MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        await client.query(MIGRATIONS[version] as string);
        await client.query('UPDATE plenary_schema SET version = $1', [version + 1]);
        await client.query('COMMIT');
      }
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`plenary-migrate-${this.schema}`]).catch(() => undefined);
      client.release();
    }
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>, isolation = 'READ COMMITTED'): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async createBoard(board: BoardRecord, initialUpdate?: Uint8Array): Promise<void> {
    await this.#transaction(async (c) => {
      await c.query(
        'INSERT INTO boards (id, title, template, edit_token_hash, view_token_hash, created_at, workshop_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [board.id, board.title, board.template, board.editTokenHash, board.viewTokenHash, board.createdAt, board.workshopId ?? null],
      );
      if (initialUpdate) await c.query('INSERT INTO board_updates (board_id, data) VALUES ($1, $2)', [board.id, Buffer.from(initialUpdate)]);
    });
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const { rows } = await this.pool.query<BoardRow>('SELECT * FROM boards WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      template: row.template,
      editTokenHash: row.edit_token_hash,
      viewTokenHash: row.view_token_hash,
      createdAt: Number(row.created_at),
      workshopId: row.workshop_id,
    };
  }

  async loadDocument(boardId: string): Promise<StoredDocument> {
    return this.#transaction(async (c) => {
      const snap = await c.query<DataRow>('SELECT seq, data FROM board_snapshots WHERE board_id = $1', [boardId]);
      const updates = await c.query<DataRow>('SELECT seq, data FROM board_updates WHERE board_id = $1 ORDER BY seq', [boardId]);
      const last = updates.rows.at(-1);
      const snapshot = snap.rows[0];
      return {
        snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
        updates: updates.rows.map((r) => new Uint8Array(r.data)),
        lastSeq: Math.max(last ? Number(last.seq) : 0, snapshot ? Number(snapshot.seq) : 0),
      };
    }, 'REPEATABLE READ');
  }

  async appendUpdate(boardId: string, update: Uint8Array): Promise<number> {
    const { rows } = await this.pool.query<{ seq: string }>('INSERT INTO board_updates (board_id, data) VALUES ($1, $2) RETURNING seq', [boardId, Buffer.from(update)]);
    return Number(rows[0]!.seq);
  }

  async compact(docId: string, fold: (stored: StoredDocument) => Uint8Array): Promise<void> {
    await this.#transaction(async (c) => {
      // Compactions of one document queue here (on any process); appends go on alongside.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`plenary-compact:${this.schema}:${docId}`]);
      const snap = await c.query<DataRow>('SELECT seq, data FROM board_snapshots WHERE board_id = $1', [docId]);
      const updates = await c.query<DataRow>('SELECT seq, data FROM board_updates WHERE board_id = $1 ORDER BY seq', [docId]);
      if (updates.rows.length === 0) return;
      const seqs = updates.rows.map((r) => r.seq);
      const snapshotRow = snap.rows[0];
      const lastSeq = Math.max(Number(updates.rows.at(-1)!.seq), snapshotRow ? Number(snapshotRow.seq) : 0);
      const folded = fold({
        snapshot: snapshotRow ? new Uint8Array(snapshotRow.data) : null,
        updates: updates.rows.map((r) => new Uint8Array(r.data)),
        lastSeq,
      });
      await c.query(
        `INSERT INTO board_snapshots (board_id, seq, data) VALUES ($1, $2, $3)
         ON CONFLICT (board_id) DO UPDATE SET seq = GREATEST(board_snapshots.seq, excluded.seq), data = excluded.data`,
        [docId, lastSeq, Buffer.from(folded)],
      );
      // Exactly the rows read: one appended meanwhile (a lower seq committing late included) stays.
      await c.query('DELETE FROM board_updates WHERE board_id = $1 AND seq = ANY($2::bigint[])', [docId, seqs]);
    });
  }

  async loadUpdatesSince(docId: string, afterSeq: number): Promise<StoredDocument> {
    // One statement, so one consistent snapshot of both tables: a compaction is seen whole or not at all.
    const { rows } = await this.pool.query<{ kind: 's' | 'u'; seq: string; data: Buffer }>(
      `SELECT 's' AS kind, seq, data FROM board_snapshots WHERE board_id = $1 AND seq > $2
       UNION ALL
       SELECT 'u' AS kind, seq, data FROM board_updates WHERE board_id = $1 AND seq > $2`,
      [docId, afterSeq],
    );
    const snapshot = rows.find((r) => r.kind === 's');
    const updates = rows.filter((r) => r.kind === 'u').sort((a, b) => Number(a.seq) - Number(b.seq));
    const last = updates.at(-1);
    return {
      snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
      updates: updates.map((r) => new Uint8Array(r.data)),
      lastSeq: Math.max(afterSeq, last ? Number(last.seq) : 0, snapshot ? Number(snapshot.seq) : 0),
    };
  }

  async recentDocuments(limit: number): Promise<RecentDocument[]> {
    // length() of a bytea reads its stored size; a TOASTed value is not fetched.
    const { rows } = await this.pool.query<{ id: string; last_seq: string; tail: string; bytes: string }>(
      `WITH tails AS (
         SELECT board_id AS id, MAX(seq) AS last_seq, COUNT(*) AS tail, SUM(length(data)) AS bytes FROM board_updates GROUP BY board_id
       )
       SELECT id, last_seq, tail, bytes + COALESCE((SELECT length(data) FROM board_snapshots WHERE board_id = tails.id), 0) AS bytes FROM tails
       UNION ALL
       SELECT board_id, seq, 0, bytes FROM (SELECT board_id, seq, length(data) AS bytes FROM board_snapshots ORDER BY seq DESC LIMIT $1) newest
         WHERE board_id NOT IN (SELECT id FROM tails)
       ORDER BY last_seq DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ docId: r.id, lastSeq: Number(r.last_seq), tail: Number(r.tail), bytes: Number(r.bytes) }));
  }

  /**
   * A session-level advisory lock on one pooled connection, taken after this process's own queue for
   * the key: at most one connection per key waits on the lock, so waiting work can never hold every
   * connection of the pool while the holder needs one to finish.
   */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.#locks.run(key, async () => {
      const client = await this.pool.connect();
      const lockKey = `plenary-exclusive:${this.schema}:${key}`;
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      } catch (err) {
        client.release();
        throw err;
      }
      try {
        return await work();
      } finally {
        await client
          .query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey])
          .then(() => client.release())
          // A connection whose unlock failed may still hold the lock: end it rather than pool it.
          .catch((err: unknown) => client.release(err instanceof Error ? err : new Error(String(err))));
      }
    });
  }

  async createWorkshop(row: Omit<WorkshopRow, 'version'>, principals: PrincipalRecord[]): Promise<void> {
    await this.#transaction(async (c) => {
      await c.query('INSERT INTO workshops (id, data, version, created_at) VALUES ($1, $2, 1, $3)', [row.id, row.data, row.createdAt]);
      for (const p of principals) await insertPrincipal(c, p);
    });
  }

  async getWorkshop(id: string): Promise<WorkshopRow | null> {
    const { rows } = await this.pool.query<{ id: string; data: string; version: number; created_at: string }>('SELECT id, data, version, created_at FROM workshops WHERE id = $1', [id]);
    const row = rows[0];
    return row ? { id: row.id, data: row.data, version: row.version, createdAt: Number(row.created_at) } : null;
  }

  async updateWorkshop(id: string, data: string, expectedVersion: number): Promise<boolean> {
    const result = await this.pool.query('UPDATE workshops SET data = $1, version = version + 1 WHERE id = $2 AND version = $3', [data, id, expectedVersion]);
    return result.rowCount === 1;
  }

  async addPrincipal(principal: PrincipalRecord): Promise<void> {
    await insertPrincipal(this.pool, principal);
  }

  async findPrincipal(tokenHash: string): Promise<PrincipalRecord | null> {
    const { rows } = await this.pool.query<PrincipalRow>('SELECT * FROM principals WHERE token_hash = $1', [tokenHash]);
    const row = rows[0];
    if (!row) return null;
    return {
      tokenHash: row.token_hash,
      workshopId: row.workshop_id,
      role: row.role as PrincipalRole,
      participantId: row.participant_id,
      createdAt: Number(row.created_at),
    };
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function insertPrincipal(c: pg.Pool | pg.PoolClient, p: PrincipalRecord): Promise<void> {
  await c.query('INSERT INTO principals (token_hash, workshop_id, role, participant_id, created_at) VALUES ($1, $2, $3, $4, $5)', [
    p.tokenHash,
    p.workshopId,
    p.role,
    p.participantId,
    p.createdAt,
  ]);
}
