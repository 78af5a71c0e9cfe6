/**
 * Builders of plain `Board` data for reducer tests and the benchmark: terse on purpose, so that a
 * table case fits on one line. Not used by production code.
 */
import { EMPTY_CONTROL, type Board } from '../schema/board.ts';
import type { Note } from '../schema/note.ts';
import type { PlanRow } from '../schema/plan-row.ts';
import type { Vote } from '../schema/vote.ts';
import { ZoneSchema, type Zone, type ZoneInput } from '../schema/zone.ts';

export function zone(id: string, role: Zone['role'], extra: Partial<ZoneInput> = {}): Zone {
  return ZoneSchema.parse({ id, role, title: extra.title ?? id, x: 0, y: 0, w: 100, h: 100, ...extra });
}

export function note(id: string, zoneId: string | null, createdAt: number, extra: Partial<Note> = {}): Note {
  return { v: 1, id, text: `idea ${id}`, author: 'ana', color: '#fde68a', x: 0, y: 0, w: 160, h: 120, zone: zoneId, createdAt, ...extra };
}

export function row(id: string, kind: PlanRow['kind'], cells: Record<string, string>, extra: Partial<PlanRow> = {}): PlanRow {
  return { v: 1, id, kind, zone: null, challenge: null, parent: null, order: 0, author: '', createdAt: 0, cells, ...extra };
}

/** "v1:a1 v2:a1@5": voter v1 voted for note a1, v2 for a1 at time 5 (default time: position in the list). */
export function votes(spec: string, board = 'b'): Vote[] {
  return spec
    .split(/\s+/)
    .filter((item) => item !== '')
    .map((item, index) => {
      const [pair = '', at] = item.split('@');
      const [voter = '', noteId = ''] = pair.split(':');
      return { v: 1, board, voter, note: noteId, at: at === undefined ? index : Number(at) };
    });
}

export function makeBoard(parts: {
  zones?: Zone[];
  notes?: Note[];
  rows?: PlanRow[];
  votes?: Vote[];
  selections?: Record<string, string>;
  budget?: number;
  cells?: Record<string, string>;
}): Board {
  const zones = parts.zones ?? [];
  const challengeZones = zones.filter((z) => z.role === 'challenge');
  return {
    meta: { v: 1, id: 'b', title: 'Test board', templateId: null, createdAt: 0 },
    zones,
    notes: [...(parts.notes ?? [])].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)),
    challenges: challengeZones.map((z, index) => ({
      v: 1,
      id: z.id,
      number: z.number ?? index + 1,
      title: z.title,
      rootCauses: '',
      selected: parts.selections?.[z.id] ?? null,
      details: '',
    })),
    rows: parts.rows ?? [],
    cells: Object.entries(parts.cells ?? {}).map(([zoneId, text]) => ({ v: 1, zone: zoneId, text })),
    profiles: [],
    control: { ...EMPTY_CONTROL, votes: parts.votes ?? [], voteBudget: parts.budget ?? EMPTY_CONTROL.voteBudget },
  };
}
