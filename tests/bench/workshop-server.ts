/**
 * The server for `bench:workshop`, as its own process (so its CPU time is its own): server/main.ts's
 * setup on SQLite in DATA_DIR, with the join limits raised for the joins from one address and
 * request logging off (warn), so the figures are the work of the votes.
 */
import { buildApp } from '../../server/app.ts';
import { SqliteStorage } from '../../server/storage/sqlite.ts';

const storage = new SqliteStorage({ dataDir: process.env.DATA_DIR ?? '' });
const app = await buildApp({ storage, logger: { level: 'warn' }, joinLimits: { perAddress: 100_000, perLink: 100_000 }, authRateLimit: 100_000 });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no port');
// The line spawnServer waits for.
process.stdout.write(`Server listening at http://127.0.0.1:${address.port}\n`);
process.on('SIGINT', () => process.exit(0));
