/** Starting real servers for tests: in-process on port 0, or as a child process for crash and signal tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../server/app.ts';
import { MemoryStorage } from '../../server/storage/memory.ts';
import type { Storage } from '../../server/storage/types.ts';

export type BoardTokens = { boardId: string; editToken: string; viewToken: string };

export type TestServer = {
  app: FastifyInstance;
  storage: Storage;
  httpUrl: string;
  /** serverUrl for WebsocketProvider: ws://127.0.0.1:PORT/sync */
  syncUrl: string;
  createBoard: (body?: Record<string, unknown>) => Promise<BoardTokens>;
  close: () => Promise<void>;
};

export async function startServer(options: Partial<AppOptions> = {}): Promise<TestServer> {
  const storage = options.storage ?? new MemoryStorage();
  // Tests create many boards from one address; the creation limit has its own test (hardening.test.ts).
  const app = await buildApp({ clientDir: null, createRateLimit: { max: 100_000, windowMs: 60_000 }, ...options, storage });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const httpUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    storage,
    httpUrl,
    syncUrl: `ws://127.0.0.1:${address.port}/sync`,
    createBoard: (body = {}) => createBoard(httpUrl, body),
    close: async () => {
      await app.close();
      await storage.close();
    },
  };
}

export async function createBoard(httpUrl: string, body: Record<string, unknown> = {}): Promise<BoardTokens> {
  const res = await fetch(`${httpUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  return (await res.json()) as BoardTokens;
}

export type ServerProcess = {
  proc: ChildProcess;
  port: number;
  httpUrl: string;
  syncUrl: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'plenary-test-'));
}

/**
 * The production entry, as `npm start` runs it: start.js turns on Node's compile cache before loading main.ts,
 * so every start after the first skips the type stripper. The crash tests start a server a dozen times per
 * file (kill -9 after each step); each start costs about 1.3 s of CPU with the cache against 1.7 s without.
 */
const ENTRY = resolve(import.meta.dirname, '../../server/start.js');

const SERVER_SETTINGS: ReadonlySet<string> = new Set(['STORAGE', 'DATABASE_URL', 'REDIS_URL', 'REDIS_PREFIX', 'DATA_DIR', 'CREATE_TOKEN']);

/** Runs the server (start.js, then main.ts) on the Node that runs the tests (Node 24), on a free port, and waits until it listens. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  // The server's own settings come from `env` alone: a developer's (or CI's) STORAGE, DATABASE_URL or REDIS_URL
  // would otherwise turn a test of the default SQLite path into one of PostgreSQL or Redis.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SERVER_SETTINGS.has(key)));
  const proc = spawn(process.execPath, [ENTRY], {
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    proc.on('exit', (code, signal) => resolveExit({ code, signal }));
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening:\n${out}`));
    });
  });
  return {
    proc,
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    output: () => out,
    exited,
  };
}
