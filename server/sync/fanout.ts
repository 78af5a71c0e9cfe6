/**
 * What the sync core asks of a fan-out between server processes (redis-fanout.ts implements it over Redis
 * pub/sub; without REDIS_URL there is none and nothing of it is loaded). Every live document subscribes
 * to its own channel before it reads storage, publishes each change after storing it, and applies what
 * other processes publish as a REMOTE change: relayed to its own clients, neither stored again nor
 * republished. The fan-out drops its own messages (they carry the publishing process's id).
 *
 * Messages are hints, storage is the truth: a lost message costs latency, never data. When the fan-out may
 * have lost messages (its Redis connection dropped, a publish could not leave), it calls the `resync`
 * listeners and every open document re-reads storage and relays what its clients lack.
 */
export const FANOUT_KINDS = {
  /** A Yjs update, stored before it was published. */
  update: 1,
  /** An awareness update from the publisher's own clients. */
  awareness: 2,
  /** "Re-read this document from storage": a publisher that could not publish for a while. */
  resync: 3,
  /** "Send the awareness states of your clients": a process that just opened the document. */
  queryAwareness: 4,
} as const;
export type FanoutKind = (typeof FANOUT_KINDS)[keyof typeof FANOUT_KINDS];

export type FanoutMessage = {
  kind: FanoutKind;
  payload: Uint8Array;
  /** Date.now() at the publisher, for the relay-lag histogram. */
  sentAt: number;
};

export interface Fanout {
  /** Resolves once messages on the document's channel reach `onMessage` (or, with Redis down, at once: the reconnect resyncs). */
  subscribe(docId: string, onMessage: (message: FanoutMessage) => void): Promise<void>;
  /** Only if `onMessage` is still the document's subscriber (a reopened document may have replaced it). */
  unsubscribe(docId: string, onMessage: (message: FanoutMessage) => void): void;
  publish(docId: string, kind: FanoutKind, payload: Uint8Array): void;
  /** Called whenever messages may have been lost; open documents then re-read storage. */
  onResync(listener: () => void): void;
  /** For /healthz: whether both connections are up. */
  readonly healthy: boolean;
  close(): Promise<void>;
}
