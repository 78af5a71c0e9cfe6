/**
 * The rows one table editor (or the canvas grid) shows, as plain data: which rows belong to which table
 * zone, action-plan rows seeded from the selected challenge solutions (through the `actionPlanRows`
 * reducer), the goal tree flattened depth-first, and how a move up/down becomes new `order` values.
 * Pure: boards in, plain rows out.
 */
import { actionPlanRows } from '../../../shared/reducers/action-plan.ts';
import { ACTION_PLAN_COLUMNS, ACTION_PLAN_KINDS, type ActionPlanKind } from '../../../shared/schema/action-plan-row.ts';
import type { Board } from '../../../shared/schema/board.ts';
import type { PlanRow, RowKind } from '../../../shared/schema/plan-row.ts';
import type { ChallengeSolutions } from '../../../shared/schema/results.ts';
import type { Column } from '../../../shared/schema/zone.ts';

/** A table to edit: a table zone of the board, or (zone null) the action plan of a challenge board. */
export type TableTarget = { zone: string | null; kind: RowKind; title: string; columns: readonly Column[] };

export type ViewRow = {
  /** Stable React key: `seed:<challenge>` for a seeded row and the first row written for that challenge, else `row:<id>`. */
  key: string;
  /** The written row's id; null while the row is only seeded from a selected solution. */
  rowId: string | null;
  challenge: string | null;
  /** "from Challenge 1" on rows seeded from (or written for) a challenge's selected solution. */
  from: string | null;
  parent: string | null;
  order: number;
  depth: number;
  cells: Readonly<Record<string, string>>;
};

export function isActionPlanKind(kind: RowKind): kind is ActionPlanKind {
  return (ACTION_PLAN_KINDS as readonly string[]).includes(kind);
}

/**
 * Rows written for a seeded challenge sort before every other row, in challenge order, so a seed keeps
 * its place when someone starts editing it (rows added by hand get orders from 0 up).
 */
export const SEED_ORDER_BASE = -1_000_000;

/** The targets a board offers: its table zones, in board order. */
export function tableTargets(board: Pick<Board, 'zones'>): TableTarget[] {
  return board.zones
    .filter((zone) => zone.role === 'table' && zone.table !== undefined)
    .map((zone) => ({ zone: zone.id, kind: zone.table!, title: zone.title, columns: zone.columns ?? [{ key: 'text', label: 'Text' }] }));
}

/** The challenge board's action plan: no zone, the template's columns. */
export function actionPlanTarget(kind: ActionPlanKind): TableTarget {
  return { zone: null, kind, title: 'Action plan', columns: ACTION_PLAN_COLUMNS[kind].map((column) => ({ ...column })) };
}

/**
 * Whether a written row shows in a target. A row names its table zone; a row without one (or naming a
 * zone that is gone) shows in the first table of its kind, and always in the zone-less action plan.
 */
function belongs(row: PlanRow, target: TableTarget, board: Pick<Board, 'zones'>): boolean {
  if (row.kind !== target.kind) return false;
  if (target.zone === null || row.zone === target.zone) return true;
  const sameKind = board.zones.filter((zone) => zone.role === 'table' && zone.table === target.kind);
  if (sameKind.some((zone) => zone.id === row.zone)) return false;
  return sameKind[0]?.id === target.zone;
}

/** Seeds show in the zone-less plan and in the first table zone of the kind. */
function showsSeeds(target: TableTarget, board: Pick<Board, 'zones'>): boolean {
  if (target.zone === null) return true;
  return board.zones.find((zone) => zone.role === 'table' && zone.table === target.kind)?.id === target.zone;
}

function plain(row: PlanRow, depth: number, from: string | null): ViewRow {
  return { key: `row:${row.id}`, rowId: row.id, challenge: row.challenge, from, parent: row.parent, order: row.order, depth, cells: row.cells };
}

/** The goal tree depth-first: siblings by (order, createdAt, id); rows whose parent is missing (or in a cycle) are roots. */
export function flattenTree<R extends Pick<PlanRow, 'id' | 'parent' | 'order' | 'createdAt'>>(rows: readonly R[]): { row: R; depth: number }[] {
  const ids = new Set(rows.map((row) => row.id));
  const children = new Map<string | null, R[]>();
  const rootOf = (row: R): string | null => {
    // A parent chain that loops back never reaches a root: treat the row as a root.
    const seen = new Set<string>([row.id]);
    let parent = row.parent;
    while (parent !== null && ids.has(parent)) {
      if (seen.has(parent)) return null;
      seen.add(parent);
      parent = rows.find((r) => r.id === parent)?.parent ?? null;
    }
    return row.parent !== null && ids.has(row.parent) ? row.parent : null;
  };
  for (const row of rows) {
    const parent = rootOf(row);
    const list = children.get(parent) ?? [];
    list.push(row);
    children.set(parent, list);
  }
  const byOrder = (a: R, b: R) => a.order - b.order || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const out: { row: R; depth: number }[] = [];
  const visit = (parent: string | null, depth: number): void => {
    for (const row of (children.get(parent) ?? []).sort(byOrder)) {
      out.push({ row, depth });
      visit(row.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/** Every row a target shows, in display order. `solutions` must come from a board read with the control doc. */
export function tableRows(board: Board, target: TableTarget, solutions: ChallengeSolutions | null): ViewRow[] {
  const written = board.rows.filter((row) => belongs(row, target, board));
  const numbers = new Map((solutions?.challenges ?? []).map((c) => [c.id, c.number]));
  const from = (challenge: string | null): string | null => {
    const number = challenge === null ? undefined : numbers.get(challenge);
    return number === undefined ? null : `from Challenge ${number}`;
  };
  if (target.kind === 'goal-tree') return flattenTree(written).map(({ row, depth }) => plain(row, depth, null));
  if (!isActionPlanKind(target.kind) || solutions === null || !showsSeeds(target, board)) return written.map((row) => plain(row, 0, from(row.challenge)));
  const seeds: ViewRow[] = [];
  for (const planned of actionPlanRows(board, target.kind, { solutions })) {
    if (planned.source.kind !== 'selected-solution' || planned.source.challenge === null) continue;
    const challenge = planned.source.challenge;
    const cells: Record<string, string> = {};
    for (const column of ACTION_PLAN_COLUMNS[target.kind]) {
      const value = (planned as unknown as Record<string, string>)[column.key] ?? '';
      if (value !== '') cells[column.key] = value;
    }
    const index = solutions.challenges.findIndex((c) => c.id === challenge);
    seeds.push({ key: `seed:${challenge}`, rowId: null, challenge, from: from(challenge), parent: null, order: SEED_ORDER_BASE + index, depth: 0, cells });
  }
  // Seeds and the rows written for a challenge share the seed orders and the seed's React key, so a
  // seed being edited stays put and keeps its focused input. (Two people writing the same seed at once
  // make two rows: the first keeps the key.)
  const keyed = new Set(seeds.map((seed) => seed.key));
  const rows = [
    ...seeds,
    ...written.map((row) => {
      const view = plain(row, 0, from(row.challenge));
      const seedKey = `seed:${row.challenge}`;
      if (row.challenge === null || keyed.has(seedKey)) return view;
      keyed.add(seedKey);
      return { ...view, key: seedKey };
    }),
  ];
  const created = new Map(written.map((row) => [row.id, row.createdAt]));
  return rows.sort((a, b) => a.order - b.order || (created.get(a.rowId ?? '') ?? -1) - (created.get(b.rowId ?? '') ?? -1) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The order for a row added at the end of `rows` (ignoring seeds, which keep their own range). */
export function nextOrder(rows: readonly Pick<ViewRow, 'order' | 'rowId'>[]): number {
  let max = -1;
  for (const row of rows) if (row.rowId !== null && row.order > SEED_ORDER_BASE / 2) max = Math.max(max, row.order);
  return Math.floor(max) + 1;
}

/** The order a seeded row gets when it is written (its place among the seeds). */
export function seedOrder(solutions: ChallengeSolutions | null, challenge: string): number {
  const index = solutions?.challenges.findIndex((c) => c.id === challenge) ?? -1;
  return SEED_ORDER_BASE + Math.max(0, index);
}

/**
 * New orders for moving `rows[index]` by `delta` (-1 up, +1 down) among `rows` (already in display
 * order; for the goal tree: one row's siblings). Distinct neighbours swap orders (two writes); equal
 * ones are renumbered from the lower of the two, keeping the run's order otherwise. Null when the move
 * is impossible (first row up, last row down, or a seeded row involved).
 */
export function moveOrders(rows: readonly Pick<ViewRow, 'rowId' | 'order'>[], index: number, delta: -1 | 1): Record<string, number> | null {
  const other = index + delta;
  const a = rows[index];
  const b = rows[other];
  if (!a || !b || a.rowId === null || b.rowId === null) return null;
  if (a.order !== b.order) return { [a.rowId]: b.order, [b.rowId]: a.order };
  const ids = rows.map((row) => row.rowId);
  if (ids.some((id) => id === null)) {
    // Seeds cannot be renumbered; only the two rows move, a half step apart.
    return delta === -1 ? { [a.rowId]: b.order - 0.5 } : { [a.rowId]: b.order + 0.5 };
  }
  const sequence = [...ids] as string[];
  [sequence[index], sequence[other]] = [sequence[other]!, sequence[index]!];
  const start = Math.min(...rows.map((row) => row.order));
  const out: Record<string, number> = {};
  sequence.forEach((id, i) => {
    const current = rows.find((row) => row.rowId === id)!.order;
    if (current !== start + i) out[id] = start + i;
  });
  return out;
}

/** The ids of a row and everything under it in the goal tree (deleting a goal deletes its breakdown). */
export function subtree(rows: readonly Pick<ViewRow, 'rowId' | 'parent'>[], rowId: string): string[] {
  const out = [rowId];
  for (let i = 0; i < out.length; i++) {
    for (const row of rows) if (row.rowId !== null && row.parent === out[i] && !out.includes(row.rowId)) out.push(row.rowId);
  }
  return out;
}

/** The four levels of the SMART goal tree, by depth. */
export const GOAL_LEVELS = ['Result goal', 'Indicator', 'Measure', 'Target'] as const;

export function goalLevel(depth: number): string {
  return GOAL_LEVELS[Math.min(depth, GOAL_LEVELS.length - 1)]!;
}
