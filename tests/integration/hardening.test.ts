/**
 * The attacks of issue 14, each replayed against the real server with what a participant's token or a raw
 * socket can send, and checked from another honest client's screen and again after a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addNote, readBoard, updateNoteText } from '../../shared/doc/index.ts';
import { CloseCode, MessageType } from '../../shared/protocol/messages.ts';
import { SqliteStorage } from '../../server/storage/sqlite.ts';
import { connectClient, passedThrough, upgradeStatus, rawSocket, synced, syncStep1Frame, syncUpdateFrame, waitFor, type Client, type RawSocket } from '../helpers/clients.ts';
import { api } from '../helpers/api.ts';
import { craftUpdate } from '../helpers/craft.ts';
import { startServer, tempDataDir, type TestServer } from '../helpers/server.ts';
import { createTrainingDay, joinParticipants, type CreatedWorkshop } from '../helpers/workshop.ts';

let server: TestServer;
let dataDir: string;
const clients: Client[] = [];
const sockets: RawSocket[] = [];
let created: CreatedWorkshop;
let facilitator: Awaited<ReturnType<typeof createTrainingDay>>['facilitator'];
let people: Awaited<ReturnType<typeof joinParticipants>>;
let room1: { boardId: string; participantIds: string[] };
let room2: { boardId: string; participantIds: string[] };

const wid = () => created.workshopId;
const person = (pid: string) => people.find((p) => p.participantId === pid)!;

/**
 * For negative checks: a newcomer's awareness word, relayed by the server after everything it had already
 * handled, reaches `to`; whatever the server relayed before (an attacker's frame included) has arrived too.
 */
async function heardEverything(docId: string, ...to: Client[]): Promise<void> {
  const probe = client(docId, created.facilitatorToken);
  await synced(probe);
  await passedThrough(probe, ...to);
}

function client(docId: string, token: string): Client {
  const c = connectClient(server.syncUrl, docId, token);
  clients.push(c);
  return c;
}

/** A raw y-websocket connection that has received the server's greeting (sync step 1). */
async function raw(docId: string, token: string): Promise<RawSocket> {
  const s = rawSocket(`${server.syncUrl}/${docId}?token=${encodeURIComponent(token)}`);
  sockets.push(s);
  await s.opened;
  await waitFor(() => s.frames.length > 0, 'greeting');
  return s;
}

async function restart(): Promise<void> {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of sockets.splice(0)) s.ws.terminate();
  await server.close();
  server = await startServer({ storage: new SqliteStorage({ dataDir }) });
  // The API clients follow the server to its new port.
  facilitator = api(server.httpUrl, created.facilitatorToken);
  people = people.map((p) => ({ ...p, api: api(server.httpUrl, p.token) }));
}

/** The board as a fresh honest client reads it. */
async function freshView(docId: string, token: string) {
  const c = client(docId, token);
  await synced(c);
  return readBoard(c.doc).board;
}

beforeEach(async () => {
  dataDir = tempDataDir();
  server = await startServer({ storage: new SqliteStorage({ dataDir }) });
  ({ created, facilitator } = await createTrainingDay(server.httpUrl));
  people = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben', 'Cleo', 'Dan']);
  const summary = (await facilitator.get(`/api/workshops/${wid()}`)).body;
  [room1, room2] = await facilitator.ok(`/api/workshops/${wid()}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  await facilitator.ok(`/api/workshops/${wid()}/phase`, { phase: 'ideate' });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of sockets.splice(0)) s.ws.terminate();
  await server.close();
});

/** Ana (attacker) and Ben (victim) in room 1, Ben with one note of his own. */
async function anaAndBen() {
  const [anaId, benId] = room1.participantIds as [string, string];
  const ben = client(room1.boardId, person(benId).token);
  await synced(ben);
  const benNote = addNote(ben.doc, { text: 'Ben idea', author: benId, x: 10, y: 10, createdAt: 1 });
  await waitFor(() => server.app.liveDocs.docs.get(room1.boardId)?.doc.getMap('notes').has(benNote) === true, 'note stored');
  // The attacker's copy of the board, as its socket would have synced it.
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ben.doc));
  return { anaId, benId, ben, benNote, copy };
}

describe('1. half-applied update', () => {
  it('an update that throws half-way commits nothing, on an open board and on a locked one', async () => {
    const { anaId, benId, ben, benNote, copy } = await anaAndBen();
    const ana = await raw(room1.boardId, person(anaId).token);
    const sv = Y.encodeStateVector(copy);
    copy.clientID = 4242;
    updateNoteText(copy, benNote, 'Ben was wrong');
    copy.getMap('meta').set('title', 'hijacked');
    addNote(copy, { text: 'forged', author: benId, x: 0, y: 0, createdAt: 2 });
    const valid = Y.encodeStateAsUpdate(copy, sv);
    const end = Y.getState(copy.store, 4242);
    // One more struct of the same client whose origin lies ahead of itself: Yjs throws on it.
    const boom = craftUpdate([{ client: 4242, clock: end, structs: [{ origin: { client: 4242, clock: end + 50 }, content: { string: 'x' } }] }]);
    const frame = Y.mergeUpdates([valid, boom]);
    ana.send(syncUpdateFrame(frame));
    expect((await ana.closed).code).toBe(CloseCode.badUpdate);

    await facilitator.ok(`/api/workshops/${wid()}/lock`, { board: room1.boardId, locked: true });
    const again = await raw(room1.boardId, person(anaId).token);
    const locked = new Y.Doc();
    Y.applyUpdate(locked, Y.encodeStateAsUpdate(ben.doc));
    const sv2 = Y.encodeStateVector(locked);
    locked.clientID = 4343;
    addNote(locked, { text: 'on a locked board', author: anaId, x: 0, y: 0, createdAt: 3 });
    const end2 = Y.getState(locked.store, 4343);
    again.send(syncUpdateFrame(Y.mergeUpdates([Y.encodeStateAsUpdate(locked, sv2), craftUpdate([{ client: 4343, clock: end2, structs: [{ origin: { client: 4343, clock: end2 + 9 }, content: { string: 'y' } }] }])])));
    expect((await again.closed).code).toBe(CloseCode.badUpdate);

    const expected = [{ text: 'Ben idea', author: benId }];
    await heardEverything(room1.boardId, ben);
    expect(readBoard(ben.doc).board.notes.map((n) => ({ text: n.text, author: n.author }))).toEqual(expected);
    expect(readBoard(ben.doc).board.meta.title).toBe('Group 1');
    await restart();
    const after = await freshView(room1.boardId, created.facilitatorToken);
    expect(after.notes.map((n) => ({ text: n.text, author: n.author }))).toEqual(expected);
    expect(after.meta.title).toBe('Group 1');
  });
});

describe('2. riding on someone else’s edit', () => {
  it('structs waiting for another client’s next clock, and deletes of its future clocks, are refused', async () => {
    const { anaId, ben, benNote } = await anaAndBen();
    const ana = await raw(room1.boardId, person(anaId).token);
    const benClient = ben.doc.clientID;
    const next = Y.getState(ben.doc.store, benClient);
    // Text that would follow Ben's next keystroke, and a delete of the four clocks after it.
    ana.send(syncUpdateFrame(craftUpdate([{ client: 777, clock: 0, structs: [{ origin: { client: benClient, clock: next }, content: { string: ' HACKED' } }] }])));
    ana.send(syncUpdateFrame(craftUpdate([], [{ client: benClient, ranges: [[next + 1, 4]] }])));
    ana.send(syncStep1Frame(new Y.Doc()));
    await waitFor(() => ana.frames.some(isStep2), 'the server has read all of it');
    updateNoteText(ben.doc, benNote, 'Ben idea, refined');
    const watcher = client(room1.boardId, created.facilitatorToken);
    await synced(watcher);
    await waitFor(() => readBoard(watcher.doc).board.notes[0]?.text === 'Ben idea, refined', 'ben’s edit arrives');
    await heardEverything(room1.boardId, watcher, ben);
    expect(readBoard(watcher.doc).board.notes[0]!.text).toBe('Ben idea, refined');
    expect(readBoard(ben.doc).board.notes[0]!.text).toBe('Ben idea, refined');
    const room = server.app.liveDocs.docs.get(room1.boardId)!;
    expect(room.doc.store.pendingStructs).toBeNull();
    expect(room.doc.store.pendingDs).toBeNull();
    await restart();
    expect((await freshView(room1.boardId, created.facilitatorToken)).notes.map((n) => n.text)).toEqual(['Ben idea, refined']);
  });
});

function isStep2(frame: Uint8Array): boolean {
  const d = decoding.createDecoder(frame);
  return decoding.readVarUint(d) === MessageType.sync && decoding.readVarUint(d) === 1;
}

/** The bytes of the sync step 2 a first visit receives. */
async function firstVisitBytes(boardId: string, token: string): Promise<number> {
  const s = await raw(boardId, token);
  s.send(syncStep1Frame(new Y.Doc()));
  await waitFor(() => s.frames.some(isStep2), 'sync step 2');
  const frame = s.frames.find(isStep2)!;
  s.ws.close();
  return frame.byteLength;
}

describe('10. a flood of updates that cannot apply', () => {
  it('is neither kept nor served to newcomers, and the sender is cut off', async () => {
    const board = await server.createBoard({ title: 'Free board' });
    const writer = client(board.boardId, board.editToken);
    await synced(writer);
    writer.doc.getMap('meta').set('note', 'hello');
    const before = await firstVisitBytes(board.boardId, board.viewToken);
    const attacker = await raw(board.boardId, board.editToken);
    const filler = 'x'.repeat(1024);
    for (let i = 0; i < 300 && attacker.ws.readyState === attacker.ws.OPEN; i++) {
      attacker.send(syncUpdateFrame(craftUpdate([{ client: 5000 + i, clock: 0, structs: [{ origin: { client: 999_999, clock: i }, content: { string: filler } }] }])));
    }
    expect((await attacker.closed).code).toBe(CloseCode.badUpdate);
    const after = await firstVisitBytes(board.boardId, board.viewToken);
    expect(after).toBe(before);
    writer.doc.getMap('meta').set('note', 'still works');
    const reader = client(board.boardId, board.viewToken);
    await synced(reader);
    await waitFor(() => reader.doc.getMap('meta').get('note') === 'still works', 'honest edit arrives');
    await restart();
    expect(await firstVisitBytes(board.boardId, board.viewToken)).toBeLessThan(before + 200);
    const stored = await server.storage.loadDocument(board.boardId);
    const total = (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((s, u) => s + u.byteLength, 0);
    expect(total).toBeLessThan(4096);
  });
});

describe('5. access that outlives its reason', () => {
  it('a view socket opened for a presentation is closed when it ends; a moved participant leaves the old room', async () => {
    const [anaId, benId] = room1.participantIds as [string, string];
    const [cleoId] = room2.participantIds as [string];
    await facilitator.ok(`/api/workshops/${wid()}/present`, { board: room1.boardId });
    const cleo = await raw(room1.boardId, person(cleoId).token);
    const ana = await raw(room1.boardId, person(anaId).token);
    const ben = client(room1.boardId, person(benId).token);
    await synced(ben);
    await facilitator.ok(`/api/workshops/${wid()}/present`, { board: null, mode: 'rooms' });
    expect((await cleo.closed).code).toBe(CloseCode.forbidden);
    await facilitator.ok(`/api/workshops/${wid()}/move`, { participant: anaId, room: (room2 as { id?: string }).id });
    expect((await ana.closed).code).toBe(CloseCode.forbidden);
    const cleoFrames = cleo.frames.length;
    const anaFrames = ana.frames.length;
    addNote(ben.doc, { text: 'after the presentation', author: benId, x: 0, y: 0, createdAt: 5 });
    const watcher = client(room1.boardId, created.facilitatorToken);
    await synced(watcher);
    await waitFor(() => readBoard(watcher.doc).board.notes.length === 1, 'the note is on the board');
    expect(cleo.frames.length).toBe(cleoFrames);
    expect(ana.frames.length).toBe(anaFrames);
    await restart();
    for (const token of [person(cleoId).token, person(anaId).token]) {
      const again = rawSocket(`${server.syncUrl}/${room1.boardId}?token=${token}`);
      sockets.push(again);
      expect((await again.closed).code).toBe(CloseCode.forbidden);
      expect(again.frames).toEqual([]);
    }
  });
});

describe('11. malformed document ids', () => {
  it('are refused at the upgrade with 404, before any websocket frame', async () => {
    const board = await server.createBoard();
    expect(await upgradeStatus(server.httpUrl, `/sync/${board.boardId}?token=${board.editToken}`)).toBe(101);
    for (const id of ['..%2F..%2Fx', '%2e%2e%2f', '..\\..\\x', 'x%00y', '..', 'control.', 'draft.a', 'a.b.c.d', '%2e%2e']) {
      expect(await upgradeStatus(server.httpUrl, `/sync/${id}?token=${board.editToken}`), id).toBe(404);
    }
    // The board itself is untouched and still opens after a restart.
    await restart();
    expect(await upgradeStatus(server.httpUrl, `/sync/${board.boardId}?token=${board.editToken}`)).toBe(101);
  });
});

describe('12. creating boards and workshops is rate-limited per address', () => {
  it('past the limit, creation gets 429 with Retry-After; joining and reading still answer', async () => {
    await server.close();
    server = await startServer({ storage: new SqliteStorage({ dataDir }), createRateLimit: { max: 3, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.httpUrl}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(statuses).toEqual([201, 201, 201]);
    const board = await fetch(`${server.httpUrl}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(board.status).toBe(429);
    expect(Number(board.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await board.json()) as { error: string }).error).toBe('too_many_requests');
    const workshop = await fetch(`${server.httpUrl}/api/workshops/sample`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(workshop.status).toBe(429);
    // The join route keeps its own limits, and reading still works.
    const join = await fetch(`${server.httpUrl}/api/workshops/${wid()}/join?code=${created.joinToken}`);
    expect(join.status).toBe(200);
    expect((await fetch(`${server.httpUrl}/api/templates`)).status).toBe(200);
  });
});

/** A raw awareness frame: entries of (client id, clock, state). */
function awarenessFrame(entries: [clientID: number, clock: number, state: unknown][]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MessageType.awareness);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

const statesOf = (c: Client) => c.provider.awareness.getStates() as Map<number, Record<string, unknown>>;

describe('7. awareness from view connections', () => {
  it('is dropped: an observer cannot show a fake facilitator', async () => {
    const [anaId] = room1.participantIds as [string];
    await facilitator.ok(`/api/workshops/${wid()}/present`, { board: room1.boardId });
    const ana = client(room1.boardId, person(anaId).token);
    await synced(ana);
    const observer = await raw(room1.boardId, created.observerToken);
    observer.send(awarenessFrame([[31337, 5, { user: { name: 'Facilitator' }, cursor: { x: 1, y: 1 } }]]));
    // Ana's own state goes round, so we know the server has handled the observer's frame before it.
    ana.provider.awareness.setLocalState({ user: { name: 'Ana' } });
    await waitFor(() => observer.frames.length > 1, 'the relay of Ana’s state');
    await heardEverything(room1.boardId, ana);
    expect(statesOf(ana).has(31337)).toBe(false);
    const fresh = client(room1.boardId, created.facilitatorToken);
    await synced(fresh);
    await waitFor(() => statesOf(fresh).has(ana.doc.clientID), 'Ana present');
    expect(statesOf(fresh).has(31337)).toBe(false);
  });
});

describe('8. speaking for someone else’s client id', () => {
  it('is refused while they are offline and after they reconnect with the same id', async () => {
    const [anaId, benId] = room1.participantIds as [string, string];
    const ana = client(room1.boardId, person(anaId).token);
    const anaDoc = ana.doc;
    await synced(ana);
    ana.provider.awareness.setLocalState({ user: { name: 'Ana' } });
    const dan = client(room1.boardId, created.facilitatorToken);
    await synced(dan);
    await waitFor(() => statesOf(dan).get(anaDoc.clientID)?.['user'] !== undefined, 'Ana seen');
    ana.provider.disconnect();
    await waitFor(() => !statesOf(dan).has(anaDoc.clientID), 'Ana gone');

    const ben = await raw(room1.boardId, person(benId).token);
    ben.send(awarenessFrame([[anaDoc.clientID, 1000, { user: { name: 'Ana (fake)' } }]]));
    // Ana comes back on the same provider (same client id), and moves her cursor as people do.
    ana.provider.connect();
    await synced(ana);
    let moves = 0;
    await waitFor(() => {
      ana.provider.awareness.setLocalState({ user: { name: 'Ana' }, cursor: { x: ++moves, y: 0 } });
      return (statesOf(dan).get(anaDoc.clientID)?.['user'] as { name?: string } | undefined)?.name === 'Ana';
    }, 'Ana back');
    ben.send(awarenessFrame([[anaDoc.clientID, 5000, { user: { name: 'Ana (fake again)' } }]]));
    ben.send(syncStep1Frame(new Y.Doc()));
    await waitFor(() => ben.frames.some(isStep2), 'the server has read Ben’s frames');
    await heardEverything(room1.boardId, ana, dan);
    expect(ana.provider.awareness.getLocalState()).toEqual({ user: { name: 'Ana' }, cursor: { x: moves, y: 0 } });
    expect(statesOf(dan).get(anaDoc.clientID)).toEqual({ user: { name: 'Ana' }, cursor: { x: moves, y: 0 } });
    // A newcomer sees the same.
    const fresh = client(room1.boardId, created.facilitatorToken);
    await synced(fresh);
    await waitFor(() => statesOf(fresh).has(anaDoc.clientID), 'Ana present for the newcomer');
    expect(statesOf(fresh).get(anaDoc.clientID)?.['user']).toEqual({ name: 'Ana' });
  });
});

describe('9. awareness floods', () => {
  it('10,000 client ids or a 5 MiB state close the connection and reach nobody', async () => {
    const [anaId, benId] = room1.participantIds as [string, string];
    const ana = client(room1.boardId, person(anaId).token);
    await synced(ana);
    const many = await raw(room1.boardId, person(benId).token);
    many.send(awarenessFrame(Array.from({ length: 10_000 }, (_, i) => [1_000_000 + i, 1, { user: { name: `bot ${i}` } }] as [number, number, unknown])));
    expect((await many.closed).code).toBe(CloseCode.badMessage);
    const one = await raw(room1.boardId, person(benId).token);
    one.send(awarenessFrame([[424242, 1, { user: { name: 'x'.repeat(5 * 1024 * 1024) } }]]));
    expect((await one.closed).code).toBe(CloseCode.badMessage);
    const drip = await raw(room1.boardId, person(benId).token);
    for (let i = 0; i < 10 && drip.ws.readyState === drip.ws.OPEN; i++) drip.send(awarenessFrame([[2_000_000 + i, 1, { user: { name: `drip ${i}` } }]]));
    expect((await drip.closed).code).toBe(CloseCode.badMessage);
    await heardEverything(room1.boardId, ana);
    const bot = (id: number) => (id >= 1_000_000 && id < 1_010_000) || (id >= 2_000_000 && id < 2_000_010) || id === 424242;
    const others = () => [...statesOf(ana).keys()].filter(bot);
    expect(others().length).toBeLessThanOrEqual(4);
    expect(others().every((id) => id >= 2_000_000)).toBe(true);
    await waitFor(() => others().length === 0, 'the drip’s states leave with it');
    const fresh = client(room1.boardId, created.facilitatorToken);
    await synced(fresh);
    expect([...statesOf(fresh).keys()].filter(bot)).toEqual([]);
  });
});

describe('4. oversized texts', () => {
  it('are refused on write: a 1 MiB note in one frame, a note grown past 10,000 characters, a long title', async () => {
    const { anaId, benId, ben } = await anaAndBen();
    // One frame with a 1 MiB note, on a workshop board and on a free board.
    const huge = new Y.Doc();
    addNote(huge, { text: 'x', author: anaId, x: 0, y: 0, createdAt: 1 });
    const note = [...huge.getMap<Y.Map<unknown>>('notes').values()][0]!;
    (note.get('text') as Y.Text).insert(0, 'y'.repeat(1024 * 1024));
    const ana = await raw(room1.boardId, person(anaId).token);
    ana.send(syncUpdateFrame(Y.encodeStateAsUpdate(huge)));
    expect((await ana.closed).code).toBe(CloseCode.badUpdate);
    const free = await server.createBoard({ title: 'Free' });
    const freeSocket = await raw(free.boardId, free.editToken);
    freeSocket.send(syncUpdateFrame(Y.encodeStateAsUpdate(huge)));
    expect((await freeSocket.closed).code).toBe(CloseCode.badUpdate);

    // A note grown in small steps stops at the limit; the step that crosses it is undone for everyone.
    const anaClient = client(room1.boardId, person(anaId).token);
    await synced(anaClient);
    const own = addNote(anaClient.doc, { text: '', author: anaId, x: 0, y: 0, createdAt: 2 });
    const text = (anaClient.doc.getMap('notes').get(own) as Y.Map<unknown>).get('text') as Y.Text;
    for (let i = 0; i < 11; i++) text.insert(text.length, 'z'.repeat(1000));
    const f = client(room1.boardId, created.facilitatorToken);
    await synced(f);
    f.doc.getMap('meta').set('title', 'T'.repeat(600));
    const lengthSeen = (c: Client) => readBoard(c.doc).board.notes.find((n) => n.id === own)?.text.length;
    await waitFor(() => lengthSeen(ben) === 10_000 && lengthSeen(anaClient) === 10_000, 'the note stops at 10,000 characters');
    await waitFor(() => readBoard(f.doc).board.meta.title === 'Group 1', 'the long title is undone');
    await heardEverything(room1.boardId, ben);
    expect(lengthSeen(ben)).toBe(10_000);
    expect(readBoard(ben.doc).board.notes.map((n) => n.author).sort()).toEqual([anaId, benId].sort());

    await restart();
    const after = await freshView(room1.boardId, created.facilitatorToken);
    expect(after.notes.find((n) => n.id === own)?.text.length).toBe(10_000);
    expect(after.meta.title).toBe('Group 1');
    expect(after.notes.every((n) => n.text.length <= 10_000)).toBe(true);
    const freeAfter = await freshView(free.boardId, free.viewToken);
    expect(freeAfter.notes).toEqual([]);
  });
});

describe('3. draft id collision', () => {
  it('revealing a draft whose id equals a board note adds a new note and leaves the other untouched', async () => {
    const { anaId, benId, ben, benNote } = await anaAndBen();
    const draft = client(`draft.${wid()}.${anaId}`, person(anaId).token);
    await synced(draft);
    addNote(draft.doc, { id: benNote, text: 'Ana draft', author: anaId, x: 5, y: 5, createdAt: 3 });
    await waitFor(() => server.app.liveDocs.docs.get(`draft.${wid()}.${anaId}`)?.doc.getMap('notes').has(benNote) === true, 'draft stored');
    const revealed = await facilitator.ok(`/api/workshops/${wid()}/reveal-drafts`, { board: room1.boardId });
    expect(revealed.moved).toBe(1);
    const seen = (c: Client) => readBoard(c.doc).board.notes.map((n) => ({ text: n.text, author: n.author })).sort((a, b) => a.text.localeCompare(b.text));
    const expected = [
      { text: 'Ana draft', author: anaId },
      { text: 'Ben idea', author: benId },
    ];
    await waitFor(() => seen(ben).length === 2, 'the draft arrives');
    expect(seen(ben)).toEqual(expected);
    expect(readBoard(ben.doc).board.notes.find((n) => n.id === benNote)?.author).toBe(benId);
    await restart();
    const after = await freshView(room1.boardId, created.facilitatorToken);
    expect(after.notes.map((n) => ({ text: n.text, author: n.author })).sort((a, b) => a.text.localeCompare(b.text))).toEqual(expected);
  });
});

describe('6. hidden scavenger-hunt hints', () => {
  /** A hunt room with Ana in it. */
  async function huntRoom() {
    const session = await facilitator.ok(`/api/workshops/${wid()}/sessions`, { title: 'Guess the cluster', template: 'scavenger-hunt', rooms: [{ name: 'Hunt' }] });
    const room = session.rooms[0] as { id: string; boardId: string };
    const anaId = room1.participantIds[0]!;
    await facilitator.ok(`/api/workshops/${wid()}/move`, { participant: anaId, room: room.id });
    return { boardId: room.boardId, ana: person(anaId) };
  }
  const HINTS = ['Founded in 2005', 'Based in the Alps', 'Known for wood'];
  /** Everything a client holds of the board, as bytes: hidden hints must not be anywhere in it. */
  const bytesOf = (c: Client) => Buffer.from(Y.encodeStateAsUpdate(c.doc)).toString('utf8');

  it('stay on the server until revealed; each is written into the board when revealed, also after a restart', async () => {
    const { boardId, ana } = await huntRoom();
    for (const text of HINTS) await facilitator.ok(`/api/workshops/${wid()}/hints/add`, { board: boardId, text });
    const anaClient = client(boardId, ana.token);
    await synced(anaClient);
    for (const text of HINTS) expect(bytesOf(anaClient)).not.toContain(text);
    expect((await ana.api.get(`/api/workshops/${wid()}/hints?board=${boardId}`)).status).toBe(403);
    expect((await facilitator.get(`/api/workshops/${wid()}/hints?board=${boardId}`)).body.hidden.map((h: { text: string }) => h.text)).toEqual(HINTS);

    expect(await facilitator.ok(`/api/workshops/${wid()}/hints`, { board: boardId, revealed: 1 })).toEqual({ board: boardId, revealed: 1, total: 3 });
    await waitFor(() => bytesOf(anaClient).includes(HINTS[0]!), 'first hint on the board');
    expect(bytesOf(anaClient)).not.toContain(HINTS[1]);
    expect(bytesOf(anaClient)).not.toContain(HINTS[2]);

    await restart();
    const again = client(boardId, ana.token);
    await synced(again);
    expect(bytesOf(again)).toContain(HINTS[0]);
    expect(bytesOf(again)).not.toContain(HINTS[1]);
    await facilitator.ok(`/api/workshops/${wid()}/hints`, { board: boardId, revealed: 2 });
    await waitFor(() => bytesOf(again).includes(HINTS[1]!), 'second hint after the restart');
    expect(bytesOf(again)).not.toContain(HINTS[2]);
    const tooMany = await facilitator.post(`/api/workshops/${wid()}/hints`, { board: boardId, revealed: 4 });
    expect([tooMany.status, tooMany.body.message]).toEqual([409, 'this board has 3 hints']);
  });

  it('hints written on a board before are moved off it when it loads', async () => {
    const { boardId, ana } = await huntRoom();
    // An old board, as stored before this change: three hints on it, the first revealed.
    for (const text of HINTS) await facilitator.ok(`/api/workshops/${wid()}/hints/add`, { board: boardId, text });
    await facilitator.ok(`/api/workshops/${wid()}/hints`, { board: boardId, revealed: 3 });
    await server.app.liveDocs.withDoc(`control.${wid()}`, (room) =>
      room.writeAsServer((doc) => (doc.getMap('boards').get(boardId) as Y.Map<unknown>).set('hintsRevealed', 1)),
    );
    await restart();
    const anaClient = client(boardId, ana.token);
    await synced(anaClient);
    expect(bytesOf(anaClient)).toContain(HINTS[0]);
    expect(bytesOf(anaClient)).not.toContain(HINTS[1]);
    expect(bytesOf(anaClient)).not.toContain(HINTS[2]);
    expect((await facilitator.get(`/api/workshops/${wid()}/hints?board=${boardId}`)).body.hidden.map((h: { text: string }) => h.text)).toEqual(HINTS.slice(1));
    await facilitator.ok(`/api/workshops/${wid()}/hints`, { board: boardId, revealed: 3 });
    await waitFor(() => bytesOf(anaClient).includes(HINTS[2]!), 'all revealed again');
  });
});

describe('9b. the limits leave honest clients alone', () => {
  it('six editors of one free board (one shared token; providers echo each other’s states) all stay and see each other', async () => {
    const board = await server.createBoard();
    const editors = Array.from({ length: 6 }, () => client(board.boardId, board.editToken));
    await Promise.all(editors.map(synced));
    editors.forEach((e, i) => e.provider.awareness.setLocalState({ user: { name: `Editor ${i}` } }));
    const ids = editors.map((e) => e.doc.clientID);
    await waitFor(() => editors.every((e) => ids.every((id) => statesOf(e).has(id))), 'everybody sees everybody');
    editors.forEach((e, i) => e.provider.awareness.setLocalState({ user: { name: `Editor ${i}` }, cursor: { x: i, y: i } }));
    await waitFor(() => editors.every((e) => ids.every((id, i) => (statesOf(e).get(id)?.['cursor'] as { x: number } | undefined)?.x === i)), 'cursors');
    expect(editors.every((e) => e.provider.wsconnected)).toBe(true);
    editors[0]!.provider.disconnect();
    await waitFor(() => editors.slice(1).every((e) => !statesOf(e).has(ids[0]!)), 'the leaver’s state goes');
  });
});
