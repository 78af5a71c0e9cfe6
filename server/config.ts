/**
 * The server's environment, validated once at start. A bad value stops the server with a message naming
 * the variable, instead of a crash later.
 */
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z
  .object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** "memory" keeps nothing across restarts: demos and tests only. "postgres" needs DATABASE_URL. */
  STORAGE: z.enum(['sqlite', 'memory', 'postgres']).default('sqlite'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
  /** The PostgreSQL schema for Plenary's tables. */
  PG_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _').default('plenary'),
  CREATE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(8 * 1024 * 1024),
  KEEPALIVE_MS: z.coerce.number().int().min(100).max(14_000).default(10_000),
  UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(10_000),
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(500),
  COMPACT_AFTER_BYTES: z.coerce.number().int().min(1).default(1024 * 1024),
  /**
   * Time a starting server may spend, before it listens, compacting the documents a crash left with a tail of
   * updates and reading the newest snapshots ahead (server/sync/warm-start.ts). 5 s: a 10,000-note board's tail
   * takes well under one; 0 listens at once and leaves that work to each document's first visit.
   */
  WARM_START_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  /** Bytes of snapshots read ahead at start-up (app.ts DEFAULTS.warmBytes explains the 64 MiB). */
  WARM_CACHE_BYTES: z.coerce.number().int().min(0).default(64 * 1024 * 1024),
  /** Boards and workshops created per address and window; 20 a minute stops a script, not a facilitator. */
  CREATE_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  CREATE_RATE_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * When set, several server processes on the same PostgreSQL serve the same documents: changes and presence
   * fan out through this Redis (pub/sub), and rate-limit counters live in it.
   */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected a redis:// URL').optional(),
  /** Prefix of every Redis key and channel: several deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'letters, digits and _ : . -').default('plenary:'),
  })
  .refine((env) => env.STORAGE !== 'postgres' || env.DATABASE_URL !== undefined, {
    message: 'STORAGE=postgres needs DATABASE_URL',
    path: ['DATABASE_URL'],
  });

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {}

export function readConfig(env: Record<string, string | undefined>): Config {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
