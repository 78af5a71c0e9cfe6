/**
 * Where a table zone's grid sits on the canvas: below the zone's title (and description), a header row
 * with the column labels, then one line per row, with a narrow row-number column first. Short columns
 * (dates, shares, RACI letters) get less width than text columns. Rows that do not fit are summarised
 * as "+ N more rows". Pure geometry in board units.
 */
import type { Column } from '../../../shared/schema/zone.ts';

export const GRID = { side: 14, top: 72, topWithDescription: 108, bottom: 14, header: 34, row: 32, number: 36 } as const;

const NARROW = new Set(['share', 'start', 'due', 'deadline', 'level']);

/** Relative width of a column: RACI people and dates are narrow, text columns wide. */
export function columnWeight(key: string, kind: string | undefined): number {
  if (kind === 'raci') return key === 'deliverable' ? 2.4 : 1;
  if (NARROW.has(key)) return 0.6;
  return 1;
}

export type GridLayout = {
  x: number;
  y: number;
  w: number;
  columns: { key: string; label: string; x: number; w: number }[];
  /** Rows drawn (the rest are summarised). */
  shown: number;
  hidden: number;
  /** Height of header plus drawn rows (plus the "more" line). */
  h: number;
};

export function gridLayout(zone: { w: number; h: number; description: string; table?: string | undefined }, columns: readonly Column[], rows: number): GridLayout {
  const x = GRID.side;
  const y = zone.description !== '' ? GRID.topWithDescription : GRID.top;
  const w = Math.max(GRID.number + 10 * columns.length, zone.w - 2 * GRID.side);
  const weights = columns.map((column) => columnWeight(column.key, zone.table));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const free = w - GRID.number;
  let at = x + GRID.number;
  const laid = columns.map((column, i) => {
    const cw = (free * weights[i]!) / total;
    const out = { key: column.key, label: column.label, x: at, w: cw };
    at += cw;
    return out;
  });
  const room = Math.max(0, zone.h - y - GRID.bottom - GRID.header);
  let shown = Math.min(rows, Math.floor(room / GRID.row));
  // Keep one line for "+ N more rows" when not everything fits.
  if (shown < rows && shown > 0) shown = Math.min(shown, Math.floor((room - GRID.row) / GRID.row));
  shown = Math.max(0, shown);
  const hidden = rows - shown;
  return { x, y, w, columns: laid, shown, hidden, h: GRID.header + (shown + (hidden > 0 ? 1 : 0)) * GRID.row };
}
