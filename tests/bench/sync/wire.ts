/**
 * The load generator's side of the y-websocket protocol: raw `ws` sockets, no provider, and nothing received is
 * ever applied to a Y.Doc, so that one process can hold thousands of clients.
 *
 * Handshake, as y-websocket's provider does it: on open a client sends its sync step 1 (an empty state vector);
 * it answers the server's step 1 with an empty step 2; it counts as synced when the server's step 2 arrives.
 * Each client owns a private Y.Doc whose clientID is the client's number and pushes one short string into the
 * Y.Array `bench` per update, so the Yjs clock of its n-th update is n. A relayed update is identified by the
 * (client, clock) of its first struct, read straight from the bytes:
 *   frame  = varUint 0 (sync) | varUint 2 (update) | varUint length | update
 *   update = varUint #clients (1) | varUint #structs (1) | varUint client | varUint clock | ...
 * An update that holds more than one struct (a server that merges what arrived together, as Hocuspocus does
 * within one event-loop turn) is read with Y.parseUpdateMeta and counts once per (client, clock) it carries.
 *
 * Hocuspocus speaks the same sync messages with the document's name in front of each (varString), and wants an
 * auth message (type 2, token subtype 0, a token) before anything else: a client given `address` does both.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';

/** Sync step 1 with the state vector of an empty doc. */
const EMPTY_STEP1 = Uint8Array.of(0, 0, 1, 0);
/** Sync step 2 carrying an empty update (no structs, no deletions). */
const EMPTY_STEP2 = Uint8Array.of(0, 1, 2, 0, 0);

let pos = 0;
const textEncoder = new TextEncoder();

function readVarUint(buf: Uint8Array): number {
  let value = 0;
  let mult = 1;
  for (;;) {
    const byte = buf[pos++];
    if (byte === undefined) throw new Error('truncated varUint');
    value += (byte & 0x7f) * mult;
    if (byte < 0x80) return value;
    mult *= 128;
  }
}

function writeVarUint(out: number[], value: number): void {
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
}

function varString(text: string): number[] {
  const bytes = textEncoder.encode(text);
  const out: number[] = [];
  writeVarUint(out, bytes.byteLength);
  out.push(...bytes);
  return out;
}

export function syncFrame(subtype: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const head: number[] = [0, subtype];
  writeVarUint(head, payload.byteLength);
  const frame = new Uint8Array(head.length + payload.byteLength);
  frame.set(head, 0);
  frame.set(payload, head.length);
  return frame;
}

export type WireHooks = {
  /** A relayed update whose first struct is (client, clock) reached `receiver`. */
  onUpdate?: (receiver: BenchClient, client: number, clock: number) => void;
  /** The server's sync step 2; `payload` is the update it carries. */
  onStep2?: (receiver: BenchClient, payload: Uint8Array) => void;
  onClose?: (client: BenchClient, code: number) => void;
};

export class BenchClient {
  /** Also the Yjs clientID of this client's doc (> 0). */
  readonly id: number;
  readonly room: number;
  readonly url: string;
  readonly doc = new Y.Doc();
  ws: WebSocket | null = null;
  closedByUs = false;
  #hooks: WireHooks;
  #lastUpdate: Uint8Array | null = null;
  #sent = 0;
  /** Hocuspocus only: varString(document name), put in front of every frame. */
  #prefix: Uint8Array | null;
  /** Which server process of a scaled-out target this client talks to (0 for a single server). */
  readonly server: number;

  constructor(id: number, room: number, url: string, hooks: WireHooks, options: { address?: string; server?: number } = {}) {
    this.id = id;
    this.room = room;
    this.url = url;
    this.#hooks = hooks;
    this.#prefix = options.address === undefined ? null : Uint8Array.from(varString(options.address));
    this.server = options.server ?? 0;
    this.doc.clientID = id;
    this.doc.on('update', (update: Uint8Array) => {
      this.#lastUpdate = update;
    });
  }

  /** Opens the socket; resolves once the server's sync step 2 has arrived. */
  connect(): Promise<void> {
    const hooks = this.#hooks;
    const ws = new WebSocket(this.url, { perMessageDeflate: false });
    this.ws = ws;
    ws.on('error', () => undefined);
    return new Promise<void>((resolveSynced, rejectSynced) => {
      ws.on('open', () => {
        // Hocuspocus: auth first (an empty token; the bench server has no onAuthenticate hook).
        if (this.#prefix) ws.send(Uint8Array.of(...this.#prefix, 2, 0, 0));
        this.#send(EMPTY_STEP1);
      });
      ws.on('close', (code: number) => {
        rejectSynced(new Error(`client ${this.id} closed with ${code} before syncing`));
        hooks.onClose?.(this, code);
      });
      ws.on('message', (data: Buffer) => {
        pos = 0;
        if (this.#prefix) {
          const nameLength = readVarUint(data);
          pos += nameLength; // past the document name
        }
        const type = readVarUint(data);
        // 0 sync; Hocuspocus also answers a step 1 with 4 (sync reply). Others: awareness, auth, acks.
        if (type !== 0 && type !== 4) return;
        const subtype = readVarUint(data);
        if (subtype === 2) {
          if (!hooks.onUpdate) return;
          const length = readVarUint(data);
          const start = pos;
          const clients = readVarUint(data);
          if (clients === 0) return;
          const structs = readVarUint(data);
          if (clients === 1 && structs === 1) {
            const client = readVarUint(data);
            hooks.onUpdate(this, client, readVarUint(data));
            return;
          }
          const meta = Y.parseUpdateMeta(data.subarray(start, start + length));
          for (const [client, from] of meta.from) {
            const to = meta.to.get(client) ?? from;
            for (let clock = from; clock < to; clock++) hooks.onUpdate(this, client, clock);
          }
        } else if (subtype === 0) {
          this.#send(EMPTY_STEP2);
        } else if (subtype === 1) {
          if (hooks.onStep2) {
            const length = readVarUint(data);
            hooks.onStep2(this, data.subarray(pos, pos + length));
          }
          resolveSynced();
        }
      });
    });
  }

  send(frame: Uint8Array): void {
    this.#send(frame);
  }

  #send(frame: Uint8Array): void {
    if (!this.#prefix) {
      this.ws?.send(frame);
      return;
    }
    const out = new Uint8Array(this.#prefix.byteLength + frame.byteLength);
    out.set(this.#prefix, 0);
    out.set(frame, this.#prefix.byteLength);
    this.ws?.send(out);
  }

  /** How many updates this client has made; the next one carries this clock. */
  get sent(): number {
    return this.#sent;
  }

  /** Makes the next small update (about 60 bytes on the wire) and returns its sync-update frame. */
  nextFrame(): Uint8Array {
    const text = `client ${this.id} update ${this.#sent} `.padEnd(40, '.');
    this.doc.getArray<string>('bench').push([text]);
    this.#sent++;
    if (!this.#lastUpdate) throw new Error('the doc emitted no update');
    return syncFrame(2, this.#lastUpdate);
  }

  close(): void {
    this.closedByUs = true;
    this.ws?.terminate();
  }
}

/** Connects many clients, `batch` handshakes at a time, and resolves when all have synced. */
export async function connectAll(clients: BenchClient[], batch: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < clients.length; i += batch) {
    const group = clients.slice(i, i + batch).map((c) => c.connect());
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`clients did not sync within ${timeoutMs} ms`)), Math.max(0, left));
    });
    try {
      await Promise.race([Promise.all(group), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
