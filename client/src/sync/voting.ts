/**
 * Dot voting on a workshop room's board. Votes are requests to the server (it checks phase, room and the
 * budget); this store keeps what the page knows: whether voting is open, this participant's own dots,
 * and everybody's dots once the facilitator has revealed them. Notes subscribe to their own dot count.
 */
import { dotsLeft as budgetLeft } from '../../../shared/reducers/votes.ts';

type Listener = () => void;

export type VotingState = {
  active: boolean;
  revealed: boolean;
  budget: number;
  mine: ReadonlySet<string>;
  counts: ReadonlyMap<string, number>;
  message: string | null;
};

export type ChallengeRef = { id: string; number?: number | undefined };

/** Dots left per challenge, by the budget rule the server and the tally use, from this participant's dots in each challenge's column. */
export function dotsLeft(budget: number, mine: ReadonlySet<string>, zoneOf: (noteId: string) => string | null, challenges: readonly ChallengeRef[]): { id: string; label: string; left: number }[] {
  const used = new Map<string, number>();
  for (const note of mine) {
    const zone = zoneOf(note);
    if (zone !== null) used.set(zone, (used.get(zone) ?? 0) + 1);
  }
  return challenges.map((c, i) => ({ id: c.id, label: `C${c.number ?? i + 1}`, left: budgetLeft(budget, used.get(c.id) ?? 0) }));
}

class VotingStore {
  state: VotingState = { active: false, revealed: false, budget: 0, mine: new Set(), counts: new Map(), message: null };
  toggle: (noteId: string) => void = () => undefined;
  /** The open board's challenge columns and where each note sits, for the dots left per challenge. */
  board: { challenges: () => readonly ChallengeRef[]; zoneOf: (noteId: string) => string | null } | null = null;
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
