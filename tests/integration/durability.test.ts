/**
 * The server as a separate process on SQLite: kill -9 right after writes were relayed loses none of them;
 * compaction keeps content identical; SIGTERM closes sockets with 1001, flushes and exits 0.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { connectClient, synced, waitFor, type Client } from '../helpers/clients.ts';
import { api } from '../helpers/api.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { createBoard, spawnServer, tempDataDir, type ServerProcess } from '../helpers/server.ts';
import { service } from '../helpers/services.ts';

const procs: ServerProcess[] = [];
const clients: Client[] = [];

const postgres = await service('postgres');
const PG_URL = postgres.url;

afterAll(async () => {
  // Drop the throwaway PostgreSQL schemas of this run.
  if (!postgres.up) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`plenary_it_${process.pid}_%`]);
  for (const row of rows) await client.query(`DROP SCHEMA "${row.nspname}" CASCADE`);
  await client.end();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of procs.splice(0)) {
    if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
    await p.exited;
  }
});

async function start(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const p = await spawnServer({ DATA_DIR: dataDir, ...env });
  procs.push(p);
  return p;
}

function client(p: ServerProcess, boardId: string, token: string): Client {
  const c = connectClient(p.syncUrl, boardId, token);
  clients.push(c);
  return c;
}

const texts = (c: Client) => c.doc.getArray<string>('notes').toArray();

function storedCounts(dataDir: string, boardId: string): { updates: number; snapshots: number } {
  const db = new DatabaseSync(join(dataDir, 'plenary.db'), { readOnly: true });
  try {
    const u = db.prepare('SELECT COUNT(*) AS n FROM board_updates WHERE board_id = ?').get(boardId) as { n: number };
    const s = db.prepare('SELECT COUNT(*) AS n FROM board_snapshots WHERE board_id = ?').get(boardId) as { n: number };
    return { updates: u.n, snapshots: s.n };
  } finally {
    db.close();
  }
}

describe('durability on SQLite', { timeout: 120_000 }, () => {
  it('kill -9 right after writes were relayed loses none of them', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const board = await createBoard(first.httpUrl, { title: 'Crash test' });
    const writer = client(first, board.boardId, board.editToken);
    const watcher = client(first, board.boardId, board.viewToken);
    await Promise.all([synced(writer), synced(watcher)]);

    // Write in bursts; kill the server the moment the watcher has received the 300th note.
    const seen = new Set<string>();
    watcher.doc.getArray<string>('notes').observe(() => {
      for (const t of texts(watcher)) seen.add(t);
      if (seen.size >= 300 && first.proc.exitCode === null) first.proc.kill('SIGKILL');
    });
    for (let burst = 0; burst < 40 && first.proc.exitCode === null; burst++) {
      for (let i = 0; i < 10; i++) writer.doc.getArray<string>('notes').push([`note ${burst}-${i}`]);
      // The behaviour under test: writes keep flowing, 5 ms apart, while the server is killed among them.
      await new Promise((r) => setTimeout(r, 5));
    }
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    const relayed = new Set(seen);
    expect(relayed.size).toBeGreaterThanOrEqual(300);

    const second = await start(dataDir);
    const reader = client(second, board.boardId, board.viewToken);
    await synced(reader);
    const recovered = new Set(texts(reader));
    for (const t of relayed) expect(recovered.has(t), `lost "${t}"`).toBe(true);
  });

  it('a restart after kill -9 folds the tail before it listens (unless WARM_START_MS=0); the first client gets every relayed update', async () => {
    const dataDir = tempDataDir();
    const env = { COMPACT_AFTER_UPDATES: '40' };
    const first = await start(dataDir, env);
    const board = await createBoard(first.httpUrl);
    const writer = client(first, board.boardId, board.editToken);
    const watcher = client(first, board.boardId, board.viewToken);
    await Promise.all([synced(writer), synced(watcher)]);
    for (let i = 0; i < 130; i++) writer.doc.getArray<string>('notes').push([`n${i}`]);
    await waitFor(() => texts(watcher).length === 130, 'relayed');
    first.proc.kill('SIGKILL');
    await first.exited;
    const left = storedCounts(dataDir, board.boardId);
    expect(left.updates).toBeGreaterThan(0);

    // Listening at once: the tail is still there (nothing opened the board).
    const eager = await start(dataDir, { ...env, WARM_START_MS: '0' });
    expect(storedCounts(dataDir, board.boardId)).toEqual(left);
    eager.proc.kill('SIGKILL');
    await eager.exited;

    const second = await start(dataDir, env);
    expect(storedCounts(dataDir, board.boardId)).toEqual({ updates: 0, snapshots: 1 });
    expect(second.output()).toMatch(/"compacted":1,"foldedUpdates":\d+,"leftWithTail":0,"warmed":1.*"msg":"warm start"/);
    const reader = client(second, board.boardId, board.viewToken);
    await synced(reader);
    expect(texts(reader)).toEqual(texts(watcher));
  });

  it.skipIf(!postgres.up)('on PostgreSQL too, kill -9 loses nothing that was relayed', async () => {
    const env = {
      STORAGE: 'postgres',
      DATABASE_URL: PG_URL,
      PG_SCHEMA: `plenary_it_${process.pid}_${Date.now().toString(36)}`,
      COMPACT_AFTER_UPDATES: '40',
    };
    const first = await start(tempDataDir(), env);
    const board = await createBoard(first.httpUrl);
    const writer = client(first, board.boardId, board.editToken);
    const watcher = client(first, board.boardId, board.viewToken);
    await Promise.all([synced(writer), synced(watcher)]);
    for (let i = 0; i < 100; i++) writer.doc.getArray<string>('notes').push([`pg ${i}`]);
    await waitFor(() => texts(watcher).length === 100, 'relayed');
    first.proc.kill('SIGKILL');
    await first.exited;
    const second = await start(tempDataDir(), env);
    const reader = client(second, board.boardId, board.viewToken);
    await synced(reader);
    expect(texts(reader)).toEqual(texts(watcher));
  });

  it('compaction keeps content identical across restarts and shrinks the update log', async () => {
    const dataDir = tempDataDir();
    const env = { COMPACT_AFTER_UPDATES: '25' };
    const first = await start(dataDir, env);
    const board = await createBoard(first.httpUrl);
    const writer = client(first, board.boardId, board.editToken);
    await synced(writer);
    const arr = writer.doc.getArray<string>('notes');
    for (let i = 0; i < 200; i++) {
      arr.push([`n${i}`]);
      if (i % 3 === 0) arr.delete(0, 1);
      writer.doc.getText('title').insert(0, String(i % 10));
    }
    const expected = { notes: texts(writer), title: writer.doc.getText('title').toJSON() };
    // Once a second client has everything, the server has stored everything.
    const watcher = client(first, board.boardId, board.viewToken);
    await waitFor(() => watcher.doc.getText('title').toJSON() === expected.title, 'watcher has all');
    await waitFor(() => storedCounts(dataDir, board.boardId).snapshots === 1, 'a snapshot');
    await waitFor(() => storedCounts(dataDir, board.boardId).updates < 25, 'update log compacted', 15_000);
    first.proc.kill('SIGKILL');
    await first.exited;

    const second = await start(dataDir, env);
    const reader = client(second, board.boardId, board.viewToken);
    await synced(reader);
    expect({ notes: texts(reader), title: reader.doc.getText('title').toJSON() }).toEqual(expected);
  });

  it('SIGTERM closes sockets with 1001, writes a final snapshot and exits 0', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const board = await createBoard(first.httpUrl);
    const writer = client(first, board.boardId, board.editToken);
    await synced(writer);
    for (let i = 0; i < 20; i++) writer.doc.getArray<string>('notes').push([`n${i}`]);
    const expected = texts(writer);
    await waitFor(() => storedCounts(dataDir, board.boardId).updates >= 20, 'updates stored');
    const closeCodes: number[] = [];
    writer.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closeCodes.push(event.code);
    });
    first.proc.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.code).toBe(0);
    expect(closeCodes[0]).toBe(1001);
    expect(first.output()).toContain('shutdown complete');
    expect(storedCounts(dataDir, board.boardId)).toEqual({ updates: 0, snapshots: 1 });

    const second = await start(dataDir);
    const reader = client(second, board.boardId, board.viewToken);
    await synced(reader);
    expect(texts(reader)).toEqual(expected);
  });

  it('a workshop survives kill -9: rooms, phase, lock and hidden votes come back', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const { created, facilitator, summary } = await createTrainingDay(first.httpUrl);
    const wid = created.workshopId;
    const [ana, ben] = await joinParticipants(first.httpUrl, created, ['Ana', 'Ben']);
    const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even', participants: [ana!.participantId] });
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
    const a = client(first, room.boardId, ana!.token);
    await synced(a);
    const zone = readBoard(a.doc).board.challenges[0]!.id;
    const note = addNote(a.doc, { text: 'Speed matchmaking', author: ana!.participantId, zone, x: 0, y: 0, createdAt: 1 });
    const watcher = client(first, room.boardId, created.facilitatorToken);
    await waitFor(() => readBoard(watcher.doc).board.notes.length === 1, 'note relayed');
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });
    await ana!.api.ok(`/api/workshops/${wid}/votes`, { board: room.boardId, note });
    await facilitator.ok(`/api/workshops/${wid}/lock`, { board: room.boardId, locked: true });
    first.proc.kill('SIGKILL');
    await first.exited;

    const second = await start(dataDir);
    // Restarted with every tail folded (the room's board has write rules); the rules still hold below.
    expect(storedCounts(dataDir, room.boardId).updates).toBe(0);
    const again = api(second.httpUrl, ana!.token);
    expect((await again.get(`/api/workshops/${wid}/me/votes`)).body.votes).toHaveLength(1);
    // Still locked after the restart: Ana's new note is undone.
    const a2 = client(second, room.boardId, ana!.token);
    await synced(a2);
    addNote(a2.doc, { text: 'after restart', author: ana!.participantId, zone, x: 0, y: 0, createdAt: 2 });
    await waitFor(() => readBoard(a2.doc).board.notes.length === 1, 'locked board refuses');
    expect(readBoard(a2.doc).board.notes[0]!.text).toBe('Speed matchmaking');
    // Still in the voting phase, and Ben (in no room) still cannot vote there.
    const benVote = await api(second.httpUrl, ben!.token).post(`/api/workshops/${wid}/votes`, { board: room.boardId, note });
    expect(benVote.status).toBe(403);
    const results = (await api(second.httpUrl, created.facilitatorToken).get(`/api/workshops/${wid}/export.json`)).body;
    expect(results.sessions[0].rooms[0].results.challengeSolutions.challenges[0].ideas[0]).toMatchObject({ text: 'Speed matchmaking', votes: 1 });
  });

  it('refuses to start on a bad environment with a readable error', async () => {
    await expect(spawnServer({ PORT: 'eighty', LOG_LEVEL: 'loud' })).rejects.toThrow(
      /invalid configuration:[\s\S]*PORT[\s\S]*LOG_LEVEL/,
    );
  });
});
