/**
 * A dot vote: one voter, one note, at most one dot per voter and note. Written only by the server into
 * the control document, stamped with the server's clock; the budget rule in shared/reducers/votes.ts
 * orders a voter's votes by (at, note) to decide which ones count.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { defineRecord } from './migrate.ts';

export const VOTE_VERSION = 1;

export const VoteSchema = z.object({
  v: z.literal(VOTE_VERSION).default(VOTE_VERSION),
  board: Id,
  voter: Id,
  note: Id,
  at: Timestamp,
});
export type Vote = z.output<typeof VoteSchema>;
export type VoteInput = z.input<typeof VoteSchema>;

export const voteRecord = defineRecord({ name: 'vote', version: VOTE_VERSION, schema: VoteSchema });

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order votes were cast in: server time, then note id, then voter (a total order). */
export function castOrder(a: Vote, b: Vote): number {
  return a.at - b.at || compareStrings(a.note, b.note) || compareStrings(a.voter, b.voter);
}
