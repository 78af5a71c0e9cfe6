/**
 * Where a table zone's grid sits on the canvas: below the zone's title (and description), a header row
 * with the column labels, then one line per row, with a narrow row-number column first. Short columns
 * (dates, shares, RACI letters) get less width than text columns. Rows that do not fit are summarised
 * as "+ N more rows". Wide tables draw bigger (up to 1.5x), so a table stays readable when the whole
 * board is on a plenary screen or in the PNG. Pure geometry in board units.
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

/** How much bigger than GRID a zone this wide draws its grid. */
export function gridScale(zoneWidth: number): number {
  return Math.min(1.5, Math.max(1, zoneWidth / 800));
}

export type GridLayout = {
  /** Multiplies GRID's header, row and number sizes (and the font sizes). */
  scale: number;
  header: number;
  row: number;
  number: number;
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
  const scale = gridScale(zone.w);
  const header = Math.round(GRID.header * scale);
  const row = Math.round(GRID.row * scale);
  const number = Math.round(GRID.number * scale);
  const x = GRID.side;
  const y = zone.description !== '' ? GRID.topWithDescription : GRID.top;
  const w = Math.max(number + 10 * columns.length, zone.w - 2 * GRID.side);
  const weights = columns.map((column) => columnWeight(column.key, zone.table));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const free = w - number;
  let at = x + number;
  const laid = columns.map((column, i) => {
    const cw = (free * weights[i]!) / total;
    const out = { key: column.key, label: column.label, x: at, w: cw };
    at += cw;
    return out;
  });
  const room = Math.max(0, zone.h - y - GRID.bottom - header);
  let shown = Math.min(rows, Math.floor(room / row));
  // Keep one line for "+ N more rows" when not everything fits.
  if (shown < rows && shown > 0) shown = Math.min(shown, Math.floor((room - row) / row));
  shown = Math.max(0, shown);
  const hidden = rows - shown;
  return { scale, header, row, number, x, y, w, columns: laid, shown, hidden, h: header + (shown + (hidden > 0 ? 1 : 0)) * row };
}
