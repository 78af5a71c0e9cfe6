/**
 * The storage contract against a real PostgreSQL: this machine's and CI's at 127.0.0.1:5432, database
 * `test`, or DATABASE_URL. Each run works in a throwaway schema, dropped at the end. Skipped with a printed
 * reason when PostgreSQL does not answer, except under REQUIRE_SERVICES=1 (CI), where that fails.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { service } from '../../tests/helpers/services.ts';
import { describeStorageContract } from './contract.ts';
import { PostgresStorage } from './postgres.ts';

const postgres = await service('postgres');
const url = postgres.url;
const schema = `plenary_test_${process.pid}_${Date.now().toString(36)}`;
let n = 0;
let current = '';

describe.skipIf(!postgres.up)('PostgreSQL storage', () => {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", [`${schema}%`]);
    for (const row of rows) await client.query(`DROP SCHEMA "${row.nspname}" CASCADE`);
    await client.end();
  });

  describeStorageContract('postgres', {
    open: async () => {
      current = `${schema}_${n++}`;
      return PostgresStorage.open({ connectionString: url, schema: current });
    },
    reopen: async () => PostgresStorage.open({ connectionString: url, schema: current }),
  });

  describe('postgres specifics', () => {
    it('migrates once even when two servers start together', async () => {
      const shared = `${schema}_race`;
      const [a, b] = await Promise.all([
        PostgresStorage.open({ connectionString: url, schema: shared }),
        PostgresStorage.open({ connectionString: url, schema: shared }),
      ]);
      const { rows } = await a.pool.query('SELECT version FROM plenary_schema');
      expect(rows).toEqual([{ version: 2 }]);
      await a.close();
      await b.close();
    });

    it('compaction deletes only the rows it read: a lower seq committing late, and appends on other servers meanwhile, survive', async () => {
      const shared = `${schema}_compact`;
      const [a, b] = await Promise.all([
        PostgresStorage.open({ connectionString: url, schema: shared }),
        PostgresStorage.open({ connectionString: url, schema: shared }),
      ]);
      const texts = (stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }) => {
        const doc = new Y.Doc();
        for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, u);
        return doc.getArray<string>('items').toArray().sort();
      };
      const item = (text: string) => {
        const doc = new Y.Doc();
        doc.getArray<string>('items').push([text]);
        return Y.encodeStateAsUpdate(doc);
      };
      await a.appendUpdate('board', item('first'));
      // An append whose seq is taken before the compaction reads, and that commits after it.
      const late = await b.pool.connect();
      await late.query('BEGIN');
      await late.query('INSERT INTO board_updates (board_id, data) VALUES ($1, $2)', ['board', Buffer.from(item('late'))]);
      await a.appendUpdate('board', item('second'));
      const fold = (stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }) => {
        const doc = new Y.Doc();
        for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, u);
        return Y.encodeStateAsUpdate(doc);
      };
      await a.compact('board', fold);
      await late.query('COMMIT');
      late.release();
      // Two compactions at once on two servers while appends go on.
      const appends = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).appendUpdate('board', item(`n${i}`)));
      await Promise.all([a.compact('board', fold), b.compact('board', fold), ...appends, a.compact('board', fold)]);
      const expected = ['first', 'late', 'second', ...Array.from({ length: 20 }, (_, i) => `n${i}`)].sort();
      expect(texts(await a.loadDocument('board'))).toEqual(expected);
      await b.compact('board', fold);
      const final = await b.loadDocument('board');
      expect(final.updates).toEqual([]);
      expect(texts(final)).toEqual(expected);
      await a.close();
      await b.close();
    });

    it('refuses an unsafe schema name', async () => {
      await expect(PostgresStorage.open({ connectionString: url, schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(/not a safe schema name/);
    });

    it('exclusive work for one key never overlaps across two servers, and a failed work releases the lock', async () => {
      const shared = `${schema}_lock`;
      const [a, b] = await Promise.all([
        PostgresStorage.open({ connectionString: url, schema: shared, poolSize: 3 }),
        PostgresStorage.open({ connectionString: url, schema: shared, poolSize: 3 }),
      ]);
      let inside = 0;
      let most = 0;
      let runs = 0;
      const work = (fail: boolean) => async () => {
        inside++;
        most = Math.max(most, inside);
        // The behaviour under test: each work holds the lock 5 ms, time for the other server's work to overlap if the lock let it.
        await a.pool.query('SELECT pg_sleep(0.005)');
        inside--;
        runs++;
        if (fail) throw new Error('refused');
      };
      const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).exclusive('workshop-1', work(i % 5 === 0))));
      expect(most).toBe(1);
      expect(runs).toBe(30);
      expect(results.filter((r) => r.status === 'rejected').length).toBe(6);
      // The locks are all released: another key and the same key both run at once.
      await expect(Promise.all([a.exclusive('workshop-1', async () => 1), b.exclusive('workshop-1', async () => 2)])).resolves.toEqual([1, 2]);
      await a.close();
      await b.close();
    });
  });
});
