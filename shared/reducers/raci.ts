/**
 * RACI consistency: every deliverable row needs exactly one A (accountable) and at least one R
 * (responsible). Cells may hold several letters ("A/R", "R, C"); anything else is an invalid entry.
 * Problems are warnings, never errors: a half-filled matrix during the exercise is normal.
 */
import type { Board } from '../schema/board.ts';
import type { Raci } from '../schema/results.ts';

const LETTERS = ['R', 'A', 'C', 'I'] as const;
type Letter = (typeof LETTERS)[number];

/** The letters in a cell, or null when it holds anything but R, A, C, I and separators. */
export function parseRaciCell(value: string): Letter[] | null {
  const compact = value.toUpperCase().replace(/[\s,/;+&-]+/g, '');
  const letters: Letter[] = [];
  for (const char of compact) {
    if (!(LETTERS as readonly string[]).includes(char)) return null;
    if (!letters.includes(char as Letter)) letters.push(char as Letter);
  }
  return letters.sort((a, b) => LETTERS.indexOf(a) - LETTERS.indexOf(b));
}

export function raciCheck(board: Board): Raci {
  const tables = board.zones.filter((zone) => zone.role === 'table' && zone.table === 'raci');
  const people = new Map<string, string>();
  for (const zone of tables) {
    for (const column of zone.columns ?? []) {
      if (column.key !== 'deliverable' && !people.has(column.key)) people.set(column.key, column.label);
    }
  }
  const rows: Raci['rows'] = [];
  const warnings: Raci['warnings'] = [];
  for (const row of board.rows) {
    if (row.kind !== 'raci') continue;
    const deliverable = (row.cells['deliverable'] ?? '').trim();
    const roles: Record<string, Letter[]> = {};
    let accountable = 0;
    let responsible = 0;
    let filled = false;
    const warn = (code: Raci['warnings'][number]['code'], message: string): void => {
      warnings.push({ row: row.id, deliverable, code, message });
    };
    for (const [person, value] of Object.entries(row.cells).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (person === 'deliverable' || value.trim() === '') continue;
      filled = true;
      if (!people.has(person)) people.set(person, person);
      const letters = parseRaciCell(value);
      if (letters === null) {
        warn('invalid-entry', `${people.get(person) ?? person}: "${value.trim()}" is not R, A, C or I`);
        continue;
      }
      roles[person] = letters;
      if (letters.includes('A')) accountable++;
      if (letters.includes('R')) responsible++;
    }
    if (!filled && deliverable === '') continue;
    rows.push({ row: row.id, deliverable, parent: row.parent, roles });
    if (accountable === 0) warn('no-accountable', 'nobody is accountable (A)');
    if (accountable > 1) warn('multiple-accountable', `${accountable} people are accountable (A); exactly one should be`);
    if (responsible === 0) warn('no-responsible', 'nobody is responsible (R)');
  }
  return { people: [...people].map(([key, label]) => ({ key, label })), rows, warnings };
}
