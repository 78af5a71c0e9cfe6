/**
 * The board canvas end to end in real Chromium against the real server, each person in their own browser
 * context: notes made, edited, moved, recoloured, resized and deleted on the canvas reach the others; a
 * note dropped on a challenge column joins it; a context that goes offline keeps working and converges
 * when it comes back; a reload in the middle of typing keeps the text; a viewer cannot change anything;
 * the board exports as a PNG; you can follow someone's view.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addNote, putZone, readBoard } from '../../shared/doc/index.ts';
import { builtClient, picture, screenshotDir, sharedBrowser } from '../helpers/browser.ts';
import { connectClient, synced, waitFor } from '../helpers/clients.ts';
import { startServer, type BoardTokens, type TestServer } from '../helpers/server.ts';
import { canvasSettled, dragNote, frames, listTexts, notesOf, openBoard, pageErrors, screenPoint, waitLive, watchErrors, type NoteSeen } from './helpers.ts';

// Several browsers on a shared 2-core machine: give each poll more than vitest's default second.
vi.setConfig({ testTimeout: 90_000, expect: { poll: { timeout: 10_000, interval: 50 } } });

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const SCREENSHOTS = screenshotDir();

beforeAll(async () => {
  server = await startServer({ clientDir: builtClient() });
  browser = await sharedBrowser();
}, 120_000);

afterAll(async () => {
  expect(pageErrors).toEqual([]);
  for (const context of contexts) await context.close().catch(() => undefined);
  await server?.close();
});

async function newContext(name: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await context.addInitScript((n) => localStorage.setItem('plenary:name', n), name);
  contexts.push(context);
  return context;
}

const link = (board: BoardTokens, token: string) => `${server.httpUrl}/b/${board.boardId}#token=${token}`;

/** A board with two challenge columns, written by a plain Node client like a template would. */
async function challengeBoard(title: string): Promise<BoardTokens> {
  const board = await server.createBoard({ title });
  const seeder = connectClient(server.syncUrl, board.boardId, board.editToken);
  await synced(seeder);
  putZone(seeder.doc, { id: 'challenge-1', role: 'challenge', number: 1, title: 'Attracting members', x: 0, y: 160, w: 360, h: 700, order: 1 });
  putZone(seeder.doc, { id: 'challenge-2', role: 'challenge', number: 2, title: 'Financial sustainability', x: 400, y: 160, w: 360, h: 700, order: 2 });
  await waitFor(() => server.app.liveDocs.docs.get(board.boardId)?.doc.getMap('zones').size === 2, 'zones on the server');
  seeder.destroy();
  return board;
}

async function only(page: Parameters<typeof notesOf>[0]): Promise<NoteSeen> {
  const notes = await notesOf(page);
  expect(notes).toHaveLength(1);
  return notes[0]!;
}

describe('board canvas', () => {
  it('creates, edits, moves, recolours, resizes and deletes notes, live at the other participant', async () => {
    const board = await challengeBoard('Breakout room 2');
    const ana = await openBoard(await newContext('Ana'), link(board, board.editToken));
    const ben = await openBoard(await newContext('Ben'), link(board, board.editToken));

    // Double-click on the first column creates a note there and opens it for typing.
    const at = await screenPoint(ana, 180, 400);
    await ana.mouse.dblclick(at.x, at.y);
    await ana.getByLabel('Note text').pressSequentially('Coffee talks with members');
    await ana.keyboard.press('Escape');
    await expect.poll(() => listTexts(ben)).toEqual(['Coffee talks with members']);
    const created = await only(ben);
    expect(created.zone).toBe('challenge-1');

    // Ben drags it onto the second column: Ana sees it there, with the zone id written.
    await dragNote(ben, created, 500, 300);
    await expect.poll(async () => (await only(ana)).zone).toBe('challenge-2');
    const moved = await only(ana);
    expect(moved.x).toBeGreaterThanOrEqual(400);
    expect(moved.x + moved.w).toBeLessThanOrEqual(760);

    // Ana recolours and resizes it from the toolbar and the keyboard.
    await ana.getByRole('list', { name: 'People on this board' }).waitFor();
    const mid = await screenPoint(ana, moved.x + moved.w / 2, moved.y + moved.h / 2);
    await ana.mouse.click(mid.x, mid.y);
    await ana.getByRole('button', { name: 'Colour Green' }).click();
    await expect.poll(async () => (await only(ben)).color).toBe('#bbf7d0');
    await ana.getByTestId('board-canvas').focus();
    await ana.keyboard.press('Alt+ArrowRight');
    await ana.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => [(await only(ben)).w, (await only(ben)).h]).toEqual([moved.w + 10, moved.h + 10]);

    // Ben edits the text in place; Ana sees it change.
    await ben.getByTestId('notes').getByRole('button').click();
    await ben.keyboard.press('Enter');
    await ben.keyboard.press('End');
    await ben.keyboard.type(', monthly');
    await expect.poll(() => listTexts(ana)).toEqual(['Coffee talks with members, monthly']);
    await ben.keyboard.press('Escape');

    // Multi-select with shift-click, then delete both with the Delete key.
    await ana.keyboard.press('n');
    await ana.keyboard.type('Membership tiers');
    await ana.keyboard.press('Escape');
    await expect.poll(() => listTexts(ben)).toEqual(['Coffee talks with members, monthly', 'Membership tiers']);
    await picture(ana, `${SCREENSHOTS}/canvas.png`);
    const both = await notesOf(ana);
    for (const [index, note] of both.entries()) {
      const point = await screenPoint(ana, note.x + note.w / 2, note.y + note.h / 2);
      if (index > 0) await ana.keyboard.down('Shift');
      await ana.mouse.click(point.x, point.y);
      if (index > 0) await ana.keyboard.up('Shift');
    }
    await expect.poll(() => ana.evaluate(() => window.__plenary!.controller.selection.size)).toBe(2);
    await ana.keyboard.press('Delete');
    await expect.poll(() => notesOf(ben)).toEqual([]);
    expect(await listTexts(ana)).toEqual([]);
  });

  it('takes a click on a note right after the canvas changed size (the header wrapping, a window resize)', async () => {
    const board = await challengeBoard('Resize then click');
    const ana = await openBoard(await newContext('Ana'), link(board, board.editToken));
    await ana.getByTestId('board-canvas').focus();
    await ana.keyboard.press('n');
    await ana.keyboard.type('Click me');
    await ana.keyboard.press('Escape');
    await expect.poll(() => listTexts(ana)).toEqual(['Click me']);
    await ana.evaluate(() => window.__plenary!.controller.selection.clear());
    const note = (await notesOf(ana))[0]!;
    const at = await screenPoint(ana, note.x + note.w / 2, note.y + note.h / 2);
    // A camera change (as a resize makes) stops hit-testing notes until it settles; a press settles it at once.
    const hitTesting = await ana.evaluate(() => {
      const { controller } = window.__plenary! as unknown as { controller: { onCamera(): void; viewport: { stage: { findOne(s: string): { listening(): boolean } } } } };
      controller.onCamera();
      return controller.viewport.stage.findOne('.notes').listening();
    });
    expect(hitTesting).toBe(false);
    await ana.mouse.click(at.x, at.y);
    await expect.poll(() => ana.evaluate(() => [...window.__plenary!.controller.selection])).toEqual([note.id]);
  });

  it('selects with a rubber band and moves the selection with the arrow keys', async () => {
    const board = await server.createBoard({ title: 'Rubber band' });
    const ana = await openBoard(await newContext('Ana'), link(board, board.editToken));
    for (const text of ['one', 'two', 'three']) {
      await ana.getByLabel('New sticky note').fill(text);
      await ana.getByLabel('New sticky note').press('Enter');
    }
    await expect.poll(async () => (await notesOf(ana)).length).toBe(3);
    const before = await notesOf(ana);
    const x0 = Math.min(...before.map((n) => n.x)) - 20;
    const y0 = Math.min(...before.map((n) => n.y)) - 20;
    const x1 = Math.max(...before.map((n) => n.x + n.w)) + 20;
    const y1 = Math.max(...before.map((n) => n.y + n.h)) + 20;
    await ana.keyboard.press('Escape');
    const from = await screenPoint(ana, x0, y0);
    const to = await screenPoint(ana, x1, y1);
    await ana.keyboard.down('Shift');
    await ana.mouse.move(from.x, from.y);
    await ana.mouse.down();
    await ana.mouse.move(to.x, to.y, { steps: 6 });
    await ana.mouse.up();
    await ana.keyboard.up('Shift');
    await expect.poll(() => ana.evaluate(() => window.__plenary!.controller.selection.size)).toBe(3);
    await ana.getByTestId('board-canvas').focus();
    await ana.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => (await notesOf(ana)).map((n) => n.y)).toEqual(before.map((n) => n.y + 50));

    // Layers exist only while they draw something (each is a stage-sized canvas): no handles for a
    // selection of three, no tables, no derived views, nobody else's cursor (zone labels only when zoomed out).
    type Stage = { getLayers(): { name(): string; findOne(s: string): { nodes(): { id(): string }[] } | undefined }[] };
    const layers = () => ana.evaluate(() => (window.__plenary!.controller.viewport.stage as unknown as Stage).getLayers().map((layer) => layer.name()));
    expect(await layers()).toEqual(['zones', 'notes']);
    // One note selected: the overlay layer comes with its resize handles on that note, and goes with them.
    const one = before[1]!.id;
    await ana.evaluate((id) => (window.__plenary!.controller as unknown as { select(ids: string[]): void }).select([id]), one);
    await expect.poll(layers).toEqual(['zones', 'notes', 'overlay']);
    const handled = await ana.evaluate(() => {
      const overlay = (window.__plenary!.controller.viewport.stage as unknown as Stage).getLayers().find((layer) => layer.name() === 'overlay');
      return overlay?.findOne('Transformer')?.nodes().map((node) => node.id()) ?? null;
    });
    expect(handled).toEqual([one]);
    await ana.keyboard.press('Escape');
    await expect.poll(layers).toEqual(['zones', 'notes']);
  });

  it('does everything from the keyboard: create, edit, move, resize, delete, zoom', async () => {
    const board = await server.createBoard({ title: 'Keyboard only' });
    const page = await openBoard(await newContext('Ana'), link(board, board.editToken));
    const canvas = page.getByTestId('board-canvas');
    await canvas.focus();
    await page.keyboard.press('n');
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('board-canvas');
    const [note] = await notesOf(page);
    expect(note?.text).toBe('Typed without a mouse');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(async () => {
      const [now] = await notesOf(page);
      return [now!.x - note!.x, now!.y - note!.y, now!.w - note!.w];
    }).toEqual([10, 50, 10]);
    // Pick it again from the notes list (Tab order, Enter): focus goes back to the canvas with it selected.
    await page.keyboard.press('Escape');
    await page.getByTestId('notes').getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.__plenary!.controller.selection.size)).toBe(1);
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.type('!');
    await page.keyboard.press('Escape');
    expect(await listTexts(page)).toEqual(['Typed without a mouse!']);
    const scale = () => page.evaluate(() => window.__plenary!.controller.viewport.camera.scale);
    const before = await scale();
    await page.keyboard.press('+');
    expect(await scale()).toBeCloseTo(before * 1.25, 5);
    await page.keyboard.press('-');
    await page.keyboard.press('Delete');
    await expect.poll(() => notesOf(page)).toEqual([]);
  });

  it('keeps working offline and converges with everybody when the connection returns', async () => {
    const board = await challengeBoard('Offline room');
    const seeder = connectClient(server.syncUrl, board.boardId, board.editToken);
    await synced(seeder);
    const existing = addNote(seeder.doc, { text: 'Already there', author: 'Trainer', x: 40, y: 240, zone: 'challenge-1', createdAt: 1 });
    const anaContext = await newContext('Ana');
    const ana = await openBoard(anaContext, link(board, board.editToken));
    const ben = await openBoard(await newContext('Ben'), link(board, board.editToken));
    await expect.poll(() => listTexts(ana)).toEqual(['Already there']);

    await anaContext.setOffline(true);
    await expect.poll(() => ana.getByRole('status').textContent()).toBe('Offline');
    await picture(ana, `${SCREENSHOTS}/offline.png`);
    // Ana adds two notes and moves the existing one across while offline; Ben keeps working too.
    await ana.getByLabel('New sticky note').fill('Written offline 1');
    await ana.getByLabel('New sticky note').press('Enter');
    await ana.getByTestId('board-canvas').focus();
    await ana.keyboard.press('n');
    await ana.keyboard.type('Written offline 2');
    await ana.keyboard.press('Escape');
    const old = (await notesOf(ana)).find((n) => n.id === existing)!;
    await dragNote(ana, old, 480, 300);
    await expect.poll(async () => (await notesOf(ana)).find((n) => n.id === existing)?.zone).toBe('challenge-2');
    await ben.getByLabel('New sticky note').fill('Ben, online meanwhile');
    await ben.getByLabel('New sticky note').press('Enter');
    // Ben's note reaches the server and comes back to the seeder; Ana's offline notes did not come with it.
    const onServer = () => readBoard(seeder.doc).board.notes.map((n) => n.text);
    await waitFor(() => onServer().includes('Ben, online meanwhile'), "Ben's note on the server");
    expect(onServer()).not.toContain('Written offline 1');
    expect(await listTexts(ben)).not.toContain('Written offline 1');

    await anaContext.setOffline(false);
    await waitLive(ana);
    const expected = ['Already there', 'Written offline 1', 'Written offline 2', 'Ben, online meanwhile'];
    for (const page of [ana, ben]) await expect.poll(async () => [...(await listTexts(page))].sort()).toEqual([...expected].sort());
    await waitFor(() => seeder.doc.getMap('notes').size === 4, 'the server has all notes');
    await expect.poll(async () => JSON.stringify(await notesOf(ben))).toBe(JSON.stringify(await notesOf(ana)));
    expect((await notesOf(ben)).find((n) => n.id === existing)?.zone).toBe('challenge-2');
    seeder.destroy();
  });

  it('keeps what was being typed across a reload, and what was typed with no connection at all', async () => {
    const board = await server.createBoard({ title: 'Reload' });
    const context = await newContext('Ana');
    const page = await openBoard(context, link(board, board.editToken));
    await page.getByTestId('board-canvas').focus();
    await page.keyboard.press('n');
    await page.keyboard.type('Half a thou');
    await page.waitForFunction(() => [...window.__plenary!.controller.notes.all()][0]?.text === 'Half a thou');
    await page.reload();
    await waitLive(page);
    await expect.poll(() => listTexts(page)).toEqual(['Half a thou']);

    // No socket at all (the server unreachable, the page itself cached): typed text is kept in IndexedDB.
    let unreachable = true;
    await context.routeWebSocket(/\/sync\//, (ws) => {
      if (unreachable) void ws.close();
      else ws.connectToServer();
    });
    await page.reload();
    await expect.poll(() => listTexts(page)).toEqual(['Half a thou']);
    await page.getByTestId('notes').getByRole('button').click();
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.type('ght, offline');
    // Reload as soon as the page has taken the keystrokes in (Playwright's reload does not queue behind them).
    await page.waitForFunction(() => [...window.__plenary!.controller.notes.all()][0]?.text === 'Half a thought, offline');
    await page.reload();
    await expect.poll(() => listTexts(page)).toEqual(['Half a thought, offline']);
    // And once more, right after: still there (restored text is handed to IndexedDB too, the copy kept 3 s more).
    await page.reload();
    await expect.poll(() => listTexts(page)).toEqual(['Half a thought, offline']);
    // The server is back: the page's provider reconnects by itself and sends what was typed.
    unreachable = false;
    const ben = await openBoard(await newContext('Ben'), link(board, board.editToken));
    await expect.poll(() => listTexts(ben), { timeout: 15_000 }).toEqual(['Half a thought, offline']);
    await waitLive(page);
  });

  it('lets a viewer look, follow and export, but not change anything', async () => {
    const board = await challengeBoard('Plenary view');
    const ana = await openBoard(await newContext('Ana'), link(board, board.editToken));
    await ana.getByLabel('New sticky note').fill('Visible to all');
    await ana.getByLabel('New sticky note').press('Enter');
    const viewer = await openBoard(await newContext('Observer'), link(board, board.viewToken));
    await expect.poll(() => listTexts(viewer)).toEqual(['Visible to all']);
    expect(await viewer.getByText('View only').count()).toBe(1);
    expect(await viewer.getByRole('button', { name: 'Add sticky note' }).count()).toBe(0);
    expect(await viewer.getByLabel('New sticky note').count()).toBe(0);

    await viewer.getByTestId('board-canvas').focus();
    await viewer.keyboard.press('n');
    const empty = await screenPoint(viewer, 600, 700);
    await viewer.mouse.dblclick(empty.x, empty.y);
    const note = await only(viewer);
    await dragNote(viewer, note, note.x + 200, note.y + 100);
    await viewer.keyboard.press('Delete');
    // Input is handled, and what it changes drawn, within the next frames; the viewer's doc stays as it was.
    await frames(viewer);
    expect(await notesOf(viewer)).toEqual([note]);
    expect(await notesOf(ana)).toEqual([note]);
    expect(await viewer.getByLabel('Note text').count()).toBe(0);

    // Follow Ana: her zoom and position become the viewer's.
    await viewer.getByRole('button', { name: 'Follow Ana' }).click();
    await ana.getByRole('button', { name: 'Zoom in' }).click();
    await ana.getByRole('button', { name: 'Zoom in' }).click();
    const anaScale = await ana.evaluate(() => window.__plenary!.controller.viewport.camera.scale);
    await expect.poll(() => viewer.evaluate(() => window.__plenary!.controller.viewport.camera.scale)).toBeCloseTo(anaScale, 5);
    // Ana's pointer shows at the viewer's, with her name.
    const pointer = await screenPoint(ana, 200, 300);
    await ana.mouse.move(pointer.x, pointer.y);
    await ana.mouse.move(pointer.x + 10, pointer.y + 10);
    await expect
      .poll(() => viewer.evaluate(() => (window.__plenary as unknown as { provider: { awareness: { getStates(): Map<number, { cursor?: unknown }> } } }).provider.awareness.getStates().size))
      .toBeGreaterThanOrEqual(2);
    await picture(viewer, `${SCREENSHOTS}/canvas-view-only.png`);

    const [download] = await Promise.all([viewer.waitForEvent('download'), viewer.getByRole('button', { name: 'Export PNG' }).click()]);
    expect(download.suggestedFilename()).toBe('Plenary-view.png');
    const file = readFileSync((await download.path()));
    expect([...file.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    if (process.env.SCREENSHOTS) await download.saveAs(`${SCREENSHOTS}/export.png`);
  });
});

describe('screens', () => {
  it('draws a breakout board with its challenge columns, ideas and the others\' cursors', async () => {
    const board = await server.createBoard({ title: 'Breakout room 1: members' });
    const seeder = connectClient(server.syncUrl, board.boardId, board.editToken);
    await synced(seeder);
    const columns = [
      { title: 'Delivering innovative services for member and industry demands', ideas: ['Increase member engagement in the cluster\'s services', 'Membership tiers for limited human and financial resources', 'One-on-one coffee talks to understand members\' challenges', 'Promote grants by showing successful use cases'] },
      { title: 'Balancing industry members\' interests with the broader cluster goals', ideas: ['Discover members\' interests through 1:1 sessions', 'Annual member survey'] },
      { title: 'Identifying potential new members aligned with the cluster\'s goals', ideas: ['Showcase collaboration with large companies', 'Foster start-up collaboration', 'Launch a promotional campaign', 'Discounts for member engagement'] },
    ];
    const colors = ['#fde68a', '#bbf7d0', '#bfdbfe', '#fed7aa', '#fbcfe8'];
    seeder.doc.transact(() => {
      columns.forEach((column, c) => {
        const x = c * 400;
        putZone(seeder.doc, { id: `challenge-${c + 1}`, role: 'challenge', number: c + 1, title: column.title, x, y: 0, w: 360, h: 760, order: c });
        column.ideas.forEach((idea, i) => {
          addNote(seeder.doc, { text: idea, author: ['Ana', 'Ben', 'Chiara', 'Dário'][(c + i) % 4]!, x: x + 12 + (i % 2) * 172, y: 72 + Math.floor(i / 2) * 140, zone: `challenge-${c + 1}`, color: colors[(c * 2 + i) % colors.length], createdAt: 1 + c * 10 + i });
        });
      });
    });
    await waitFor(() => server.app.liveDocs.docs.get(board.boardId)?.doc.getMap('notes').size === 10, 'seeded on the server');
    seeder.destroy();
    const ana = await openBoard(await newContext('Ana'), link(board, board.editToken));
    const ben = await openBoard(await newContext('Ben'), link(board, board.editToken));
    const chiara = await openBoard(await newContext('Chiara'), link(board, board.editToken));
    await expect.poll(async () => (await listTexts(ana)).length).toBe(10);
    for (const [page, x, y] of [[ben, 520, 330], [chiara, 930, 520]] as const) {
      const at = await screenPoint(page, x, y);
      await page.mouse.move(at.x - 10, at.y - 10);
      await page.mouse.move(at.x, at.y);
    }
    // Ana selects a note and starts a new one in the third column.
    const first = (await notesOf(ana)).find((n) => n.text.startsWith('Membership tiers'))!;
    const mid = await screenPoint(ana, first.x + 40, first.y + 40);
    await ana.mouse.click(mid.x, mid.y);
    const at = await screenPoint(ana, 900, 420);
    await ana.mouse.dblclick(at.x, at.y);
    await ana.keyboard.type('Speed matchmaking for members short of time');
    await expect.poll(() => ana.evaluate(() => (window as unknown as { __plenary: { provider: { awareness: { getStates(): Map<number, unknown> } } } }).__plenary.provider.awareness.getStates().size)).toBe(3);
    await canvasSettled(ana);
    await picture(ana, `${SCREENSHOTS}/board-canvas.png`);
    await ana.keyboard.press('Escape');
    await ana.getByTestId('board-canvas').focus();
    await ana.keyboard.press('-');
    await ana.keyboard.press('-');
    await canvasSettled(ana);
    await picture(ana, `${SCREENSHOTS}/board-canvas-zoomed-out.png`);
  });
});

describe('templates', () => {
  // Every template's zones, and a note into each, are checked in one walk in tests/e2e/content.test.ts.
  it('creates a board from a template on the start page', async () => {
    const context = await newContext('Ana');
    const page = await context.newPage();
    watchErrors(page);
    await page.goto(server.httpUrl);
    await page.getByLabel('Board title').fill('Breakout room 3');
    await page.getByLabel('Template').selectOption('challenge-board');
    await page.getByRole('button', { name: 'Create board' }).click();
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
    await waitLive(page);
    const zonesOf = () => page.evaluate(() => (window.__plenary!.controller as unknown as { zones: { id: string; role: string; title: string }[] }).zones);
    await expect.poll(async () => (await zonesOf()).filter((zone) => zone.role === 'challenge').length).toBeGreaterThan(0);
    expect(await page.locator('h1').textContent()).toContain('Breakout room 3');
  });
});
