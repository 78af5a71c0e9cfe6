/**
 * A first visit (empty state vector) gets the whole doc from a frame the room encodes once per state of
 * the doc (server/sync/live-doc.ts): it must always be the current state, whatever happened since it was made.
 */
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType, SyncMessageType } from '../../shared/protocol/messages.ts';
import { rawSocket, synced, syncStep1Frame, syncUpdateFrame, waitFor } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import type { TestServer } from '../helpers/server.ts';

const fixture = serverPerTest();
const client = fixture.client;
let server: TestServer | null = null;

/** Connects a raw socket, sends sync step 1 for `doc`'s state, and answers the step 2 frame's update. */
async function step2For(boardId: string, token: string, doc = new Y.Doc()): Promise<Uint8Array> {
  const socket = rawSocket(`${server!.syncUrl}/${boardId}?token=${token}`);
  await socket.opened;
  socket.send(syncStep1Frame(doc));
  const isStep2 = (frame: Uint8Array): boolean => frame[0] === MessageType.sync && frame[1] === SyncMessageType.step2;
  await waitFor(() => socket.frames.some(isStep2), 'sync step 2');
  socket.ws.close();
  const decoder = decoding.createDecoder(socket.frames.find(isStep2)!);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

const texts = (doc: Y.Doc) => doc.getArray<string>('notes').toArray();

function docFrom(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

describe('first visits', () => {
  it('each first visit gets the state of the moment, across changes and compactions', async () => {
    server = await fixture.start();
    const board = await server.createBoard();
    const writer = client(board.boardId, board.editToken);
    await synced(writer);
    const notes = writer.doc.getArray<string>('notes');
    const room = () => server!.app.liveDocs.docs.get(board.boardId)!;
    const serverHas = (n: number) => waitFor(() => room().doc.getArray('notes').length === n, `server has ${n} notes`);

    notes.push(['one']);
    await serverHas(1);
    const first = client(board.boardId, board.viewToken);
    await synced(first);
    expect(texts(first.doc)).toEqual(['one']);

    notes.push(['two']);
    await serverHas(2);
    const second = client(board.boardId, board.viewToken);
    await synced(second);
    expect(texts(second.doc)).toEqual(['one', 'two']);

    await room().compact();
    expect(texts(docFrom(await step2For(board.boardId, board.viewToken)))).toEqual(['one', 'two']);
    notes.push(['three']);
    await serverHas(3);
    expect(texts(docFrom(await step2For(board.boardId, board.viewToken)))).toEqual(['one', 'two', 'three']);
    // Earlier visitors got the change as an update like anyone.
    await waitFor(() => texts(first.doc).length === 3 && texts(second.doc).length === 3, 'relayed');
  });

  it('two first visits of an unchanged doc get the same bytes; a returning visitor only what it lacks', async () => {
    server = await fixture.start();
    const board = await server.createBoard();
    const writer = client(board.boardId, board.editToken);
    await synced(writer);
    writer.doc.getArray<string>('notes').push(['a', 'b', 'c']);
    await waitFor(() => server!.app.liveDocs.docs.get(board.boardId)?.doc.getArray('notes').length === 3, 'server has all');
    const a = await step2For(board.boardId, board.viewToken);
    const b = await step2For(board.boardId, board.viewToken);
    expect(b).toEqual(a);
    expect(texts(docFrom(a))).toEqual(['a', 'b', 'c']);

    const returning = docFrom(a);
    const nothingNew = await step2For(board.boardId, board.viewToken, returning);
    expect(nothingNew.byteLength).toBeLessThan(a.byteLength);
    Y.applyUpdate(returning, nothingNew);
    expect(texts(returning)).toEqual(['a', 'b', 'c']);
  });

  it('a board loaded from a snapshot alone serves that snapshot, then the changes made since', async () => {
    server = await fixture.start();
    const board = await server.createBoard();
    const source = new Y.Doc();
    source.getArray<string>('notes').push(['from the snapshot']);
    await server.storage.compact(board.boardId, () => Y.encodeStateAsUpdate(source));
    expect(texts(docFrom(await step2For(board.boardId, board.viewToken)))).toEqual(['from the snapshot']);
    const writer = client(board.boardId, board.editToken);
    await synced(writer);
    writer.doc.getArray<string>('notes').push(['after']);
    await waitFor(() => server!.app.liveDocs.docs.get(board.boardId)?.doc.getArray('notes').length === 2, 'server has both');
    expect(texts(docFrom(await step2For(board.boardId, board.viewToken)))).toEqual(['from the snapshot', 'after']);
  });

  it('a board stored as a snapshot is served as stored bytes, and its doc is built only once something writes', async () => {
    server = await fixture.start();
    const board = await server.createBoard();
    const source = new Y.Doc();
    source.getArray<string>('notes').push(['n1', 'n2']);
    const snapshot = Y.encodeStateAsUpdate(source);
    await server.storage.compact(board.boardId, () => snapshot);

    const socket = rawSocket(`${server.syncUrl}/${board.boardId}?token=${board.editToken}`);
    await socket.opened;
    socket.send(syncStep1Frame(new Y.Doc()));
    const isSync = (sub: number) => (frame: Uint8Array) => frame[0] === MessageType.sync && frame[1] === sub;
    await waitFor(() => socket.frames.some(isSync(SyncMessageType.step2)), 'sync step 2');
    const decoder = decoding.createDecoder(socket.frames.find(isSync(SyncMessageType.step2))!);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    // Byte for byte what storage holds: nothing was decoded or re-encoded on the way.
    expect(decoding.readVarUint8Array(decoder)).toEqual(snapshot);

    // The server's own step 1 follows the reply, with the snapshot's state vector read from its bytes.
    await waitFor(() => socket.frames.some(isSync(SyncMessageType.step1)), "the server's sync step 1");
    const step1 = decoding.createDecoder(socket.frames.find(isSync(SyncMessageType.step1))!);
    decoding.readVarUint(step1);
    decoding.readVarUint(step1);
    expect(decoding.readVarUint8Array(step1)).toEqual(Y.encodeStateVector(source));
    expect(socket.frames.findIndex(isSync(SyncMessageType.step2))).toBeLessThan(socket.frames.findIndex(isSync(SyncMessageType.step1)));

    // Looking builds nothing: a second first visit gets the same stored bytes, and the doc is still empty.
    const room = server.app.liveDocs.docs.get(board.boardId)!;
    expect(await step2For(board.boardId, board.viewToken)).toEqual(snapshot);
    expect(room.doc.getArray('notes').length).toBe(0);

    // An update from this client builds the doc and lands on top of the stored content, for everyone.
    const mine = docFrom(snapshot);
    let update: Uint8Array | null = null;
    mine.on('update', (u: Uint8Array) => (update = u));
    mine.getArray<string>('notes').push(['n3']);
    socket.send(syncUpdateFrame(update!));
    await waitFor(() => room.doc.getArray('notes').length === 3, 'server has all three');
    socket.ws.close();
    expect(texts(docFrom(await step2For(board.boardId, board.viewToken)))).toEqual(['n1', 'n2', 'n3']);
  });

  it('server-side readers of a board stored as a snapshot see its content without any client', async () => {
    server = await fixture.start();
    const board = await server.createBoard();
    const source = new Y.Doc();
    source.getArray<string>('notes').push(['kept']);
    await server.storage.compact(board.boardId, () => Y.encodeStateAsUpdate(source));
    const seen = await server.app.liveDocs.withDoc(board.boardId, async (live) => texts(live.doc));
    expect(seen).toEqual(['kept']);
  });
});
