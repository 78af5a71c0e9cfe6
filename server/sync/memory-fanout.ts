/**
 * The fan-out between several apps in one process (tests): a hub passes each message to every other
 * member subscribed to the document, asynchronously like Redis. `disconnect()` drops a member's messages,
 * both ways, until `reconnect()`, which then resyncs as the Redis fan-out does after a lost connection.
 */
import { FANOUT_KINDS, type Fanout, type FanoutKind, type FanoutMessage } from './fanout.ts';

export class MemoryFanoutHub {
  readonly members = new Set<MemoryFanout>();

  member(): MemoryFanout {
    const member = new MemoryFanout(this);
    this.members.add(member);
    return member;
  }
}

export class MemoryFanout implements Fanout {
  #hub: MemoryFanoutHub;
  #handlers = new Map<string, (message: FanoutMessage) => void>();
  #resync: (() => void)[] = [];
  #connected = true;

  constructor(hub: MemoryFanoutHub) {
    this.#hub = hub;
  }

  get healthy(): boolean {
    return this.#connected;
  }

  async subscribe(docId: string, onMessage: (message: FanoutMessage) => void): Promise<void> {
    this.#handlers.set(docId, onMessage);
  }

  unsubscribe(docId: string, onMessage: (message: FanoutMessage) => void): void {
    if (this.#handlers.get(docId) === onMessage) this.#handlers.delete(docId);
  }

  publish(docId: string, kind: FanoutKind, payload: Uint8Array): void {
    if (!this.#connected) return;
    const message = { kind, payload: payload.slice(), sentAt: Date.now() };
    for (const member of this.#hub.members) {
      if (member !== this) setImmediate(() => member.#deliver(docId, message));
    }
  }

  onResync(listener: () => void): void {
    this.#resync.push(listener);
  }

  disconnect(): void {
    this.#connected = false;
  }

  /** Back: this member re-reads its open documents, and asks the others to re-read them (what it published meanwhile was lost). */
  reconnect(): void {
    this.#connected = true;
    for (const listener of this.#resync) listener();
    for (const docId of this.#handlers.keys()) this.publish(docId, FANOUT_KINDS.resync, new Uint8Array(0));
  }

  async close(): Promise<void> {
    this.#hub.members.delete(this);
    this.#handlers.clear();
  }

  #deliver(docId: string, message: FanoutMessage): void {
    if (this.#connected) this.#handlers.get(docId)?.(message);
  }
}
