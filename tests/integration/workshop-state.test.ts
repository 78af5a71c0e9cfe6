/**
 * The workshop's server-only state document: no client can open it, a vote is one small update to it
 * whatever the size of the workshop, and an idle workshop unloads (with its control document) and
 * comes back intact on the next request, like a board's room.
 */
import { expect, it } from 'vitest';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { MemoryStorage } from '../../server/storage/memory.ts';
import { api } from '../helpers/api.ts';
import { synced, upgradeStatus, waitFor } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';

const fixture = serverPerTest();

/** Memory storage that records every append: which document, how many bytes. */
class RecordingStorage extends MemoryStorage {
  appends: { docId: string; bytes: number }[] = [];
  override async appendUpdate(docId: string, update: Uint8Array): Promise<number> {
    this.appends.push({ docId, bytes: update.byteLength });
    return super.appendUpdate(docId, update);
  }
}

it('no token opens the state document, not even the facilitator\'s', async () => {
  const server = await fixture.start();
  const { created } = await createTrainingDay(server.httpUrl);
  for (const token of [created.facilitatorToken, created.observerToken, created.joinToken]) {
    // Refused at the upgrade, before any websocket frame.
    expect(await upgradeStatus(server.httpUrl, `/sync/workshop.${created.workshopId}?token=${token}`)).toBe(404);
  }
});

async function oneVote(preRegistered: number) {
  const storage = new RecordingStorage();
  const server = await fixture.start({ storage });
  const participants = Array.from({ length: preRegistered }, (_, i) => ({ name: `Person ${i}`, cluster: `Cluster ${i}` }));
  const { created, summary } = await createTrainingDay(server.httpUrl, { participants });
  const wid = created.workshopId;
  const [ana] = await joinParticipants(server.httpUrl, created, ['Ana']);
  const facilitator = api(server.httpUrl, created.facilitatorToken);
  await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  const mine = (await ana!.api.get(`/api/workshops/${wid}`)).body.myRooms[0];
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
  const writer = fixture.client(mine.boardId, ana!.token);
  await synced(writer);
  const zone = readBoard(writer.doc).board.challenges[0]!.id;
  const note = addNote(writer.doc, { text: 'one idea', author: ana!.participantId, zone, x: 0, y: 0, createdAt: 1 });
  await waitFor(() => storage.appends.some((a) => a.docId === mine.boardId && a.bytes > 0 && server.app.liveDocs.docs.get(mine.boardId)?.doc.getMap('notes').has(note)), 'note stored');
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });
  const before = storage.appends.length;
  await ana!.api.ok(`/api/workshops/${wid}/votes`, { board: mine.boardId, note });
  await server.close();
  return storage.appends.slice(before);
}

it('a vote is one small update to the state document, the same in a workshop of 10 or of 500', async () => {
  const small = await oneVote(10);
  const large = await oneVote(500);
  for (const appended of [small, large]) {
    // The board is not revealed: nothing reaches the control document, one entry reaches the state document.
    expect(appended.map((a) => a.docId.split('.')[0])).toEqual(['workshop']);
    expect(appended[0]!.bytes).toBeLessThan(400);
  }
  expect(Math.abs(large[0]!.bytes - small[0]!.bytes)).toBeLessThan(8);
});

it('an idle workshop unloads, stays loaded while a document of it is open, and comes back intact', async () => {
  const server = await fixture.start({ unloadDelayMs: 100 });
  const { created, summary } = await createTrainingDay(server.httpUrl, { voteBudget: 2 });
  const wid = created.workshopId;
  const [ana] = await joinParticipants(server.httpUrl, created, ['Ana']);
  const facilitator = api(server.httpUrl, created.facilitatorToken);
  await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });
  const before = (await ana!.api.get(`/api/workshops/${wid}`)).body;

  // A participant's board is open: the workshop stays (its write rules are needed on every change).
  const board = fixture.client(before.myRooms[0].boardId, ana!.token);
  await synced(board);
  const openedAt = Date.now();
  await waitFor(() => Date.now() - openedAt > 600, 'well past the idle time');
  expect(server.app.workshops.isLoaded(wid)).toBe(true);
  board.destroy();

  await waitFor(() => !server.app.workshops.isLoaded(wid), 'the idle workshop unloads', 5_000);
  await waitFor(() => !server.app.liveDocs.docs.has(`control.${wid}`), 'its control document unloads', 5_000);
  const after = (await ana!.api.get(`/api/workshops/${wid}`)).body;
  expect(after).toEqual(before);
  expect(server.app.workshops.isLoaded(wid)).toBe(true);
  // What the control document says comes back with it: voting is still open.
  const res = await ana!.api.post(`/api/workshops/${wid}/votes`, { board: before.myRooms[0].boardId, note: 'no-such-note' });
  expect(res.status).toBe(404);
});

it('a workshop stored by an older server (one JSON record, votes inside) opens with its votes, and goes on', async () => {
  const storage = new MemoryStorage();
  const { hashToken } = await import('../../server/auth/tokens.ts');
  const legacy = {
    id: 'legacy-ws-1',
    title: 'Stored before the state document',
    createdAt: 1,
    participants: [{ id: 'ana', name: 'Ana', preRegistered: true, claimed: true }],
    sessions: [{ id: 's1', title: 'Solutions', template: 'challenge-board', rooms: [{ id: 'r1', name: 'Group 1', boardId: 'legacyboard', challenges: ['C1'], participantIds: ['ana'] }] }],
    votes: [{ board: 'legacyboard', voter: 'ana', note: 'n1', challenge: 'z1', at: 5 }],
    voteBudget: 2,
  };
  await storage.createWorkshop({ id: legacy.id, data: JSON.stringify(legacy), createdAt: 1 }, [
    { tokenHash: hashToken('f'.repeat(40)), workshopId: legacy.id, role: 'facilitator', participantId: null, createdAt: 1 },
    { tokenHash: hashToken('a'.repeat(40)), workshopId: legacy.id, role: 'participant', participantId: 'ana', createdAt: 1 },
  ]);
  const server = await fixture.start({ storage });
  const ana = api(server.httpUrl, 'a'.repeat(40));
  const mine = (await ana.get(`/api/workshops/${legacy.id}/me/votes`)).body;
  expect(mine).toEqual({ budget: 2, votes: [{ board: 'legacyboard', note: 'n1', challenge: 'z1', at: 5 }], used: { 'legacyboard/z1': 1 } });
  const summary = (await api(server.httpUrl, 'f'.repeat(40)).get(`/api/workshops/${legacy.id}`)).body;
  expect(summary.participants.map((p: { name: string }) => p.name)).toEqual(['Ana']);
  expect(summary.sessions[0].rooms[0].boardId).toBe('legacyboard');
  // The record is read once: what happens next goes to the state document.
  const ranked = await api(server.httpUrl, 'a'.repeat(40)).put(`/api/workshops/${legacy.id}/me/ranking`, { ranking: ['r1'] });
  expect(ranked.status).toBeLessThan(300);
  expect((await storage.getWorkshop(legacy.id))?.data).toBe(JSON.stringify(legacy));
});

/** Memory storage whose next append to a workshop's state document fails, once. */
class FlakyStorage extends MemoryStorage {
  failNext = false;
  override async appendUpdate(docId: string, update: Uint8Array): Promise<number> {
    if (this.failNext && docId.startsWith('workshop.')) {
      this.failNext = false;
      throw new Error('disk full');
    }
    return super.appendUpdate(docId, update);
  }
}

it('a vote storage refuses answers 503, is not counted, and the next vote goes through', async () => {
  const storage = new FlakyStorage();
  const server = await fixture.start({ storage });
  const { created, summary } = await createTrainingDay(server.httpUrl, { voteBudget: 1 });
  const wid = created.workshopId;
  const [ana] = await joinParticipants(server.httpUrl, created, ['Ana']);
  const facilitator = api(server.httpUrl, created.facilitatorToken);
  await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  const boardId = (await ana!.api.get(`/api/workshops/${wid}`)).body.myRooms[0].boardId;
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
  const writer = fixture.client(boardId, ana!.token);
  await synced(writer);
  const zone = readBoard(writer.doc).board.challenges[0]!.id;
  const [n1, n2] = [1, 2].map((i) => addNote(writer.doc, { text: `idea ${i}`, author: ana!.participantId, zone, x: i, y: 0, createdAt: i }));
  await waitFor(() => server.app.liveDocs.docs.get(boardId)?.doc.getMap('notes').size === 2, 'notes on the server');
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });

  storage.failNext = true;
  const failed = await ana!.api.post(`/api/workshops/${wid}/votes`, { board: boardId, note: n1 });
  expect(failed.status).toBe(503);
  expect((await ana!.api.get(`/api/workshops/${wid}/me/votes`)).body.votes).toEqual([]);
  // The refused dot did not use the budget of 1: another note takes it.
  expect((await ana!.api.post(`/api/workshops/${wid}/votes`, { board: boardId, note: n2 })).status).toBe(200);
  expect((await ana!.api.get(`/api/workshops/${wid}/me/votes`)).body.votes.map((v: { note: string }) => v.note)).toEqual([n2]);
});
