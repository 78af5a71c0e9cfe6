/**
 * Seeded fuzzing of a policed board: a participant's raw socket sends random updates (honest ones, forged
 * ones, and the same bytes truncated, bit-flipped, reordered, merged with structs on future clocks or delete
 * ranges nobody has) for a bounded number of frames, reconnecting whenever the server closes it. Afterwards
 * the board as an honest client reads it, before and after a restart, holds only what the policy allows:
 * the victim's note as it was, the title and zones as they were, every other note the attacker's own, no
 * text over its limit, nothing pending on the server.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { SqliteStorage } from '../../server/storage/sqlite.ts';
import { connectClient, prng, rawSocket, synced, syncStep1Frame, syncUpdateFrame, waitFor, type Client, type RawSocket } from '../helpers/clients.ts';
import { craftUpdate } from '../helpers/craft.ts';
import { startServer, tempDataDir, type TestServer } from '../helpers/server.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';

let server: TestServer;
let dataDir: string;
const clients: Client[] = [];

beforeEach(async () => {
  dataDir = tempDataDir();
  server = await startServer({ storage: new SqliteStorage({ dataDir }) });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

function client(docId: string, token: string): Client {
  const c = connectClient(server.syncUrl, docId, token);
  clients.push(c);
  return c;
}

const SEEDS = [1, 2, 3];
const FRAMES_PER_SEED = 150;

it('random and mutated updates from a participant leave only what the policy allows', async () => {
  const { created, facilitator } = await createTrainingDay(server.httpUrl);
  const wid = created.workshopId;
  const people = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben']);
  const summary = (await facilitator.get(`/api/workshops/${wid}`)).body;
  const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even', participants: people.map((p) => p.participantId) });
  const boardId: string = room.boardId;
  const [ana, benP] = people as [(typeof people)[0], (typeof people)[0]];
  for (const p of people) await facilitator.ok(`/api/workshops/${wid}/move`, { participant: p.participantId, room: room.id });
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
  const ben = client(boardId, benP.token);
  await synced(ben);
  const benNote = addNote(ben.doc, { text: 'Ben idea', author: benP.participantId, x: 10, y: 10, createdAt: 1 });
  await waitFor(() => server.app.liveDocs.docs.get(boardId)?.doc.getMap('notes').has(benNote) === true, 'ben’s note stored');
  const before = readBoard(ben.doc).board;
  const benBefore = before.notes.find((n) => n.id === benNote)!;

  for (const seed of SEEDS) {
    const random = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    // The attacker's own replica: starts from the board, diverges as its updates are refused.
    const mine = new Y.Doc();
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(ben.doc));
    const produced: Uint8Array[] = [];
    mine.on('update', (u: Uint8Array) => produced.push(u));
    let socket: RawSocket | null = null;
    const open = async () => {
      const s = rawSocket(`${server.syncUrl}/${boardId}?token=${ana.token}`);
      await Promise.race([s.opened, s.closed]);
      return s;
    };
    for (let frame = 0; frame < FRAMES_PER_SEED; frame++) {
      if (!socket || socket.ws.readyState !== socket.ws.OPEN) {
        socket?.ws.terminate();
        socket = await open();
        if (socket.ws.readyState !== socket.ws.OPEN) continue;
      }
      // An edit on the replica, allowed or not.
      const notes = mine.getMap<Y.Map<unknown>>('notes');
      const ids = [...notes.keys()];
      switch (Math.floor(random() * 7)) {
        case 0:
          addNote(mine, { text: `ana ${frame}`, author: ana.participantId, x: frame, y: 0, createdAt: frame });
          break;
        case 1:
          addNote(mine, { text: `forged ${frame}`, author: benP.participantId, x: 0, y: frame, createdAt: frame });
          break;
        case 2: {
          const text = notes.get(pick(ids))?.get('text');
          if (text instanceof Y.Text) text.insert(Math.floor(random() * (text.length + 1)), 'Z'.repeat(1 + Math.floor(random() * 3000)));
          break;
        }
        case 3:
          if (ids.length > 0) notes.delete(pick(ids));
          break;
        case 4:
          mine.getMap('meta').set('title', `hijacked ${frame}`);
          break;
        case 5:
          notes.get(pick(ids))?.set(pick(['author', 'x', 'color', 'zone']), pick([ana.participantId, 5, '#000000', null]));
          break;
        default:
          mine.getMap('zones').set(`z${frame}`, { id: `z${frame}` });
      }
      const fresh = produced.length > 0 ? produced.splice(0) : [];
      let bytes = fresh.length === 0 ? new Uint8Array() : Y.mergeUpdates(fresh);
      // ... then mangled.
      const me = mine.clientID;
      const end = Y.getState(mine.store, me);
      switch (Math.floor(random() * 8)) {
        case 0:
          bytes = bytes.slice(0, Math.floor(random() * bytes.length));
          break;
        case 1: {
          bytes = bytes.slice();
          for (let i = 0; i < 3 && bytes.length > 0; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
          break;
        }
        case 2:
          if (bytes.length > 0) bytes = Y.mergeUpdates([bytes, craftUpdate([{ client: me, clock: end, structs: [{ origin: { client: me, clock: end + 20 }, content: { string: 'boom' } }] }])]);
          break;
        case 3:
          bytes = craftUpdate([{ client: 7_000 + frame, clock: 0, structs: [{ origin: { client: ben.doc.clientID, clock: Y.getState(ben.doc.store, ben.doc.clientID) + Math.floor(random() * 5) }, content: { string: 'ride' } }] }]);
          break;
        case 4:
          bytes = craftUpdate([], [{ client: pick([ben.doc.clientID, me, 123]), ranges: [[Math.floor(random() * 50), 1 + Math.floor(random() * 40)]] }]);
          break;
        case 5:
          // Held back: sent later, after updates that depend on it.
          produced.push(bytes);
          bytes = new Uint8Array();
          break;
        default:
          break;
      }
      if (bytes.length > 0) {
        try {
          socket.send(syncUpdateFrame(bytes));
        } catch {
          // the socket closed meanwhile
        }
      }
    }
    // Wait until the server has read everything the last socket sent (it answers a step 1 in order).
    if (socket && socket.ws.readyState === socket.ws.OPEN) {
      const answered = socket.frames.length;
      socket.send(syncStep1Frame(new Y.Doc()));
      await Promise.race([waitFor(() => socket.frames.length > answered, 'the server read the last frames'), socket.closed]);
    }
    socket?.ws.terminate();
  }

  const check = (doc: Y.Doc) => {
    const board = readBoard(doc).board;
    expect(board.meta.title).toBe(before.meta.title);
    expect(board.zones).toEqual(before.zones);
    const benNow = board.notes.find((n) => n.id === benNote);
    expect(benNow).toEqual(benBefore);
    for (const note of board.notes) {
      if (note.id === benNote) continue;
      expect(note.author).toBe(ana.participantId);
      expect(note.text.length).toBeLessThanOrEqual(10_000);
    }
    for (const name of doc.share.keys()) expect(['meta', 'zones', 'notes', 'rootCauses', 'details', 'rows', 'cells', 'profiles']).toContain(name);
  };
  const watcher = client(boardId, created.facilitatorToken);
  await synced(watcher);
  check(watcher.doc);
  const serverDoc = server.app.liveDocs.docs.get(boardId)?.doc;
  if (serverDoc) {
    expect(serverDoc.store.pendingStructs).toBeNull();
    expect(serverDoc.store.pendingDs).toBeNull();
  }
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
  server = await startServer({ storage: new SqliteStorage({ dataDir }) });
  const after = client(boardId, created.facilitatorToken);
  await synced(after);
  check(after.doc);
}, 120_000);
