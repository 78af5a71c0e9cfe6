/**
 * themes: participants' top challenges (notes) grouped by the theme zone they were placed in, with
 * counts, in the themes' board order; notes outside every theme (e.g. still in the inbox) are unassigned.
 */
import type { Board } from '../schema/board.ts';
import type { Themes } from '../schema/results.ts';

export function themes(board: Board): Themes {
  const themeZones = board.zones.filter((zone) => zone.role === 'theme');
  if (themeZones.length === 0) return { total: 0, themes: [], unassigned: [] };
  const groups = new Map(themeZones.map((zone) => [zone.id, [] as Themes['unassigned']]));
  const unassigned: Themes['unassigned'] = [];
  for (const note of board.notes) {
    const text = note.text.trim();
    if (text === '') continue;
    const entry = { note: note.id, text, author: note.author };
    const group = note.zone === null ? undefined : groups.get(note.zone);
    if (group === undefined) unassigned.push(entry);
    else group.push(entry);
  }
  const list = themeZones.map((zone, index) => {
    const challenges = groups.get(zone.id) ?? [];
    return { zone: zone.id, number: zone.number ?? index + 1, title: zone.title, count: challenges.length, challenges };
  });
  return { total: list.reduce((sum, theme) => sum + theme.count, 0) + unassigned.length, themes: list, unassigned };
}
