/**
 * The outside services some tests need (PostgreSQL, Redis). `npm test` runs those tests when the service
 * answers and skips them otherwise, with one printed line saying why, so a newcomer's first run passes on
 * a machine with neither. CI sets REQUIRE_SERVICES=1 (see .ci/run): then a service that does not answer
 * fails the run instead of skipping anything.
 *
 *   const pg = await service('postgres');
 *   describe.skipIf(!pg.up)('postgres storage', () => { ... uses pg.url ... });
 */
import pg from 'pg';
import { Redis } from 'ioredis';

export type ServiceName = 'postgres' | 'redis';

export type Service = {
  /** Whether the service answered; when false, the caller skips its tests. */
  up: boolean;
  url: string;
};

const SERVICES = {
  postgres: {
    label: 'PostgreSQL',
    // TEST_DATABASE_URL lets a developer whose shell points DATABASE_URL at something precious keep tests
    // away from it; the default is this machine's (and CI's) trust-auth server and its `test` database.
    url: () => process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    variable: 'DATABASE_URL',
    probe: probePostgres,
  },
  redis: {
    label: 'Redis',
    url: () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    variable: 'REDIS_URL',
    probe: probeRedis,
  },
} as const;

/** How long a probe waits for an answer: a local service answers in milliseconds, a missing one never. */
const PROBE_TIMEOUT_MS = 2_000;

const probes = new Map<ServiceName, Promise<Service>>();

/**
 * Whether `name` answers at its URL. Skipping prints one line with the reason; under REQUIRE_SERVICES=1 a
 * service that does not answer throws, which fails the test file that asked.
 */
export function service(name: ServiceName): Promise<Service> {
  let probe = probes.get(name);
  if (!probe) {
    probe = check(name);
    probes.set(name, probe);
  }
  return probe;
}

async function check(name: ServiceName): Promise<Service> {
  const { label, url: urlOf, variable, probe } = SERVICES[name];
  const url = urlOf();
  const failure = await probe(url).then(
    () => null,
    (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'no answer',
  );
  if (failure === null) return { up: true, url };
  const where = `${label} at ${redact(url)} did not answer (${failure})`;
  if (process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`${where}, and REQUIRE_SERVICES=1 says the tests that need it must run`);
  }
  // Vitest prints this under the name of the test file that asked.
  console.warn(`skipped: the ${label} tests here: ${where}; start it or set ${variable}`);
  return { up: false, url };
}

async function probePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probeRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: PROBE_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null });
  const seen: { error: Error | null } = { error: null };
  redis.on('error', (error: Error) => (seen.error = error));
  try {
    // ioredis reports a refused connection as 'Connection is closed.'; the error event says why.
    await redis.connect().catch((error: unknown) => {
      throw seen.error ?? error;
    });
    const answer: string = await redis.ping();
    if (answer !== 'PONG') throw new Error(`PING answered ${answer}`);
  } finally {
    redis.disconnect();
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
