/** Driving the board canvas from Playwright: where a board point is on screen, and what a page's doc holds. */
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

export type NoteSeen = { id: string; text: string; x: number; y: number; w: number; h: number; color: string; zone: string | null };

type Handle = {
  controller: {
    notes: { all(): Iterable<NoteSeen> };
    selection: Set<string>;
    viewport: {
      toScreen(x: number, y: number): { x: number; y: number };
      camera: { x: number; y: number; scale: number };
      stage?: { findOne(selector: string): { listening(): boolean } | undefined } | null;
    };
  };
};

declare global {
  interface Window {
    __plenary?: Handle;
  }
}

/** Uncaught exceptions and console errors of every page opened here; a test file checks it stays empty. */
export const pageErrors: string[] = [];

export function watchErrors(page: Page): void {
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    // A refused websocket is how the offline tests cut the connection, not a fault of the page.
    if (message.type() === 'error' && !/WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(message.text())) {
      pageErrors.push(`${page.url()}: console: ${message.text()}`);
    }
  });
}

export async function openBoard(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  watchErrors(page);
  await page.goto(url);
  await waitLive(page);
  return page;
}

export async function waitLive(page: Page): Promise<void> {
  await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toBe('Live');
  await page.waitForFunction(() => window.__plenary !== undefined);
}

/** Every note in the page's doc, in board order (created time, id). */
export async function notesOf(page: Page): Promise<NoteSeen[]> {
  return page.evaluate(() => {
    const handle = window.__plenary;
    if (!handle) return [];
    return [...handle.controller.notes.all()]
      .map(({ id, text, x, y, w, h, color, zone }) => ({ id, text, x, y, w, h, color, zone }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  });
}

export async function listTexts(page: Page): Promise<string[]> {
  const list = page.getByTestId('notes');
  if ((await list.count()) === 0) return [];
  return list.locator('.note-text').allTextContents();
}

/** Page coordinates of a board point. */
export async function screenPoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('board-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const at = await page.evaluate(([bx, by]) => window.__plenary!.controller.viewport.toScreen(bx!, by!), [x, y]);
  return { x: box.x + at.x, y: box.y + at.y };
}

/** Drags a note by its middle to put its top-left corner at board point (x, y). */
export async function dragNote(page: Page, note: NoteSeen, x: number, y: number): Promise<void> {
  const from = await screenPoint(page, note.x + note.w / 2, note.y + note.h / 2);
  const to = await screenPoint(page, x + note.w / 2, y + note.h / 2);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/** Lets the page render `count` animation frames: what an input or a state change shows is on screen after them. */
export async function frames(page: Page, count = 2): Promise<void> {
  await page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  }, count);
}

/**
 * Waits until the board canvas shows a settled view: the camera did not move over two frames, and the
 * controller had finished settling before them (the notes layer listens again once it has, right after
 * `viewChanged` re-renders the note texts), so the frames drew the result. The board fits itself into view
 * on the first frame after sync, so this also waits for that.
 */
export async function canvasSettled(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const controller = window.__plenary?.controller;
          if (!controller) return false;
          const settled = () => controller.viewport.stage?.findOne('.notes')?.listening() ?? true;
          const before = JSON.stringify(controller.viewport.camera);
          if (!settled()) return false;
          for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
          return settled() && JSON.stringify(controller.viewport.camera) === before;
        }),
      { timeout: 15_000 },
    )
    .toBe(true);
}
