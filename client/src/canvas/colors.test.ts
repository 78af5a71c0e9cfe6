import { describe, expect, it } from 'vitest';
import { NOTE_AUTHOR_COLOR, NOTE_COLORS, NOTE_TEXT_COLOR } from './colors.ts';
import { contrastRatio } from './contrast.ts';

describe('contrastRatio (WCAG 2.1)', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#777777', '#ffffff', 4.48],
    ['#fff', '#000', 21],
  ])('%s on %s is %d:1', (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 2);
  });

  it('refuses what is not a colour', () => {
    expect(() => contrastRatio('red', '#fff')).toThrow(RangeError);
  });
});

describe('note palette', () => {
  it.each(NOTE_COLORS.map((c) => [c.name, c.value] as const))('%s notes keep text at AAA (7:1) and the author line at AA (4.5:1)', (_name, value) => {
    expect(contrastRatio(NOTE_TEXT_COLOR, value)).toBeGreaterThanOrEqual(7);
    expect(contrastRatio(NOTE_AUTHOR_COLOR, value)).toBeGreaterThanOrEqual(4.5);
  });
});
