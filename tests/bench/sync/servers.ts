/**
 * The two servers under test, each started pinned to CPU core 0 with `taskset`, on the same Node as the bench:
 * - ours: the command of `npm start` (package.json: node, its flags and the entry file), on SQLite in a fresh
 *   DATA_DIR, every update stored before it is relayed;
 * - the reference: `@y/websocket-server` 0.1.1 (tests/bench/reference), as it ships, in memory (no YPERSISTENCE).
 * Also the /proc readings the bench takes of a server: CPU time and resident memory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const REFERENCE_DIR = join(REPO_ROOT, 'tests/bench/reference');
export const HOCUSPOCUS_DIR = join(REPO_ROOT, 'tests/bench/hocuspocus');
const HOCUSPOCUS_SERVER = join(HOCUSPOCUS_DIR, 'server.js');
const REFERENCE_PACKAGE = join(REFERENCE_DIR, 'node_modules/@y/websocket-server');
// BENCH_REFERENCE_SERVER runs another server in the reference's place (floor-server.js: what relaying alone costs).
const REFERENCE_SERVER = process.env.BENCH_REFERENCE_SERVER ? resolve(process.env.BENCH_REFERENCE_SERVER) : join(REFERENCE_PACKAGE, 'src/server.js');
let ourRoot = REPO_ROOT;
let archivedCommit = '';

/**
 * Benchmarks our server as committed at `rev` instead of the working tree (which other work may be changing):
 * `git archive` of the server's folders into a temporary directory that borrows the repo's node_modules.
 * Returns the full commit hash.
 */
export function useOurServerAt(rev: string): string {
  const commit = spawnSync('git', ['-C', REPO_ROOT, 'rev-parse', '--verify', `${rev}^{commit}`], { encoding: 'utf8' });
  if (commit.status !== 0) throw new Error(`not a commit: ${rev}`);
  const hash = commit.stdout.trim();
  const dir = tempDir('plenary-bench-server-');
  const paths = ['package.json', 'server', 'shared', 'boards'].filter(
    (p) => spawnSync('git', ['-C', REPO_ROOT, 'cat-file', '-e', `${hash}:${p}`]).status === 0,
  );
  const tarFile = join(dir, 'server.tar');
  const archive = spawnSync('git', ['-C', REPO_ROOT, 'archive', '-o', tarFile, hash, '--', ...paths], { stdio: 'inherit' });
  if (archive.status === 0) spawnSync('tar', ['-xf', tarFile, '-C', dir], { stdio: 'inherit' });
  rmSync(tarFile, { force: true });
  if (archive.status !== 0 || !existsSync(join(dir, 'server/main.ts'))) throw new Error(`git archive of ${hash} failed`);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  process.once('exit', () => removeDir(dir));
  ourRoot = dir;
  archivedCommit = hash;
  return hash;
}

/** Benchmarks a copy of our server elsewhere (a scratch copy with a candidate fix; it needs node_modules). */
export function useOurServerDir(dir: string): void {
  if (!existsSync(join(dir, 'server/main.ts'))) throw new Error(`no server/main.ts in ${dir}`);
  ourRoot = resolve(dir);
  archivedCommit = `copy in ${ourRoot}`;
}

/** The commit our server comes from, and whether the working tree's server differs from it. */
export function ourServerVersion(): { commit: string; dirty: boolean; archived: boolean } {
  const archived = ourRoot !== REPO_ROOT;
  const head = spawnSync('git', ['-C', REPO_ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  if (archived) return { commit: archivedCommit, dirty: false, archived };
  const status = spawnSync('git', ['-C', REPO_ROOT, 'status', '--porcelain', '--', 'server', 'shared', 'boards'], {
    encoding: 'utf8',
  }).stdout;
  return { commit: head, dirty: status.trim() !== '', archived };
}

export type TargetName = 'ours' | 'reference';
/** The scale-out scenario's peer is Hocuspocus (two processes on Redis), not the reference. */
export type ServerName = TargetName | 'hocuspocus' | 'plain';

/** What a load generator needs to know about a running server. */
export type TargetInfo = { name: ServerName; port: number; pid: number };

export type RunningServer = TargetInfo & {
  proc: ChildProcess;
  exited: Promise<void>;
  /** The last 16 KB the server printed. */
  output: () => string;
  /** From spawning the process to its first answer (an accepted TCP connection, or the HTTP probe's 200), in ms. */
  readyMs: number;
  /** Sends the signal and waits for the process to end (SIGKILL after 10 s). */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/** Installs the reference server from its committed lockfile when it is missing (a fresh clone). */
export function ensureReference(): string {
  if (!existsSync(REFERENCE_SERVER)) {
    process.stderr.write('bench: installing the reference server (npm ci in tests/bench/reference)\n');
    // --ignore-scripts: only leveldown has one, and the reference runs without persistence.
    const npm = spawnSync('npm', ['ci', '--prefix', REFERENCE_DIR, '--ignore-scripts', '--no-audit', '--no-fund'], {
      stdio: 'inherit',
    });
    if (npm.status !== 0 || !existsSync(REFERENCE_SERVER)) throw new Error('could not install tests/bench/reference');
  }
  const pkg = JSON.parse(readFileSync(join(REFERENCE_PACKAGE, 'package.json'), 'utf8')) as { version: string };
  const yjs = JSON.parse(readFileSync(join(REFERENCE_DIR, 'node_modules/yjs/package.json'), 'utf8')) as { version: string };
  return `@y/websocket-server ${pkg.version}, yjs ${yjs.version}`;
}

/** Installs Hocuspocus from its committed lockfile when it is missing (its own folder: our lockfile is untouched). */
export function ensureHocuspocus(): string {
  const pkgFile = join(HOCUSPOCUS_DIR, 'node_modules/@hocuspocus/server/package.json');
  if (!existsSync(pkgFile)) {
    process.stderr.write('bench: installing Hocuspocus (npm ci in tests/bench/hocuspocus)\n');
    const npm = spawnSync('npm', ['ci', '--prefix', HOCUSPOCUS_DIR, '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: 'inherit' });
    if (npm.status !== 0 || !existsSync(pkgFile)) throw new Error('could not install tests/bench/hocuspocus');
  }
  const version = (dir: string) =>
    (JSON.parse(readFileSync(join(HOCUSPOCUS_DIR, 'node_modules', dir, 'package.json'), 'utf8')) as { version: string }).version;
  return `@hocuspocus/server ${version('@hocuspocus/server')} with extension-redis ${version('@hocuspocus/extension-redis')} and extension-database ${version('@hocuspocus/extension-database')}, yjs ${version('yjs')}`;
}

export function ensureTaskset(): void {
  if (spawnSync('taskset', ['-V']).status !== 0) {
    throw new Error('taskset not found: install util-linux (apt-get install util-linux)');
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * What `npm start` runs after building the client: `node <flags> <entry>` from package.json's start script, with
 * `node` replaced by the Node that runs the bench. So the bench meets the server as a user does.
 */
export function ourStartCommand(root: string = ourRoot): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const start = pkg.scripts?.start ?? '';
  const command = start.split('&&').at(-1)?.trim().split(/\s+/) ?? [];
  if (command[0] !== 'node' || command.length < 2) throw new Error(`cannot read the server command from npm start: ${start}`);
  return command.slice(1);
}

function launch(name: ServerName, args: string[], cwd: string, env: Record<string, string>, port: number): RunningServer {
  const spawnedAt = performance.now();
  const proc = spawn('taskset', ['-c', '0', process.execPath, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const echo = process.env.PLENARY_BENCH_SERVER_LOG === '1';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-16_384);
    if (echo) process.stderr.write(chunk);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<void>((resolveExit) => proc.once('exit', () => resolveExit()));
  return {
    name,
    port,
    pid: proc.pid ?? 0,
    proc,
    exited,
    output: () => out,
    readyMs: spawnedAt,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Whether something accepts TCP connections on the port: connects and closes, sending no request at all. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolveProbe(true);
    });
    socket.once('error', () => resolveProbe(false));
  });
}

/**
 * Waits until the server answers: an HTTP GET of `path`, or with `path` null only a TCP connect, so that the
 * first request the process ever serves is the measured one (a cold start).
 */
async function waitReady(server: RunningServer, path: string | null): Promise<void> {
  const deadline = Date.now() + 20_000;
  let gone = false;
  void server.exited.then(() => {
    gone = true;
  });
  const spawnedAt = server.readyMs;
  const ready = () => {
    server.readyMs = Math.round(performance.now() - spawnedAt);
  };
  while (Date.now() < deadline && !gone) {
    if (path === null) {
      if (await accepts(server.port)) return ready();
    } else {
      try {
        const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
        await res.arrayBuffer();
        if (res.status === 200) return ready();
      } catch {
        // not listening yet
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await server.stop('SIGKILL');
  throw new Error(`${server.name} server did not become ready:\n${server.output()}`);
}

/** A clean environment: nothing of ours (or a stray YPERSISTENCE) leaks into the servers. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/**
 * `port`: reuse a port, so that a restarted server keeps its clients' URLs. `cold`: wait for the port to accept
 * connections without sending any request, so that the caller's first connection is the process's first.
 */
export async function startOurs(
  dataDir: string,
  env: Record<string, string> = {},
  port?: number,
  cold = false,
): Promise<RunningServer> {
  port ??= await freePort();
  // PLENARY_BENCH_PROF_DIR=dir: a V8 CPU profile of each of our server processes, written when it stops.
  const profDir = process.env.PLENARY_BENCH_PROF_DIR;
  const server = launch(
    'ours',
    [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profDir)}`] : []), ...ourStartCommand()],
    ourRoot,
    // The bench creates its hundred boards from one address: the creation limit (a defence, not what is measured) is lifted.
    { ...baseEnv(), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', CREATE_RATE_LIMIT: '1000000', ...env },
    port,
  );
  await waitReady(server, cold ? null : '/healthz');
  return server;
}

/** Hocuspocus (tests/bench/hocuspocus/server.js) with the environment given: REDIS_URL, DATABASE_URL, PG_SCHEMA, REDIS_PREFIX. */
export async function startHocuspocus(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const server = launch('hocuspocus', [HOCUSPOCUS_SERVER], HOCUSPOCUS_DIR, { ...baseEnv(), PORT: String(port), HOST: '127.0.0.1', ...env }, port);
  await waitReady(server, '/');
  return server;
}

/** The plain ws server of scenario (d)'s floor (plain-ws-server.ts), holding the frame in `frameFile`; ready once it accepts TCP. */
export async function startPlain(frameFile: string, port?: number): Promise<RunningServer> {
  port ??= await freePort();
  const server = launch('plain', [join(import.meta.dirname, 'plain-ws-server.ts')], REPO_ROOT, { ...baseEnv(), PORT: String(port), HOST: '127.0.0.1', FRAME_FILE: frameFile }, port);
  await waitReady(server, null);
  return server;
}

export async function startReference(): Promise<RunningServer> {
  const port = await freePort();
  const server = launch('reference', [REFERENCE_SERVER], REFERENCE_DIR, { ...baseEnv(), PORT: String(port), HOST: '127.0.0.1' }, port);
  await waitReady(server, '/');
  return server;
}

let clockTicks = 0;
/** Clock ticks per second, for /proc/<pid>/stat (`getconf CLK_TCK`, 100 nearly everywhere). */
function ticksPerSecond(): number {
  if (clockTicks === 0) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    clockTicks = Number(out.stdout.trim()) || 100;
  }
  return clockTicks;
}

/** User + system CPU time the process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / ticksPerSecond();
}

/** Resident set size in KB (VmRSS). */
export function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]);
}

/** Creates a board (ours: POST /api/boards; the reference opens any room by name) and returns its websocket URL. */
export async function createRoom(target: TargetInfo, n: number): Promise<string> {
  if (target.name === 'reference') return `ws://127.0.0.1:${target.port}/bench-room-${n}`;
  const res = await fetch(`http://127.0.0.1:${target.port}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  const { boardId, editToken } = (await res.json()) as { boardId: string; editToken: string };
  return `ws://127.0.0.1:${target.port}/sync/${boardId}?token=${editToken}`;
}
