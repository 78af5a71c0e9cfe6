/**
 * readControl: a workshop's control document -> plain data about the workshop as a whole (phase per
 * board and for the workshop, budgets, reveals, locks, timers, selections, plenary, rooms, roster,
 * messages, timetable), for screens that show every room and for the server's write checks. Votes are
 * left out (readBoard reads a board's votes with its notes). Like readBoard it never throws: records
 * that do not validate are skipped.
 *
 * `observeControl` calls back after each transaction that changed anything but the votes, which is how
 * the server's caches of the control document stay derived from it (a restart or another server's
 * write reaches them the same way as this server's own).
 */
import * as Y from 'yjs';
import { BoardControlSchema, DEFAULT_VOTE_BUDGET, LockSchema, PHASES, SelectionSchema, TimerSchema, type BoardControl, type Lock, type Phase, type Selection, type Timer } from '../schema/control.ts';
import { changedRoots } from './changes.ts';
import { CONTROL_MAPS } from './layout.ts';
import { readWorkshopControl, WORKSHOP_CONTROL_MAPS, type WorkshopControlView } from './workshop-control.ts';

export type ControlView = WorkshopControlView & {
  workshop: { phase: Phase | null; voteBudget: number };
  /** Per-board settings as written; a board without an entry follows the workshop. */
  boards: Record<string, BoardControl>;
  locks: Lock[];
  timers: Timer[];
  selections: Selection[];
};

function plain(value: unknown): Record<string, unknown> {
  if (value instanceof Y.Map) return value.toJSON();
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function valid<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, map: Y.Map<unknown>): T[] {
  const out: T[] = [];
  for (const key of [...map.keys()].sort()) {
    const parsed = schema.safeParse(plain(map.get(key)));
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

export function readControl(control: Y.Doc): ControlView {
  const workshop = plain(control.getMap(CONTROL_MAPS.workshop));
  const phase = typeof workshop['phase'] === 'string' && (PHASES as readonly string[]).includes(workshop['phase']) ? (workshop['phase'] as Phase) : null;
  const budget = workshop['voteBudget'];
  const boards: Record<string, BoardControl> = {};
  const boardsMap = control.getMap<unknown>(CONTROL_MAPS.boards);
  for (const key of [...boardsMap.keys()].sort()) {
    const parsed = BoardControlSchema.safeParse(plain(boardsMap.get(key)));
    if (parsed.success) boards[key] = parsed.data;
  }
  return {
    ...readWorkshopControl(control),
    workshop: { phase, voteBudget: typeof budget === 'number' && Number.isInteger(budget) && budget >= 0 ? budget : DEFAULT_VOTE_BUDGET },
    boards,
    locks: valid(LockSchema, control.getMap(CONTROL_MAPS.locks)),
    timers: valid(TimerSchema, control.getMap(CONTROL_MAPS.timers)),
    selections: valid(SelectionSchema, control.getMap(CONTROL_MAPS.selections)),
  };
}

/** The phase a board is in: its own, else the workshop's. */
export function boardPhaseIn(view: ControlView, board: string): Phase | null {
  return view.boards[board]?.phase ?? view.workshop.phase;
}

const WATCHED: readonly string[] = [
  CONTROL_MAPS.workshop,
  CONTROL_MAPS.boards,
  CONTROL_MAPS.locks,
  CONTROL_MAPS.timers,
  CONTROL_MAPS.selections,
  ...Object.values(WORKSHOP_CONTROL_MAPS),
];

/** Calls `listener` after every transaction that changed the control document outside its votes. */
export function observeControl(control: Y.Doc, listener: () => void): () => void {
  const handler = (transaction: Y.Transaction) => {
    const roots = changedRoots(control, transaction);
    if (WATCHED.some((name) => roots.has(name))) listener();
  };
  control.on('afterTransaction', handler);
  return () => control.off('afterTransaction', handler);
}
