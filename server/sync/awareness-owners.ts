/**
 * Who may speak for each awareness client id of one live document. Awareness is not stored, but a client id
 * belongs to whoever first spoke for it, and y-websocket's provider echoes every state it receives, so the
 * live document asks here before it applies a connection's awareness update:
 *
 * - the owner (a workshop participant, any of their connections; else the token) is remembered while the
 *   document is loaded: nobody else may change or remove that state, also while the owner reconnects;
 * - the open connection that introduced an id is the only one that speaks for it; its states leave with it;
 * - ids whose state came from another process (the fan-out) are only echoed by local connections: an echo
 *   carries the clock already known, and only the owner, having moved here (its process died), says
 *   something newer.
 */
import type { Connection } from './connection.ts';

/** The workshop participant behind a connection, else its token (a facilitator's, observer's or board link's). */
function ownerOf(conn: Connection): string {
  const p = conn.principal;
  if (p?.participantId) return `participant:${p.workshopId}:${p.participantId}`;
  return `token:${conn.token ?? `connection:${conn.id}`}`;
}

export class AwarenessOwners {
  #owners = new Map<number, string>();
  #introducers = new Map<number, Connection>();
  #remote = new Set<number>();

  /** A predicate for vetAwarenessUpdate: whether `conn` speaking for `id` at `clock` is someone else's state. */
  ownedByOther(conn: Connection, knownClock: (id: number) => number): (id: number, clock: number) => boolean {
    const owner = ownerOf(conn);
    return (id, clock) => {
      if (this.#remote.has(id)) return clock <= knownClock(id);
      const introducer = this.#introducers.get(id);
      if (introducer !== undefined && introducer !== conn) return true;
      const known = this.#owners.get(id);
      return known !== undefined && known !== owner;
    };
  }

  /** `conn` spoke for `ids` (after the check): it introduces them, and owns those nobody owned. */
  claim(conn: Connection, ids: Iterable<number>): void {
    const owner = ownerOf(conn);
    for (const id of ids) {
      this.#remote.delete(id);
      if (!this.#owners.has(id)) this.#owners.set(id, owner);
      this.#introducers.set(id, conn);
    }
  }

  /** The ids `conn` introduced and still speaks for, forgotten as introduced: their states leave with it. */
  release(conn: Connection): number[] {
    const gone = [...conn.spokenAwarenessIds].filter((id) => this.#introducers.get(id) === conn);
    for (const id of gone) this.#introducers.delete(id);
    return gone;
  }

  /** States that arrived from another process: those not introduced here are another process's clients. */
  arrivedFromElsewhere(ids: Iterable<number>): void {
    for (const id of ids) if (!this.#introducers.has(id)) this.#remote.add(id);
  }

  /** States removed (left, timed out): no longer another process's. */
  removed(ids: Iterable<number>): void {
    for (const id of ids) this.#remote.delete(id);
  }

  /** Ids introduced by this process's connections. */
  local(): number[] {
    return [...this.#introducers.keys()];
  }
}
