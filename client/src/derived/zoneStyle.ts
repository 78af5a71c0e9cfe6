/**
 * Zone colours that say what a zone is for: the priority matrix's quadrants from green (quick wins) to
 * red (thankless tasks), one pastel per PESTEL letter, green and amber feedback columns. Light enough
 * that zone titles (#1d2330) keep a contrast above 12:1. `zoneColor` falls back to the role's colour.
 */
import type { Zone } from '../../../shared/schema/zone.ts';

const BY_KEY: Record<string, string> = {
  'quick-wins': '#e6f5ea',
  'major-projects': '#e6eefb',
  'fill-ins': '#f1f2f5',
  'thankless-tasks': '#fbeaea',
  P: '#eaf0fb',
  E: '#e9f6ee',
  S: '#fbf0e4',
  T: '#efeafb',
  En: '#e5f4f1',
  L: '#f8e9ef',
  'went-well': '#e6f5ea',
  'to-improve': '#fdf3dc',
};

export function zoneFill(zone: Zone): string | null {
  if (zone.key === undefined || (zone.role !== 'quadrant' && zone.role !== 'category')) return null;
  return BY_KEY[zone.key] ?? null;
}

/** Background of each zone role, under the notes (pale, so every note colour stands out on it). */
const ROLE_FILL: Partial<Record<Zone['role'], string>> = {
  challenge: '#eef4ff',
  'canvas-cell': '#f6f7f9',
  quadrant: '#f2f8f3',
  table: '#faf7f0',
  theme: '#f8f1fb',
  category: '#f3f6fa',
  hints: '#fff8e6',
  guesses: '#eef9f8',
};

/** A zone's background on the board and in the console's thumbnails. */
export function zoneColor(zone: Zone): string {
  return zoneFill(zone) ?? ROLE_FILL[zone.role] ?? '#f6f7f9';
}
