/** Real server on port 0, real y-websocket providers over `ws`. */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { MemoryStorage } from '../../server/storage/memory.ts';
import type { StoredDocument } from '../../server/storage/types.ts';
import { connectClient, handledAll, prng, synced, waitFor, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer | null = null;
const clients: Client[] = [];

function client(boardId: string, token: string, doc?: Y.Doc): Client {
  if (!server) throw new Error('no server');
  const c = connectClient(server.syncUrl, boardId, token, doc);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = null;
});

const notes = (c: Client) => c.doc.getArray<string>('notes').toArray();

describe('sync between editors', () => {
  it('two editors converge', async () => {
    server = await startServer();
    const board = await server.createBoard({ title: 'Breakout 1' });
    const a = client(board.boardId, board.editToken);
    const b = client(board.boardId, board.editToken);
    await Promise.all([synced(a), synced(b)]);
    a.doc.getArray<string>('notes').push(['from a']);
    b.doc.getArray<string>('notes').push(['from b']);
    await waitFor(() => notes(a).length === 2 && notes(b).length === 2, 'both notes at both');
    expect(notes(a)).toEqual(notes(b));
    expect(new Set(notes(a))).toEqual(new Set(['from a', 'from b']));
  });

  it('a late joiner gets the full state', async () => {
    server = await startServer();
    const board = await server.createBoard();
    const a = client(board.boardId, board.editToken);
    await synced(a);
    const map = a.doc.getMap<string>('details');
    for (let i = 0; i < 50; i++) map.set(`k${i}`, `v${i}`);
    a.doc.getText('summary').insert(0, 'Challenge 1 - membership tiers');
    await waitFor(() => server!.app.liveDocs.docs.get(board.boardId)?.doc.getMap('details').size === 50, 'server has all');
    const late = client(board.boardId, board.viewToken);
    await synced(late);
    expect(late.doc.getMap('details').toJSON()).toEqual(map.toJSON());
    expect(late.doc.getText('summary').toJSON()).toBe('Challenge 1 - membership tiers');
  });

  it('ten editors writing at once converge (seeded)', async () => {
    server = await startServer();
    const board = await server.createBoard();
    const random = prng(20261123);
    const editors = Array.from({ length: 10 }, () => client(board.boardId, board.editToken));
    await Promise.all(editors.map(synced));
    let ops = 0;
    for (let round = 0; round < 20; round++) {
      for (const [i, e] of editors.entries()) {
        const r = random();
        const arr = e.doc.getArray<string>('notes');
        if (r < 0.4) arr.insert(Math.floor(random() * (arr.length + 1)), [`e${i}-${round}`]);
        else if (r < 0.55 && arr.length > 0) arr.delete(Math.floor(random() * arr.length), 1);
        else if (r < 0.8) e.doc.getMap<number>('votes').set(`n${Math.floor(random() * 8)}`, i);
        else e.doc.getText('title').insert(Math.floor(random() * (e.doc.getText('title').length + 1)), String(i));
        ops++;
      }
      // The behaviour under test: rounds of edits land 0-4 ms apart, so they interleave on the wire.
      await new Promise((r) => setTimeout(r, Math.floor(random() * 5)));
    }
    expect(ops).toBe(200);
    const snapshot = (c: Client) =>
      JSON.stringify([notes(c), Object.entries(c.doc.getMap('votes').toJSON()).sort(), c.doc.getText('title').toJSON()]);
    const room = () => server!.app.liveDocs.docs.get(board.boardId)!;
    await waitFor(
      () => editors.every((e) => snapshot(e) === snapshot(editors[0]!)) &&
        Y.encodeStateVector(room().doc).toString() === Y.encodeStateVector(editors[0]!.doc).toString(),
      'convergence',
      20_000,
    );
    expect(room().doc.getText('title').toJSON()).toBe(editors[0]!.doc.getText('title').toJSON());
  });
});

describe('access', () => {
  it('a view-token client receives everything and changes nothing', async () => {
    server = await startServer();
    const board = await server.createBoard();
    const editor = client(board.boardId, board.editToken);
    const viewer = client(board.boardId, board.viewToken);
    await Promise.all([synced(editor), synced(viewer)]);
    editor.doc.getArray<string>('notes').push(['visible to all']);
    await waitFor(() => notes(viewer).length === 1, 'viewer receives');
    viewer.doc.getArray<string>('notes').push(['sneaky']);
    viewer.doc.getMap('votes').set('x', 99);
    // The server answers the viewer's later question only after handling the writes before it.
    await handledAll(viewer);
    editor.doc.getArray<string>('notes').push(['second']);
    await waitFor(() => notes(viewer).includes('second'), 'viewer gets later updates');
    expect(notes(editor)).toEqual(['visible to all', 'second']);
    expect(editor.doc.getMap('votes').size).toBe(0);
    const serverDoc = server.app.liveDocs.docs.get(board.boardId)!.doc;
    expect(serverDoc.getArray('notes').toArray()).toEqual(['visible to all', 'second']);
    const stored = await server.storage.loadDocument(board.boardId);
    const replay = new Y.Doc();
    for (const u of stored.updates) Y.applyUpdate(replay, u);
    expect(replay.getArray('notes').toArray()).toEqual(['visible to all', 'second']);
    expect(replay.getMap('votes').size).toBe(0);
    // A fresh client sees what the server has, not what the viewer wrote locally.
    const fresh = client(board.boardId, board.viewToken);
    await synced(fresh);
    expect(notes(fresh)).toEqual(['visible to all', 'second']);
  });

  it('awareness of a closed connection is removed for everyone at once', async () => {
    server = await startServer();
    const board = await server.createBoard();
    const a = client(board.boardId, board.editToken);
    const b = client(board.boardId, board.viewToken);
    const c = client(board.boardId, board.editToken);
    await Promise.all([synced(a), synced(b), synced(c)]);
    a.provider.awareness.setLocalState({ name: 'Ana', cursor: { x: 1, y: 2 } });
    await waitFor(
      () => b.provider.awareness.getStates().has(a.doc.clientID) && c.provider.awareness.getStates().has(a.doc.clientID),
      'awareness arrives',
    );
    expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual({ name: 'Ana', cursor: { x: 1, y: 2 } });
    const removedAt: number[] = [];
    const watch = (aw: Awareness) =>
      aw.on('change', ({ removed }: { removed: number[] }) => {
        if (removed.includes(a.doc.clientID)) removedAt.push(Date.now());
      });
    watch(b.provider.awareness);
    watch(c.provider.awareness);
    // Kill the socket without a clean goodbye, so the server (not the client) must remove the state.
    a.provider.shouldConnect = false;
    (a.provider.ws as unknown as { terminate: () => void }).terminate();
    await waitFor(() => removedAt.length === 2, 'removal at both');
    expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false);
  });

  it('keeps quiet connections alive with a message at least every keepalive period', async () => {
    server = await startServer({ keepaliveMs: 200 });
    const board = await server.createBoard();
    const viewer = client(board.boardId, board.viewToken);
    await synced(viewer);
    const stamps: number[] = [];
    const since = Date.now();
    viewer.provider.ws!.addEventListener('message', () => stamps.push(Date.now()));
    await waitFor(() => stamps.length >= 4, 'four messages on a quiet connection', 5_000);
    const gaps = stamps.map((t, i) => t - (i === 0 ? since : stamps[i - 1]!));
    expect(Math.max(...gaps)).toBeLessThan(600);
  });
});

describe('room lifecycle', () => {
  it('queues frames that arrive while the board loads and never syncs an empty board', async () => {
    class SlowStorage extends MemoryStorage {
      override async loadDocument(boardId: string): Promise<StoredDocument> {
        // The behaviour under test: a storage slow enough that the client's first frames arrive while it loads.
        await new Promise((r) => setTimeout(r, 400));
        return super.loadDocument(boardId);
      }
    }
    server = await startServer({ storage: new SlowStorage(), unloadDelayMs: 0 });
    const board = await server.createBoard();
    const first = client(board.boardId, board.editToken);
    await synced(first);
    first.doc.getArray<string>('notes').push(['stored before']);
    await waitFor(() => server!.app.liveDocs.docs.get(board.boardId)?.doc.getArray('notes').length === 1, 'stored');
    first.destroy();
    await waitFor(() => server!.app.liveDocs.docs.size === 0, 'room unloaded');

    // Write offline, then connect while the server is slowly loading: the update goes out at once.
    const doc = new Y.Doc();
    doc.getArray<string>('notes').push(['sent during load']);
    const sawEmpty: boolean[] = [];
    const second = client(board.boardId, board.editToken, doc);
    second.provider.on('sync', (isSynced: boolean) => {
      if (isSynced) sawEmpty.push(!notes(second).includes('stored before'));
    });
    await synced(second);
    expect(sawEmpty).toEqual([false]);
    const third = client(board.boardId, board.viewToken);
    await synced(third);
    await waitFor(() => notes(third).length === 2, 'third sees both');
    expect(new Set(notes(third))).toEqual(new Set(['stored before', 'sent during load']));
  });

  it('unloads a board after the last client leaves and reloads it intact', async () => {
    server = await startServer({ unloadDelayMs: 100 });
    const board = await server.createBoard();
    const a = client(board.boardId, board.editToken);
    await synced(a);
    a.doc.getArray<string>('notes').push(['persisted']);
    await waitFor(() => server!.app.liveDocs.docs.get(board.boardId)?.doc.getArray('notes').length === 1, 'server has it');
    expect(server.app.liveDocs.docs.size).toBe(1);
    a.destroy();
    await waitFor(() => server!.app.liveDocs.docs.size === 0, 'unloaded');
    const b = client(board.boardId, board.viewToken);
    await synced(b);
    expect(notes(b)).toEqual(['persisted']);
  });
});
