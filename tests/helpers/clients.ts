/** Real clients for integration tests: y-websocket's provider over `ws`, and raw protocol sockets. */
import * as net from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, SyncMessageType } from '../../shared/protocol/messages.ts';

export type Client = { doc: Y.Doc; provider: WebsocketProvider; destroy: () => void };

// y-websocket's provider adds a process 'exit' listener per instance under Node (to say goodbye in awareness)
// and removes it on destroy: a test with a room of 40 clients holds 40 at once, which is not a leak. Without
// this, Node warns at the eleventh.
process.setMaxListeners(Math.max(process.getMaxListeners(), 500));

export function connectClient(syncUrl: string, boardId: string, token: string, doc = new Y.Doc()): Client {
  const provider = new WebsocketProvider(syncUrl, boardId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return {
    doc,
    provider,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function synced(client: Client): Promise<void> {
  await waitFor(() => client.provider.synced, 'sync');
}

let passes = 0;

/**
 * For negative checks ("the refused write did not arrive"): `from` says something harmless, an awareness
 * field of its own, and this waits until every client in `to` has heard it. The server handles one
 * connection's frames in order (an update is applied, stored and relayed before the next frame is read) and
 * every socket delivers in order, so by then whatever `from` sent earlier has reached `to`, or was refused.
 * Assert the absence after this instead of sleeping and hoping the sleep was long enough.
 */
export async function passedThrough(from: Client, ...to: Client[]): Promise<void> {
  if (to.length === 0) throw new Error('passedThrough needs a client to hear it');
  const mark = `${from.doc.clientID}:${++passes}`;
  from.provider.awareness.setLocalStateField('passedThrough', mark);
  const heard = (c: Client) => (c.provider.awareness.getStates().get(from.doc.clientID) as { passedThrough?: string } | undefined)?.passedThrough === mark;
  await waitFor(() => to.every(heard), `${to.length} client(s) to hear from client ${from.doc.clientID}`);
}

/** A websocket that records every frame and the close event, for checking exactly what the server sends. */
export type RawSocket = {
  ws: WebSocket;
  frames: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  send: (bytes: Uint8Array | string) => void;
};

export function rawSocket(url: string): RawSocket {
  const ws = new WebSocket(url);
  const frames: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  ws.on('error', () => undefined);
  const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, frames, opened, closed, send: (bytes) => ws.send(bytes) };
}

export function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, SyncMessageType.update);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, SyncMessageType.step1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  return encoding.toUint8Array(encoder);
}

/**
 * Waits until the server has handled everything `client` sent so far: it asks the server for a sync step 2
 * on the client's own socket and waits for that answer (one connection's frames are handled in order). For
 * negative checks from a client whose awareness the server drops (a view connection).
 */
export async function handledAll(client: Client): Promise<void> {
  const ws = client.provider.ws;
  if (!ws) throw new Error('the client has no socket');
  let answered = false;
  const onMessage = (event: { data: unknown }) => {
    const data = event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : (event.data as Uint8Array);
    const d = decoding.createDecoder(data);
    if (decoding.readVarUint(d) === MessageType.sync && decoding.readVarUint(d) === SyncMessageType.step2) answered = true;
  };
  ws.addEventListener('message', onMessage);
  try {
    ws.send(syncStep1Frame(new Y.Doc()));
    await waitFor(() => answered, 'the server to answer a sync step 1');
  } finally {
    ws.removeEventListener('message', onMessage);
  }
}

/** Deterministic PRNG (mulberry32) for seeded randomised tests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sends a websocket upgrade request with the path exactly as given and returns the HTTP status. */
export async function upgradeStatus(httpUrl: string, path: string): Promise<number> {
  const { port } = new URL(httpUrl);
  const socket = net.connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const head = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString('latin1'))));
  socket.destroy();
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
}
