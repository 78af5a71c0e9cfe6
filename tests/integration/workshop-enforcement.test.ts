/**
 * Roles and rules are enforced by the server: none of these attempts changes what is stored or what
 * other clients see. Refused board changes are undone for everyone, the sender included.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, deleteNote, moveNote, readBoard, updateNoteText } from '../../shared/doc/index.ts';
import { readWorkshopControl } from '../../shared/doc/workshop-control.ts';
import { CloseCode } from '../../shared/protocol/messages.ts';
import { connectClient, handledAll, passedThrough, rawSocket, synced, syncUpdateFrame, waitFor, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { createTrainingDay, joinParticipants, type CreatedWorkshop } from '../helpers/workshop.ts';

let server: TestServer;
const clients: Client[] = [];
let created: CreatedWorkshop;
let facilitator: Awaited<ReturnType<typeof createTrainingDay>>['facilitator'];
let people: Awaited<ReturnType<typeof joinParticipants>>;
let room1: { boardId: string; participantIds: string[] };
let room2: { boardId: string; participantIds: string[] };

function client(docId: string, token: string): Client {
  const c = connectClient(server.syncUrl, docId, token);
  clients.push(c);
  return c;
}
const person = (pid: string) => people.find((p) => p.participantId === pid)!;
const wid = () => created.workshopId;

beforeEach(async () => {
  server = await startServer();
  ({ created, facilitator } = await createTrainingDay(server.httpUrl));
  people = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben', 'Cleo', 'Dan']);
  const summary = (await facilitator.get(`/api/workshops/${wid()}`)).body;
  const rooms = await facilitator.ok(`/api/workshops/${wid()}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  [room1, room2] = rooms;
  await facilitator.ok(`/api/workshops/${wid()}/phase`, { phase: 'ideate' });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

/** What the server holds for a document right now. */
function serverState(docId: string): string {
  const room = server.app.liveDocs.docs.get(docId);
  return room ? Buffer.from(Y.encodeStateAsUpdate(room.doc)).toString('base64') : '';
}

async function storedNotes(boardId: string) {
  const stored = await server.storage.loadDocument(boardId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return readBoard(doc).board.notes.map((n) => ({ id: n.id, text: n.text, x: n.x, author: n.author }));
}

describe('facilitator-only actions', () => {
  it('a participant token cannot change phase, timer, selection, locks, rooms or the plenary', async () => {
    const ana = person(room1.participantIds[0]!);
    const watcher = client(`control.${wid()}`, created.observerToken);
    await synced(watcher);
    const changes: Uint8Array[] = [];
    watcher.doc.on('update', (update: Uint8Array) => changes.push(update));
    const attempts: [string, unknown][] = [
      ['phase', { phase: 'vote' }],
      ['timer', { board: room1.boardId, action: 'start', durationMs: 60_000 }],
      ['select', { board: room1.boardId, challenge: 'x', note: 'y' }],
      ['lock', { board: room1.boardId, locked: true }],
      ['reveal', { board: room1.boardId }],
      ['present', { board: room1.boardId }],
      ['move', { participant: ana.participantId, room: 'elsewhere' }],
      ['broadcast', { text: 'everybody out' }],
      ['reveal-drafts', { board: room1.boardId }],
    ];
    for (const [path, body] of attempts) {
      const res = await ana.api.post(`/api/workshops/${wid()}/${path}`, body);
      expect(res.status, path).toBe(403);
      expect(res.body.error).toBe('forbidden');
    }
    const observer = (await fetch(`${server.httpUrl}/api/workshops/${wid()}/phase`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.observerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phase: 'vote' }),
    })).status;
    expect(observer).toBe(403);
    // Then one write the facilitator may make: once the watcher has it, whatever a refused request had
    // written would have reached it before. The broadcast is the only change the watcher ever received.
    await facilitator.ok(`/api/workshops/${wid()}/broadcast`, { text: 'coffee at 11' });
    await waitFor(() => changes.length > 0, 'the broadcast');
    expect(changes).toHaveLength(1);
    expect(readWorkshopControl(watcher.doc).messages.map((m) => m.text)).toEqual(['coffee at 11']);
  });

  it('nobody writes the control document over the websocket, not even the facilitator', async () => {
    const controlId = `control.${wid()}`;
    const f = client(controlId, created.facilitatorToken);
    const p = client(controlId, person(room1.participantIds[0]!).token);
    await Promise.all([synced(f), synced(p)]);
    const before = serverState(controlId);
    f.doc.getMap('workshop').set('phase', 'present');
    p.doc.getMap('votes').set('stuffed', { board: room1.boardId, voter: 'x', note: 'y', at: 1 });
    // Nobody's awareness passes on a read-only document: ask each connection's own question instead.
    await Promise.all([handledAll(f), handledAll(p)]);
    expect(serverState(controlId)).toBe(before);
    const fresh = client(controlId, created.observerToken);
    await synced(fresh);
    expect(fresh.doc.getMap('votes').size).toBe(0);
  });
});

describe('board rules', () => {
  it("a participant cannot edit, move or delete another participant's note", async () => {
    const [anaId, benId] = room1.participantIds as [string, string];
    const ana = client(room1.boardId, person(anaId).token);
    const ben = client(room1.boardId, person(benId).token);
    await Promise.all([synced(ana), synced(ben)]);
    const zone = readBoard(ana.doc).board.challenges[0]!.id;
    const noteId = addNote(ana.doc, { text: 'Membership tiers', author: anaId, zone, x: 10, y: 10, createdAt: 1 });
    await waitFor(() => readBoard(ben.doc).board.notes.length === 1, 'ben sees the note');
    const original = await storedNotes(room1.boardId);
    const seenByAna: string[] = [];
    ana.doc.on('update', () => seenByAna.push(readBoard(ana.doc).board.notes[0]?.text ?? '(gone)'));

    updateNoteText(ben.doc, noteId, 'Ben was here');
    moveNote(ben.doc, noteId, { x: 500, y: 500 });
    deleteNote(ben.doc, noteId);
    // Ben's own doc is put back: the note returns with its text and place.
    await waitFor(() => readBoard(ben.doc).board.notes[0]?.text === 'Membership tiers', 'ben reverted');
    await waitFor(() => readBoard(ben.doc).board.notes[0]?.x === 10, 'position reverted');
    await passedThrough(ben, ana);
    expect(readBoard(ana.doc).board.notes.map((n) => [n.text, n.x])).toEqual([['Membership tiers', 10]]);
    expect(seenByAna.every((t) => t === 'Membership tiers')).toBe(true);
    expect((await storedNotes(room1.boardId)).map((n) => [n.text, n.x, n.author])).toEqual(original.map((n) => [n.text, n.x, n.author]));

    // The author may still change their own note, and the facilitator anyone's.
    updateNoteText(ana.doc, noteId, 'Membership tiers for SMEs');
    await waitFor(() => readBoard(ben.doc).board.notes[0]?.text === 'Membership tiers for SMEs', 'own edit goes through');
    const f = client(room1.boardId, created.facilitatorToken);
    await synced(f);
    moveNote(f.doc, noteId, { x: 77, y: 0 });
    await waitFor(() => readBoard(ana.doc).board.notes[0]?.x === 77, 'facilitator move goes through');
  });

  it("a note must carry its writer's id, and stays out of phases that close the board", async () => {
    const [anaId, benId] = room1.participantIds as [string, string];
    const ana = client(room1.boardId, person(anaId).token);
    const ben = client(room1.boardId, person(benId).token);
    await Promise.all([synced(ana), synced(ben)]);
    addNote(ana.doc, { text: 'posing as Ben', author: benId, x: 0, y: 0, createdAt: 1 });
    await waitFor(() => readBoard(ana.doc).board.notes.length === 0, 'forged author reverted');
    await facilitator.ok(`/api/workshops/${wid()}/phase`, { phase: 'vote' });
    addNote(ana.doc, { text: 'too late', author: anaId, x: 0, y: 0, createdAt: 2 });
    await waitFor(() => readBoard(ana.doc).board.notes.length === 0, 'note in vote phase reverted');
    ana.doc.getMap('meta').set('title', 'hijacked');
    await waitFor(() => readBoard(ana.doc).board.meta.title === 'Group 1', 'meta reverted');
    await passedThrough(ana, ben);
    expect(readBoard(ben.doc).board.notes).toEqual([]);
    expect(await storedNotes(room1.boardId)).toEqual([]);
  });

  it('the facilitator can allow new notes outside ideation, and take that back', async () => {
    const [anaId, benId] = room1.participantIds as [string, string];
    const ana = client(room1.boardId, person(anaId).token);
    const ben = client(room1.boardId, person(benId).token);
    await Promise.all([synced(ana), synced(ben)]);
    await facilitator.ok(`/api/workshops/${wid()}/phase`, { phase: 'detail' });
    await facilitator.ok(`/api/workshops/${wid()}/allow-notes`, { board: room1.boardId, allowed: true });
    addNote(ana.doc, { text: 'late idea', author: anaId, x: 0, y: 0, createdAt: 1 });
    await waitFor(() => readBoard(ben.doc).board.notes.length === 1, 'allowed note arrives');
    await facilitator.ok(`/api/workshops/${wid()}/allow-notes`, { board: room1.boardId, allowed: false });
    addNote(ana.doc, { text: 'too late now', author: anaId, x: 0, y: 0, createdAt: 2 });
    await waitFor(() => readBoard(ana.doc).board.notes.length === 1, 'refused again');
    expect((await storedNotes(room1.boardId)).map((n) => n.text)).toEqual(['late idea']);
  });

  it('a locked board refuses every change, and takes them again once unlocked', async () => {
    const [anaId] = room1.participantIds as [string];
    const ana = client(room1.boardId, person(anaId).token);
    const f = client(room1.boardId, created.facilitatorToken);
    await Promise.all([synced(ana), synced(f)]);
    await facilitator.ok(`/api/workshops/${wid()}/lock`, { board: room1.boardId, locked: true });
    addNote(ana.doc, { text: 'while locked', author: anaId, x: 0, y: 0, createdAt: 1 });
    addNote(f.doc, { text: 'facilitator while locked', author: 'facilitator', x: 0, y: 0, createdAt: 2 });
    await waitFor(() => readBoard(ana.doc).board.notes.length === 0 && readBoard(f.doc).board.notes.length === 0, 'reverted');
    expect(await storedNotes(room1.boardId)).toEqual([]);
    await facilitator.ok(`/api/workshops/${wid()}/lock`, { board: room1.boardId, locked: false });
    addNote(ana.doc, { text: 'after unlock', author: anaId, x: 0, y: 0, createdAt: 3 });
    await waitFor(() => readBoard(f.doc).board.notes.length === 1, 'accepted after unlock');
  });

  it("a participant cannot open another room's board, and a new top-level name is refused", async () => {
    const ana = person(room1.participantIds[0]!);
    const other = rawSocket(`${server.syncUrl}/${room2.boardId}?token=${ana.token}`);
    expect((await other.closed).code).toBe(CloseCode.forbidden);
    expect(other.frames).toEqual([]);

    const own = rawSocket(`${server.syncUrl}/${room1.boardId}?token=${ana.token}`);
    await own.opened;
    await waitFor(() => own.frames.length > 0, 'greeting');
    const evil = new Y.Doc();
    evil.getMap('evil').set('x', 1);
    own.send(syncUpdateFrame(Y.encodeStateAsUpdate(evil)));
    expect((await own.closed).code).toBe(CloseCode.forbidden);
  });

  it('an observer sees only what is presented and writes nothing', async () => {
    const denied = rawSocket(`${server.syncUrl}/${room1.boardId}?token=${created.observerToken}`);
    expect((await denied.closed).code).toBe(CloseCode.forbidden);
    const [anaId] = room1.participantIds as [string];
    const ana = client(room1.boardId, person(anaId).token);
    await synced(ana);
    addNote(ana.doc, { text: 'to present', author: anaId, x: 0, y: 0, createdAt: 1 });
    await facilitator.ok(`/api/workshops/${wid()}/present`, { board: room1.boardId, presenter: anaId });
    const observer = client(room1.boardId, created.observerToken);
    await synced(observer);
    await waitFor(() => readBoard(observer.doc).board.notes.length === 1, 'observer sees the presented board');
    const before = serverState(room1.boardId);
    addNote(observer.doc, { text: 'heckle', author: 'observer', x: 0, y: 0, createdAt: 2 });
    await handledAll(observer);
    expect(serverState(room1.boardId)).toBe(before);
    expect(readBoard(ana.doc).board.notes.map((n) => n.text)).toEqual(['to present']);
  });
});
