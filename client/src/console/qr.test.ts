import { describe, expect, it } from 'vitest';
import { qrShape } from './qr.ts';

/** Back from the path to a grid of dark modules. */
function grid(shape: { size: number; path: string }): boolean[][] {
  const g = Array.from({ length: shape.size }, () => Array<boolean>(shape.size).fill(false));
  for (const m of shape.path.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    const [col, row, run] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let c = col; c < col + run; c++) g[row]![c] = true;
  }
  return g;
}

describe('qrShape', () => {
  it('draws the three finder patterns of a QR code, for a join link', () => {
    const shape = qrShape('https://plenary.example/w/abcDEF123456/join#code=0123456789abcdefghijKLMN');
    expect(shape.size).toBeGreaterThanOrEqual(29);
    expect((shape.size - 17) % 4).toBe(0);
    const g = grid(shape);
    const finder = (top: number, left: number) =>
      [0, 6].every((r) => [0, 1, 2, 3, 4, 5, 6].every((c) => g[top + r]![left + c])) && // outer ring rows
      [2, 3, 4].every((r) => [2, 3, 4].every((c) => g[top + r]![left + c])) && // centre block
      !g[top + 1]![left + 1];
    expect(finder(0, 0)).toBe(true);
    expect(finder(0, shape.size - 7)).toBe(true);
    expect(finder(shape.size - 7, 0)).toBe(true);
  });

  it('grows with the text and differs between texts', () => {
    const short = qrShape('https://x.example/w/a');
    const long = qrShape(`https://x.example/w/${'a'.repeat(200)}`);
    expect(long.size).toBeGreaterThan(short.size);
    expect(qrShape('https://x.example/w/b').path).not.toBe(short.path);
  });
});
