/**
 * Records of the workshop's control document, written only by the server: the phase, timers,
 * the facilitator's selection per challenge and locks. Votes are in vote.ts.
 */
import { z } from 'zod';
import { Id, ShortText, Timestamp } from './common.ts';
import { defineRecord } from './migrate.ts';

/** The five-stage breakout (workshop-formats.md §2) plus the ends around it. */
export const PHASES = ['setup', 'define', 'ideate', 'vote', 'select', 'detail', 'present', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

export const DEFAULT_VOTE_BUDGET = 3;

export const CONTROL_VERSION = 1;

export const SelectionSchema = z.object({
  v: z.literal(CONTROL_VERSION).default(CONTROL_VERSION),
  board: Id,
  challenge: Id,
  note: Id,
  by: ShortText.default(''),
  at: Timestamp.default(0),
});
export type Selection = z.output<typeof SelectionSchema>;

export const TimerSchema = z.object({
  v: z.literal(CONTROL_VERSION).default(CONTROL_VERSION),
  id: Id,
  /** The board it runs on; null for a workshop-wide timer. */
  board: Id.nullable().default(null),
  label: ShortText.default(''),
  /** Server clock, ms. While paused, `remainingMs` holds what is left and `endsAt` is null. */
  endsAt: Timestamp.nullable(),
  remainingMs: z.number().finite().nonnegative().nullable().default(null),
});
export type Timer = z.output<typeof TimerSchema>;

export const LockSchema = z.object({
  v: z.literal(CONTROL_VERSION).default(CONTROL_VERSION),
  board: Id,
  /** A locked zone; null locks the whole board. */
  zone: Id.nullable().default(null),
  by: ShortText.default(''),
  at: Timestamp.default(0),
});
export type Lock = z.output<typeof LockSchema>;

/** Per-board settings in the control document. */
export const BoardControlSchema = z.object({
  v: z.literal(CONTROL_VERSION).default(CONTROL_VERSION),
  phase: z.enum(PHASES).nullable().default(null),
  voteBudget: z.number().int().min(0).max(100).nullable().default(null),
  /** Vote counts are hidden from participants until the facilitator reveals them. */
  resultsRevealed: z.boolean().default(false),
  /** Scavenger hunt: how many hints are visible. */
  hintsRevealed: z.number().int().min(0).default(0),
});
export type BoardControl = z.output<typeof BoardControlSchema>;

export const selectionRecord = defineRecord({ name: 'selection', version: CONTROL_VERSION, schema: SelectionSchema });
export const timerRecord = defineRecord({ name: 'timer', version: CONTROL_VERSION, schema: TimerSchema });
export const lockRecord = defineRecord({ name: 'lock', version: CONTROL_VERSION, schema: LockSchema });
export const boardControlRecord = defineRecord({ name: 'board-control', version: CONTROL_VERSION, schema: BoardControlSchema });
