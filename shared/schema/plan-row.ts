/**
 * A row written on a board's table: an action-plan row in one of the three templates, a RACI row, a
 * node of the SMART goal tree, a funding-source share, or a "field | desired change" reflection row.
 * Cells are a flat map of column key -> text, so a table gains a column without a migration; the
 * column sets per kind live in `action-plan-row.ts` and in the templates.
 */
import { z } from 'zod';
import { Id, LongText, ShortText, Timestamp } from './common.ts';
import { defineRecord } from './migrate.ts';

export const ACTION_PLAN_KINDS = ['individual', 'bm-change', 'extended'] as const;
export type ActionPlanKind = (typeof ACTION_PLAN_KINDS)[number];

export const ROW_KINDS = [...ACTION_PLAN_KINDS, 'raci', 'goal-tree', 'funding', 'canvas-change', 'generic'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export const PLAN_ROW_VERSION = 1;

export const PlanRowSchema = z.object({
  v: z.literal(PLAN_ROW_VERSION).default(PLAN_ROW_VERSION),
  id: Id,
  kind: z.enum(ROW_KINDS),
  /** The table zone the row sits in, if any. */
  zone: Id.nullable().default(null),
  /** The challenge (zone id) this row elaborates; it then replaces the row seeded from that challenge. */
  challenge: Id.nullable().default(null),
  /** Goal tree and work breakdown: the parent row. */
  parent: Id.nullable().default(null),
  order: z.number().finite().default(0),
  author: ShortText.default(''),
  createdAt: Timestamp.default(0),
  cells: z.record(z.string().max(100), LongText).default({}),
});
export type PlanRow = z.output<typeof PlanRowSchema>;
export type PlanRowInput = z.input<typeof PlanRowSchema>;

export const planRowRecord = defineRecord({ name: 'plan-row', version: PLAN_ROW_VERSION, schema: PlanRowSchema });
