/**
 * Warm start (warm-start.ts): crash tails folded before the server listens, newest snapshots read ahead within
 * a byte budget, nothing lost, and what it does not reach left as it was. Then the warm snapshots' rules, and
 * a live document opened on one (served without reading the snapshot again, yet never stale).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MessageType, SyncMessageType } from '../../shared/protocol/messages.ts';
import { connectClient, rawSocket, synced, waitFor, type Client } from '../../tests/helpers/clients.ts';
import { startServer, type TestServer } from '../../tests/helpers/server.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import type { Storage } from '../storage/types.ts';
import { warmStart, type WarmStartOptions } from './warm-start.ts';
import { WarmSnapshots } from './warm-snapshots.ts';

const errors: unknown[] = [];
const log = { error: (...args: unknown[]) => errors.push(args), warn: () => undefined, info: () => undefined, debug: () => undefined } as never;

/** Appends `count` notes to the document, each its own update, from a doc of its own; returns that doc. */
async function write(storage: Storage, docId: string, count: number, doc = new Y.Doc()): Promise<Y.Doc> {
  for (let i = 0; i < count; i++) {
    let update: Uint8Array | null = null;
    const grab = (u: Uint8Array) => (update = u);
    doc.on('update', grab);
    doc.getArray<string>('notes').push([`${docId} ${doc.getArray('notes').length}`]);
    doc.off('update', grab);
    await storage.appendUpdate(docId, update!);
  }
  return doc;
}

const notesOf = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getArray<string>('notes').toArray();
};

async function storedNotes(storage: Storage, docId: string): Promise<string[]> {
  const stored = await storage.loadDocument(docId);
  const doc = new Y.Doc();
  for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, u);
  return doc.getArray<string>('notes').toArray();
}

function options(storage: Storage, overrides: Partial<WarmStartOptions> = {}): WarmStartOptions {
  return { storage, log, claims: () => true, snapshots: new WarmSnapshots(64 * 1024 * 1024), budgetMs: 60_000, maxDocuments: 100, ...overrides };
}

const opened: { close(): Promise<void> }[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const o of opened.splice(0)) await o.close();
  errors.length = 0;
});

describe('warm start', () => {
  it('folds every tail into a snapshot with everything in it, and keeps the result for first visits', async () => {
    const storage = new MemoryStorage();
    const a = await write(storage, 'a', 3);
    await storage.compact('a', () => Y.encodeStateAsUpdate(a));
    await write(storage, 'a', 4, a);
    await write(storage, 'b', 5);
    const snapshots = new WarmSnapshots(64 * 1024 * 1024);
    const report = await warmStart(options(storage, { snapshots }));
    expect(report).toMatchObject({ compacted: 2, foldedUpdates: 9, leftWithTail: 0, warmed: 2 });
    for (const [docId, count] of [['a', 7], ['b', 5]] as const) {
      const stored = await storage.loadDocument(docId);
      expect(stored.updates).toEqual([]);
      expect(await storedNotes(storage, docId)).toHaveLength(count);
      const warm = snapshots.take(docId)!;
      expect(warm.lastSeq).toBe(stored.lastSeq);
      expect(notesOf(warm.snapshot)).toEqual(await storedNotes(storage, docId));
      expect(warm.stateVector).toEqual(Y.encodeStateVectorFromUpdate(warm.snapshot));
    }
    expect(snapshots.size).toBe(0);
  });

  it('reads the newest snapshots ahead within the byte budget, and leaves documents clients cannot open alone', async () => {
    const storage = new MemoryStorage();
    for (const docId of ['old', 'big', 'new', 'server-only']) {
      const doc = await write(storage, docId, docId === 'big' ? 200 : 2);
      await storage.compact(docId, () => Y.encodeStateAsUpdate(doc));
    }
    await write(storage, 'server-only', 1);
    const sizes = new Map((await storage.recentDocuments(10)).map((d) => [d.docId, d.bytes]));
    // Room for the two small ones, not for the big one between them.
    const snapshots = new WarmSnapshots(sizes.get('old')! + sizes.get('new')! + 10);
    const report = await warmStart(options(storage, { snapshots, claims: (docId) => docId !== 'server-only' }));
    expect(report).toMatchObject({ compacted: 0, warmed: 2, warmBytes: snapshots.bytes });
    expect(snapshots.take('big')).toBeUndefined();
    const fresh = snapshots.take('new')!;
    expect(notesOf(fresh.snapshot)).toEqual(['new 0', 'new 1']);
    const built = new Y.Doc();
    Y.applyUpdate(built, fresh.snapshot);
    expect(fresh.stateVector).toEqual(Y.encodeStateVector(built));
    expect(notesOf(snapshots.take('old')!.snapshot)).toEqual(['old 0', 'old 1']);
    expect((await storage.loadDocument('server-only')).updates).toHaveLength(1);
  });

  it('stops when its time is spent, newest first, and says how many tails it left', async () => {
    const storage = new MemoryStorage();
    for (const docId of ['oldest', 'middle', 'newest']) await write(storage, docId, 2);
    let clock = 0;
    // Each compaction "takes" 10 ms on this clock; the budget allows one.
    const spy = vi.spyOn(storage, 'compact');
    spy.mockImplementation(async (docId, fold) => {
      clock += 10;
      return MemoryStorage.prototype.compact.call(storage, docId, fold);
    });
    const report = await warmStart(options(storage, { budgetMs: 10, now: () => clock }));
    expect(report).toMatchObject({ compacted: 1, leftWithTail: 2 });
    expect((await storage.loadDocument('newest')).updates).toEqual([]);
    expect((await storage.loadDocument('oldest')).updates).toHaveLength(2);
    expect((await storage.loadDocument('middle')).updates).toHaveLength(2);
    // No budget, no work.
    expect(await warmStart(options(storage, { budgetMs: 0 }))).toMatchObject({ compacted: 0, warmed: 0 });
    expect((await storage.loadDocument('oldest')).updates).toHaveLength(2);
  });

  it('leaves a document with an update Yjs rejects exactly as stored, and goes on with the others', async () => {
    const storage = new MemoryStorage();
    await write(storage, 'fine', 2);
    await write(storage, 'broken', 2);
    await storage.appendUpdate('broken', Uint8Array.of(1, 200, 200, 200, 200, 200));
    const before = await storage.loadDocument('broken');
    const report = await warmStart(options(storage));
    expect(report).toMatchObject({ compacted: 1, leftWithTail: 1 });
    expect(await storage.loadDocument('broken')).toEqual(before);
    expect((await storage.loadDocument('fine')).updates).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it('on SQLite too: the tail folded, the snapshot read ahead, nothing lost', async () => {
    const storage = new SqliteStorage({ dataDir: ':memory:' });
    opened.push(storage);
    await write(storage, 'crashed', 30);
    const snapshots = new WarmSnapshots(1024 * 1024);
    expect(await warmStart(options(storage, { snapshots }))).toMatchObject({ compacted: 1, foldedUpdates: 30, warmed: 1 });
    expect(await storage.recentDocuments(10)).toMatchObject([{ docId: 'crashed', tail: 0 }]);
    expect(notesOf(snapshots.take('crashed')!.snapshot)).toHaveLength(30);
  });
});

describe('warm snapshots', () => {
  it('hands each entry out once, keeps to the budget, and drops everything after the hold time', () => {
    vi.useFakeTimers();
    try {
      const warm = new WarmSnapshots(10);
      const entry = (bytes: number, lastSeq: number) => ({ snapshot: new Uint8Array(bytes), lastSeq, stateVector: new Uint8Array(1) });
      expect(warm.add('a', entry(6, 1))).toBe(true);
      expect(warm.add('b', entry(6, 2))).toBe(false);
      expect(warm.add('c', entry(4, 3))).toBe(true);
      expect(warm.bytes).toBe(10);
      expect(warm.take('a')?.lastSeq).toBe(1);
      expect(warm.take('a')).toBeUndefined();
      expect(warm.bytes).toBe(4);
      warm.holdFor(1000);
      vi.advanceTimersByTime(999);
      expect(warm.size).toBe(1);
      vi.advanceTimersByTime(1);
      expect(warm.size).toBe(0);
      expect(warm.bytes).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a live document opened on a warm snapshot', () => {
  /** A server on `storage` that counts whole-document reads, warm-started before any client. */
  async function warmServer(storage: Storage): Promise<{ server: TestServer; loads: string[] }> {
    const loads: string[] = [];
    const load = storage.loadDocument.bind(storage);
    storage.loadDocument = (docId) => {
      loads.push(docId);
      return load(docId);
    };
    const server = await startServer({ storage });
    opened.push(server);
    return { server, loads };
  }

  it('serves the first visit from memory, with whatever was stored after the snapshot was read', async () => {
    const storage = new MemoryStorage();
    const { server, loads } = await warmServer(storage);
    const quiet = await server.createBoard();
    const changed = await server.createBoard();
    for (const boardId of [quiet.boardId, changed.boardId]) {
      const doc = await write(storage, boardId, 3);
      await storage.compact(boardId, () => Y.encodeStateAsUpdate(doc));
    }
    expect(await server.app.warmStart(60_000)).toMatchObject({ warmed: 2 });
    loads.length = 0;
    // Stored after the read-ahead (by the only process there is, through its live documents normally).
    await write(storage, changed.boardId, 1, (() => {
      const doc = new Y.Doc();
      doc.clientID = 99;
      return doc;
    })());
    for (const [board, count] of [[quiet, 3], [changed, 4]] as const) {
      const reader = connectClient(server.syncUrl, board.boardId, board.viewToken);
      clients.push(reader);
      await synced(reader);
      await waitFor(() => reader.doc.getArray('notes').length === count, `${count} notes`);
    }
    expect(loads).toEqual([]);
    expect(server.app.liveDocs.warm.size).toBe(0);
  });

  it('greets at once with the snapshot\'s state vector, read at start-up, without building the doc', async () => {
    const storage = new MemoryStorage();
    const server = await startServer({ storage });
    opened.push(server);
    const board = await server.createBoard();
    const doc = await write(storage, board.boardId, 3);
    await storage.compact(board.boardId, () => Y.encodeStateAsUpdate(doc));
    await server.app.warmStart(60_000);
    const socket = rawSocket(`${server.syncUrl}/${board.boardId}?token=${board.viewToken}`);
    await socket.opened;
    // Nothing sent yet: the first frame is the server's greeting.
    await waitFor(() => socket.frames.length > 0, 'greeting');
    const decoder = decoding.createDecoder(socket.frames[0]!);
    expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([MessageType.sync, SyncMessageType.step1]);
    expect(decoding.readVarUint8Array(decoder)).toEqual(Y.encodeStateVector(doc));
    expect(server.app.liveDocs.docs.get(board.boardId)!.doc.getArray('notes').length).toBe(0);
    socket.ws.close();
  });

  it('reads storage again when the document was compacted after its snapshot was read ahead', async () => {
    const storage = new MemoryStorage();
    const { server, loads } = await warmServer(storage);
    const board = await server.createBoard();
    const doc = await write(storage, board.boardId, 2);
    await storage.compact(board.boardId, () => Y.encodeStateAsUpdate(doc));
    await server.app.warmStart(60_000);
    loads.length = 0;
    await write(storage, board.boardId, 1, doc);
    await storage.compact(board.boardId, () => Y.encodeStateAsUpdate(doc));
    const reader = connectClient(server.syncUrl, board.boardId, board.viewToken);
    clients.push(reader);
    await synced(reader);
    await waitFor(() => reader.doc.getArray('notes').length === 3, 'all three notes');
    expect(loads).toEqual([board.boardId]);
  });

  it('runs one visit through the upgrade path and the token check, quietly, and leaves nothing open', async () => {
    const storage = new MemoryStorage();
    const asked: string[] = [];
    const getBoard = storage.getBoard.bind(storage);
    storage.getBoard = (id) => {
      asked.push(id);
      return getBoard(id);
    };
    const lines: string[] = [];
    const server = await startServer({ storage, logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
    opened.push(server);
    lines.length = 0;
    await server.app.warmStart(60_000);
    expect(asked).toEqual(['plenary-warm-up-visit']);
    expect(server.app.websocketServer.clients.size).toBe(0);
    expect(server.app.liveDocs.docs.size).toBe(0);
    expect(lines.filter((l) => !l.includes('"msg":"warm start"'))).toEqual([]);
    // Logging is back as it was.
    expect(server.app.log.level).toBe('info');
  });

  it('keeps no snapshots with a fan-out (other processes write too)', async () => {
    const { MemoryFanoutHub } = await import('./memory-fanout.ts');
    const storage = new MemoryStorage();
    const server = await startServer({ storage, fanout: new MemoryFanoutHub().member() });
    opened.push(server);
    const board = await server.createBoard();
    const doc = await write(storage, board.boardId, 2);
    await storage.compact(board.boardId, () => Y.encodeStateAsUpdate(doc));
    expect(await server.app.warmStart(60_000)).toMatchObject({ warmed: 0 });
    expect(server.app.liveDocs.warm.bytes).toBe(0);
  });
});
