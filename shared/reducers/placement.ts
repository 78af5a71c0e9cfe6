/**
 * Where post-its go in the zones that collect them (challenge columns, canvas cells, quadrants, themes,
 * categories ...), as pure geometry over plain zones and notes, so that every client derives the same
 * picture from the same document:
 *   - a zone grows downwards to hold the notes put in it, when nothing lies beneath it (challenge
 *     columns, PESTEL and feedback columns; a cell of a canvas grid keeps its size, the cell below it
 *     would be covered). Growth is derived, never written: the stored zone keeps its size.
 *   - a new note goes to the first free spot of its zone (reading order: rows from the top, left to
 *     right), below the last row when the zone is full and can grow;
 *   - "tidy" packs a zone's notes into rows in reading order, moving only the notes the person may move
 *     (the others stay where they are and are packed around).
 * Table zones draw rows, not notes, and take no part in any of this.
 */
import type { Zone } from '../schema/zone.ts';

export type Box = { x: number; y: number; w: number; h: number };
export type ZoneBox = Pick<Zone, 'id' | 'role' | 'x' | 'y' | 'w' | 'h' | 'description'>;
export type NoteBox = Box & { id: string; zone: string | null };

export const PLACEMENT = {
  /** Space between a note and its zone's edges. */
  padding: 8,
  /** Space between two notes in a packed zone. */
  gap: 16,
  /** Room for the zone's title at its top (and for its description, when it has one). */
  header: 64,
  headerWithDescription: 104,
} as const;

/** Whether a zone collects notes (every role but tables, whose rows are drawn by the table layer). */
export function collectsNotes(zone: Pick<ZoneBox, 'role'>): boolean {
  return zone.role !== 'table';
}

/** Where a zone's notes may start: below its title (and description). */
export function contentTop(zone: ZoneBox): number {
  const header = zone.description ? PLACEMENT.headerWithDescription : PLACEMENT.header;
  return zone.y + Math.min(header, Math.max(PLACEMENT.padding, zone.h / 3));
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;
}

/** A taken box with the gap around it: a free spot keeps that distance (neighbours on the grid just touch it). */
function withGap(box: Box): Box {
  const { gap } = PLACEMENT;
  return { x: box.x - gap, y: box.y - gap, w: box.w + 2 * gap, h: box.h + 2 * gap };
}

/**
 * Whether a zone may grow downwards: no other zone starts below it within its width. Only zones that
 * collect notes grow.
 */
export function canGrow(zone: ZoneBox, zones: readonly ZoneBox[]): boolean {
  if (!collectsNotes(zone)) return false;
  const bottom = zone.y + zone.h;
  return !zones.some((other) => other !== zone && other.id !== zone.id && other.y >= bottom - 1 && other.x < zone.x + zone.w && other.x + other.w > zone.x);
}

/**
 * The zones as drawn: each zone that can grow extends down to hold the notes assigned to it (plus its
 * padding). Zones that do not change are returned as the same objects.
 */
export function grownZones<Z extends ZoneBox>(zones: readonly Z[], notes: Iterable<NoteBox>): Z[] {
  const bottoms = new Map<string, number>();
  for (const note of notes) {
    if (note.zone === null) continue;
    const bottom = note.y + note.h + PLACEMENT.padding;
    if (bottom > (bottoms.get(note.zone) ?? -Infinity)) bottoms.set(note.zone, bottom);
  }
  return zones.map((zone) => {
    const bottom = bottoms.get(zone.id);
    if (bottom === undefined || bottom <= zone.y + zone.h || !canGrow(zone, zones)) return zone;
    return { ...zone, h: Math.ceil(bottom - zone.y) };
  });
}

/**
 * The first spot of `size` in the zone that overlaps none of `taken`: rows from the zone's content top,
 * left to right. Candidate positions are the zone's grid for that size plus the edges of what is taken,
 * so uneven notes pack too. When the zone is full it continues below its bottom if it `grows`; otherwise
 * the spot of the grid covered least is returned (the zone is crowded, nothing is lost).
 */
export function firstFreeSpot(zone: ZoneBox, taken: readonly Box[], size: { w: number; h: number }, grows: boolean): { x: number; y: number } {
  const { padding, gap } = PLACEMENT;
  const left = zone.x + padding;
  const right = zone.x + zone.w - padding;
  const top = contentTop(zone);
  const bottom = zone.y + zone.h - padding;
  const inside = taken.filter((box) => box.x < right && box.x + box.w > left && box.y + box.h > top);
  const blocked = inside.map(withGap);
  const xs = new Set<number>();
  for (let x = left; x + size.w <= right || x === left; x += size.w + gap) xs.add(x);
  for (const box of inside) if (box.x + box.w + gap + size.w <= right) xs.add(box.x + box.w + gap);
  const xList = [...xs].sort((a, b) => a - b);
  const ys = new Set<number>();
  const lowest = inside.reduce((max, box) => Math.max(max, box.y + box.h), top);
  const limit = grows ? lowest + gap + size.h : bottom - size.h;
  for (let y = top; y <= limit; y += size.h + gap) ys.add(y);
  for (const box of inside) if (box.y + box.h + gap <= limit) ys.add(box.y + box.h + gap);
  const yList = [...ys].sort((a, b) => a - b);
  for (const y of yList) {
    for (const x of xList) {
      const spot = { x, y, w: size.w, h: size.h };
      if (!blocked.some((box) => overlaps(box, spot))) return { x, y };
    }
  }
  if (grows) return { x: left, y: lowest + gap };
  // A full zone that cannot grow: the grid spot least covered (first of equals).
  let best = { x: left, y: top };
  let bestCover = Infinity;
  for (let y = top; y + size.h <= bottom || y === top; y += size.h + gap) {
    for (const x of xList) {
      const spot = { x, y, w: size.w, h: size.h };
      let cover = 0;
      for (const box of inside) {
        if (!overlaps(box, spot)) continue;
        cover += (Math.min(box.x + box.w, x + size.w) - Math.max(box.x, x)) * (Math.min(box.y + box.h, y + size.h) - Math.max(box.y, y));
      }
      if (cover < bestCover) {
        bestCover = cover;
        best = { x, y };
      }
    }
  }
  return best;
}

/** Reading order: top to bottom by row (notes whose tops are within half a note of each other share a row), then left to right. */
export function readingOrder<N extends NoteBox & { createdAt?: number }>(notes: readonly N[]): N[] {
  const byTop = [...notes].sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id));
  const rows: N[][] = [];
  for (const note of byTop) {
    const row = rows.at(-1);
    if (row && note.y - row[0]!.y < row[0]!.h / 2) row.push(note);
    else rows.push([note]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.x - b.x || a.y - b.y || a.id.localeCompare(b.id)));
}

/**
 * "Tidy": the new position of each note of the zone that moves, packed in reading order into the first
 * free spots, around the notes that may not move. Notes already where they would go are left out of
 * the answer, so a tidy zone tidied again writes nothing.
 */
export function tidyZone<N extends NoteBox>(zone: ZoneBox, zones: readonly ZoneBox[], notes: readonly N[], movable: (note: N) => boolean): Map<string, { x: number; y: number }> {
  const mine = notes.filter((note) => note.zone === zone.id);
  const grows = canGrow(zone, zones);
  const taken: Box[] = mine.filter((note) => !movable(note));
  const moves = new Map<string, { x: number; y: number }>();
  for (const note of readingOrder(mine.filter(movable))) {
    const spot = firstFreeSpot(zone, taken, note, grows);
    taken.push({ ...spot, w: note.w, h: note.h });
    if (spot.x !== note.x || spot.y !== note.y) moves.set(note.id, spot);
  }
  return moves;
}
