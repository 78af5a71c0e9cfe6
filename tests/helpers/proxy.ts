/**
 * Load balancers in front of several server processes in tests, standing in for the one of docker-compose.yml.
 *
 * startProxy: a round-robin TCP proxy in Node. Each new connection goes to the next backend in turn, with no
 * stickiness, and stays there for its life, so an HTTP upgrade (a websocket) passes through untouched. A
 * backend that refuses the connection (a killed process) is skipped for the next one, as HAProxy's retry with
 * redispatch does; when every backend refuses, the client's connection is closed.
 *
 * startHaproxy: the real HAProxy, when a binary is at hand (HAPROXY, else `haproxy` on PATH), running
 * deploy/haproxy.cfg itself with only the addresses changed: its bind to a free local port, its `server` lines to
 * the processes' ports, Docker's DNS resolver left out, maxconn 1000 (a test machine's file limit may be lower
 * than the container's), and an admin socket added to read its counters.
 * Both bind 127.0.0.1 on a random port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type Proxy = {
  name: string;
  port: number;
  httpUrl: string;
  syncUrl: string;
  /** How many connections each backend (by index) has been given so far. */
  served: () => Promise<number[]>;
  close: () => Promise<void>;
};

export async function startProxy(backendPorts: number[]): Promise<Proxy> {
  const counts = backendPorts.map(() => 0);
  const open = new Set<Socket>();
  let next = 0;

  const pipeTo = (client: Socket, attempt: number) => {
    if (attempt === backendPorts.length) {
      client.destroy();
      return;
    }
    const index = next;
    next = (next + 1) % backendPorts.length;
    const upstream = connect({ port: backendPorts[index] as number, host: '127.0.0.1' });
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    let connected = false;
    upstream.on('error', () => {
      // Refused before connecting (a killed process): the same client connection tries the next backend.
      if (!connected && !client.destroyed) pipeTo(client, attempt + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      connected = true;
      counts[index] = (counts[index] ?? 0) + 1;
      client.resume();
      client.pipe(upstream);
      upstream.pipe(client);
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => undefined);
    pipeTo(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy: no port');
  const port = address.port;
  return {
    name: 'a round-robin proxy',
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    served: async () => [...counts],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

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

export async function startHaproxy(binary: string, backendPorts: number[]): Promise<Proxy> {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-haproxy-'));
  const port = await freePort();
  const adminSocket = join(dir, 'admin.sock');
  const configFile = join(dir, 'haproxy.cfg');
  writeFileSync(configFile, localHaproxyConfig(port, backendPorts, adminSocket));
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
    name: 'HAProxy running deploy/haproxy.cfg',
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    served: async () => {
      // CSV: pxname,svname,qcur,qmax,scur,smax,slim,stot,...; stot = sessions the server has been given.
      const rows = (await adminCommand(adminSocket, 'show stat')).split('\n').map((l) => l.split(','));
      const header = (rows[0] ?? []).map((h) => h.replace(/^# /, ''));
      const stot = header.indexOf('stot');
      const byName = new Map(rows.filter((r) => r[0] === 'plenary').map((r) => [r[1], Number(r[stot])]));
      return backendPorts.map((_, i) => byName.get(`app${i + 1}`) ?? Number.NaN);
    },
    close: async () => {
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
