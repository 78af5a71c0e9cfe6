/**
 * Zone colours that say what a zone is for: the priority matrix's quadrants from green (quick wins) to
 * red (thankless tasks), one pastel per PESTEL letter, green and amber feedback columns. Light enough
 * that zone titles (#1d2330) keep a contrast above 12:1. Null: the role's default colour.
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
