/**
 * Matchmaking on the workshop page in real Chromium: a participant fills in their card, the facilitator
 * plans and starts the rounds, and the participant's screen shows the live timetable and their next meeting.
 */
import { expect, it } from 'vitest';
import { api } from '../helpers/api.ts';
import { browserAndServer } from '../helpers/browser.ts';
import { joinParticipants } from '../helpers/workshop.ts';

const env = browserAndServer();
const poll = { timeout: 15_000 };

it('a participant states wishes, the facilitator plans and starts, every screen shows the timetable', async () => {
  const created = await api(env.server.httpUrl).ok('/api/workshops', { title: 'Matchmaking hour' });
  const wid = created.workshopId;
  const [ana, ben, cleo, dan] = await joinParticipants(env.server.httpUrl, created, ['Ana', 'Ben', 'Cleo', 'Dan']);

  const participant = await (await env.browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  const errors: string[] = [];
  participant.on('pageerror', (e) => errors.push(e.message));
  await participant.goto(`${env.server.httpUrl}/w/${wid}#token=${ana!.token}`);
  await participant.getByLabel('Meet Ben').selectOption('must');
  await participant.getByLabel('Meet Dan').selectOption('no');
  await participant.getByLabel('I offer (comma-separated)').fill('test sites');
  await participant.getByRole('button', { name: 'Save my card' }).click();
  await expect.poll(() => participant.getByText('Saved').count(), poll).toBe(1);
  await ben!.api.put(`/api/workshops/${wid}/me/matchmaking`, { wishes: [{ to: ana!.participantId, level: 'like' }] });

  const facilitator = await (await env.browser.newContext()).newPage();
  await facilitator.goto(`${env.server.httpUrl}/w/${wid}#token=${created.facilitatorToken}`);
  await facilitator.getByRole('button', { name: 'Plan 6 rounds of 15 min' }).click();
  await expect.poll(() => facilitator.locator('.timetable tbody tr').count(), poll).toBe(6);

  // Ana's screen: the grid with her meetings marked, Ben (mutual) somewhere, never Dan ("no thanks").
  await expect.poll(() => participant.locator('.timetable tbody tr').count(), poll).toBe(6);
  const cells = await participant.locator('.timetable td.mine').allTextContents();
  expect(cells.length).toBeGreaterThanOrEqual(2);
  expect(cells.some((c) => c.includes('Ben'))).toBe(true);
  expect(cells.some((c) => c.includes('Dan'))).toBe(false);
  await expect.poll(() => participant.locator('.next-up').textContent(), poll).toMatch(/^next: round 1, .* with (Ben|Cleo)/);

  await facilitator.getByRole('button', { name: 'Start the rounds now' }).click();
  await expect.poll(() => participant.locator('.next-up').textContent(), poll).toMatch(/^now: round 1/);
  if (process.env.SCREENSHOTS) await participant.screenshot({ path: new URL('../../docs/screenshots/matchmaking.png', import.meta.url).pathname, fullPage: true });
  expect(cleo && dan).toBeTruthy();
  expect(errors).toEqual([]);
});
