/**
 * HAProxy in tests: deploy/haproxy.cfg itself, run by a local binary (HAPROXY, else `haproxy` on PATH), with
 * only the addresses changed: its bind to a free local port, its `server` lines to the test processes' ports,
 * Docker's DNS resolver left out, maxconn 1000 (a test machine's file limit may be lower than the container's),
 * and an admin socket added to read its counters. The Node balancer of the other scale-out tests is
 * tests/helpers/balancer.ts; this one checks the configuration that ships.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type Haproxy = {
  port: number;
  httpUrl: string;
  syncUrl: string;
  /** Per backend (by index): sessions it has been given so far, and its check status (UP, DOWN, ...). */
  stats: () => Promise<{ sessions: number; status: string }[]>;
  close: () => Promise<void>;
};

const HAPROXY_CONFIG = resolve(import.meta.dirname, '../../deploy/haproxy.cfg');

/** The HAProxy binary to use, or null when there is none (HAPROXY, else `haproxy` on PATH). */
export function haproxyBinary(): string | null {
  const candidate = process.env.HAPROXY ?? 'haproxy';
  return spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0 ? candidate : null;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const address = probe.address();
  await new Promise<void>((r) => probe.close(() => r()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** deploy/haproxy.cfg with local addresses: what changes is listed in the module comment, nothing else. */
export function localHaproxyConfig(port: number, backendPorts: number[], adminSocket: string): string {
  let server = 0;
  const lines: string[] = [];
  let inResolvers = false;
  for (const line of readFileSync(HAPROXY_CONFIG, 'utf8').split('\n')) {
    if (/^\S/.test(line)) inResolvers = line.startsWith('resolvers ');
    if (inResolvers) continue;
    if (/^\s*bind /.test(line)) lines.push(`  bind 127.0.0.1:${port}`);
    else if (/^\s*server /.test(line)) {
      const name = line.trim().split(/\s+/)[1];
      lines.push(`  server ${name} 127.0.0.1:${backendPorts[server++]}`);
    } else if (/^\s*default-server /.test(line)) lines.push(line.replace(/ resolvers \S+/, ''));
    else if (line.startsWith('global')) lines.push(line, `  stats socket ${adminSocket} mode 600 level admin`);
    else if (/^\s*maxconn /.test(line)) lines.push('  maxconn 1000');
    else lines.push(line);
  }
  if (server !== backendPorts.length) throw new Error(`haproxy.cfg names ${server} servers, the test runs ${backendPorts.length}`);
  return lines.join('\n');
}

/** One command on HAProxy's admin socket; resolves with its whole answer. */
function adminCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolveAnswer, reject) => {
    const conn = connect(socket);
    let answer = '';
    conn.on('data', (chunk) => (answer += chunk.toString()));
    conn.once('error', reject);
    conn.once('end', () => resolveAnswer(answer));
    conn.write(`${command}\n`);
  });
}

export async function startHaproxy(binary: string, backendPorts: number[]): Promise<Haproxy> {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-haproxy-'));
  const port = await freePort();
  const adminSocket = join(dir, 'admin.sock');
  const configFile = join(dir, 'haproxy.cfg');
  const config = localHaproxyConfig(port, backendPorts, adminSocket);
  writeFileSync(configFile, config);
  const names = [...config.matchAll(/^\s*server (\S+) /gm)].map((m) => m[1] as string);
  const proc = spawn(binary, ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const up = await new Promise<boolean>((r) => {
      const probe = connect({ port, host: '127.0.0.1' });
      probe.once('connect', () => (probe.destroy(), r(true)));
      probe.once('error', () => r(false));
    });
    if (up) break;
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`haproxy did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    stats: async () => {
      // CSV: pxname,svname,qcur,qmax,scur,smax,slim,stot,...,status,...; stot = sessions given to the server.
      const rows = (await adminCommand(adminSocket, 'show stat')).split('\n').map((l) => l.split(','));
      const header = (rows[0] ?? []).map((h) => h.replace(/^# /, ''));
      const [stot, status] = [header.indexOf('stot'), header.indexOf('status')];
      const byName = new Map(rows.filter((r) => r[0] === 'plenary').map((r) => [r[1], { sessions: Number(r[stot]), status: r[status] ?? '' }]));
      return names.map((name) => byName.get(name) ?? { sessions: Number.NaN, status: 'missing' });
    },
    close: async () => {
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
