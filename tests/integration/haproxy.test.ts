/**
 * The balancer that ships, deploy/haproxy.cfg, run by a real HAProxy in front of three server processes on this
 * machine's PostgreSQL and Redis: the load-balancing half of docker-compose.yml without Docker. Every client
 * connects through HAProxy, so the clients of one board land on all three processes (no stickiness), and when
 * one process is killed, HAProxy's own retries and health checks (not the test) move its clients elsewhere.
 * Runs where an HAProxy binary is at hand (HAPROXY=/path/to/haproxy, or `haproxy` on PATH) and says so when
 * skipped; the same topology behind a Node balancer runs everywhere in scale-out.test.ts.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { connectClient, synced, waitFor, type Client } from '../helpers/clients.ts';
import { haproxyBinary, startHaproxy, type Haproxy } from '../helpers/haproxy.ts';
import { createBoard, spawnServer, tempDataDir, type ServerProcess } from '../helpers/server.ts';
import { service } from '../helpers/services.ts';

const postgres = await service('postgres');
const redis = await service('redis');
const binary = haproxyBinary();
if (!binary) console.warn('skipped: the HAProxy tests here: no haproxy binary (install haproxy or set HAPROXY=/path/to/haproxy)');
const run = `${process.pid}_${Date.now().toString(36)}`;
const schema = `plenary_haproxy_${run}`;
const procs: ServerProcess[] = [];
const clients: Client[] = [];
let lb: Haproxy;

/** The notes' texts as a client sees them, sorted. */
const texts = (c: Client) => Object.values(readBoard(c.doc).board.notes).map((n) => n.text).sort();
const sameState = (a: Client, b: Client) => Buffer.from(Y.encodeStateVector(a.doc)).equals(Buffer.from(Y.encodeStateVector(b.doc)));

/** Waits until HAProxy's check status of the three processes reads `expected` (first word: UP, DOWN). */
async function statusesBecome(expected: string[]): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const statuses = (await lb.stats()).map((s) => s.status.split(' ')[0] as string);
    if (JSON.stringify(statuses) === JSON.stringify(expected) || Date.now() > deadline) return statuses;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function client(boardId: string, token: string): Client {
  const c = connectClient(lb.syncUrl, boardId, token);
  clients.push(c);
  return c;
}

describe.skipIf(!binary || !postgres.up || !redis.up)('three processes behind HAProxy running deploy/haproxy.cfg', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const env = {
      STORAGE: 'postgres',
      DATABASE_URL: postgres.url,
      PG_SCHEMA: schema,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `plenary-haproxy-${run}:`,
      LOG_LEVEL: 'info',
    };
    // One after the other: the first creates the schema, the others find it.
    for (let i = 0; i < 3; i++) procs.push(await spawnServer({ ...env, DATA_DIR: tempDataDir() }));
    lb = await startHaproxy(binary as string, procs.map((p) => p.port));
  });

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await lb?.close();
    for (const p of procs.splice(0)) {
      if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
      await p.exited;
    }
    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  it('checks every process on /healthz and marks all three up; keeps /metrics off the public side', async () => {
    expect(await statusesBecome(['UP', 'UP', 'UP'])).toEqual(['UP', 'UP', 'UP']);
    const res = await fetch(`${lb.httpUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', storage: 'postgres' });
    // Metrics are for the scraper on the inside, not for the public side of the balancer.
    expect((await fetch(`${lb.httpUrl}/metrics`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${procs[1]!.port}/metrics`)).status).toBe(200);
  });

  it("spreads one board's clients over the three processes; their edits and awareness converge", async () => {
    const board = await createBoard(lb.httpUrl, { title: 'Behind HAProxy', template: 'challenge-board', challenges: ['One'] });
    const before = (await lb.stats()).map((s) => s.sessions);
    const mine = Array.from({ length: 6 }, () => client(board.boardId, board.editToken));
    await Promise.all(mine.map(synced));
    // No stickiness: six websockets, two on each process (least connections among equals goes round).
    expect((await lb.stats()).map((s, i) => s.sessions - (before[i] as number))).toEqual([2, 2, 2]);

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

  it('kill -9 of one process: HAProxy marks it down, its clients reconnect to the others, nothing received is lost', async () => {
    const board = await createBoard(lb.httpUrl, { title: 'Kill one', template: 'challenge-board', challenges: ['One'] });
    const before = (await lb.stats()).map((s) => s.sessions);
    const mine = Array.from({ length: 6 }, () => client(board.boardId, board.editToken));
    await Promise.all(mine.map(synced));
    // The process holding the most of these clients is the one to kill.
    const placed = (await lb.stats()).map((s, i) => s.sessions - (before[i] as number));
    const victimIndex = placed.indexOf(Math.max(...placed));
    expect(placed[victimIndex]).toBeGreaterThanOrEqual(1);
    const zone = readBoard(mine[0]!.doc).board.challenges[0]!.id;
    mine.forEach((c, i) => addNote(c.doc, { text: `before ${i}`, author: `client ${i}`, zone, x: i * 10, y: 0, createdAt: i + 1 }));
    const beforeKill = mine.map((_, i) => `before ${i}`).sort();
    await waitFor(() => mine.every((c) => JSON.stringify(texts(c)) === JSON.stringify(beforeKill)), 'all six notes everywhere', 20_000);

    let dropped = 0;
    for (const c of mine) c.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && dropped++);
    const victim = procs[victimIndex] as ServerProcess;
    victim.proc.kill('SIGKILL');
    await victim.exited;
    // Its clients see their socket close and reconnect through HAProxy, which retries a refused connection on
    // another process (retries + redispatch) until its health check takes the dead one out.
    await waitFor(() => dropped >= (placed[victimIndex] as number), "the killed process's clients to notice", 20_000);
    await waitFor(() => mine.every((c) => c.provider.wsconnected && c.provider.synced), 'every client connected again', 30_000);

    mine.forEach((c, i) => addNote(c.doc, { text: `after ${i}`, author: `client ${i}`, zone, x: i * 10, y: 100, createdAt: 10 + i }));
    const everything = [...beforeKill, ...mine.map((_, i) => `after ${i}`)].sort();
    await waitFor(() => mine.every((c) => JSON.stringify(texts(c)) === JSON.stringify(everything)), 'all twelve notes everywhere', 30_000);
    // Two failed checks 2 s apart (`fall 2`, `inter 2s`).
    const expected = ['UP', 'UP', 'UP'].map((up, i) => (i === victimIndex ? 'DOWN' : up));
    expect(await statusesBecome(expected)).toEqual(expected);

    // A newcomer, on whichever live process HAProxy picks, loads everything any client received.
    const fresh = client(board.boardId, board.editToken);
    await synced(fresh);
    expect(texts(fresh)).toEqual(everything);
  });
});
