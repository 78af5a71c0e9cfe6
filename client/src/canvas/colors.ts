/**
 * Sticky-note colours. All are light enough that the note text (#1d2330) keeps a contrast ratio above
 * 7:1 (WCAG AAA) on each of them; the first is the schema's default note colour.
 */
import { NOTE_DEFAULTS } from '../../../shared/schema/note.ts';

export const NOTE_COLORS = [
  { name: 'Yellow', value: NOTE_DEFAULTS.color },
  { name: 'Orange', value: '#fed7aa' },
  { name: 'Green', value: '#bbf7d0' },
  { name: 'Blue', value: '#bfdbfe' },
  { name: 'Pink', value: '#fbcfe8' },
  { name: 'Purple', value: '#ddd6fe' },
] as const;

export const NOTE_TEXT_COLOR = '#1d2330';
export const NOTE_AUTHOR_COLOR = '#3d4352';

export function colorName(value: string): string {
  return NOTE_COLORS.find((color) => color.value.toLowerCase() === value.toLowerCase())?.name ?? value;
}
