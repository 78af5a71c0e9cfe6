/**
 * The topology of docker-compose.yml without Docker: three server processes on this machine's PostgreSQL (one
 * schema) and Redis, a load balancer in front, and every client connecting through it, so the clients of one
 * board land on all three processes. The balancer is a round-robin proxy in Node (tests/helpers/proxy.ts: no
 * sticky sessions, websockets passed through, a refusing backend skipped) and, where an HAProxy binary is at
 * hand (HAPROXY=/path, or `haproxy` on PATH), HAProxy itself running deploy/haproxy.cfg with local addresses.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { connectClient, synced, waitFor, type Client } from '../helpers/clients.ts';
import { haproxyBinary, startHaproxy, startProxy, type Proxy } from '../helpers/proxy.ts';
import { createBoard, spawnServer, tempDataDir, type ServerProcess } from '../helpers/server.ts';
import { service } from '../helpers/services.ts';

const postgres = await service('postgres');
const redis = await service('redis');
const haproxy = haproxyBinary();
const balancers: { name: string; start: (ports: number[]) => Promise<Proxy> }[] = [
  { name: 'a round-robin proxy', start: startProxy },
  ...(haproxy ? [{ name: 'HAProxy with deploy/haproxy.cfg', start: (ports: number[]) => startHaproxy(haproxy, ports) }] : []),
];
if (!haproxy) console.warn('skipped: the HAProxy run of the scale-out tests: no haproxy binary (set HAPROXY=/path/to/haproxy)');

/** The notes' texts as a client sees them, sorted. */
const texts = (c: Client) => Object.values(readBoard(c.doc).board.notes).map((n) => n.text).sort();
const sameState = (a: Client, b: Client) => Buffer.from(Y.encodeStateVector(a.doc)).equals(Buffer.from(Y.encodeStateVector(b.doc)));

describe.skipIf(!postgres.up || !redis.up).each(balancers)('three processes on PostgreSQL and Redis behind $name', { timeout: 120_000 }, ({ start }) => {
  const schema = `plenary_scale_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const procs: ServerProcess[] = [];
  const clients: Client[] = [];
  let proxy: Proxy;

  beforeAll(async () => {
    const env = { STORAGE: 'postgres', DATABASE_URL: postgres.url, PG_SCHEMA: schema, REDIS_URL: redis.url, LOG_LEVEL: 'info' };
    // One after the other: the first creates the schema, the others find it.
    for (let i = 0; i < 3; i++) procs.push(await spawnServer({ ...env, DATA_DIR: tempDataDir() }));
    proxy = await start(procs.map((p) => p.port));
  });

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await proxy?.close();
    for (const p of procs.splice(0)) {
      if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
      await p.exited;
    }
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('answers /healthz from every process through the balancer', async () => {
    for (let i = 0; i < 3; i++) {
      // A new connection per request (no keep-alive), so the balancer hands each to the next process.
      const res = await fetch(`${proxy.httpUrl}/healthz`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', storage: 'postgres' });
    }
    expect((await proxy.served()).every((n) => n >= 1)).toBe(true);
  });

  it('spreads one board\'s clients over the three processes; their edits and awareness converge', async () => {
    const board = await createBoard(proxy.httpUrl, { title: 'Scale-out', template: 'challenge-board', challenges: ['One'] });
    const before = await proxy.served();
    const mine = Array.from({ length: 6 }, () => connectClient(proxy.syncUrl, board.boardId, board.editToken));
    clients.push(...mine);
    await Promise.all(mine.map(synced));
    // No stickiness: six websockets, two on each process (round robin, or least connections among equals).
    expect((await proxy.served()).map((n, i) => n - (before[i] as number))).toEqual([2, 2, 2]);

    const zone = readBoard(mine[0]!.doc).board.challenges[0]!.id;
    mine.forEach((c, i) => addNote(c.doc, { text: `note ${i}`, author: `client ${i}`, zone, x: i * 10, y: 0, createdAt: i + 1 }));
    mine.forEach((c, i) => c.provider.awareness.setLocalStateField('user', { name: `client ${i}` }));
    const all = mine.map((_, i) => `note ${i}`).sort();
    await waitFor(() => mine.every((c) => JSON.stringify(texts(c)) === JSON.stringify(all)), 'every client to hold all six notes', 20_000);
    await waitFor(() => mine.every((c) => sameState(c, mine[0]!)), 'the same state everywhere');
    const ids = mine.map((c) => c.doc.clientID);
    const sees = (c: Client) => ids.every((id) => (c.provider.awareness.getStates().get(id) as { user?: unknown } | undefined)?.user !== undefined);
    await waitFor(() => mine.every(sees), 'every client to see the other five present', 20_000);
  });

  it('kill -9 of one process: its clients reconnect through the proxy to the others, nothing received is lost, all converge', async () => {
    const board = await createBoard(proxy.httpUrl, { title: 'Kill one', template: 'challenge-board', challenges: ['One'] });
    const mine = Array.from({ length: 6 }, () => connectClient(proxy.syncUrl, board.boardId, board.editToken));
    clients.push(...mine);
    await Promise.all(mine.map(synced));
    const zone = readBoard(mine[0]!.doc).board.challenges[0]!.id;
    mine.forEach((c, i) => addNote(c.doc, { text: `before ${i}`, author: `client ${i}`, zone, x: i * 10, y: 0, createdAt: i + 1 }));
    const beforeKill = mine.map((_, i) => `before ${i}`).sort();
    await waitFor(() => mine.every((c) => JSON.stringify(texts(c)) === JSON.stringify(beforeKill)), 'all six notes everywhere', 20_000);

    let dropped = 0;
    for (const c of mine) c.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && dropped++);
    const victim = procs[0] as ServerProcess;
    victim.proc.kill('SIGKILL');
    await victim.exited;
    // Its two clients see their socket close, reconnect through the proxy and land on a live process.
    await waitFor(() => dropped >= 2, 'the killed process\'s clients to notice', 20_000);
    await waitFor(() => mine.every((c) => c.provider.wsconnected && c.provider.synced), 'every client connected again', 30_000);

    mine.forEach((c, i) => addNote(c.doc, { text: `after ${i}`, author: `client ${i}`, zone, x: i * 10, y: 100, createdAt: 10 + i }));
    const everything = [...beforeKill, ...mine.map((_, i) => `after ${i}`)].sort();
    await waitFor(() => mine.every((c) => JSON.stringify(texts(c)) === JSON.stringify(everything)), 'all twelve notes everywhere', 30_000);

    // A newcomer, on whichever live process the proxy picks, loads everything any client received.
    const fresh = connectClient(proxy.syncUrl, board.boardId, board.editToken);
    clients.push(fresh);
    await synced(fresh);
    expect(texts(fresh)).toEqual(everything);
  });
});
