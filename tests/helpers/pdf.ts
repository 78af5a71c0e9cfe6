/**
 * Reading a PDF the browser printed, with pdf.js (pdfjs-dist) instead of poppler's command-line tools, so
 * the handout test needs nothing from apt: its text page by page, laid out in lines the way
 * `pdftotext -layout` would, and a page as a PNG picture for a person to look at.
 */
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** pdf.js's NodeCanvasFactory, typed only as `object` by pdfjs-dist. */
type CanvasFactory = {
  create(width: number, height: number): { canvas: { toBuffer(type: 'image/png'): Buffer }; context: CanvasRenderingContext2D };
};

type Item = { str: string; x: number; y: number; width: number; size: number };

/** Opens the PDF, runs `use` on it, and always frees pdf.js's worker and memory. */
async function withPdf<T>(pdf: Uint8Array, use: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy so the caller's bytes stay usable.
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
  try {
    return await use(await task.promise);
  } finally {
    await task.destroy();
  }
}

/**
 * The text of each page, one string per page: runs on the same baseline become one line, left to right,
 * with a space where there is a visible gap between them; lines go top to bottom.
 */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  return withPdf(pdf, async (doc) => {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      const items: Item[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [a, b, , , x, y] = item.transform as number[];
        items.push({ str: item.str, x: x!, y: y!, width: item.width, size: Math.hypot(a!, b!) });
      }
      pages.push(layout(items));
    }
    return pages;
  });
}

function layout(items: Item[]): string {
  // PDF y grows upwards: the top line has the largest y.
  items.sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: Item[][] = [];
  for (const item of items) {
    const line = lines.at(-1);
    // Same line when the baselines are within a third of the text size (sub-pixel jitter, mixed fonts).
    if (line && Math.abs(line[0]!.y - item.y) < Math.max(1, item.size / 3)) line.push(item);
    else lines.push([item]);
  }
  return lines
    .map((line) => {
      line.sort((p, q) => p.x - q.x);
      let text = '';
      let end = -Infinity;
      for (const item of line) {
        const gap = item.x - end;
        if (text !== '' && gap > item.size * 0.15 && !text.endsWith(' ') && !item.str.startsWith(' ')) text += gap > item.size * 2 ? '   ' : ' ';
        text += item.str;
        end = item.x + item.width;
      }
      return text;
    })
    .join('\n');
}

/** Page `n` (from 1) rendered as a PNG at `dpi`; pdf.js draws on @napi-rs/canvas, its optional dependency in Node. */
export async function pdfPagePng(pdf: Uint8Array, n: number, dpi = 80): Promise<Buffer> {
  return withPdf(pdf, async (doc) => {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const factory = doc.canvasFactory as CanvasFactory;
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    // A white sheet: the PDF itself paints only what is printed.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, viewport.width, viewport.height);
    await page.render({ canvas: null, canvasContext: context, viewport }).promise;
    return canvas.toBuffer('image/png');
  });
}
