/**
 * A whole breakout in three browser contexts against a real server: two participants on their room's
 * board and the facilitator on the console. A note typed by one participant appears at the other and on
 * the console; dots respect the budget; the facilitator's reveal and selection show at the participants;
 * the plenary takes both participants to the presented board, which follows the facilitator's camera.
 */
import type { Page } from 'playwright-core';
import { expect, it, vi } from 'vitest';
import { browserAndServer, picture, screenshotDir } from '../helpers/browser.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { canvasSettled, listTexts, notesOf, pageErrors, screenPoint, watchErrors, type NoteSeen } from './helpers.ts';

const env = browserAndServer();
vi.setConfig({ testTimeout: 240_000 });
const poll = { timeout: 20_000 };
const SHOTS = screenshotDir();

async function page(url: string, width = 1200, height = 800): Promise<Page> {
  const p = await (await env.browser.newContext({ viewport: { width, height } })).newPage();
  watchErrors(p);
  await p.goto(url);
  return p;
}

const live = (p: Page) => expect.poll(() => p.getByRole('status').first().textContent(), poll).toBe('Live');

/** Clicks the middle of a note on the canvas (a dot in the voting phase). */
async function clickNote(p: Page, note: NoteSeen): Promise<void> {
  const at = await screenPoint(p, note.x + note.w / 2, note.y + note.h / 2);
  await p.mouse.click(at.x, at.y);
}

type Camera = { cx: number; cy: number; scale: number };
const cameraOf = (p: Page) =>
  p.evaluate((): Camera | null => {
    const handle = window.__plenary as unknown as { controller: { viewport: { center(): { x: number; y: number }; camera: { scale: number } } } } | undefined;
    if (!handle) return null;
    const c = handle.controller.viewport.center();
    return { cx: c.x, cy: c.y, scale: handle.controller.viewport.camera.scale };
  });

it('two participants and a facilitator run a breakout: notes, budgeted dots, reveal, winner, plenary', async () => {
  const { created, facilitator, summary } = await createTrainingDay(env.server.httpUrl, { voteBudget: 2 });
  const wid = created.workshopId;
  const [ana, ben] = await joinParticipants(env.server.httpUrl, created, ['Ana', 'Ben']);
  const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ben!.participantId, room: room.id });
  const boardUrl = (token: string) => `${env.server.httpUrl}/b/${room.boardId}#token=${token}`;

  // The facilitator's console opens the room for ideas.
  const console_ = await page(`${env.server.httpUrl}/w/${wid}#token=${created.facilitatorToken}`, 1440, 1000);
  const card = console_.locator(`article[data-room="${room.id}"]`);
  await expect.poll(() => card.count(), poll).toBe(1);
  await console_.locator(`#phase-${room.id}`).selectOption('ideate');

  const anaPage = await page(boardUrl(ana!.token));
  const benPage = await page(boardUrl(ben!.token));
  await live(anaPage);
  await live(benPage);
  for (const p of [anaPage, benPage]) await expect.poll(() => p.getByLabel('Phase', { exact: true }).textContent(), poll).toBe('Ideas');

  // Ana double-clicks into the first challenge and types: Ben's board and the console see the note.
  const zone = await anaPage.evaluate(() => {
    const z = (window.__plenary as unknown as { controller: { zones: { id: string; role: string; x: number; y: number; w: number; h: number }[] } }).controller.zones.find((z) => z.role === 'challenge')!;
    return { id: z.id, x: z.x, y: z.y, w: z.w, h: z.h };
  });
  const ideas = ['Speed matchmaking at every meetup', 'Member newsletter', 'Open lab days'];
  for (const [i, text] of ideas.entries()) {
    const writer = i === 0 ? anaPage : benPage;
    const at = await screenPoint(writer, zone.x + zone.w / 2, zone.y + 140 + i * 150);
    await writer.mouse.dblclick(at.x, at.y);
    await writer.getByLabel('Note text').pressSequentially(text);
    await writer.keyboard.press('Escape');
    await expect.poll(async () => (await listTexts(i === 0 ? benPage : anaPage)).includes(text), poll).toBe(true);
  }
  await expect.poll(() => console_.getByTestId(`notes-${room.id}`).textContent(), poll).toBe('3');
  const notes = await notesOf(anaPage);
  expect(notes.map((n) => n.zone)).toEqual([zone.id, zone.id, zone.id]);
  const byText = (text: string) => notes.find((n) => n.text === text)!;

  // Dot voting: two dots each per challenge. Ana's third dot is refused and she is told why.
  await console_.locator(`#phase-${room.id}`).selectOption('vote');
  for (const p of [anaPage, benPage]) await expect.poll(() => p.getByLabel('Voting').count(), poll).toBe(1);
  for (const p of [anaPage, benPage]) await canvasSettled(p);
  await clickNote(anaPage, byText(ideas[0]!));
  await expect.poll(() => anaPage.getByLabel('Voting').textContent(), poll).toMatch(/your dots: 1/);
  await clickNote(anaPage, byText(ideas[1]!));
  await expect.poll(() => anaPage.getByLabel('Voting').textContent(), poll).toMatch(/your dots: 2/);
  // The header always says what is left: nothing in challenge 1, the full budget elsewhere.
  await expect.poll(() => anaPage.getByLabel('Dots left per challenge').textContent(), poll).toBe(' · left: C1 0, C2 2, C3 2, C4 2');
  await clickNote(anaPage, byText(ideas[2]!));
  await expect.poll(() => anaPage.getByLabel('Voting').textContent(), poll).toMatch(/budget|dots left|no dots/i);
  expect((await ana!.api.get(`/api/workshops/${wid}/me/votes`)).body.votes).toHaveLength(2);
  await clickNote(benPage, byText(ideas[0]!));
  await expect.poll(() => benPage.getByLabel('Voting').textContent(), poll).toMatch(/your dots: 1/);
  // Before the reveal Ben's list shows only his own dot; the console counts all three.
  await expect.poll(() => console_.getByTestId(`votes-${room.id}`).textContent(), poll).toBe('3');
  const votesShown = (p: Page, text: string) => p.getByTestId('notes').locator('li', { hasText: text }).getAttribute('data-votes');
  expect(await votesShown(benPage, ideas[1]!)).toBe('0');

  // The facilitator reveals: both participants see everybody's dots.
  await console_.getByRole('button', { name: `Reveal votes in ${room.name}` }).click();
  for (const p of [anaPage, benPage]) {
    await expect.poll(() => votesShown(p, ideas[0]!), poll).toBe('2');
    await expect.poll(() => votesShown(p, ideas[1]!), poll).toBe('1');
  }

  await anaPage.mouse.move(5, 5);
  await canvasSettled(anaPage);
  await picture(anaPage, `${SHOTS}/board-voting.png`);
  // The others see each participant under the name they joined with.
  await expect.poll(() => anaPage.getByRole('list', { name: 'People on this board' }).textContent(), poll).toContain('Ben');

  // ... and selects the second idea as the challenge's solution: it is highlighted at both participants.
  await console_.locator(`#phase-${room.id}`).selectOption('select');
  await card.getByText('Votes and winners').click();
  await console_.getByRole('button', { name: new RegExp(`^Select “${ideas[1]}” as the solution of challenge 1 in ${room.name}$`) }).click();
  for (const p of [anaPage, benPage]) {
    await expect.poll(() => p.getByTestId('notes').locator('li[data-selected]').allTextContents(), poll).toEqual([expect.stringContaining(ideas[1]!)]);
  }

  // Plenary: the facilitator presents the room from the plenary screen; both participants follow.
  const stage = await page(`${env.server.httpUrl}/w/${wid}/plenary#token=${created.facilitatorToken}`, 1280, 800);
  await stage.getByRole('button', { name: 'Present the next room' }).click();
  for (const p of [anaPage, benPage]) await expect.poll(() => new URL(p.url()).pathname, poll).toBe(`/w/${wid}/plenary`);
  for (const p of [anaPage, benPage]) await expect.poll(async () => (await notesOf(p)).map((n) => n.text).sort(), poll).toEqual([...ideas].sort());
  const stageCanvas = stage.getByTestId('board-canvas');
  await stageCanvas.focus();
  await stage.keyboard.press('+');
  await stage.keyboard.press('+');
  const box = (await stageCanvas.boundingBox())!;
  await stage.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await stage.mouse.wheel(150, 90);
  for (const p of [anaPage, benPage]) {
    await expect
      .poll(async () => {
        const [lead, seen] = [(await cameraOf(stage))!, await cameraOf(p)];
        return seen ? Math.max(Math.abs(seen.cx - lead.cx), Math.abs(seen.cy - lead.cy)) : Infinity;
      }, poll)
      .toBeLessThan(2);
  }
  // The selected idea is still the room's result on the plenary screen's results view.
  await stage.getByRole('button', { name: 'Results' }).click();
  await expect.poll(() => anaPage.getByTestId('results-solutions').locator('tr.selected').first().textContent(), poll).toContain(ideas[1]!);
  expect(pageErrors).toEqual([]);
});
