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
 */
import WebSocket from 'ws';
import * as Y from 'yjs';

/** Sync step 1 with the state vector of an empty doc. */
const EMPTY_STEP1 = Uint8Array.of(0, 0, 1, 0);
/** Sync step 2 carrying an empty update (no structs, no deletions). */
const EMPTY_STEP2 = Uint8Array.of(0, 1, 2, 0, 0);

let pos = 0;
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

  constructor(id: number, room: number, url: string, hooks: WireHooks) {
    this.id = id;
    this.room = room;
    this.url = url;
    this.#hooks = hooks;
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
      ws.on('open', () => ws.send(EMPTY_STEP1));
      ws.on('close', (code: number) => {
        rejectSynced(new Error(`client ${this.id} closed with ${code} before syncing`));
        hooks.onClose?.(this, code);
      });
      ws.on('message', (data: Buffer) => {
        pos = 0;
        if (readVarUint(data) !== 0) return; // awareness, keepalives
        const subtype = readVarUint(data);
        if (subtype === 2) {
          if (!hooks.onUpdate) return;
          readVarUint(data); // payload length
          const clients = readVarUint(data);
          if (clients === 0) return;
          readVarUint(data); // structs of the first client
          const client = readVarUint(data);
          hooks.onUpdate(this, client, readVarUint(data));
        } else if (subtype === 0) {
          ws.send(EMPTY_STEP2);
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
    this.ws?.send(frame);
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
