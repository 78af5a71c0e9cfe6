/**
 * The board record (its metadata, stored in the board document's `meta` map) and `Board`, the plain
 * validated aggregate that `readBoard` returns and every reducer and export reads.
 */
import { z } from 'zod';
import { Id, ShortText, Timestamp } from './common.ts';
import { defineRecord } from './migrate.ts';
import { ZoneSchema } from './zone.ts';
import { NoteSchema } from './note.ts';
import { ChallengeSchema } from './challenge.ts';
import { PlanRowSchema } from './plan-row.ts';
import { CanvasCellSchema } from './canvas-cell.ts';
import { ParticipantProfileSchema } from './profile.ts';
import { VoteSchema } from './vote.ts';
import { DEFAULT_VOTE_BUDGET, LockSchema, PHASES, TimerSchema } from './control.ts';

export const BOARD_VERSION = 1;

export const BoardMetaSchema = z.object({
  v: z.literal(BOARD_VERSION).default(BOARD_VERSION),
  id: Id,
  title: ShortText.default(''),
  templateId: z.string().max(64).nullable().default(null),
  createdAt: Timestamp.default(0),
});
export type BoardMeta = z.output<typeof BoardMetaSchema>;

export const boardRecord = defineRecord({ name: 'board', version: BOARD_VERSION, schema: BoardMetaSchema });

/** What the control document says about one board, already filtered to it. */
export const BoardControlViewSchema = z.object({
  phase: z.enum(PHASES).nullable(),
  voteBudget: z.number().int().min(0),
  resultsRevealed: z.boolean(),
  hintsRevealed: z.number().int().min(0),
  /** Hints of a scavenger hunt in all, revealed or still kept on the server (0: count the board's). */
  hintsTotal: z.number().int().min(0).default(0),
  /** One per (voter, note), the earliest; only for notes on the board; in cast order (`castOrder`). */
  votes: z.array(VoteSchema),
  locks: z.array(LockSchema),
  timers: z.array(TimerSchema),
});
export type BoardControlView = z.output<typeof BoardControlViewSchema>;

export const EMPTY_CONTROL: BoardControlView = {
  phase: null,
  voteBudget: DEFAULT_VOTE_BUDGET,
  resultsRevealed: false,
  hintsRevealed: 0,
  hintsTotal: 0,
  votes: [],
  locks: [],
  timers: [],
};

export const BoardSchema = z.object({
  meta: BoardMetaSchema,
  /** Sorted by (order, id). */
  zones: z.array(ZoneSchema),
  /** Sorted by (createdAt, id). */
  notes: z.array(NoteSchema),
  /** The challenge zones, with root causes, details and the facilitator's selection; by (number, id). */
  challenges: z.array(ChallengeSchema),
  /** Sorted by (order, createdAt, id). */
  rows: z.array(PlanRowSchema),
  /** Sorted by zone id. */
  cells: z.array(CanvasCellSchema),
  /** Sorted by id. */
  profiles: z.array(ParticipantProfileSchema),
  control: BoardControlViewSchema,
});
export type Board = z.output<typeof BoardSchema>;
