/**
 * Reading and writing y-websocket frames (layout in shared/protocol/messages.ts). Decoding never
 * trusts the bytes: anything that does not parse becomes a ProtocolError carrying the close code.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode, MessageType, SyncMessageType } from '../../shared/protocol/messages.ts';

export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' };

export class ProtocolError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync: {
        const sub = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (sub === SyncMessageType.step1) return { kind: 'sync-step1', stateVector: payload };
        if (sub === SyncMessageType.step2 || sub === SyncMessageType.update) return { kind: 'update', update: payload };
        throw new ProtocolError(CloseCode.badMessage, `unknown sync message type ${sub}`);
      }
      case MessageType.awareness:
        return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
      case MessageType.queryAwareness:
        return { kind: 'query-awareness' };
      default:
        throw new ProtocolError(CloseCode.badMessage, `unknown message type ${type}`);
    }
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(CloseCode.badMessage, `frame does not decode: ${(err as Error).message}`);
  }
}

export function encodeSyncStep1(doc: Y.Doc | Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, SyncMessageType.step1);
  // A doc, or a state vector already encoded (read from a stored snapshot without building its doc).
  encoding.writeVarUint8Array(encoder, doc instanceof Uint8Array ? doc : Y.encodeStateVector(doc));
  return encoding.toUint8Array(encoder);
}

/** Everything the peer lacks, given its state vector. Throws ProtocolError when the vector is malformed. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  let diff: Uint8Array;
  try {
    diff = Y.encodeStateAsUpdate(doc, stateVector);
  } catch (err) {
    throw new ProtocolError(CloseCode.badMessage, `state vector does not decode: ${(err as Error).message}`);
  }
  return encodeSyncStep2Update(diff);
}

/**
 * `type | subtype | varUint length | payload` in one allocation and one copy (lib0's encoder would grow its
 * buffer in steps and copy a multi-megabyte payload twice).
 */
function syncFrame(subtype: number, payload: Uint8Array): Uint8Array {
  const head = syncHead(subtype, payload.byteLength);
  const frame = new Uint8Array(head.byteLength + payload.byteLength);
  frame.set(head, 0);
  frame.set(payload, head.byteLength);
  return frame;
}

/** The bytes of a sync frame before its payload of `length` bytes. */
function syncHead(subtype: number, length: number): Uint8Array {
  const head = [MessageType.sync, subtype];
  while (length > 0x7f) {
    head.push((length & 0x7f) | 0x80);
    length = Math.floor(length / 128);
  }
  head.push(length);
  return Uint8Array.from(head);
}

/**
 * What goes before `update` in a sync step 2 frame: sent as a first fragment of one websocket message with
 * the update itself as the second, a multi-megabyte stored snapshot reaches the socket without being copied.
 */
export function syncStep2Head(update: Uint8Array): Uint8Array {
  return syncHead(SyncMessageType.step2, update.byteLength);
}

/** A sync step 2 frame carrying `update` (for instance the whole document, encoded once and reused). */
export function encodeSyncStep2Update(update: Uint8Array): Uint8Array {
  return syncFrame(SyncMessageType.step2, update);
}

/** The state vector of a peer that has nothing yet (a first visit): zero clients. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return syncFrame(SyncMessageType.update, update);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/**
 * An awareness update that lists no client: y-websocket's provider reads it as a message (resetting its
 * 30 s silence watchdog) and changes nothing. Three bytes.
 */
export const KEEPALIVE: Uint8Array = (() => {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 0);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
})();

/**
 * Parses an update fully without applying it. Returns false when it carries nothing (no structs, no
 * deletions). With `rootNames`, an update that would create a top-level type under any other name is
 * refused: only items without neighbours name their parent, so this catches every new root.
 */
export function validateUpdate(update: Uint8Array, rootNames?: ReadonlySet<string>): boolean {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    throw new ProtocolError(CloseCode.badUpdate, `update does not decode: ${(err as Error).message}`);
  }
  if (rootNames) {
    for (const struct of decoded.structs) {
      // In a decoded update, a top-level parent is its name (the typings only know integrated items).
      const parent = struct instanceof Y.Item ? (struct.parent as unknown) : null;
      if (typeof parent === 'string' && !rootNames.has(parent)) {
        throw new ProtocolError(CloseCode.forbidden, `no such top-level name: ${parent.slice(0, 40)}`);
      }
    }
  }
  return decoded.structs.length > 0 || decoded.ds.clients.size > 0;
}
