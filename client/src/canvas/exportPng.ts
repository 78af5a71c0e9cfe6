/**
 * PNG of the whole board (every zone and note, not just what is in view), on a white background and
 * without others' cursors or the selection handles.
 */
import type { BoardController } from './controller.ts';

const MARGIN = 40;
/** Keeps the picture within what browsers will encode (and what a slide can use). */
const MAX_SIDE = 8000;

export function boardPngDataUrl(controller: BoardController): string | null {
  const stage = controller.viewport.stage;
  if (!stage) return null;
  const content = controller.contentBounds() ?? { x: 0, y: 0, w: 800, h: 600 };
  const box = { x: content.x - MARGIN, y: content.y - MARGIN, w: content.w + 2 * MARGIN, h: content.h + 2 * MARGIN };
  const pixelRatio = Math.min(2, MAX_SIDE / Math.max(box.w, box.h));
  const hidden = stage.find('.cursors, .overlay').filter((node) => node.visible());
  const saved = { x: stage.x(), y: stage.y(), scaleX: stage.scaleX(), scaleY: stage.scaleY() };
  let canvas: HTMLCanvasElement;
  try {
    for (const node of hidden) node.visible(false);
    stage.position({ x: -box.x, y: -box.y });
    stage.scale({ x: 1, y: 1 });
    canvas = stage.toCanvas({ x: 0, y: 0, width: box.w, height: box.h, pixelRatio });
  } finally {
    stage.position({ x: saved.x, y: saved.y });
    stage.scale({ x: saved.scaleX, y: saved.scaleY });
    for (const node of hidden) node.visible(true);
    stage.batchDraw();
  }
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  return out.toDataURL('image/png');
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

export async function downloadBoardPng(controller: BoardController, title: string): Promise<void> {
  // Notes far from the view are not on the canvas (and far-away texts not at low zoom): mount them all first.
  controller.renderEverything(true);
  await nextFrame();
  await nextFrame();
  let url: string | null;
  try {
    url = boardPngDataUrl(controller);
  } finally {
    controller.renderEverything(false);
  }
  if (!url) return;
  const link = document.createElement('a');
  link.href = url;
  link.download = `${title.trim().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'board'}.png`;
  document.body.append(link);
  link.click();
  link.remove();
}
