/**
 * Vote tallies under a budget of dots per person per challenge. The budget rule is deterministic so
 * that every replica and the server agree: a voter's votes within one challenge (the note's zone;
 * notes outside any zone form one group) are taken in the order they were cast (`at`, then note id, see `castOrder`),
 * and those beyond the budget do not count. A client that writes extra votes therefore only loses
 * its own latest ones.
 */
import type { Board } from '../schema/board.ts';
import { castOrder, type Vote } from '../schema/vote.ts';
import type { VoteTally } from '../schema/results.ts';

export type TallyOptions = {
  /** Dots per person per challenge; defaults to the board's budget from the control document. */
  budget?: number;
};

const NO_ZONE = '\u0000no-zone';

/**
 * The budget rule, written once: how many more dots a voter may put on one challenge, having `used`
 * there already. The server refuses a dot when it is 0, the tally stops counting there, and the
 * participant's screen shows it per challenge.
 */
export function dotsLeft(budget: number, used: number): number {
  return Math.max(0, budget - used);
}

export { castOrder };

function inCastOrder(votes: readonly Vote[]): boolean {
  for (let i = 1; i < votes.length; i++) if (castOrder(votes[i - 1] as Vote, votes[i] as Vote) > 0) return false;
  return true;
}

export function voteTally(board: Board, options: TallyOptions = {}): VoteTally {
  const budget = options.budget ?? board.control.voteBudget;
  const zoneOf = new Map<string, string>();
  for (const note of board.notes) zoneOf.set(note.id, note.zone ?? NO_ZONE);
  // readBoard hands the votes over in cast order already; sort only data built by other means.
  const votes = inCastOrder(board.control.votes) ? board.control.votes : [...board.control.votes].sort(castOrder);
  const spentBy = new Map<string, Map<string, number>>();
  const seenBy = new Map<string, Set<string>>();
  const counted: Vote[] = [];
  const dropped: Vote[] = [];
  const counts = new Map<string, number>();
  for (const vote of votes) {
    const zone = zoneOf.get(vote.note);
    if (zone === undefined) continue; // readBoard already dropped and reported these
    let seen = seenBy.get(vote.voter);
    if (seen === undefined) {
      seen = new Set();
      seenBy.set(vote.voter, seen);
    }
    if (seen.has(vote.note)) continue; // one dot per voter and note; readBoard keeps the earliest
    seen.add(vote.note);
    let spent = spentBy.get(vote.voter);
    if (spent === undefined) {
      spent = new Map();
      spentBy.set(vote.voter, spent);
    }
    const used = spent.get(zone) ?? 0;
    if (dotsLeft(budget, used) > 0) {
      spent.set(zone, used + 1);
      counted.push(vote);
      counts.set(vote.note, (counts.get(vote.note) ?? 0) + 1);
    } else {
      dropped.push(vote);
    }
  }
  return { budget, counts: Object.fromEntries(counts), counted, dropped };
}
