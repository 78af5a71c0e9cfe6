/**
 * The plenary in real Chromium, three screens: the facilitator presents room 1 and a participant of
 * room 2 is taken to the plenary screen, sees room 1's notes read-only and follows the facilitator's
 * camera; next room, the results (copied to the clipboard), back to the rooms. Then the printed handout.
 */
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { addNote, readBoard, writeDetails } from '../../shared/doc/index.ts';
import { browserAndServer, picture, screenshotDir } from '../helpers/browser.ts';
import { pdfPagePng, pdfPages } from '../helpers/pdf.ts';
import { connectClient, synced, waitFor } from '../helpers/clients.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { canvasSettled, frames, notesOf, pageErrors, screenPoint, watchErrors } from './helpers.ts';

const env = browserAndServer();
const poll = { timeout: 15_000 };
const SHOTS = screenshotDir();

afterAll(() => {
  expect(pageErrors).toEqual([]);
});

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line per element. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    type Violation = { id: string; help: string; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  return found.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${n.target.join(' ')}`));
}

type Camera = { cx: number; cy: number; scale: number };

async function cameraOf(page: Page): Promise<Camera | null> {
  return page.evaluate(() => {
    const handle = window.__plenary as unknown as { controller: { viewport: { center(): { x: number; y: number }; camera: { scale: number } } } } | undefined;
    if (!handle) return null;
    const center = handle.controller.viewport.center();
    return { cx: center.x, cy: center.y, scale: handle.controller.viewport.camera.scale };
  });
}

const texts = async (page: Page) => (await notesOf(page)).map((n) => n.text).sort();

/** A training day: Ana in room 1 and Ben in room 2, notes on both boards, one solution picked by the facilitator. */
async function trainingDay() {
  const { created, facilitator, summary } = await createTrainingDay(env.server.httpUrl);
  const wid = created.workshopId;
  const [ana, ben] = await joinParticipants(env.server.httpUrl, created, ['Ana', 'Ben']);
  const [room1, room2] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ana!.participantId, room: room1.id });
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ben!.participantId, room: room2.id });
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });

  const write = async (boardId: string, token: string, author: string, ideas: string[][]) => {
    const client = connectClient(env.server.syncUrl, boardId, token);
    await synced(client);
    const board = readBoard(client.doc).board;
    ideas.forEach((texts, c) => {
      const zone = board.zones.find((z) => z.id === board.challenges[c]!.id)!;
      texts.forEach((text, i) => addNote(client.doc, { text, author, zone: zone.id, x: zone.x + 20, y: zone.y + 70 + i * 140, createdAt: c * 10 + i + 1 }));
    });
    const count = ideas.flat().length;
    await waitFor(() => env.server.app.liveDocs.docs.get(boardId)?.doc.getMap('notes').size === count, 'notes stored');
    return client;
  };
  const anaDoc = await write(room1.boardId, ana!.token, ana!.participantId, [
    ['Speed matchmaking at every meeting', 'Member newsletter with success stories', 'Open lab days'],
    ['Shared project calendar'],
  ]);
  const benDoc = await write(room2.boardId, ben!.token, ben!.participantId, [['Internal wiki with one owner per topic'], ['Scoring sheet for applicants']]);
  const board1 = readBoard(anaDoc.doc).board;
  const picked = board1.notes.find((n) => n.text === 'Member newsletter with success stories')!;
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'detail' });
  writeDetails(anaDoc.doc, picked.zone!, 'Monthly, two member stories per issue; the cluster manager edits.');
  await facilitator.ok(`/api/workshops/${wid}/select`, { board: room1.boardId, challenge: picked.zone, note: picked.id });
  return { created, facilitator, wid, ana: ana!, ben: ben!, room1, room2, anaDoc, benDoc, picked, board1 };
}

it('the facilitator presents room after room; a participant of another room follows read-only, sees the results, and goes back', async () => {
  const day = await trainingDay();
  const { wid, ben, room1, room2 } = day;
  const base = env.server.httpUrl;
  // Ana's dot on another idea of challenge 1, revealed: the plenary shows the dots and the facilitator's pick.
  const speed = day.board1.notes.find((n) => n.text === 'Speed matchmaking at every meeting')!;
  await day.facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });
  await day.ana.api.ok(`/api/workshops/${wid}/votes`, { board: room1.boardId, note: speed.id });
  await day.facilitator.ok(`/api/workshops/${wid}/reveal`, { board: room1.boardId });
  await day.facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'detail' });

  const benContext = await env.browser.newContext({ viewport: { width: 1000, height: 700 } });
  await benContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const benPage = await benContext.newPage();
  watchErrors(benPage);
  await benPage.goto(`${base}/b/${room2.boardId}#token=${ben.token}`);
  await expect.poll(() => benPage.getByRole('status').first().textContent(), poll).toBe('Live');
  await expect.poll(() => texts(benPage), poll).toEqual(['Internal wiki with one owner per topic', 'Scoring sheet for applicants']);

  const facContext = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const facPage = await facContext.newPage();
  watchErrors(facPage);
  await facPage.goto(`${base}/w/${wid}/plenary#token=${day.created.facilitatorToken}`);
  const controls = facPage.getByRole('navigation', { name: 'Plenary controls' });
  await expect.poll(() => controls.count(), poll).toBe(1);

  // Present the first room in agenda order (Group 1).
  await facPage.getByRole('button', { name: 'Present the next room' }).click();
  await expect.poll(() => benPage.getByTestId('plenary-call').count(), poll).toBe(1);
  await expect.poll(() => new URL(benPage.url()).pathname, poll).toBe(`/w/${wid}/plenary`);
  const room1Texts = day.board1.notes.map((n) => n.text).sort();
  await expect.poll(() => texts(benPage), poll).toEqual(room1Texts);
  await expect.poll(() => texts(facPage), poll).toEqual(room1Texts);
  await expect.poll(() => benPage.getByLabel('Presented room').textContent(), poll).toContain('Group 1');
  expect(await benPage.getByRole('navigation', { name: 'Plenary controls' }).count()).toBe(0);
  // The facilitator names who presents; every header says so.
  await facPage.getByLabel('Presenter').selectOption({ label: 'Ana' });
  await expect.poll(() => benPage.getByText('Presented by Ana').count(), poll).toBe(1);

  // Read-only: N and a double-click on the empty board create nothing, on the page or on the server.
  const before = env.server.app.liveDocs.docs.get(room1.boardId)!.doc.getMap('notes').size;
  const canvas = benPage.getByTestId('board-canvas');
  const box = (await canvas.boundingBox())!;
  await canvas.focus();
  await benPage.keyboard.press('n');
  await benPage.keyboard.press('N');
  await benPage.mouse.dblclick(box.x + 12, box.y + box.height - 12);
  // Keys and clicks are handled, and what they change drawn, within the next frames: nothing was added.
  await frames(benPage);
  expect(await texts(benPage)).toEqual(room1Texts);
  expect(env.server.app.liveDocs.docs.get(room1.boardId)!.doc.getMap('notes').size).toBe(before);
  expect(await canvas.getAttribute('aria-label')).toMatch(/view only/);

  // The facilitator zooms in and pans; Ben's camera follows (same centre, zoom fitted to his window).
  const facCanvas = facPage.getByTestId('board-canvas');
  await facCanvas.focus();
  await facPage.keyboard.press('+');
  await facPage.keyboard.press('+');
  const facBox = (await facCanvas.boundingBox())!;
  await facPage.mouse.move(facBox.x + facBox.width / 2, facBox.y + facBox.height / 2);
  await facPage.mouse.wheel(180, 120);
  await expect.poll(async () => (await cameraOf(facPage))?.scale, poll).toBeGreaterThan(1);
  /** Ben shows the facilitator's centre, zoomed so that the facilitator's area fits his (smaller) window. */
  const follows = async () => {
    const fitRatio = async () => {
      const [a, b] = [(await facPage.getByTestId('board-canvas').boundingBox())!, (await benPage.getByTestId('board-canvas').boundingBox())!];
      return Math.min(b.width / a.width, b.height / a.height);
    };
    const ratio = await fitRatio();
    expect(ratio).toBeLessThan(0.95);
    await expect
      .poll(async () => {
        const [lead, seen] = [(await cameraOf(facPage))!, await cameraOf(benPage)];
        if (!seen) return Infinity;
        return Math.max(Math.abs(seen.cx - lead.cx), Math.abs(seen.cy - lead.cy), Math.abs(seen.scale / lead.scale - ratio) * 100);
      }, poll)
      .toBeLessThan(2);
  };
  await follows();
  await expect.poll(() => benPage.getByText('Following the facilitator').count(), poll).toBe(1);

  // Then frames the first challenge the way a presenter would: fit the board, zoom in, drag it to the middle.
  await facPage.keyboard.press('0');
  const zone = day.board1.zones.find((z) => z.id === day.board1.challenges[0]!.id)!;
  const zoomAt = await screenPoint(facPage, zone.x + zone.w, zone.y + 250);
  await facPage.mouse.move(zoomAt.x, zoomAt.y);
  await facPage.keyboard.down('Control');
  await facPage.mouse.wheel(0, -45);
  await facPage.keyboard.up('Control');
  await expect.poll(async () => (await cameraOf(facPage))!.scale, poll).toBeGreaterThan(0.8);
  const grab = await screenPoint(facPage, zone.x + zone.w * 0.95, zone.y + 300);
  const facBox2 = (await facCanvas.boundingBox())!;
  await facPage.mouse.move(grab.x, grab.y);
  await facPage.mouse.down();
  await facPage.mouse.move(facBox2.x + facBox2.width * 0.55, facBox2.y + facBox2.height * 0.55, { steps: 8 });
  await facPage.mouse.up();
  await follows();
  // Post-its are labelled with their author's name (never the participant id), with the revealed dots
  // and the "Selected" ribbon, as on the room's own screens.
  const onStage = (page: Page, selector: string) =>
    page.evaluate(
      (sel) => (window.__plenary as unknown as { controller: { viewport: { stage: { find(s: string): { getParent(): { id(): string } | null; text?(): string }[] } } } }).controller.viewport.stage.find(sel).map((node) => ({ note: node.getParent()?.id() ?? '', text: node.text?.() ?? '' })),
      selector,
    );
  await expect.poll(async () => (await onStage(benPage, 'Text')).map((t) => t.text), poll).toContain('Ana');
  expect((await onStage(benPage, 'Text')).map((t) => t.text)).not.toContain(day.ana.participantId);
  await expect.poll(async () => (await onStage(benPage, '.vote-dot')).map((d) => d.note), poll).toEqual([speed.id]);
  await expect.poll(async () => (await onStage(benPage, '.winner-badge')).map((b) => b.note), poll).toEqual([day.picked.id]);
  expect(
    await benPage.evaluate(
      (id) => (window.__plenary as unknown as { controller: { nodes: Map<string, { findOne(s: string): { findOne(s: string): { text(): string } } | undefined }> } }).controller.nodes.get(id)?.findOne('.winner-badge')?.findOne('Text').text(),
      day.picked.id,
    ),
  ).toBe('★ Selected');
  // The facilitator's hint is not under the control bar.
  const hint = (await facPage.getByText('Everyone sees what you see').boundingBox())!;
  const bar = (await controls.boundingBox())!;
  const overlap = hint.x < bar.x + bar.width && hint.x + hint.width > bar.x && hint.y < bar.y + bar.height && hint.y + hint.height > bar.y;
  expect(overlap).toBe(false);
  await expect.poll(() => benPage.getByLabel('Phase').textContent(), poll).toBe('Detailing the best idea');
  await benPage.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await canvasSettled(benPage);
  mkdirSync(SHOTS, { recursive: true });
  await picture(benPage, join(SHOTS, 'plenary.png'));

  // Next room: both screens switch to room 2.
  await facPage.getByRole('button', { name: 'Present the next room' }).click();
  const room2Texts = ['Internal wiki with one owner per topic', 'Scoring sheet for applicants'];
  await expect.poll(() => texts(facPage), poll).toEqual(room2Texts);
  await expect.poll(() => texts(benPage), poll).toEqual(room2Texts);
  await expect.poll(() => benPage.getByLabel('Presented room').textContent(), poll).toContain('Group 2');

  // Results: the selected solution highlighted; "Copy table" puts tab-separated text on the clipboard.
  await facPage.getByRole('button', { name: 'Results' }).click();
  const selectedRow = benPage.getByTestId('results-solutions').locator('tr.selected');
  await expect.poll(() => selectedRow.first().textContent(), poll).toContain(day.picked.text);
  await expect.poll(() => selectedRow.first().textContent(), poll).toContain('Selected');
  await benPage.getByRole('button', { name: 'Copy table: Challenge solutions' }).click();
  await expect.poll(() => benPage.getByText('Copied').count(), poll).toBe(1);
  const clipboard = await benPage.evaluate(() => navigator.clipboard.readText());
  const lines = clipboard.trim().split('\n');
  expect(lines[0]).toBe('Room\tChallenge\t#\tSolution\tVotes\tStatus\tDetails');
  expect(lines).toContain(
    `Group 1\tChallenge 1 – ${readBoard(day.anaDoc.doc).board.challenges[0]!.title}\t1\t${day.picked.text}\t0\tSelected\tMonthly, two member stories per issue; the cluster manager edits.`,
  );
  expect(lines.some((line) => line.startsWith('Group 2\t') && line.includes('Internal wiki with one owner per topic'))).toBe(true);
  const rich = await benPage.evaluate(async () => {
    const items = await navigator.clipboard.read();
    const html = items.find((item) => item.types.includes('text/html'));
    return html ? (await html.getType('text/html')).text() : '';
  });
  expect(rich).toContain(`<strong>${day.picked.text}</strong>`);
  await expect.poll(() => facPage.getByTestId('results-solutions').locator('tr.selected').count(), poll).toBeGreaterThan(0);
  await picture(facPage, join(SHOTS, 'plenary-results.png'));
  expect(await violations(facPage)).toEqual([]);
  expect(await violations(benPage)).toEqual([]);

  // Back to the rooms: Ben returns to his own board.
  await facPage.getByRole('button', { name: 'Back to rooms' }).click();
  await expect.poll(() => new URL(benPage.url()).pathname, poll).toBe(`/b/${room2.boardId}`);
  await expect.poll(() => benPage.getByRole('status').first().textContent(), poll).toBe('Live');
  await expect.poll(() => texts(benPage), poll).toEqual(room2Texts);
  expect(await facPage.getByRole('navigation', { name: 'Plenary controls' }).count()).toBe(1);

  await benContext.close();
  await facContext.close();
  day.anaDoc.destroy();
  day.benDoc.destroy();
}, 240_000);

it('the handout prints as an A4 PDF: a page per room, the selected solution marked, details and plan rows, no buttons', async () => {
  const day = await trainingDay();
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  watchErrors(page);
  // The facilitator's workshop page links to it from its header.
  await page.goto(`${env.server.httpUrl}/w/${day.wid}#token=${day.created.facilitatorToken}`);
  const link = page.getByRole('link', { name: 'Print handout' });
  await expect.poll(() => link.count(), poll).toBe(1);
  expect(await link.getAttribute('href')).toBe(`/w/${day.wid}/handout#token=${day.created.facilitatorToken}`);
  await picture(page, join(tmpdir(), 'plenary-workshop-header.png'), { clip: { x: 0, y: 0, width: 1100, height: 140 } });
  await page.goto(`${env.server.httpUrl}/w/${day.wid}/handout#token=${day.created.facilitatorToken}`);
  await expect.poll(() => page.getByTestId('handout').count(), poll).toBe(1);
  await expect.poll(() => page.locator('.handout-room').count(), poll).toBe(2);

  expect(await violations(page)).toEqual([]);

  // Print media: the toolbar disappears, each room starts a page, table headers repeat.
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('.handout-toolbar').isVisible()).toBe(false);
  const rooms = page.locator('.handout-room');
  expect(await rooms.evaluateAll((els) => els.map((el) => getComputedStyle(el).breakBefore))).toEqual(['page', 'page']);
  expect(await page.locator('.handout-table thead').first().evaluate((el) => getComputedStyle(el).display)).toBe('table-header-group');
  expect(await rooms.first().locator('li.selected').textContent()).toContain(day.picked.text);

  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  const dir = mkdtempSync(join(tmpdir(), 'plenary-handout-'));
  const file = join(dir, 'handout.pdf');
  writeFileSync(file, pdf);
  const pages = (await pdfPages(pdf)).filter((p) => p.trim() !== '');
  expect(pages.length).toBeGreaterThanOrEqual(3); // cover, Group 1, Group 2
  expect(pages[0]).toContain('Booster academy, day 3');
  expect(pages[0]).toContain('Share and learn');
  expect(pages[0]).not.toContain('Print or save as PDF');
  const group1 = pages.find((p) => /^\s*Group 1\s*$/m.test(p))!;
  expect(group1).toMatch(/Member newsletter with success stories\s+0 votes\s+★ Selected/);
  expect(group1).toContain('Monthly, two member stories per issue');
  expect(group1).toContain('Individual action plan');
  expect(pages.some((p) => p.includes('Internal wiki with one owner per topic') && !p.includes('Speed matchmaking'))).toBe(true);
  // The first page as a picture, for a person to look at (the README shows it): with SCREENSHOTS=1 only, like
  // every picture (tests/helpers/browser.ts, picture).
  if (process.env.SCREENSHOTS) {
    const png = await pdfPagePng(pdf, 1);
    writeFileSync(join(dir, 'page-1.png'), png);
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, 'handout.png'), png);
  }
  console.log(`handout: ${dir}`);
  await context.close();
  day.anaDoc.destroy();
  day.benDoc.destroy();
}, 120_000);
