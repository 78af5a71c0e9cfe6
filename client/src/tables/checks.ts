/**
 * Per-kind cell rules, pure: RACI cells take only R, A, C, I (uppercase, in that order, "/" between);
 * funding shares should add up to 100 % (a warning while people are still filling in, never a block).
 */
import { parseRaciCell } from '../../../shared/reducers/raci.ts';

const RACI_ORDER = ['R', 'A', 'C', 'I'] as const;

/** What a RACI cell keeps of what was typed: the letters R/A/C/I once each, and what was refused. */
export function normaliseRaciInput(raw: string): { value: string; rejected: string } {
  const letters = new Set<string>();
  let rejected = '';
  for (const char of raw.toUpperCase()) {
    if ((RACI_ORDER as readonly string[]).includes(char)) letters.add(char);
    else if (!/[\s,/;+&-]/.test(char)) rejected += char;
  }
  return { value: RACI_ORDER.filter((letter) => letters.has(letter)).join('/'), rejected };
}

/** Whether a stored RACI cell is valid (empty counts as valid). */
export function isRaciCell(value: string): boolean {
  return value.trim() === '' || parseRaciCell(value) !== null;
}

/** "40", "40 %", "12,5%" -> the number; null for anything else. */
export function parseShare(value: string): number | null {
  const match = /^\s*(\d{1,3}(?:[.,]\d+)?)\s*%?\s*$/.exec(value);
  return match ? Number(match[1]!.replace(',', '.')) : null;
}

export type FundingCheck = { total: number; filled: number; invalid: string[]; warning: string | null };

/** The shares of one funding table: their total and a warning when they do not make 100 %. */
export function fundingCheck(rows: readonly { cells: Readonly<Record<string, string>> }[]): FundingCheck {
  let total = 0;
  let filled = 0;
  const invalid: string[] = [];
  for (const row of rows) {
    const raw = row.cells['share'] ?? '';
    if (raw.trim() === '') continue;
    const share = parseShare(raw);
    if (share === null) invalid.push(raw.trim());
    else {
      total += share;
      filled++;
    }
  }
  total = Math.round(total * 100) / 100;
  let warning: string | null = null;
  if (invalid.length > 0) warning = `${invalid.map((v) => `"${v}"`).join(', ')} ${invalid.length === 1 ? 'is' : 'are'} not a percentage`;
  else if (filled > 0 && total !== 100) warning = `Shares add up to ${total}%, not 100%`;
  return { total, filled, invalid, warning };
}
