/**
 * A zone is a region of a board with a role: a challenge column, a canvas cell, a matrix quadrant, a
 * table, a theme. Notes belong to at most one zone (their `zone` field), and reducers read a board
 * through its zones. Role-specific facts are optional flat fields so that an unknown role from a newer
 * template still reads as a generic area.
 */
import { z } from 'zod';
import { Coordinate, Id, ShortText, Size } from './common.ts';
import { defineRecord } from './migrate.ts';
import { ROW_KINDS } from './plan-row.ts';

export const ZONE_ROLES = [
  'challenge', // a challenge column: its notes are ideas, voted on, one selected and detailed
  'canvas-cell', // a cell of the Business Model Canvas or the Value Proposition Canvas
  'quadrant', // a quadrant of the action priority matrix
  'table', // a table of rows (action plans, RACI, goal tree, funding split)
  'theme', // a theme that participants' challenges are grouped into
  'category', // a labelled column of notes (PESTEL letter, feedback column)
  'hints', // scavenger hunt hints, revealed one by one by the facilitator
  'guesses', // scavenger hunt guesses
  'area', // anything else
] as const;
export type ZoneRole = (typeof ZONE_ROLES)[number];

/** Action priority matrix quadrants by impact and effort (workshop-formats.md §5). */
export const QUADRANTS = [
  { key: 'quick-wins', label: 'Quick wins', impact: 'high', effort: 'low' },
  { key: 'major-projects', label: 'Major projects', impact: 'high', effort: 'high' },
  { key: 'fill-ins', label: 'Fill-ins', impact: 'low', effort: 'low' },
  { key: 'thankless-tasks', label: 'Thankless tasks', impact: 'low', effort: 'high' },
] as const;
export type QuadrantKey = (typeof QUADRANTS)[number]['key'];

export const CANVAS_VARIANTS = ['current', 'desired'] as const;
export type CanvasVariant = (typeof CANVAS_VARIANTS)[number];

export const ColumnSchema = z.object({ key: z.string().min(1).max(100), label: ShortText.min(1) });
export type Column = z.output<typeof ColumnSchema>;

export const ZONE_VERSION = 1;

export const ZoneSchema = z.object({
  v: z.literal(ZONE_VERSION).default(ZONE_VERSION),
  id: Id,
  role: z.enum(ZONE_ROLES),
  title: ShortText,
  description: ShortText.default(''),
  /** Reading order on the board, ascending; ties by id. */
  order: z.number().int().default(0),
  x: Coordinate,
  y: Coordinate,
  w: Size,
  h: Size,
  /** Canvas field, quadrant, PESTEL letter, feedback column ... depending on the role. */
  key: z.string().min(1).max(100).optional(),
  /** Business Model Canvas: the current canvas or the desired one in 5 years. */
  variant: z.enum(CANVAS_VARIANTS).optional(),
  /** Value Proposition Canvas: the stakeholder row (1-based). */
  row: z.number().int().min(1).max(100).optional(),
  /** Challenge number as the facilitators number them across groups ("Challenge 5"). */
  number: z.number().int().min(1).max(10_000).optional(),
  /** e.g. business-development / financing for canvas cells. */
  tags: z.array(z.string().max(60)).max(20).default([]),
  /** For `table` zones: the kind of rows this table holds. */
  table: z.enum(ROW_KINDS).optional(),
  /** For `table` zones: the columns, in order. RACI tables list the people here. */
  columns: z.array(ColumnSchema).min(1).max(50).optional(),
});
export type Zone = z.output<typeof ZoneSchema>;
export type ZoneInput = z.input<typeof ZoneSchema>;

export const zoneRecord = defineRecord({ name: 'zone', version: ZONE_VERSION, schema: ZoneSchema });
