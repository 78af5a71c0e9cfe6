/**
 * A crowded challenge column in real Chromium against the real server: 26 post-its of two participants
 * piled up in one column. A participant's "Tidy" moves only their own (the server refuses others' notes
 * on a challenge board), the facilitator's packs the whole column into rows; the column grows to hold
 * them on every screen, a new post-it lands in the first free spot, the titles stay readable with the
 * whole board fitted, and every post-it still belongs to its challenge in the results.
 * SCREENSHOTS=1 saves docs/screenshots/crowded-column-tidy.png.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { challengeSolutions } from '../../shared/reducers/index.ts';
import { browserAndServer, picture, screenshotDir } from '../helpers/browser.ts';
import { connectClient, synced, waitFor, type Client } from '../helpers/clients.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { canvasSettled, notesOf, openBoard, pageErrors, type NoteSeen } from './helpers.ts';

vi.setConfig({ testTimeout: 180_000 });
const env = browserAndServer();
const poll = { timeout: 20_000 };
const SHOTS = screenshotDir();
const contexts: BrowserContext[] = [];
const clients: Client[] = [];

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const c of contexts) await c.close().catch(() => undefined);
  expect(pageErrors).toEqual([]);
});

async function open(name: string, url: string): Promise<Page> {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript((n) => localStorage.setItem('plenary:name', n), name);
  contexts.push(context);
  return openBoard(context, url);
}

type Controller = {
  zones: { id: string; x: number; y: number; w: number; h: number; title: string }[];
  select(ids: string[]): void;
  viewport: { fit(box: unknown): void; camera: { scale: number }; stage: { find(s: string): { text(): string; fontSize(): number; isVisible(): boolean }[] } };
  contentBounds(): unknown;
};

const overlapping = (notes: readonly NoteSeen[]) =>
  notes.filter((a) => notes.some((b) => a !== b && a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y)).length;

const serverDoc = (boardId: string): Y.Doc => env.server.app.liveDocs.docs.get(boardId)!.doc;

it('tidies a crowded column: a participant moves only their own, the facilitator packs it all; the column grows everywhere', async () => {
  const { created, facilitator, summary } = await createTrainingDay(env.server.httpUrl);
  const wid = created.workshopId;
  const [ana, ben] = await joinParticipants(env.server.httpUrl, created, ['Ana Novak', 'Ben Weber']);
  const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  for (const person of [ana!, ben!]) await facilitator.ok(`/api/workshops/${wid}/move`, { participant: person.participantId, room: room.id });
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });

  // 26 ideas for challenge 1, written as a room does: on top of each other, down the column.
  const docs = [ana!, ben!].map((person) => connectClient(env.server.syncUrl, room.boardId, person.token));
  clients.push(...docs);
  await Promise.all(docs.map(synced));
  const column = readBoard(docs[0]!.doc).board.zones.find((z) => z.role === 'challenge' && z.number === 1)!;
  for (let i = 0; i < 26; i++) {
    const who = i % 2 === 0 ? 0 : 1;
    addNote(docs[who]!.doc, {
      text: `Idea ${i + 1} for more members`,
      author: [ana!, ben!][who]!.participantId,
      zone: column.id,
      x: column.x + 8 + (i % 3) * 30,
      y: column.y + 70 + i * 36,
      createdAt: 1000 + i,
    });
  }
  await waitFor(() => serverDoc(room.boardId).getMap('notes').size === 26, 'the 26 ideas on the server', 15_000);

  const url = (token: string) => `${env.server.httpUrl}/b/${room.boardId}#token=${token}`;
  const benPage = await open('Ben Weber', url(ben!.token));
  const hostPage = await open('Facilitator', url(created.facilitatorToken));
  await expect.poll(async () => (await notesOf(benPage)).length, poll).toBe(26);
  await expect.poll(async () => (await notesOf(hostPage)).length, poll).toBe(26);
  const inColumn = async (page: Page) => (await notesOf(page)).filter((n) => n.zone === column.id);
  expect(overlapping(await inColumn(benPage))).toBeGreaterThan(20);
  // The column already grew to hold the lowest of them (below its 1,000 px): the same height on both screens.
  const height = (page: Page) => page.evaluate((id) => (window.__plenary!.controller as unknown as Controller).zones.find((z) => z.id === id)!.h, column.id);
  const lowest = Math.max(...(await inColumn(benPage)).map((n) => n.y + n.h));
  expect(lowest - column.y).toBeGreaterThan(column.h);
  await expect.poll(() => height(benPage), poll).toBe(lowest + 8 - column.y);
  expect(await height(hostPage)).toBe(await height(benPage));

  // Ben tidies from his own screen: his 13 ideas move into free spots, Ana's stay where they are.
  const anaIds = new Set(readBoard(docs[0]!.doc).board.notes.filter((n) => n.author === ana!.participantId).map((n) => n.id));
  const anaBefore = (await inColumn(benPage)).filter((n) => anaIds.has(n.id));
  const benId = readBoard(docs[1]!.doc).board.notes.find((n) => n.author === ben!.participantId)!.id;
  await benPage.evaluate((id) => (window.__plenary!.controller as unknown as Controller).select([id]), benId);
  await benPage.getByRole('button', { name: 'Tidy the zone' }).click();
  await expect.poll(() => benPage.locator('.toolbar-message').textContent(), poll).toMatch(/notes? tidied/);
  const anaOnServer = () =>
    readBoard(serverDoc(room.boardId))
      .board.notes.filter((n) => anaIds.has(n.id))
      .map((n) => `${n.id}@${n.x},${n.y}`)
      .sort();
  const bensOverlapping = (notes: readonly { id: string; x: number; y: number; w: number; h: number }[]) =>
    notes.filter((a) => !anaIds.has(a.id) && notes.some((b) => a !== b && a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y)).length;
  await expect.poll(async () => bensOverlapping(await inColumn(hostPage)), poll).toBe(0);
  expect(anaOnServer()).toEqual(anaBefore.map((n) => `${n.id}@${n.x},${n.y}`).sort());
  // The server took Ben's moves (nothing was refused and undone): his notes no longer overlap anybody's.
  await expect.poll(() => bensOverlapping(readBoard(serverDoc(room.boardId)).board.notes), poll).toBe(0);

  // The facilitator tidies the column (the view is on it, nothing selected): all 26 in rows, on every screen.
  await hostPage.evaluate((c) => (window.__plenary!.controller as unknown as Controller).viewport.fit({ x: c.x, y: c.y, w: c.w, h: 900 }), column);
  await hostPage.getByRole('button', { name: 'Tidy the zone' }).click();
  await expect.poll(() => hostPage.locator('.toolbar-message').textContent(), poll).toMatch(new RegExp(`^${column.title.slice(0, 20)}.*notes? tidied`));
  await expect.poll(async () => overlapping(await inColumn(benPage)), poll).toBe(0);
  const packed = await inColumn(benPage);
  expect(packed).toHaveLength(26);
  expect(new Set(packed.map((n) => n.x)).size).toBe(2); // two per row
  expect(Math.max(...packed.map((n) => n.y))).toBe(column.y + 64 + 12 * 136); // 13 rows
  const grown = column.y + 64 + 12 * 136 + 120 + 8 - column.y;
  await expect.poll(() => height(benPage), poll).toBe(grown);
  expect(await height(hostPage)).toBe(grown);

  // A new idea with the view on the column lands in the first free spot (a 14th row), inside the column.
  await hostPage.getByTestId('board-canvas').focus();
  await hostPage.keyboard.press('n');
  await hostPage.keyboard.type('Buddy system for new members');
  await hostPage.keyboard.press('Escape');
  await expect.poll(async () => (await inColumn(benPage)).length, poll).toBe(27);
  const added = (await inColumn(benPage)).find((n) => n.text === 'Buddy system for new members')!;
  expect(added).toMatchObject({ x: column.x + 8, y: column.y + 64 + 13 * 136 });
  expect(overlapping(await inColumn(benPage))).toBe(0);

  // The whole board fitted on screen: every column's title is drawn at a readable size on top.
  await benPage.getByTestId('board-canvas').focus();
  await benPage.keyboard.press('0');
  // Titles follow the camera once it has settled (useSettledScale), so wait for that first.
  await canvasSettled(benPage);
  await expect
    .poll(
      () =>
        benPage.evaluate(() => {
          const c = window.__plenary!.controller as unknown as Controller;
          const labels = c.viewport.stage.find('.zone-label').filter((t) => t.isVisible());
          const smallest = Math.min(...labels.map((t) => t.fontSize() * c.viewport.camera.scale));
          return { labels: labels.length, readable: smallest >= 13.9 };
        }),
      poll,
    )
    .toEqual({ labels: 4, readable: true });
  const fitted = await benPage.evaluate(() => {
    const c = window.__plenary!.controller as unknown as Controller;
    const labels = c.viewport.stage.find('.zone-label');
    return { smallest: Math.min(...labels.map((t) => t.fontSize() * c.viewport.camera.scale)), texts: labels.map((t) => t.text()), scale: c.viewport.camera.scale };
  });
  expect(fitted.scale).toBeLessThan(0.5);
  expect(fitted.smallest).toBeGreaterThanOrEqual(13.9);
  expect(fitted.texts[0]).toMatch(/^Challenge 1: /);

  // Exports and reducers: every idea belongs to challenge 1, the ones in the grown part included.
  await waitFor(() => serverDoc(room.boardId).getMap('notes').size === 27, 'the new idea on the server', 15_000);
  const solutions = challengeSolutions(readBoard(serverDoc(room.boardId)).board);
  expect(solutions.challenges.find((c) => c.id === column.id)!.ideas).toHaveLength(27);

  // The picture: the tidied column, as the facilitator sees it.
  await hostPage.evaluate((c) => (window.__plenary!.controller as unknown as Controller).viewport.fit({ x: c.x - 40, y: c.y - 20, w: c.w * 2 + 120, h: 14 * 136 + 140 }), column);
  await canvasSettled(hostPage);
  await picture(hostPage, join(SHOTS, 'crowded-column-tidy.png'));
});
