/**
 * Hocuspocus 4 as the peer of the scale-out scenario of `npm run bench:sync`: its WebSocket server, its Redis
 * extension (pub/sub between processes) and its Database extension storing each document's whole state in
 * PostgreSQL with Hocuspocus's default debounce (2 s after the last change, at most 10 s), which is how a
 * Hocuspocus deployment keeps its documents. Configured only by the environment:
 *   PORT, HOST       where to listen
 *   REDIS_URL        the Redis both processes share (its key prefix: REDIS_PREFIX, default "hocuspocus")
 *   DATABASE_URL     PostgreSQL; PG_SCHEMA is created if missing and holds one table, documents(name, state)
 * Plain JavaScript, run by the same Node as the bench, outside the project's TypeScript and lint.
 */
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import pg from 'pg';

const env = process.env;
const schema = env.PG_SCHEMA ?? 'hocuspocus_bench';
if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad PG_SCHEMA: ${schema}`);
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4 });
await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
await pool.query(`CREATE TABLE IF NOT EXISTS "${schema}".documents (name text PRIMARY KEY, state bytea NOT NULL)`);

const redisUrl = new URL(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const server = new Server({
  port: Number(env.PORT ?? 1234),
  address: env.HOST ?? '127.0.0.1',
  quiet: true,
  extensions: [
    new Redis({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379), prefix: env.REDIS_PREFIX ?? 'hocuspocus' }),
    new Database({
      fetch: async ({ documentName }) => {
        const { rows } = await pool.query(`SELECT state FROM "${schema}".documents WHERE name = $1`, [documentName]);
        return rows[0]?.state ?? null;
      },
      store: async ({ documentName, state }) => {
        await pool.query(
          `INSERT INTO "${schema}".documents (name, state) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state`,
          [documentName, state],
        );
      },
    }),
  ],
});
await server.listen();
