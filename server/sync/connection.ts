/**
 * One websocket of one client in one live document. Frames are processed one at a time in arrival order; those
 * that arrive before the live document has loaded wait in the inbox instead of being dropped.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { Principal } from '../auth/principal.ts';

export type Role = 'edit' | 'view';

let nextId = 1;

export class Connection {
  readonly id = nextId++;
  readonly ws: WebSocket;
  #baseLog: FastifyBaseLogger;
  #docId: string;
  #log: FastifyBaseLogger | null = null;
  role: Role | null = null;
  /** The token the connection opened with, to ask again whether it may stay (extensions.ts recheck). */
  token: string | undefined = undefined;
  /** The workshop identity behind the token, when the token is a workshop token. */
  principal: Principal | null = null;
  /**
   * Every awareness client id this connection ever introduced (bounded by AWARENESS_LIMITS); their states
   * are removed for everyone when it closes.
   */
  readonly spokenAwarenessIds = new Set<number>();
  /** Updates from this connection dropped because they could not integrate yet (live-doc.ts #admit). */
  unresolvedUpdates = 0;
  lastSentAt = Date.now();
  lastPingAt = Date.now();
  awaitingPong = false;
  closed = false;
  #inbox: Uint8Array[] = [];
  #handler: ((frame: Uint8Array) => Promise<void>) | null = null;
  #pumping = false;
  #maxBufferedBytes: number;

  constructor(ws: WebSocket, log: FastifyBaseLogger, docId: string, maxBufferedBytes: number) {
    this.ws = ws;
    this.#baseLog = log;
    this.#docId = docId;
    this.#maxBufferedBytes = maxBufferedBytes;
  }

  /** Made on first use: thousands of quiet connections need no logger of their own (about 3 KB each). */
  get log(): FastifyBaseLogger {
    this.#log ??= this.#baseLog.child({ docId: this.#docId });
    return this.#log;
  }

  get canWrite(): boolean {
    return this.role === 'edit';
  }

  receive(frame: Uint8Array): void {
    if (this.closed) return;
    this.#inbox.push(frame);
    void this.#pump();
  }

  /** Starts processing queued and future frames with `handler`. */
  start(handler: (frame: Uint8Array) => Promise<void>): void {
    this.#handler = handler;
    void this.#pump();
  }

  /** `written`, if given, is called once the message has been handed to the kernel (or the socket failed). */
  send(message: Uint8Array, written?: () => void): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.#maxBufferedBytes) {
      this.close(4408, 'client too slow');
      return;
    }
    if (written) this.ws.send(message, written);
    else this.ws.send(message);
    this.lastSentAt = Date.now();
  }

  /**
   * Sends `head` and `body` as one websocket message of two fragments (the peer sees their concatenation),
   * so that a large body is not copied into a frame first. `written` as for send().
   */
  sendInTwo(head: Uint8Array, body: Uint8Array, written?: () => void): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.#maxBufferedBytes) {
      this.close(4408, 'client too slow');
      return;
    }
    // Back to back: nothing may be sent between the fragments of a message.
    this.ws.send(head, { binary: true, fin: false });
    this.ws.send(body, { binary: true, fin: true }, written);
    this.lastSentAt = Date.now();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.#inbox = [];
    if (code >= 4000) this.log.warn({ code, reason }, 'closing connection');
    else this.log.info({ code, reason }, 'closing connection');
    this.ws.close(code, reason);
  }

  async #pump(): Promise<void> {
    if (this.#pumping || !this.#handler) return;
    this.#pumping = true;
    try {
      while (!this.closed && this.#inbox.length > 0) {
        const frame = this.#inbox.shift() as Uint8Array;
        await this.#handler(frame);
      }
    } finally {
      this.#pumping = false;
    }
  }
}
