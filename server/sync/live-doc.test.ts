/**
 * Appends of one document commit side by side (live-doc.ts #commit): each held open here until the test lets
 * it go, to see what waits for what. Nothing reaches anyone before its append resolved, one client's updates
 * are stored one at a time, and a stored update is published even when an append beside it failed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, synced, waitFor, type Client } from '../../tests/helpers/clients.ts';
import { startServer, type TestServer } from '../../tests/helpers/server.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { MemoryFanoutHub } from './memory-fanout.ts';

/** Memory storage whose appends wait, once the gate is closed, until the test resolves or fails each one. */
class GatedStorage extends MemoryStorage {
  closed = false;
  /** Appends waiting at the gate, in the order they arrived: the update and how to let it go. */
  held: { docId: string; update: Uint8Array; pass: () => void; fail: () => void }[] = [];
  /** Updates whose append resolved, in that order. */
  stored: Uint8Array[] = [];

  override async appendUpdate(docId: string, update: Uint8Array): Promise<number> {
    if (this.closed) {
      await new Promise<void>((pass, fail) => this.held.push({ docId, update, pass, fail: () => fail(new Error('disk full')) }));
    }
    const seq = await super.appendUpdate(docId, update);
    this.stored.push(update);
    return seq;
  }

  /** The held append whose update carries this text. */
  holding(text: string): GatedStorage['held'][number] | undefined {
    return this.held.find((h) => notesOf(h.update).includes(text));
  }
}

/** The strings an update inserts (read from its structs: it may depend on updates before it). */
function notesOf(update: Uint8Array): string[] {
  return Y.decodeUpdate(update).structs.flatMap((s) => (s instanceof Y.Item && s.content instanceof Y.ContentAny ? (s.content.arr as string[]) : []));
}

const notes = (c: Client) => c.doc.getArray<string>('notes').toArray();
const open: { close(): Promise<void> }[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const o of open.splice(0).reverse()) await o.close();
});

async function serverWith(storage: GatedStorage): Promise<TestServer> {
  const server = await startServer({ storage });
  open.push(server);
  return server;
}

function client(server: TestServer, board: { boardId: string; editToken: string }): Client {
  const c = connectClient(server.syncUrl, board.boardId, board.editToken);
  clients.push(c);
  return c;
}

describe('appends side by side', () => {
  it('two clients\' updates are stored at once, and each reaches the others only once its own append resolved', async () => {
    const storage = new GatedStorage();
    const server = await serverWith(storage);
    const board = await server.createBoard();
    const [a, b, c] = [client(server, board), client(server, board), client(server, board)];
    await Promise.all([a, b, c].map(synced));
    storage.closed = true;
    a.doc.getArray<string>('notes').push(['from a']);
    b.doc.getArray<string>('notes').push(['from b']);
    // One behind the other, b's append would not start before a's resolved.
    await waitFor(() => storage.held.length === 2, 'both appends under way');
    expect([notes(a), notes(b), notes(c)]).toEqual([['from a'], ['from b'], []]);
    storage.holding('from b')!.pass();
    await waitFor(() => notes(c).includes('from b') && notes(a).includes('from b'), 'b relayed once stored');
    expect(notes(c)).toEqual(['from b']);
    storage.holding('from a')!.pass();
    await waitFor(() => notes(c).length === 2 && notes(b).length === 2, 'a relayed once stored');
  });

  it('one client\'s updates are stored one at a time, in the order it sent them', async () => {
    const storage = new GatedStorage();
    const server = await serverWith(storage);
    const board = await server.createBoard();
    const [a, b] = [client(server, board), client(server, board)];
    await Promise.all([a, b].map(synced));
    storage.closed = true;
    a.doc.getArray<string>('notes').push(['a 1']);
    a.doc.getArray<string>('notes').push(['a 2']);
    await waitFor(() => storage.held.length === 1, 'the first append under way');
    // b's append starting shows the server is taking frames; a's second still waits for a's first.
    b.doc.getArray<string>('notes').push(['b 1']);
    await waitFor(() => storage.holding('b 1') !== undefined, 'b\'s append under way');
    expect(storage.holding('a 2')).toBeUndefined();
    storage.holding('a 1')!.pass();
    await waitFor(() => storage.holding('a 2') !== undefined, 'a\'s second append once the first is stored');
    storage.holding('a 2')!.pass();
    storage.holding('b 1')!.pass();
    await waitFor(() => notes(b).length === 3, 'all relayed');
    const order = storage.stored.flatMap(notesOf).filter((n) => typeof n === 'string' && n.startsWith('a '));
    expect(order).toEqual(['a 1', 'a 2']);
  });

  it('a client that syncs while appends are under way receives only stored state', async () => {
    const storage = new GatedStorage();
    const server = await serverWith(storage);
    const board = await server.createBoard();
    const a = client(server, board);
    await synced(a);
    storage.closed = true;
    const before = storage.stored.length;
    a.doc.getArray<string>('notes').push(['under way']);
    await waitFor(() => storage.held.length === 1, 'the append under way');
    const late = client(server, board);
    let storedWhenSynced: number | null = null;
    late.provider.once('sync', () => {
      storedWhenSynced = storage.stored.length;
    });
    await waitFor(() => server.app.liveDocs.docs.get(board.boardId)?.conns.size === 2 && late.provider.wsconnected, 'the late client connected');
    storage.held[0]!.pass();
    await synced(late);
    expect(storedWhenSynced).toBe(before + 1);
    expect(notes(late)).toEqual(['under way']);
  });

  it('closing a document while an append is under way waits for it, and the final snapshot holds it', async () => {
    const storage = new GatedStorage();
    const server = await serverWith(storage);
    const board = await server.createBoard();
    const a = client(server, board);
    await synced(a);
    const liveDoc = server.app.liveDocs.docs.get(board.boardId)!;
    // Nothing left to fold: only the update under way would make the close write a snapshot.
    await liveDoc.compact();
    storage.closed = true;
    a.doc.getArray<string>('notes').push(['last words']);
    await waitFor(() => storage.held.length === 1, 'the append under way');
    const closing = liveDoc.close();
    storage.held[0]!.pass();
    storage.closed = false;
    await closing;
    const stored = await storage.loadDocument(board.boardId);
    expect(stored.updates).toEqual([]);
    expect(notesOf(stored.snapshot!)).toContain('last words');
  });

  it('an update stored beside one whose append failed still reaches the other processes', async () => {
    const storage = new GatedStorage();
    const hub = new MemoryFanoutHub();
    const here = await startServer({ storage, fanout: hub.member() });
    const there = await startServer({ storage, fanout: hub.member() });
    // One storage for both: the apps first, then the storage once.
    open.push({ close: () => storage.close() }, { close: () => there.app.close() }, { close: () => here.app.close() });
    const board = await here.createBoard();
    const [a, b, far] = [client(here, board), client(here, board), client(there, board)];
    await Promise.all([a, b, far].map(synced));
    storage.closed = true;
    a.doc.getArray<string>('notes').push(['lost']);
    b.doc.getArray<string>('notes').push(['kept']);
    await waitFor(() => storage.held.length === 2, 'both appends under way');
    storage.holding('lost')!.fail();
    storage.holding('kept')!.pass();
    await waitFor(() => notes(far).includes('kept'), 'the stored update published');
    expect(notes(far)).toEqual(['kept']);
    // The failed one was never relayed; a and b reconnect and re-send what they have, which stores it.
    storage.closed = false;
    await waitFor(() => notes(far).length === 2, 'the lost note re-sent after the reload');
  });
});
