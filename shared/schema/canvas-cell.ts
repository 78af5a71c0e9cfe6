/**
 * The free text of a canvas cell (Business Model Canvas or Value Proposition Canvas), keyed by the
 * cell's zone. The cell's content is this text (one item per line) plus the notes placed in the zone.
 */
import { z } from 'zod';
import { Id, LongText } from './common.ts';
import { defineRecord } from './migrate.ts';

export const CANVAS_CELL_VERSION = 1;

export const CanvasCellSchema = z.object({
  v: z.literal(CANVAS_CELL_VERSION).default(CANVAS_CELL_VERSION),
  zone: Id,
  text: LongText,
});
export type CanvasCell = z.output<typeof CanvasCellSchema>;

export const canvasCellRecord = defineRecord({ name: 'canvas-cell', version: CANVAS_CELL_VERSION, schema: CanvasCellSchema });

/** The items of a cell text: one per non-empty line, bullets stripped. */
export function cellItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*\u2022]|\d+[.)])\s+/, '').trim())
    .filter((line) => line.length > 0);
}
