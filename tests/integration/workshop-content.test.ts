/**
 * Content rules on the real server: on a board without challenge zones (the action priority matrix) any
 * room member may move another's note and set its status, but not change its text, colour or size, nor
 * delete it; on a challenge board nobody moves another's idea. And the scavenger hunt's hints route.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, deleteNote, moveNote, readBoard, resizeNote, setNoteColor, setNoteStatus, updateNoteText } from '../../shared/doc/index.ts';
import { connectClient, passedThrough, synced, waitFor, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { CHALLENGES, createTrainingDay, joinParticipants, type CreatedWorkshop } from '../helpers/workshop.ts';

let server: TestServer;
const clients: Client[] = [];
let created: CreatedWorkshop;
let facilitator: Awaited<ReturnType<typeof createTrainingDay>>['facilitator'];
let people: Awaited<ReturnType<typeof joinParticipants>>;
let rooms: Record<'matrix' | 'hunt' | 'challenges', { boardId: string; participantIds: string[] }>;

function client(docId: string, token: string): Client {
  const c = connectClient(server.syncUrl, docId, token);
  clients.push(c);
  return c;
}
const wid = () => created.workshopId;
const [ANA, BEN] = [0, 1] as const;

beforeEach(async () => {
  server = await startServer();
  ({ created, facilitator } = await createTrainingDay(server.httpUrl, {
    sessions: [
      { title: 'Prioritise the actions', template: 'priority-matrix', rooms: [{ name: 'Matrix' }] },
      { title: 'Guess the cluster', template: 'scavenger-hunt', rooms: [{ name: 'Hunt' }] },
      { title: 'Solutions', template: 'challenge-board', rooms: [{ name: 'Group 1', challenges: CHALLENGES.slice(0, 2) }] },
    ],
  }));
  people = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben']);
  const summary = (await facilitator.get(`/api/workshops/${wid()}`)).body;
  const [matrix, hunt, challenges] = await Promise.all(
    summary.sessions.map(async (s: { id: string }) => (await facilitator.ok(`/api/workshops/${wid()}/assign`, { session: s.id, mode: 'even' }))[0]),
  );
  rooms = { matrix, hunt, challenges };
  await facilitator.ok(`/api/workshops/${wid()}/phase`, { phase: 'ideate' });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

async function storedNotes(boardId: string) {
  const stored = await server.storage.loadDocument(boardId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return readBoard(doc).board.notes;
}

describe('moving and progressing actions on the priority matrix', () => {
  it("any member moves another's action to another quadrant and sets its status", async () => {
    const ana = client(rooms.matrix.boardId, people[ANA]!.token);
    const ben = client(rooms.matrix.boardId, people[BEN]!.token);
    await Promise.all([synced(ana), synced(ben)]);
    const id = addNote(ana.doc, { text: 'Member survey', author: people[ANA]!.participantId, zone: 'quick-wins', x: 20, y: 180, createdAt: 1 });
    await waitFor(() => readBoard(ben.doc).board.notes.length === 1, 'ben sees the action');

    ben.doc.transact(() => {
      moveNote(ben.doc, id, { x: 640, y: 180, zone: 'major-projects' });
      setNoteStatus(ben.doc, id, 'in-progress');
    });
    await waitFor(() => readBoard(ana.doc).board.notes[0]?.zone === 'major-projects', 'ana sees the move');
    // Nothing undoes it afterwards: by the time Ben's next word reaches Ana, a revert would have too.
    await passedThrough(ben, ana);
    expect(readBoard(ana.doc).board.notes.map((n) => [n.zone, n.x, n.status, n.author])).toEqual([['major-projects', 640, 'in-progress', people[ANA]!.participantId]]);
    expect(readBoard(ben.doc).board.notes[0]?.status).toBe('in-progress');
    expect((await storedNotes(rooms.matrix.boardId)).map((n) => [n.zone, n.status])).toEqual([['major-projects', 'in-progress']]);
  });

  it("text, colour, size and deletion stay the author's", async () => {
    const ana = client(rooms.matrix.boardId, people[ANA]!.token);
    const ben = client(rooms.matrix.boardId, people[BEN]!.token);
    await Promise.all([synced(ana), synced(ben)]);
    const id = addNote(ana.doc, { text: 'Member survey', author: people[ANA]!.participantId, zone: 'quick-wins', x: 20, y: 180, createdAt: 1 });
    await waitFor(() => readBoard(ben.doc).board.notes.length === 1, 'ben sees the action');
    const attempts: [string, () => void, (n: ReturnType<typeof readBoard>['board']['notes'][number] | undefined) => boolean][] = [
      ['text', () => updateNoteText(ben.doc, id, 'Ben was here'), (n) => n?.text === 'Member survey'],
      ['colour', () => setNoteColor(ben.doc, id, '#bfdbfe'), (n) => n?.color === '#fde68a'],
      ['size', () => resizeNote(ben.doc, id, { w: 400, h: 400 }), (n) => n?.w === 160],
      ['a move together with a text change', () => ben.doc.transact(() => {
        moveNote(ben.doc, id, { x: 700, y: 700, zone: 'thankless-tasks' });
        updateNoteText(ben.doc, id, 'sneaky');
      }), (n) => n?.zone === 'quick-wins' && n.text === 'Member survey'],
      ['deletion', () => deleteNote(ben.doc, id), (n) => n !== undefined],
    ];
    for (const [what, attempt, restored] of attempts) {
      attempt();
      await waitFor(() => restored(readBoard(ben.doc).board.notes[0]), `${what} reverted at ben`);
    }
    await passedThrough(ben, ana);
    expect(readBoard(ana.doc).board.notes.map((n) => [n.text, n.color, n.w, n.zone])).toEqual([['Member survey', '#fde68a', 160, 'quick-wins']]);
    expect((await storedNotes(rooms.matrix.boardId)).map((n) => [n.text, n.color, n.w, n.zone])).toEqual([['Member survey', '#fde68a', 160, 'quick-wins']]);
  });

  it("on a board with challenges nobody moves another's idea or sets its status", async () => {
    const ana = client(rooms.challenges.boardId, people[ANA]!.token);
    const ben = client(rooms.challenges.boardId, people[BEN]!.token);
    await Promise.all([synced(ana), synced(ben)]);
    const [first, second] = readBoard(ana.doc).board.challenges;
    const id = addNote(ana.doc, { text: 'Coffee talks', author: people[ANA]!.participantId, zone: first!.id, x: 20, y: 180, createdAt: 1 });
    await waitFor(() => readBoard(ben.doc).board.notes.length === 1, 'ben sees the idea');
    moveNote(ben.doc, id, { x: 500, y: 180, zone: second!.id });
    await waitFor(() => readBoard(ben.doc).board.notes[0]?.zone === first!.id, 'move reverted');
    setNoteStatus(ben.doc, id, 'done');
    await waitFor(() => readBoard(ben.doc).board.notes[0]?.status === undefined, 'status reverted');
    await passedThrough(ben, ana);
    expect(readBoard(ana.doc).board.notes.map((n) => [n.zone, n.status])).toEqual([[first!.id, undefined]]);
    expect((await storedNotes(rooms.challenges.boardId)).map((n) => [n.zone, n.status])).toEqual([[first!.id, undefined]]);
  });
});

describe('POST /api/workshops/:id/hints', () => {
  it('reveals hints one at a time for the facilitator only, and checks the count', async () => {
    const board = rooms.hunt.boardId;
    const f = client(board, created.facilitatorToken);
    const watcher = client(`control.${wid()}`, people[ANA]!.token);
    await Promise.all([synced(f), synced(watcher)]);
    // Written on the board, a hint would reach every participant at once: the server refuses it.
    addNote(f.doc, { text: 'on the board', author: 'facilitator', zone: 'hints', x: 20, y: 180, createdAt: 1 });
    await waitFor(() => f.doc.getMap('notes').size === 0, 'a hint written on the board is undone');
    for (const text of ['Founded in 2005', 'Based in the Alps', 'Known for wood']) {
      expect((await facilitator.post(`/api/workshops/${wid()}/hints/add`, { board, text })).status).toBe(201);
    }
    expect((await people[ANA]!.api.post(`/api/workshops/${wid()}/hints/add`, { board, text: 'mine' })).status).toBe(403);
    const hintsSeen = () => readBoard(new Y.Doc(), watcher.doc, { boardId: board, cache: false }).board.control.hintsRevealed;
    // Every count the watcher is ever shown: the refused requests below must add none.
    const shown: number[] = [];
    watcher.doc.on('update', () => shown.push(hintsSeen()));

    expect((await people[ANA]!.api.post(`/api/workshops/${wid()}/hints`, { board, revealed: 1 })).status).toBe(403);
    const bad = await facilitator.post(`/api/workshops/${wid()}/hints`, { board, revealed: -1 });
    expect([bad.status, bad.body.error, bad.body.field]).toEqual([400, 'invalid_request', 'revealed']);
    expect((await facilitator.post(`/api/workshops/${wid()}/hints`, { board, revealed: 1.5 })).status).toBe(400);
    expect((await facilitator.post(`/api/workshops/${wid()}/hints`, { board: 'no-such-board', revealed: 1 })).status).toBe(404);
    const tooMany = await facilitator.post(`/api/workshops/${wid()}/hints`, { board, revealed: 4 });
    expect([tooMany.status, tooMany.body.message]).toEqual([409, 'this board has 3 hints']);
    expect(hintsSeen()).toBe(0);

    expect(await facilitator.ok(`/api/workshops/${wid()}/hints`, { board, revealed: 1 })).toEqual({ board, revealed: 1, total: 3 });
    await waitFor(() => hintsSeen() === 1, 'first hint revealed');
    // The accepted request's write arrived after anything the refused ones could have written.
    expect(shown.filter((n) => n !== 0 && n !== 1)).toEqual([]);
    await facilitator.ok(`/api/workshops/${wid()}/hints`, { board, revealed: 2 });
    await waitFor(() => hintsSeen() === 2, 'second hint revealed');
    await facilitator.ok(`/api/workshops/${wid()}/hints`, { board, revealed: 0 });
    await waitFor(() => hintsSeen() === 0, 'hidden again');
    const doc = (await facilitator.get('/docs/openapi.json')).body;
    expect(Object.keys(doc.paths)).toContain('/api/workshops/{workshopId}/hints');
  });
});
