/**
 * A board page starts its sync before the app's code has loaded (client/src/sync/early.ts): the websocket
 * and `GET /api/boards/:id` go out from the small entry chunk, and the board page adopts both instead of
 * opening its own. Other pages open no board connection. A board this device has cached asks the server
 * only for what it lacks (the socket waits for the IndexedDB copy).
 */
import { expect, it } from 'vitest';
import { addNote } from '../../shared/doc/index.ts';
import { browserAndServer } from '../helpers/browser.ts';
import { connectClient, synced, waitFor } from '../helpers/clients.ts';
import { listTexts, pageErrors, watchErrors } from './helpers.ts';

const env = browserAndServer();
const poll = { timeout: 15_000 };

it('opens the board connection before the app runs, and the page uses that one connection', async () => {
  const board = await env.server.createBoard({ title: 'Early' });
  const seeder = connectClient(env.server.syncUrl, board.boardId, board.editToken);
  await synced(seeder);
  for (const [i, text] of ['First idea', 'Second idea', 'Third idea'].entries()) addNote(seeder.doc, { text, author: 'Ana', x: i * 200, y: 0, createdAt: i + 1 });
  await waitFor(() => env.server.app.liveDocs.docs.get(board.boardId)?.doc.getMap('notes').size === 3, 'stored');
  seeder.destroy();

  const page = await (await env.browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
  watchErrors(page);
  const sockets: string[] = [];
  const infoRequests: string[] = [];
  page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === `/api/boards/${board.boardId}`) infoRequests.push(request.method());
  });
  await page.goto(`${env.server.httpUrl}/b/${board.boardId}#token=${board.editToken}`);
  await expect.poll(() => page.getByRole('status').textContent(), poll).toBe('Live');
  await expect.poll(() => listTexts(page), poll).toEqual(['First idea', 'Second idea', 'Third idea']);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), poll).toBe('Early');
  const marks = await page.evaluate(() => ({
    connect: performance.getEntriesByName('plenary:connect')[0]?.startTime ?? null,
    app: performance.getEntriesByName('plenary:app-start')[0]?.startTime ?? null,
  }));
  expect(marks.connect).not.toBeNull();
  expect(marks.app).not.toBeNull();
  expect(marks.connect!).toBeLessThan(marks.app!);
  expect(sockets).toEqual([`/sync/${board.boardId}`]);
  expect(infoRequests).toEqual(['GET']);

  // The early connection is the live one: a change made on the page reaches the server.
  await page.evaluate(() => (window as unknown as { __plenary: { controller: { createNoteAt(x: number, y: number): void } } }).__plenary.controller.createNoteAt(0, 300));
  await waitFor(() => env.server.app.liveDocs.docs.get(board.boardId)?.doc.getMap('notes').size === 4, 'the new note at the server', 15_000);
  expect(pageErrors).toEqual([]);
});

it('opens no board connection on the start page', async () => {
  const page = await (await env.browser.newContext()).newPage();
  watchErrors(page);
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(env.server.httpUrl);
  await expect.poll(() => page.getByRole('button', { name: 'Create board' }).isVisible(), poll).toBe(true);
  expect(sockets).toEqual([]);
  expect(pageErrors).toEqual([]);
});

it('a reopened board loads from IndexedDB and gets only what it lacks from the server', async () => {
  const board = await env.server.createBoard({ title: 'Reopened' });
  const seeder = connectClient(env.server.syncUrl, board.boardId, board.editToken);
  await synced(seeder);
  const texts = Array.from({ length: 40 }, (_, i) => `Idea number ${i + 1} with a few more words in it`);
  seeder.doc.transact(() => texts.forEach((text, i) => addNote(seeder.doc, { text, author: 'Ana', x: (i % 8) * 200, y: Math.floor(i / 8) * 200, createdAt: i + 1 })));
  await waitFor(() => env.server.app.liveDocs.docs.get(board.boardId)?.doc.getMap('notes').size === 40, 'stored');
  seeder.destroy();

  const page = await (await env.browser.newContext()).newPage();
  watchErrors(page);
  let received: number[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => received.push(typeof payload === 'string' ? payload.length : payload.byteLength)));
  const open = async (): Promise<number> => {
    await expect.poll(() => page.getByRole('status').textContent(), poll).toBe('Live');
    await expect.poll(async () => (await listTexts(page)).length, poll).toBe(40);
    const biggest = Math.max(...received);
    received = [];
    return biggest;
  };
  await page.goto(`${env.server.httpUrl}/b/${board.boardId}#token=${board.viewToken}`);
  const firstVisit = await open();
  await expect.poll(() => page.evaluate((id) => localStorage.getItem(`plenary:cached:${id}`), board.boardId), poll).toBe('1');
  await page.reload();
  const reopened = await open();
  expect(firstVisit).toBeGreaterThan(2000); // the whole board
  expect(reopened).toBeLessThan(firstVisit / 10); // awareness and an empty diff
  expect(pageErrors).toEqual([]);
});
