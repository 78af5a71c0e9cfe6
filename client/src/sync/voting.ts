/**
 * Dot voting on a workshop room's board. Votes are requests to the server (it checks phase, room and the
 * budget); this store keeps what the page knows: whether voting is open, this participant's own dots,
 * and everybody's dots once the facilitator has revealed them. Notes subscribe to their own dot count.
 */
type Listener = () => void;

export type VotingState = {
  active: boolean;
  revealed: boolean;
  budget: number;
  mine: ReadonlySet<string>;
  counts: ReadonlyMap<string, number>;
  message: string | null;
};

class VotingStore {
  state: VotingState = { active: false, revealed: false, budget: 0, mine: new Set(), counts: new Map(), message: null };
  toggle: (noteId: string) => void = () => undefined;
  #listeners = new Set<Listener>();

  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  set(partial: Partial<VotingState>): void {
    this.state = { ...this.state, ...partial };
    for (const listener of this.#listeners) listener();
  }

  /** "count:mine" for one note: a primitive, so React re-renders the note only when it changes. */
  dotsFor(noteId: string): string {
    const { revealed, counts, mine } = this.state;
    const count = revealed ? (counts.get(noteId) ?? 0) : mine.has(noteId) ? 1 : 0;
    return `${count}:${mine.has(noteId) ? 1 : 0}`;
  }
}

export const voting = new VotingStore();
