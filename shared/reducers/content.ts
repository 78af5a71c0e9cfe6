/** What a zone holds as a list of items: its cell text (one item per line), then its notes' texts. */
import type { Board } from '../schema/board.ts';
import { cellItems } from '../schema/canvas-cell.ts';

export function zoneItems(board: Board): (zoneId: string) => string[] {
  const items = new Map<string, string[]>();
  const push = (zone: string, item: string): void => {
    const list = items.get(zone);
    if (list === undefined) items.set(zone, [item]);
    else list.push(item);
  };
  for (const cell of board.cells) for (const item of cellItems(cell.text)) push(cell.zone, item);
  for (const note of board.notes) {
    const text = note.text.trim();
    if (note.zone !== null && text !== '') push(note.zone, text);
  }
  return (zoneId) => items.get(zoneId) ?? [];
}

/** For comparing items: case, spacing and trailing punctuation do not count. */
export function normalise(item: string): string {
  return item.toLowerCase().replace(/\s+/g, ' ').replace(/[.;,!]+$/, '').trim();
}

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
