/**
 * Carries iCalendar bookkeeping from one version of a plan to the next: a meeting that keeps its id but changes
 * slot or table gets SEQUENCE + 1, a meeting that disappears is kept in `cancelled` (SEQUENCE + 1) so every
 * subscribed calendar removes it, and a cancelled meeting that comes back continues its old sequence.
 */
import type { Meeting, Plan } from './model.ts';
import { byPlace } from './model.ts';

export function reconcile(
  prev: Pick<Plan, 'meetings' | 'cancelled'> | null,
  next: readonly Meeting[],
): { meetings: Meeting[]; cancelled: Meeting[] } {
  const sorted = [...next].sort(byPlace);
  if (!prev) return { meetings: sorted.map((m) => ({ ...m, sequence: 0 })), cancelled: [] };
  const before = new Map(prev.meetings.map((m) => [m.id, m]));
  const wasCancelled = new Map(prev.cancelled.map((m) => [m.id, m]));
  const nextIds = new Set(sorted.map((m) => m.id));
  const meetings = sorted.map((m) => {
    const old = before.get(m.id);
    if (old) return { ...m, sequence: old.sequence + (old.slot !== m.slot || old.table !== m.table ? 1 : 0) };
    const gone = wasCancelled.get(m.id);
    return { ...m, sequence: gone ? gone.sequence + 1 : 0 };
  });
  const cancelled: Meeting[] = [];
  for (const m of prev.cancelled) if (!nextIds.has(m.id)) cancelled.push(m);
  for (const m of prev.meetings) if (!nextIds.has(m.id)) cancelled.push({ ...m, sequence: m.sequence + 1 });
  cancelled.sort(byPlace);
  return { meetings, cancelled };
}
