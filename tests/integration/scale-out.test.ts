/**
 * Scale-out (issue 16): three server processes on one PostgreSQL and one Redis, clients of one board
 * spread over them, the topology of docker-compose.yml without Docker. Each test starts its own processes
 * (child processes on random ports) in their own schema and Redis prefix, so test files can run in parallel.
 * A load balancer (tests/helpers/balancer.ts) hands every new connection to the next process, no stickiness.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { readControl } from '../../shared/doc/control-read.ts';
import { docIds } from '../../shared/protocol/doc-ids.ts';
import { PostgresStorage } from '../../server/storage/postgres.ts';
import { api } from '../helpers/api.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { startBalancer, type Balancer } from '../helpers/balancer.ts';
import { connectClient, prng, synced, waitFor, type Client } from '../helpers/clients.ts';
import { createBoard, spawnServer, tempDataDir, type ServerProcess } from '../helpers/server.ts';
import { service } from '../helpers/services.ts';

const postgres = await service('postgres');
const redis = await service('redis');
const SCHEMA_PREFIX = `plenary_scale_${process.pid}_`;
let runs = 0;
const procs: ServerProcess[] = [];
const clients: Client[] = [];
const balancers: Balancer[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const b of balancers.splice(0)) await b.close();
  for (const p of procs.splice(0)) {
    if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
    await p.exited;
  }
});

afterAll(async () => {
  if (!postgres.up) return;
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${SCHEMA_PREFIX}%`]);
  for (const row of rows) await client.query(`DROP SCHEMA "${row.nspname}" CASCADE`);
  await client.end();
});

type Cluster = { servers: ServerProcess[]; schema: string; env: Record<string, string> };

/** Three processes on one fresh schema and Redis prefix; `extra[i]` adds to process i's environment. */
async function cluster(extra: Record<string, string>[] = []): Promise<Cluster> {
  const run = `${Date.now().toString(36)}_${runs++}`;
  const schema = `${SCHEMA_PREFIX}${run}`;
  const env = {
    STORAGE: 'postgres',
    DATABASE_URL: postgres.url,
    PG_SCHEMA: schema,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `plenary-test-${process.pid}-${run}:`,
    CREATE_RATE_LIMIT: '10000',
    LOG_LEVEL: 'info',
  };
  // One at a time: the first migrates the schema (the others would wait on its lock anyway).
  const servers: ServerProcess[] = [];
  for (let i = 0; i < 3; i++) {
    const server = await spawnServer({ DATA_DIR: tempDataDir(), ...env, ...extra[i] });
    procs.push(server);
    servers.push(server);
  }
  return { servers, schema, env };
}

function client(syncUrl: string, boardId: string, token: string, doc?: Y.Doc): Client {
  const c = connectClient(syncUrl, boardId, token, doc);
  clients.push(c);
  return c;
}

const items = (c: Client) => c.doc.getMap<string>('items');
/** The content, map keys sorted (a map's key order differs between docs that hold the same state). */
const json = (c: Client) => JSON.stringify([[...items(c).entries()].sort(([a], [b]) => (a < b ? -1 : 1)), c.doc.getArray('list').toJSON()]);
const allEqual = (cs: Client[]) => cs.every((c) => json(c) === json(cs[0]!));

async function storedRows(schema: string, boardId: string): Promise<number> {
  const db = new pg.Client({ connectionString: postgres.url });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".board_updates WHERE board_id = $1`, [boardId]);
    return rows[0]!.n;
  } finally {
    await db.end();
  }
}

async function storedItems(schema: string, boardId: string): Promise<string[]> {
  const storage = await PostgresStorage.open({ connectionString: postgres.url, schema });
  try {
    const stored = await storage.loadDocument(boardId);
    const doc = new Y.Doc();
    for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, u);
    return [...doc.getMap('items').keys()].sort();
  } finally {
    await storage.close();
  }
}

describe.skipIf(!postgres.up || !redis.up)('three processes on one PostgreSQL and Redis', { timeout: 180_000 }, () => {
  it('edits and awareness of clients on different processes reach each other', async () => {
    const { servers, schema } = await cluster();
    const board = await createBoard(servers[0]!.httpUrl);
    const cs = servers.map((s) => client(s.syncUrl, board.boardId, board.editToken));
    await Promise.all(cs.map(synced));
    const rowsBefore = await storedRows(schema, board.boardId);
    cs.forEach((c, i) => items(c).set(`from-${i}`, `process ${i}`));
    await waitFor(() => cs.every((c) => items(c).size === 3), 'every edit on every process');
    expect(allEqual(cs)).toBe(true);
    // Each edit stored once (by the process its client spoke to), and heard once by each of the other two:
    // nothing stored again or published back.
    expect(await storedRows(schema, board.boardId)).toBe(rowsBefore + 3);
    const remoteIn = await Promise.all(servers.map(async (s) => Number(/plenary_updates_in_total\{source="remote"\} (\d+)/.exec(await (await fetch(`${s.httpUrl}/metrics`)).text())?.[1] ?? 0)));
    expect(remoteIn).toEqual([2, 2, 2]);
    cs.forEach((c, i) => c.provider.awareness.setLocalStateField('user', { name: `user ${i}` }));
    const names = (c: Client) => [...c.provider.awareness.getStates().values()].map((s) => (s as { user?: { name: string } }).user?.name).filter(Boolean).sort();
    await waitFor(() => cs.every((c) => names(c).join() === 'user 0,user 1,user 2'), 'every presence on every process');
    // A client opening the board later, on the third process, sees the others' presence too.
    const late = client(servers[2]!.syncUrl, board.boardId, board.editToken);
    await synced(late);
    await waitFor(() => names(late).join() === 'user 0,user 1,user 2', 'presence for a late client');
    // ... also on a process that opens the board only then (it asks the others who is there).
    const other = await createBoard(servers[0]!.httpUrl);
    const [p0, p1] = [client(servers[0]!.syncUrl, other.boardId, other.editToken), client(servers[1]!.syncUrl, other.boardId, other.editToken)];
    await Promise.all([synced(p0), synced(p1)]);
    p0.provider.awareness.setLocalStateField('user', { name: 'user 0' });
    p1.provider.awareness.setLocalStateField('user', { name: 'user 1' });
    await waitFor(() => names(p0).join() === 'user 0,user 1' && names(p1).join() === 'user 0,user 1', 'presence on the second board');
    const newcomer = client(servers[2]!.syncUrl, other.boardId, other.editToken);
    await synced(newcomer);
    await waitFor(() => names(newcomer).join() === 'user 0,user 1', 'presence for a newcomer on a process that had not opened the board');
    // A client leaving disappears everywhere.
    cs[0]!.destroy();
    await waitFor(() => names(cs[1]!).join() === 'user 1,user 2' && names(cs[2]!).join() === 'user 1,user 2', 'a departure everywhere');
    const metrics = await (await fetch(`${servers[1]!.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/plenary_updates_in_total\{source="remote"\} [1-9]/);
    expect(metrics).toMatch(/plenary_relay_lag_seconds_count [1-9]/);
    const health = await (await fetch(`${servers[1]!.httpUrl}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', storage: 'postgres', storageStatus: 'ok', redis: 'ok' });
  });

  it('seeded random edits from 30 clients spread over three processes converge to one state', async () => {
    const { servers } = await cluster();
    const board = await createBoard(servers[0]!.httpUrl);
    const cs = Array.from({ length: 30 }, (_, i) => client(servers[i % 3]!.syncUrl, board.boardId, board.editToken));
    await Promise.all(cs.map(synced));
    const rng = prng(16);
    for (let round = 0; round < 20; round++) {
      for (const c of cs) {
        const ops = 1 + Math.floor(rng() * 3);
        for (let k = 0; k < ops; k++) {
          const r = rng();
          const list = c.doc.getArray<string>('list');
          if (r < 0.6) items(c).set(`k${Math.floor(rng() * 50)}`, `${c.doc.clientID}:${round}:${k}`);
          else if (r < 0.85 || list.length === 0) list.insert(Math.floor(rng() * (list.length + 1)), [`${c.doc.clientID}:${round}`]);
          else list.delete(Math.floor(rng() * list.length), 1);
        }
      }
      // Pacing, not synchronisation: rounds of edits spread over time, so they interleave across processes.
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => allEqual(cs), '30 clients to converge', 60_000);
    const fresh = client(servers[1]!.syncUrl, board.boardId, board.editToken);
    await synced(fresh);
    expect(json(fresh)).toBe(json(cs[0]!));
    expect(items(fresh).size).toBeGreaterThan(30);
  });

  it('kill -9 of one process mid-stream: its clients reconnect to the others and a fresh client sees everything anyone received', async () => {
    const { servers } = await cluster();
    const lb = await startBalancer(servers.map((s) => s.port));
    balancers.push(lb);
    const board = await createBoard(servers[0]!.httpUrl);
    const seen = new Set<string>();
    const cs = Array.from({ length: 9 }, () => {
      const c = client(lb.syncUrl, board.boardId, board.editToken);
      items(c).observe((e) => e.keysChanged.forEach((k) => seen.add(k)));
      return c;
    });
    await Promise.all(cs.map(synced));
    expect(new Set(lb.routed).size).toBe(3);
    let writing = true;
    let n = 0;
    const writers = cs.map(async (c, i) => {
      while (writing) {
        items(c).set(`c${i}-${n++}`, 'x');
        // Pacing: a steady stream of edits is under way when the process is killed (what the test is about).
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    await waitFor(() => seen.size > 200, 'a stream of edits');
    const victim = servers[0]!;
    lb.remove(victim.port);
    victim.proc.kill('SIGKILL');
    await victim.exited;
    await waitFor(() => seen.size > 600, 'the stream going on after the kill', 30_000);
    writing = false;
    await Promise.all(writers);
    await waitFor(() => cs.every((c) => c.provider.wsconnected && c.provider.synced), 'every client reconnected', 30_000);
    await waitFor(() => allEqual(cs), 'every client to converge', 30_000);
    const fresh = client(lb.syncUrl, board.boardId, board.editToken);
    await synced(fresh);
    const missing = [...seen].filter((k) => !items(fresh).has(k));
    expect(missing).toEqual([]);
    expect(json(fresh)).toBe(json(cs[0]!));
  });

  it("a process whose Redis connections are killed (CLIENT KILL) recovers and its clients converge", async () => {
    const { servers } = await cluster();
    const board = await createBoard(servers[0]!.httpUrl);
    const cs = Array.from({ length: 6 }, (_, i) => client(servers[i % 3]!.syncUrl, board.boardId, board.editToken));
    await Promise.all(cs.map(synced));
    cs.forEach((c, i) => items(c).set(`before-${i}`, 'x'));
    await waitFor(() => cs.every((c) => items(c).size === 6), 'edits before');
    const admin = new Redis(redis.url);
    try {
      const victim = servers[0]!;
      const list = await admin.client('LIST') as string;
      const ids = list
        .split('\n')
        .filter((line) => new RegExp(`name=plenary-(pub|sub)-${victim.proc.pid}\\b`).test(line))
        .map((line) => /id=(\d+)/.exec(line)![1]!);
      expect(ids.length).toBe(2);
      for (const id of ids) await admin.client('KILL', 'ID', id);
      // Edits everywhere while the victim reconnects.
      for (let round = 0; round < 10; round++) {
        cs.forEach((c, i) => items(c).set(`during-${round}-${i}`, 'x'));
        // Pacing: edits keep arriving while the victim reconnects to Redis (what the test is about).
        await new Promise((r) => setTimeout(r, 5));
      }
      await waitFor(() => /redis subscriber back/.test(victim.output()), 'the victim to notice and resync');
      cs.forEach((c, i) => items(c).set(`after-${i}`, 'x'));
      await waitFor(() => cs.every((c) => items(c).size === 6 + 60 + 6) && allEqual(cs), 'every client to converge', 30_000);
    } finally {
      admin.disconnect();
    }
  });

  it('compaction on two processes while a third writes: the stored state is the union of what every client sent', async () => {
    const { servers, schema } = await cluster([{ COMPACT_AFTER_UPDATES: '5' }, { COMPACT_AFTER_UPDATES: '5' }, {}]);
    const board = await createBoard(servers[0]!.httpUrl);
    // Two writers each on the compacting processes, four on the third.
    const placement = [0, 0, 1, 1, 2, 2, 2, 2];
    const cs = placement.map((p) => client(servers[p]!.syncUrl, board.boardId, board.editToken));
    await Promise.all(cs.map(synced));
    const sent = new Set<string>();
    for (let round = 0; round < 40; round++) {
      cs.forEach((c, i) => {
        const key = `r${round}-c${i}`;
        items(c).set(key, 'x');
        sent.add(key);
      });
      // Pacing: writes spread over time, so compactions on two processes run while the third writes.
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => cs.every((c) => items(c).size === sent.size), 'every client has every edit', 30_000);
    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    try {
      // Compactions ran (on the two processes) and left few rows.
      let snapshots = 0;
      for (let i = 0; i < 200 && snapshots === 0; i++) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${schema}".board_snapshots WHERE board_id = $1`, [board.boardId]);
        snapshots = rows[0].n;
        if (snapshots === 0) await new Promise((r) => setTimeout(r, 20));
      }
      expect(snapshots).toBe(1);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${schema}".board_updates WHERE board_id = $1`, [board.boardId]);
      expect(rows[0].n).toBeLessThan(sent.size);
    } finally {
      await db.end();
    }
    expect(await storedItems(schema, board.boardId)).toEqual([...sent].sort());
  });

  it("a facilitator's lock on one process binds a participant writing through another, and the unlock frees it", async () => {
    const { servers } = await cluster();
    const [a, b] = servers as [ServerProcess, ServerProcess, ServerProcess];
    const { created, summary } = await createTrainingDay(a.httpUrl);
    const wid = created.workshopId;
    const [ana] = await joinParticipants(a.httpUrl, created, ['Ana']);
    const facilitator = api(a.httpUrl, created.facilitatorToken);
    const rooms = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
    const room = rooms.find((r: { participantIds: string[] }) => r.participantIds.includes(ana!.participantId));
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
    const writer = client(b.syncUrl, room.boardId, ana!.token);
    const control = client(b.syncUrl, docIds.control(wid), created.facilitatorToken);
    const watcher = client(servers[2]!.syncUrl, room.boardId, created.facilitatorToken);
    await Promise.all([synced(writer), synced(control), synced(watcher)]);
    const notes = (c: Client) => readBoard(c.doc).board.notes.map((n) => n.text).sort();
    addNote(writer.doc, { text: 'before', author: ana!.participantId, x: 0, y: 0, createdAt: 1 });
    await waitFor(() => notes(watcher).join() === 'before', 'a note through B, seen on C');
    await facilitator.ok(`/api/workshops/${wid}/lock`, { board: room.boardId, locked: true });
    // Process B has the lock once its clients of the control document see it (relayed after B applied it).
    await waitFor(() => readControl(control.doc).locks.some((l) => l.board === room.boardId), 'the lock on B');
    addNote(writer.doc, { text: 'while locked', author: ana!.participantId, x: 0, y: 0, createdAt: 2 });
    await waitFor(() => notes(writer).join() === 'before', 'the refused note taken back on B');
    await facilitator.ok(`/api/workshops/${wid}/lock`, { board: room.boardId, locked: false });
    await waitFor(() => !readControl(control.doc).locks.some((l) => l.board === room.boardId), 'the unlock on B');
    addNote(writer.doc, { text: 'after', author: ana!.participantId, x: 0, y: 0, createdAt: 3 });
    await waitFor(() => notes(watcher).join() === 'after,before', 'the note after the unlock, seen on C');
  });

  it("ending a presentation on one process closes the viewers' sockets on another (server-change hooks see remote changes)", async () => {
    const { servers } = await cluster();
    const [a, b] = servers as [ServerProcess, ServerProcess, ServerProcess];
    const { created, summary } = await createTrainingDay(a.httpUrl);
    const wid = created.workshopId;
    const [ana, ben] = await joinParticipants(a.httpUrl, created, ['Ana', 'Ben']);
    const facilitator = api(a.httpUrl, created.facilitatorToken);
    const [room1, room2] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
    await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ana!.participantId, room: room1.id });
    await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ben!.participantId, room: room2.id });
    await facilitator.ok(`/api/workshops/${wid}/present`, { board: room1.boardId });
    // Ben, of the other room, follows the presented board through process B.
    const viewer = client(b.syncUrl, room1.boardId, ben!.token);
    await synced(viewer);
    let closedWith = 0;
    viewer.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closedWith = event.code;
    });
    await facilitator.ok(`/api/workshops/${wid}/present`, { board: null, mode: 'rooms' });
    await waitFor(() => closedWith === 4403, 'B to close the viewer with 4403');
  });
});
