/**
 * Open pages follow the facilitator's room moves in real Chromium: a participant waiting on the workshop
 * page is taken to their room's board once assigned, and one on a room's board is taken to the other room
 * when moved there (a notice first, with "Stay here").
 */
import { expect, it, vi } from 'vitest';
import { browserAndServer } from '../helpers/browser.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { watchErrors, pageErrors } from './helpers.ts';

const env = browserAndServer();
// Several browser files share two loaded cores in CI: room for slow pages.
vi.setConfig({ testTimeout: 120_000 });
const poll = { timeout: 15_000 };

it('a participant is taken to the room they are assigned to, and to the next one when moved', async () => {
  const { created, facilitator, summary } = await createTrainingDay(env.server.httpUrl);
  const wid = created.workshopId;
  const [ana, ben] = await joinParticipants(env.server.httpUrl, created, ['Ana', 'Ben']);
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 800 } });
  // The page's clock runs with real time, and the test runs it ahead past the notice's countdown.
  await context.clock.install();
  const page = await context.newPage();
  watchErrors(page);
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  await page.goto(`${env.server.httpUrl}/w/${wid}#token=${ana!.token}`);
  await expect.poll(() => page.getByText('You are Ana').count(), poll).toBe(1);
  await expect.poll(() => page.getByText('The facilitator has not put you in a room yet.').count(), poll).toBe(1);

  const rooms = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  const mine = rooms.find((r: { participantIds: string[] }) => r.participantIds.includes(ana!.participantId));
  const other = rooms.find((r: { id: string }) => r.id !== mine.id);
  await expect.poll(() => page.getByRole('alert').textContent(), poll).toContain(`The facilitator put you in ${mine.name}`);
  await page.waitForURL(`${env.server.httpUrl}/b/${mine.boardId}#token=${ana!.token}`, poll);
  await expect.poll(() => page.locator('.board-header h1').textContent(), poll).toBe(mine.name);

  // Moving somebody else does not disturb Ana.
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ben!.participantId, room: mine.id });
  // Moved herself: a notice, "Stay here" keeps her, a second move takes her along.
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ana!.participantId, room: other.id });
  await expect.poll(() => page.getByRole('alert').textContent(), poll).toContain(`The facilitator put you in ${other.name}`);
  await page.getByRole('button', { name: 'Stay here' }).click();
  await expect.poll(() => page.getByRole('alert').count(), poll).toBe(0);
  // The countdown would have gone off within 5 s: run the page's clock well past it.
  const navigated = navigations.length;
  await page.clock.runFor(10_000);
  // The next move's notice shows on this same page, and no navigation happened in between.
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ana!.participantId, room: mine.id });
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ana!.participantId, room: other.id });
  await expect.poll(() => page.getByRole('alert').count(), poll).toBe(1);
  expect(navigations.slice(navigated)).toEqual([]);
  expect(new URL(page.url()).pathname).toBe(`/b/${mine.boardId}`);
  await page.getByRole('link', { name: 'Go now' }).click();
  await page.waitForURL(`${env.server.httpUrl}/b/${other.boardId}#token=${ana!.token}`, poll);
  await expect.poll(() => page.locator('.board-header h1').textContent(), poll).toBe(other.name);
  expect(pageErrors).toEqual([]);
});
