/**
 * A QR code for a link, drawn in the page as one SVG path (qrcode-generator, no network): the modules
 * as unit squares, so the SVG scales crisply to any size, on the projector too.
 */
import qrcode from 'qrcode-generator';

type Matrix = { getModuleCount(): number; isDark(row: number, col: number): boolean };

export type QrShape = { size: number; path: string };

/** Error correction M: a phone reads it from across a room; links up to ~200 characters stay small. */
export function qrShape(text: string): QrShape {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const matrix = qr as unknown as Matrix;
  const size = matrix.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!matrix.isDark(row, col)) continue;
      // Runs of dark modules in a row become one rectangle.
      let end = col;
      while (end + 1 < size && matrix.isDark(row, end + 1)) end++;
      parts.push(`M${col} ${row}h${end - col + 1}v1h-${end - col + 1}z`);
      col = end;
    }
  }
  return { size, path: parts.join('') };
}
