/**
 * priorityMatrix: the notes in the action priority matrix's quadrant zones (impact x effort), with
 * each action's status (a note without one is not started) and a status count per quadrant.
 */
import type { Board } from '../schema/board.ts';
import { NOTE_STATUSES, type NoteStatus } from '../schema/note.ts';
import type { PriorityMatrix } from '../schema/results.ts';
import { QUADRANTS } from '../schema/zone.ts';

export function priorityMatrix(board: Board): PriorityMatrix {
  const quadrantOfZone = new Map<string, string>();
  for (const zone of board.zones) {
    if (zone.role === 'quadrant' && zone.key !== undefined) quadrantOfZone.set(zone.id, zone.key);
  }
  const quadrants = QUADRANTS.map((quadrant) => ({
    key: quadrant.key,
    label: quadrant.label,
    impact: quadrant.impact,
    effort: quadrant.effort,
    items: [] as PriorityMatrix['quadrants'][number]['items'],
    status: Object.fromEntries(NOTE_STATUSES.map((status) => [status, 0])) as Record<NoteStatus, number>,
  }));
  const byKey = new Map(quadrants.map((quadrant) => [quadrant.key as string, quadrant]));
  for (const note of board.notes) {
    if (note.zone === null || note.text.trim() === '') continue;
    const key = quadrantOfZone.get(note.zone);
    const quadrant = key === undefined ? undefined : byKey.get(key);
    if (quadrant === undefined) continue;
    const status = note.status ?? 'not-started';
    quadrant.items.push({ note: note.id, text: note.text.trim(), author: note.author, status });
    quadrant.status[status]++;
  }
  return { quadrants };
}
