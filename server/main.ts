/**
 * Entry point: reads the environment, opens storage, builds the app, listens, and shuts down cleanly on
 * SIGTERM/SIGINT (stop accepting, close sockets with 1001, write final snapshots, close storage, exit 0).
 */
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildApp } from './app.ts';
import { ConfigError, readConfig, type Config } from './config.ts';
import { openStorage } from './storage/index.ts';

let config: Config;
try {
  config = readConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`plenary: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const storage = await openStorage(
  config.STORAGE === 'postgres'
    ? { kind: 'postgres', connectionString: config.DATABASE_URL as string, schema: config.PG_SCHEMA }
    : config.STORAGE === 'memory'
      ? { kind: 'memory' }
      : { kind: 'sqlite', dataDir: resolve(config.DATA_DIR) },
).catch((err: unknown) => {
  process.stderr.write(`plenary: could not open ${config.STORAGE} storage: ${(err as Error).message}\n`);
  process.exit(1);
});

const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
redis?.on('error', () => undefined);
// Several processes: the fan-out is loaded only then. Several processes on SQLite would each write their own file.
if (config.REDIS_URL && config.STORAGE === 'sqlite') process.stderr.write('plenary: REDIS_URL with STORAGE=sqlite: each process keeps its own data; use STORAGE=postgres for several processes\n');
const fanout = config.REDIS_URL
  ? new (await import('./sync/redis-fanout.ts')).RedisFanout({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX })
  : undefined;
if (fanout && !(await fanout.ready())) process.stderr.write('plenary: Redis does not answer yet; serving alone until it does\n');

const app = await buildApp({
  storage,
  logger: { level: config.LOG_LEVEL },
  createToken: config.CREATE_TOKEN,
  maxMessageBytes: config.MAX_MESSAGE_BYTES,
  keepaliveMs: config.KEEPALIVE_MS,
  unloadDelayMs: config.UNLOAD_DELAY_MS,
  compaction: { afterUpdates: config.COMPACT_AFTER_UPDATES, afterBytes: config.COMPACT_AFTER_BYTES },
  createRateLimit: { max: config.CREATE_RATE_LIMIT, windowMs: config.CREATE_RATE_WINDOW_MS, ...(redis ? { redis } : {}) },
  ...(fanout ? { fanout } : {}),
  redisPrefix: config.REDIS_PREFIX,
  processMetrics: true,
  warmBytes: config.WARM_CACHE_BYTES,
});
fanout?.setLog(app.log);

/**
 * Loading the modules and building the app grow V8's young generation to its largest size (3 x 16 MB) and
 * leave it resident: about 30 MB of an idle server. One last-resort collection before listening gives it
 * back (it grows again under load, where it keeps garbage collection cheap). `gc` is reached through
 * --expose-gc set at run time, so the server needs no command-line flag.
 */
function releaseStartupMemory(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down');
  try {
    await app.close();
    await storage.close();
    await fanout?.close();
    redis?.disconnect();
    app.log.info('shutdown complete');
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

// Before listening, so that no first visit pays for a crash's tail or a cold read; logged, with its time.
const warm = await app.warmStart(config.WARM_START_MS);
app.log.info(warm, 'warm start');
releaseStartupMemory();

try {
  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info({ storage: storage.kind, dataDir: config.STORAGE === 'sqlite' ? resolve(config.DATA_DIR) : null }, 'ready');
} catch (err) {
  app.log.error({ err }, 'could not start');
  await storage.close();
  process.exit(1);
}
