/** Misbehaving clients: each bad frame closes only its own connection; everyone else carries on. */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { CloseCode, MessageType } from '../../shared/protocol/messages.ts';
import { connectClient, rawSocket, synced, syncUpdateFrame, waitFor, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

/** A healthy editor and viewer on the board, plus a client on another board, all still working afterwards. */
async function bystanders(boardId: string, editToken: string, viewToken: string) {
  const other = await server.createBoard();
  const editor = connectClient(server.syncUrl, boardId, editToken);
  const viewer = connectClient(server.syncUrl, boardId, viewToken);
  const elsewhere = connectClient(server.syncUrl, other.boardId, other.editToken);
  clients.push(editor, viewer, elsewhere);
  await Promise.all([synced(editor), synced(viewer), synced(elsewhere)]);
  return {
    async stillWork(label: string) {
      editor.doc.getArray<string>('notes').push([label]);
      elsewhere.doc.getArray<string>('notes').push([label]);
      await waitFor(() => viewer.doc.getArray<string>('notes').toArray().includes(label), `viewer sees ${label}`);
      expect(editor.provider.wsconnected && viewer.provider.wsconnected && elsewhere.provider.wsconnected).toBe(true);
    },
  };
}

function awarenessFrame(payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

const cases: { name: string; frame: Uint8Array | string; code: number }[] = [
  { name: 'a frame that does not decode', frame: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), code: CloseCode.badMessage },
  { name: 'an unknown message type', frame: new Uint8Array([7, 1, 2, 3]), code: CloseCode.badMessage },
  { name: 'an unknown sync subtype', frame: new Uint8Array([0, 9, 0]), code: CloseCode.badMessage },
  { name: 'a truncated sync message', frame: new Uint8Array([0, 2, 50, 1, 2]), code: CloseCode.badMessage },
  { name: 'an update that Yjs rejects', frame: syncUpdateFrame(new Uint8Array([5, 200, 1, 7, 7, 7, 7, 7])), code: CloseCode.badUpdate },
  { name: 'an awareness update that does not decode', frame: awarenessFrame(new Uint8Array([1, 5, 1, 9, 123])), code: CloseCode.badMessage },
  { name: 'a text frame', frame: 'hello', code: CloseCode.badMessage },
];

describe('bad frames', () => {
  for (const { name, frame, code } of cases) {
    it(`${name} closes only that connection (${code})`, async () => {
      server = await startServer();
      const board = await server.createBoard();
      const others = await bystanders(board.boardId, board.editToken, board.viewToken);
      const bad = rawSocket(`${server.syncUrl}/${board.boardId}?token=${board.editToken}`);
      await bad.opened;
      await waitFor(() => bad.frames.length > 0, 'greeting');
      bad.send(frame);
      expect((await bad.closed).code).toBe(code);
      await others.stillWork(`after ${name}`);
      const stored = await server.storage.loadDocument(board.boardId);
      expect(stored.updates.length).toBeGreaterThan(0);
    });
  }

  it('refuses an oversized frame with 1009 and keeps the board', async () => {
    server = await startServer({ maxMessageBytes: 64 * 1024 });
    const board = await server.createBoard();
    const others = await bystanders(board.boardId, board.editToken, board.viewToken);
    await others.stillWork('before');
    const bad = rawSocket(`${server.syncUrl}/${board.boardId}?token=${board.editToken}`);
    await bad.opened;
    bad.send(syncUpdateFrame(randomBytes(100 * 1024)));
    expect((await bad.closed).code).toBe(CloseCode.tooLarge);
    await others.stillWork('after');
  });

  it('refuses a 64 MiB frame from its header, without waiting for the body', async () => {
    server = await startServer();
    const board = await server.createBoard();
    const others = await bystanders(board.boardId, board.editToken, board.viewToken);
    const port = new URL(server.httpUrl).port;
    const socket = connect(Number(port), '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (d) => received.push(d));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `GET /sync/${board.boardId}?token=${board.editToken} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await waitFor(() => Buffer.concat(received).includes('\r\n\r\n'), 'handshake');
    expect(Buffer.concat(received).toString()).toMatch(/^HTTP\/1\.1 101/);
    received.length = 0;
    // FIN + binary, masked, 64-bit length = 64 MiB; then only 1 KiB of the body.
    const header = Buffer.alloc(14);
    header[0] = 0x82;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(64n * 1024n * 1024n, 2);
    randomBytes(4).copy(header, 10);
    socket.write(Buffer.concat([header, randomBytes(1024)]));
    await ended;
    const reply = Buffer.concat(received);
    // The server's close frame: opcode 0x8, status 1009, although 99.998% of the frame was never sent.
    const closeAt = reply.indexOf(0x88);
    expect(closeAt).toBeGreaterThanOrEqual(0);
    expect(reply.readUInt16BE(closeAt + 2)).toBe(CloseCode.tooLarge);
    await others.stillWork('after the giant frame');
  });
});

describe('unauthorised connections get nothing', () => {
  const variants = [
    { name: 'no token', query: '' },
    { name: 'a wrong token', query: '?token=AAAAAAAAAAAAAAAAAAAAAAAA' },
    { name: 'the token of another board', query: 'other' },
  ];
  for (const v of variants) {
    it(`${v.name}: closed with 4401 and not a single frame`, async () => {
      server = await startServer();
      const board = await server.createBoard();
      const other = await server.createBoard();
      const editor = connectClient(server.syncUrl, board.boardId, board.editToken);
      clients.push(editor);
      await synced(editor);
      editor.doc.getArray<string>('notes').push(['secret']);
      editor.provider.awareness.setLocalState({ name: 'Ana' });
      const query = v.query === 'other' ? `?token=${other.editToken}` : v.query;
      const intruder = rawSocket(`${server.syncUrl}/${board.boardId}${query}`);
      await intruder.opened;
      intruder.send(syncUpdateFrame(new Uint8Array([0, 0])));
      const closed = await intruder.closed;
      expect(closed.code).toBe(CloseCode.unauthorized);
      expect(intruder.frames).toEqual([]);
    });
  }

  it('an address that keeps presenting wrong tokens is turned away for a while, even with a right one', async () => {
    server = await startServer({ authRateLimit: 3 });
    const board = await server.createBoard();
    for (let i = 0; i < 3; i++) {
      const s = rawSocket(`${server.syncUrl}/${board.boardId}?token=guess${i}`);
      expect((await s.closed).code).toBe(CloseCode.unauthorized);
    }
    const right = rawSocket(`${server.syncUrl}/${board.boardId}?token=${board.editToken}`);
    expect((await right.closed).code).toBe(CloseCode.tooManyRequests);
    expect(right.frames).toEqual([]);
  });

  it('an unknown board: closed with 4404 and nothing sent', async () => {
    server = await startServer();
    const s = rawSocket(`${server.syncUrl}/doesnotexist?token=x`);
    const closed = await s.closed;
    expect(closed.code).toBe(CloseCode.notFound);
    expect(s.frames).toEqual([]);
  });
});
