/**
 * Vote tallies under a budget of dots per person per challenge. The budget rule is deterministic so
 * that every replica and the server agree: a voter's votes within one challenge (the note's zone;
 * notes outside any zone form one group) are taken in the order they were cast (`at`, then note id, see `castOrder`),
 * and those beyond the budget do not count. A client that writes extra votes therefore only loses
 * its own latest ones.
 */
import type { Board } from '../schema/board.ts';
import type { Vote } from '../schema/vote.ts';
import type { VoteTally } from '../schema/results.ts';

export type TallyOptions = {
  /** Dots per person per challenge; defaults to the board's budget from the control document. */
  budget?: number;
};

const NO_ZONE = '\u0000no-zone';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order votes were cast in: time, then note id, then voter (for a total order). */
export function castOrder(a: Vote, b: Vote): number {
  return a.at - b.at || compare(a.note, b.note) || compare(a.voter, b.voter);
}

export function voteTally(board: Board, options: TallyOptions = {}): VoteTally {
  const budget = options.budget ?? board.control.voteBudget;
  const zoneOf = new Map(board.notes.map((note) => [note.id, note.zone ?? NO_ZONE]));
  const ordered = board.control.votes.filter((vote) => zoneOf.has(vote.note)).sort(castOrder);
  const used = new Map<string, number>();
  const seen = new Set<string>();
  const counted: Vote[] = [];
  const dropped: Vote[] = [];
  const counts: Record<string, number> = {};
  for (const vote of ordered) {
    const pair = `${vote.voter}\u0000${vote.note}`;
    if (seen.has(pair)) continue; // one dot per voter and note; readBoard keeps the earliest
    seen.add(pair);
    const group = `${vote.voter}\u0000${zoneOf.get(vote.note) ?? NO_ZONE}`;
    const spent = used.get(group) ?? 0;
    if (spent < budget) {
      used.set(group, spent + 1);
      counted.push(vote);
      counts[vote.note] = (counts[vote.note] ?? 0) + 1;
    } else {
      dropped.push(vote);
    }
  }
  return { budget, counts, counted, dropped };
}
