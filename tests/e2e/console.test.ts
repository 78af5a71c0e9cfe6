/**
 * The facilitator console in real Chromium, against a real server: every room live (notes, people,
 * online), a participant dragged from one room card to the other, a room's phase and timer reaching the
 * participant's board header, a broadcast reaching their board, hidden vote counts, the reveal and a
 * winner picked by a click.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { browserAndServer, picture, screenshotDir } from '../helpers/browser.ts';
import { connectClient, synced, type Client } from '../helpers/clients.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { canvasSettled, frames, pageErrors, watchErrors } from './helpers.ts';

const SHOTS = screenshotDir();
const env = browserAndServer();
const poll = { timeout: 15_000 };

/** Posts notes under a board's challenges as a participant's client would, and waits until the server has them. */
async function postIdeas(client: Client, author: string, ideas: readonly [challenge: number, text: string, color?: string][]) {
  await synced(client);
  const board = readBoard(client.doc).board;
  const placed = new Map<string, number>();
  for (const [index, text, color] of ideas) {
    const zone = board.zones.find((z) => z.id === board.challenges[index]!.id)!;
    const n = placed.get(zone.id) ?? 0;
    placed.set(zone.id, n + 1);
    addNote(client.doc, { text, author, zone: zone.id, x: zone.x + 20, y: zone.y + 90 + n * 140, color, createdAt: Date.now() + n });
  }
}

const testIdOf = (page: Page, id: string) => page.getByTestId(id).textContent();

it('shows every room live and runs phases, timers, moves, broadcasts, reveals and winners from the browser', async () => {
  const { created, facilitator } = await createTrainingDay(env.server.httpUrl);
  const wid = created.workshopId;
  const [ana, ben, cleo, dan, eva, farid] = await joinParticipants(env.server.httpUrl, created, ['Ana Silva', 'Ben Okafor', 'Cleo Martin', 'Dan Weber', 'Eva Novak', 'Farid Haddad']);
  type Room = { id: string; name: string; boardId: string; participantIds: string[] };
  const roomsNow = async () => ((await facilitator.get(`/api/workshops/${wid}`)).body.sessions[0].rooms as Room[]).sort((a, b) => a.name.localeCompare(b.name));
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });

  const page = await (await env.browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  watchErrors(page);
  await page.goto(`${env.server.httpUrl}/w/${wid}#token=${created.facilitatorToken}`);
  const card = (room: { id: string }) => page.locator(`article[data-room="${room.id}"]`);
  const tray = page.getByRole('region', { name: /^Not in a room/ });

  // Nobody is in a room yet: all six wait in the tray until "Assign evenly".
  await expect.poll(() => tray.locator('li').count(), poll).toBe(6);
  await page.getByRole('button', { name: 'Assign evenly' }).click();
  await expect.poll(async () => (await roomsNow()).map((r) => r.participantIds.length), poll).toEqual([3, 3]);
  await expect.poll(() => tray.count(), poll).toBe(0);
  const [g1, g2] = await roomsNow();
  const inRoom = (room: Room, p: typeof ana) => room.participantIds.includes(p!.participantId);
  const roomOf = (p: typeof ana) => (inRoom(g1!, p) ? g1! : g2!);
  await expect.poll(() => card(g1!).count(), poll).toBe(1);
  await expect.poll(() => card(g2!).count(), poll).toBe(1);
  await expect.poll(() => testIdOf(page, `people-${g1!.id}`), poll).toBe('3');
  await expect.poll(() => testIdOf(page, `notes-${g1!.id}`), poll).toBe('0');

  // A participant posts ideas from their own client: the room's card counts them live.
  const anaRoom = roomOf(ana);
  const anaClient = connectClient(env.server.syncUrl, anaRoom.boardId, ana!.token);
  await postIdeas(anaClient, ana!.participantId, [
    [0, 'Member service catalogue', '#bbf7d0'],
    [0, 'Quarterly demand survey'],
    [1, 'Shared roadmap workshop', '#bfdbfe'],
  ]);
  await expect.poll(() => testIdOf(page, `notes-${anaRoom.id}`), poll).toBe('3');
  const otherRoom = anaRoom === g1 ? g2! : g1!;
  const otherPerson = [ben, cleo, dan, eva, farid].find((p) => inRoom(otherRoom, p))!;
  const otherClient = connectClient(env.server.syncUrl, otherRoom.boardId, otherPerson.token);
  await postIdeas(otherClient, otherPerson.participantId, [
    [0, 'Wiki with owners per topic', '#fbcfe8'],
    [0, 'Lunch-and-learn every Friday'],
    [2, 'Monthly tech radar', '#fed7aa'],
    [3, 'Onboarding buddy for new members', '#ddd6fe'],
  ]);
  await expect.poll(() => testIdOf(page, `notes-${otherRoom.id}`), poll).toBe('4');
  expect(await card(anaRoom).locator('canvas.thumb').getAttribute('data-notes')).toBe('3');

  // Drag a participant's chip from the other room onto Ana's room: the server moves them.
  const mover = otherPerson;
  await page.locator(`article[data-room="${otherRoom.id}"] li[data-participant="${mover.participantId}"]`).dragTo(card(anaRoom));
  const roomNow = async () => ((await facilitator.get(`/api/workshops/${wid}`)).body.sessions[0].rooms as { id: string; participantIds: string[] }[]).find((r) => r.participantIds.includes(mover.participantId))?.id;
  await expect.poll(roomNow, poll).toBe(anaRoom.id);
  await expect.poll(() => card(anaRoom).locator(`li[data-participant="${mover.participantId}"]`).count(), poll).toBe(1);
  // ... and back with the keyboard path: the chip's "Move to" select.
  await card(anaRoom).getByLabel(`Move ${mover.name} to`).selectOption({ label: otherRoom.name });
  await expect.poll(roomNow, poll).toBe(otherRoom.id);
  await card(otherRoom).locator(`li[data-participant="${mover.participantId}"]`).dragTo(card(anaRoom));
  await expect.poll(roomNow, poll).toBe(anaRoom.id);

  // Somebody late joins: they wait in the tray, and a drag puts them in a room.
  const [gus] = await joinParticipants(env.server.httpUrl, created, ['Gus Lee']);
  await expect.poll(() => tray.locator(`li[data-participant="${gus!.participantId}"]`).count(), poll).toBe(1);
  await tray.locator(`li[data-participant="${gus!.participantId}"]`).dragTo(card(otherRoom));
  await expect.poll(async () => (await roomsNow()).find((r) => r.id === otherRoom.id)?.participantIds.includes(gus!.participantId), poll).toBe(true);
  await expect.poll(() => tray.count(), poll).toBe(0);

  // Ana opens her board: she shows as online in her room's card.
  const anaPage = await (await env.browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
  watchErrors(anaPage);
  await anaPage.goto(`${env.server.httpUrl}/b/${anaRoom.boardId}#token=${ana!.token}`);
  await expect.poll(() => anaPage.getByRole('status').first().textContent(), poll).toBe('Live');
  await expect.poll(() => testIdOf(page, `online-${anaRoom.id}`), poll).toMatch(/^1/);
  await expect.poll(() => card(anaRoom).locator(`li[data-participant="${ana!.participantId}"].online`).count(), poll).toBe(1);

  // The room's phase and a 5 minute timer, set in the console, appear in Ana's board header.
  await page.locator(`#phase-${anaRoom.id}`).selectOption('vote');
  await expect.poll(() => anaPage.getByLabel('Phase', { exact: true }).textContent(), poll).toBe('Dot voting');
  await expect.poll(() => card(anaRoom).getByLabel(`Phase of ${anaRoom.name}`).textContent(), poll).toBe('Vote');
  await page.locator(`#timer-${anaRoom.id}-minutes`).fill('5');
  await page.getByRole('button', { name: `Start the timer for ${anaRoom.name}` }).click();
  await expect.poll(() => anaPage.getByLabel('Time left').textContent(), poll).toMatch(/^[45]:\d\d/);
  await expect.poll(() => card(anaRoom).getByLabel(`Time left in ${anaRoom.name}`).textContent(), poll).toMatch(/^[45]:\d\d/);

  // Pause, resume and +1 min reach her header too.
  await page.getByRole('button', { name: `Pause the timer for ${anaRoom.name}` }).click();
  await expect.poll(() => anaPage.getByLabel('Time left').textContent(), poll).toMatch(/paused/);
  await page.getByRole('button', { name: `Resume the timer for ${anaRoom.name}` }).click();
  await expect.poll(() => anaPage.getByLabel('Time left').textContent(), poll).not.toMatch(/paused/);
  await page.getByRole('button', { name: `+1 min on the timer for ${anaRoom.name}` }).click();
  await expect.poll(() => anaPage.getByLabel('Time left').textContent(), poll).toMatch(/^[56]:\d\d/);

  // A timer for all rooms shows in a room without its own, until it is cleared.
  await page.locator('#timer-all-minutes').fill('3');
  await page.getByRole('button', { name: 'Start the timer for all rooms' }).click();
  await expect.poll(() => card(otherRoom).getByLabel(`Time left in ${otherRoom.name} (all rooms)`).textContent(), poll).toMatch(/^[23]:\d\d/);
  await page.getByRole('button', { name: 'Clear the timer for all rooms' }).click();
  await expect.poll(() => card(otherRoom).getByLabel(`Time left in ${otherRoom.name} (all rooms)`).count(), poll).toBe(0);

  // A broadcast reaches Ana's board.
  await page.getByLabel('Message to everybody').fill('Five minutes left: pick your best idea');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => anaPage.getByLabel('Message from the facilitator').textContent(), poll).toContain('Five minutes left: pick your best idea');

  // ... and Ana's workshop page; dismissing hides it.
  const anaHome = await anaPage.context().newPage();
  watchErrors(anaHome);
  await anaHome.goto(`${env.server.httpUrl}/w/${wid}#token=${ana!.token}`);
  await expect.poll(() => anaHome.getByLabel('Message from the facilitator').textContent(), poll).toContain('Five minutes left');
  await anaHome.getByRole('button', { name: 'Dismiss the message' }).click();
  await expect.poll(() => anaHome.getByLabel('Message from the facilitator').count(), poll).toBe(0);
  await anaHome.close();

  // Lock and unlock a board: the console shows the state, Ana's header too.
  await page.getByRole('button', { name: `Lock the board of ${anaRoom.name}` }).click();
  await expect.poll(() => card(anaRoom).locator('.badge.locked').count(), poll).toBe(1);
  await expect.poll(() => anaPage.getByText('Locked', { exact: true }).count(), poll).toBe(1);
  await page.getByRole('button', { name: `Unlock the board of ${anaRoom.name}` }).click();
  await expect.poll(() => card(anaRoom).locator('.badge.locked').count(), poll).toBe(0);

  // Votes are hidden from participants, but the console counts them.
  const notes = readBoard(anaClient.doc).board.notes;
  const catalogue = notes.find((n) => n.text === 'Member service catalogue')!;
  const survey = notes.find((n) => n.text === 'Quarterly demand survey')!;
  await ana!.api.ok(`/api/workshops/${wid}/votes`, { board: anaRoom.boardId, note: catalogue.id });
  await mover.api.ok(`/api/workshops/${wid}/votes`, { board: anaRoom.boardId, note: catalogue.id });
  await mover.api.ok(`/api/workshops/${wid}/votes`, { board: anaRoom.boardId, note: survey.id });
  await expect.poll(() => testIdOf(page, `votes-${anaRoom.id}`), poll).toBe('3');
  await card(anaRoom).getByText('Votes and winners').click();
  const ideas = card(anaRoom).getByLabel(`Challenge 1 in ${anaRoom.name}`).locator('li');
  await expect.poll(() => ideas.allTextContents(), poll).toEqual([expect.stringMatching(/^2Member service catalogue/), expect.stringMatching(/^1Quarterly demand survey/)]);

  // Reveal, then pick the second idea as the winner by a click.
  await page.getByRole('button', { name: `Reveal votes in ${anaRoom.name}` }).click();
  await expect.poll(() => card(anaRoom).getByText('Votes revealed', { exact: true }).count(), poll).toBeGreaterThan(0);
  await page.getByRole('button', { name: `Select “Quarterly demand survey” as the solution of challenge 1 in ${anaRoom.name}` }).click();
  const selected = async () => {
    const body = (await facilitator.get(`/api/workshops/${wid}/export.json`)).body;
    const room = body.sessions[0].rooms.find((r: { boardId: string }) => r.boardId === anaRoom.boardId);
    return room.results.challengeSolutions.challenges[0].selected;
  };
  await expect.poll(selected, poll).toMatchObject({ note: survey.id, by: 'facilitator' });
  await expect.poll(() => ideas.nth(1).textContent(), poll).toContain('Selected');

  // An action the server refuses shows its message: there is no phase after "closed".
  await page.locator(`#phase-${otherRoom.id}`).selectOption('closed');
  await expect.poll(() => card(otherRoom).getByLabel(`Phase of ${otherRoom.name}`).textContent(), poll).toBe('Closed');
  await page.getByRole('button', { name: `Next phase in ${otherRoom.name}` }).click();
  await expect.poll(() => page.getByRole('alert').textContent(), poll).toContain('no phase after closed');
  await page.getByRole('button', { name: 'Dismiss the error' }).click();
  await page.locator(`#phase-${otherRoom.id}`).selectOption('ideate');

  await canvasSettled(anaPage);
  await picture(anaPage, `${SHOTS}/board-broadcast.png`);

  // The plenary: call everybody back, and the console says so.
  await page.getByRole('button', { name: 'Call back to plenary' }).click();
  await expect.poll(() => page.getByLabel('Plenary state').textContent(), poll).toContain('In plenary');

  await card(anaRoom).getByText('Results', { exact: true }).click();
  await expect.poll(() => card(anaRoom).getByLabel(`Results of ${anaRoom.name}`).textContent(), poll).toContain('Quarterly demand survey');
  await page.mouse.move(0, 0);
  await expect.poll(() => page.locator('.feedback-ok').count(), poll).toBe(0); // the confirmation fades
  // The thumbnails redraw on a throttle: wait until each shows all of its board's notes, then for a frame.
  for (const [room, client] of [[anaRoom, anaClient], [otherRoom, otherClient]] as const) {
    const count = String(readBoard(client.doc).board.notes.length);
    await expect.poll(() => card(room).locator('canvas.thumb').getAttribute('data-notes'), poll).toBe(count);
  }
  await frames(page);
  await picture(page, `${SHOTS}/facilitator-console.png`, { fullPage: true });

  // "Next phase for all" moves the workshop on: every room follows.
  await page.getByRole('button', { name: 'Next phase for all →' }).click();
  await expect.poll(() => card(anaRoom).getByLabel(`Phase of ${anaRoom.name}`).textContent(), poll).toBe('Vote');
  await expect.poll(() => card(otherRoom).getByLabel(`Phase of ${otherRoom.name}`).textContent(), poll).toBe('Vote');

  expect(pageErrors).toEqual([]);
  anaClient.destroy();
  otherClient.destroy();
}, 180_000);
