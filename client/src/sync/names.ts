/**
 * On a workshop room's board, notes carry the participant id as author (the server checks it); the
 * page shows names instead. The board page fills this registry from the board's people.
 */
const names = new Map<string, string>();

export function setNames(people: readonly { id: string; name: string }[]): void {
  for (const p of people) names.set(p.id, p.name);
}

export function displayName(author: string): string {
  return names.get(author) ?? author;
}
