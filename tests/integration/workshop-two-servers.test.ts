/**
 * Two server processes on one PostgreSQL serve the same workshop. A participant's 40 dots, sent at the
 * same moment and split across both servers, meet a budget of 3: exactly 3 are accepted, because the
 * budget check and the write run under the workshop's lock in the database, not in either process.
 * Each server then reports the same 3 votes, having caught up with the other's writes. When Redis answers,
 * the two servers also share it (REDIS_URL: the fan-out of issue 16), as in the scaled-out deployment.
 */
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { api } from '../helpers/api.ts';
import { connectClient, synced, waitFor, type Client } from '../helpers/clients.ts';
import { spawnServer, tempDataDir, type ServerProcess } from '../helpers/server.ts';
import { service } from '../helpers/services.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';

const postgres = await service('postgres');
const redis = await service('redis');
const PG_URL = postgres.url;
const SCHEMA_PREFIX = `plenary_two_${process.pid}_`;
const procs: ServerProcess[] = [];
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of procs.splice(0)) {
    if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
    await p.exited;
  }
});

afterAll(async () => {
  if (!postgres.up) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${SCHEMA_PREFIX}%`]);
  for (const row of rows) await client.query(`DROP SCHEMA "${row.nspname}" CASCADE`);
  await client.end();
});

describe.skipIf(!postgres.up)('two servers, one PostgreSQL', { timeout: 120_000 }, () => {
  it('40 concurrent dots per challenge from one participant split across both servers, budget 3: exactly 3 accepted', async () => {
    const run = Date.now().toString(36);
    const env = {
      STORAGE: 'postgres',
      DATABASE_URL: PG_URL,
      PG_SCHEMA: `${SCHEMA_PREFIX}${run}`,
      ...(redis.up ? { REDIS_URL: redis.url, REDIS_PREFIX: `plenary-two-${process.pid}-${run}:` } : {}),
    };
    const a = await spawnServer({ DATA_DIR: tempDataDir(), ...env });
    procs.push(a);
    const b = await spawnServer({ DATA_DIR: tempDataDir(), ...env });
    procs.push(b);

    const { created, summary } = await createTrainingDay(a.httpUrl, { voteBudget: 3 });
    const wid = created.workshopId;
    const [ana] = await joinParticipants(a.httpUrl, created, ['Ana']);
    const facilitator = api(a.httpUrl, created.facilitatorToken);
    const rooms = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
    const room = rooms.find((r: { participantIds: string[] }) => r.participantIds.includes(ana!.participantId));
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });

    // Ana writes 40 ideas under one challenge (on server A); the facilitator's screen sees them stored.
    const writer = connectClient(a.syncUrl, room.boardId, ana!.token);
    const watcher = connectClient(a.syncUrl, room.boardId, created.facilitatorToken);
    clients.push(writer, watcher);
    await Promise.all([synced(writer), synced(watcher)]);
    // Three challenges, 40 ideas under each: three bursts at once give a race three chances to show.
    const challenges = readBoard(writer.doc).board.challenges.slice(0, 3).map((c) => c.id);
    const notes = challenges.map((zone, c) =>
      Array.from({ length: 40 }, (_, i) => addNote(writer.doc, { text: `idea ${c}.${i}`, author: ana!.participantId, zone, x: i, y: c * 100, createdAt: c * 100 + i + 1 })),
    );
    await waitFor(() => readBoard(watcher.doc).board.notes.length === 120, 'every idea stored');
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });
    // Both servers warm (the workshop and the board loaded), so neither is still loading when the dots arrive.
    const onB = connectClient(b.syncUrl, room.boardId, created.facilitatorToken);
    clients.push(onB);
    await waitFor(() => onB.provider.synced && readBoard(onB.doc).board.notes.length === 120, 'server B has the board');
    // ... and 20 connections open to each, so the 40 requests leave together rather than one handshake after another.
    const warm = await Promise.all([a, b].flatMap((server) => Array.from({ length: 20 }, () => api(server.httpUrl, ana!.token).get(`/api/workshops/${wid}/me/votes`))));
    expect(warm.every((r) => r.status === 200 && r.body.votes.length === 0)).toBe(true);

    // One dot per idea, all at once, every other one through server B.
    const results = await Promise.all(
      notes.map((perChallenge) =>
        Promise.all(perChallenge.map((note, i) => api((i % 2 === 0 ? a : b).httpUrl, ana!.token).post(`/api/workshops/${wid}/votes`, { board: room.boardId, note }))),
      ),
    );
    for (const perChallenge of results) {
      const statuses = perChallenge.map((r) => r.status);
      expect(statuses.filter((s) => s === 200).length).toBe(3);
      expect(statuses.filter((s) => s === 409).length).toBe(37);
      expect(perChallenge.find((r) => r.status === 409)?.body).toMatchObject({ error: 'conflict', message: expect.stringContaining('no dots left') });
    }

    // Both servers tell Ana the same nine dots, whichever took them.
    const seenOnA = (await api(a.httpUrl, ana!.token).get(`/api/workshops/${wid}/me/votes`)).body;
    const seenOnB = (await api(b.httpUrl, ana!.token).get(`/api/workshops/${wid}/me/votes`)).body;
    expect(seenOnA.votes.length).toBe(9);
    expect(seenOnB).toEqual(seenOnA);
    for (const challenge of challenges) expect(seenOnA.used[`${room.boardId}/${challenge}`]).toBe(3);
  });
});
