/**
 * Where the derived views sit on the board, from the zones alone (so the first "fit the board" can
 * count them before anything is read): the Business Model Canvas's desired-changes table right of the
 * two canvases, a value-proposition statement right of each Value Proposition Canvas row, and the two
 * funding pies right of the funding tables, and the priority matrix's impact and effort axes.
 */
import type { Zone } from '../../../shared/schema/zone.ts';

export type Box = { x: number; y: number; w: number; h: number };

export const DIFF_WIDTH = 1320;
export const STATEMENT_WIDTH = 760;
export const PIES_WIDTH = 760;
const GAP = 60;

export type DerivedLayout = {
  diff: Box | null;
  statements: { row: number; box: Box }[];
  /** One box per funding table, in zone order (current first). */
  pies: { zone: string; box: Box }[];
  /** The priority matrix's axes: impact left of the quadrants, effort under them. */
  axes: { impact: Box; effort: Box } | null;
};

function bounds(zones: readonly Box[]): Box | null {
  if (zones.length === 0) return null;
  const x0 = Math.min(...zones.map((z) => z.x));
  const y0 = Math.min(...zones.map((z) => z.y));
  const x1 = Math.max(...zones.map((z) => z.x + z.w));
  const y1 = Math.max(...zones.map((z) => z.y + z.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export function derivedLayout(zones: readonly Zone[]): DerivedLayout {
  const canvas = bounds(zones.filter((z) => z.role === 'canvas-cell' && z.variant !== undefined));
  const diff = canvas && { x: canvas.x + canvas.w + GAP, y: canvas.y, w: DIFF_WIDTH, h: canvas.h };

  const rowCells = zones.filter((z) => z.role === 'canvas-cell' && z.variant === undefined && z.row !== undefined);
  const all = bounds(rowCells);
  const rows = [...new Set(rowCells.map((z) => z.row ?? 0))].sort((a, b) => a - b);
  const statements = all
    ? rows.map((row) => {
        const box = bounds(rowCells.filter((z) => z.row === row)) ?? all;
        return { row, box: { x: all.x + all.w + GAP, y: box.y, w: STATEMENT_WIDTH, h: box.h } };
      })
    : [];

  const tables = zones.filter((z) => z.role === 'table' && z.table === 'funding');
  const funding = bounds(tables);
  const pies = funding
    ? tables.map((zone, index) => {
        const h = Math.max(360, zone.h);
        return { zone: zone.id, box: { x: funding.x + funding.w + GAP - 10, y: funding.y + index * (h + 20), w: PIES_WIDTH, h } };
      })
    : [];
  const matrix = bounds(zones.filter((z) => z.role === 'quadrant'));
  const axes = matrix && {
    impact: { x: matrix.x - 70, y: matrix.y, w: 56, h: matrix.h },
    effort: { x: matrix.x, y: matrix.y + matrix.h + 14, w: matrix.w, h: 56 },
  };
  return { diff, statements, pies, axes };
}

/** Every derived box, for fitting the view to the whole board. */
export function derivedBoxes(layout: DerivedLayout): Box[] {
  return [
    ...(layout.diff ? [layout.diff] : []),
    ...layout.statements.map((s) => s.box),
    ...layout.pies.map((p) => p.box),
    ...(layout.axes ? [layout.axes.impact, layout.axes.effort] : []),
  ];
}

/**
 * Whether the derived layer would draw nothing: no canvas cell (its tag, its text, the desired-changes
 * table, the statements), no funding pie, no matrix axes, no scavenger-hunt count. The canvas then leaves
 * the layer out: each layer is a stage-sized canvas the browser allocates and composites.
 */
export function drawsNothing(layout: DerivedLayout, zones: readonly Pick<Zone, 'role'>[], cells: number): boolean {
  return (
    layout.diff === null &&
    layout.statements.length === 0 &&
    layout.pies.length === 0 &&
    layout.axes === null &&
    cells === 0 &&
    !zones.some((zone) => zone.role === 'canvas-cell' || zone.role === 'hints')
  );
}
