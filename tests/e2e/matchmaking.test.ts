/**
 * Matchmaking on the workshop page in real Chromium: a participant fills in their card, the facilitator
 * plans and starts the rounds, and the participant's screen shows the live timetable and their next meeting.
 */
import { expect, it } from 'vitest';
import { readWorkshopControl, type Timetable } from '../../shared/doc/workshop-control.ts';
import type { Plan } from '../../shared/matchmaking/model.ts';
import { swapMeetings } from '../../shared/matchmaking/ops.ts';
import { api } from '../helpers/api.ts';
import { browserAndServer } from '../helpers/browser.ts';
import { connectClient, synced, waitFor } from '../helpers/clients.ts';
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
}, 120_000);

/** The timetable as a plan, enough for the pure `swapMeetings` to say which swap the server will accept. */
function asPlan(t: Timetable): Plan {
  return { mode: 'workshop', eventId: '', seed: 0, slots: t.slots, tableCount: 99, meetings: t.meetings.map((m) => ({ ...m, weight: 0, sequence: 0 })), byes: t.byes, cancelled: [], notes: [] };
}

it('the facilitator locks, undoes, swaps and re-plans from the timetable, with a progress bar while planning', async () => {
  const created = await api(env.server.httpUrl).ok('/api/workshops', { title: 'Matchmaking edits' });
  const wid = created.workshopId;
  // Twelve people: six rounds use 36 of 66 pairs, so partner swaps into two unused pairs are plentiful whatever the planner picks.
  const people = await joinParticipants(env.server.httpUrl, created, ['Ana', 'Ben', 'Cleo', 'Dan', 'Eva', 'Finn', 'Gia', 'Hal', 'Ida', 'Jon', 'Kai', 'Lea']);
  const page = await (await env.browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server.httpUrl}/w/${wid}#token=${created.facilitatorToken}`);
  await page.getByRole('button', { name: 'Plan 6 rounds of 15 min' }).click();
  await expect.poll(() => page.locator('.timetable tbody tr').count(), poll).toBe(6);
  const screen = connectClient(env.server.syncUrl, `control.${wid}`, created.observerToken);
  try {
    await synced(screen);
    await waitFor(() => readWorkshopControl(screen.doc).timetable !== null, 'timetable');
    const timetable = () => readWorkshopControl(screen.doc).timetable!;
    const names = new Map(people.map((p) => [p.participantId, p.name]));
    const label = (id: string) => timetable().meetings.find((m) => m.id === id)!.people.map((p) => names.get(p)).join(' + ');
    const toolbar = page.getByRole('toolbar', { name: 'Edit the timetable' });

    // Lock one meeting: the cell shows the lock, on the facilitator's screen and in the published timetable.
    const first = timetable().meetings.find((m) => m.slot === 0)!;
    await page.getByRole('button', { name: label(first.id), exact: true }).click();
    await toolbar.getByRole('button', { name: 'Lock', exact: true }).click();
    await expect.poll(() => toolbar.getByRole('status').textContent(), poll).toBe('Locked');
    await waitFor(() => timetable().meetings.find((m) => m.id === first.id)?.locked === true, 'lock published');
    await expect.poll(() => page.locator('.timetable td.locked').count(), poll).toBe(1);
    // A locked meeting cannot be swapped: the server's reason is shown.
    const other = timetable().meetings.find((m) => m.slot === 1)!;
    await page.getByRole('button', { name: `${label(first.id)} 🔒` }).click();
    await page.getByRole('button', { name: label(other.id), exact: true }).click();
    await toolbar.getByRole('button', { name: 'Swap' }).click();
    await expect.poll(() => toolbar.getByRole('status').textContent(), poll).toMatch(/locked meeting cannot be swapped/);
    // Undo takes the lock back.
    await toolbar.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => toolbar.getByRole('status').textContent(), poll).toBe('Undone');
    await waitFor(() => timetable().meetings.every((m) => !m.locked), 'undo published');
    await expect.poll(() => page.locator('.timetable td.locked').count(), poll).toBe(0);

    // Swap two meetings the rules allow (the pure function says which); the timetable shows the new pairs.
    const plan = asPlan(timetable());
    const pairs = plan.meetings.flatMap((a) => plan.meetings.map((b) => [a, b] as const)).filter(([a, b]) => a.id < b.id);
    const pick = pairs.find(([a, b]) => swapMeetings(plan, a.id, b.id).ok);
    expect(pick, 'some swap is allowed').toBeDefined();
    const [a, b] = pick!;
    const expected = (swapMeetings(plan, a.id, b.id) as { ok: true; plan: Plan }).plan.meetings.map((m) => `${m.slot}:${[...m.people].sort().join('+')}`).sort();
    await page.getByRole('button', { name: label(a.id), exact: true }).click();
    await page.getByRole('button', { name: label(b.id), exact: true }).click();
    await expect.poll(() => page.locator('.timetable td.selected').count(), poll).toBe(2);
    await toolbar.getByRole('button', { name: 'Swap' }).click();
    await expect.poll(() => toolbar.getByRole('status').textContent(), poll).toBe('Swapped');
    await waitFor(() => timetable().meetings.map((m) => `${m.slot}:${[...m.people].sort().join('+')}`).sort().join() === expected.join(), 'swap published');

    // Re-plan from round 3: a progress bar with a cancel button while it runs, then the result.
    const before = timetable().meetings.filter((m) => m.slot < 2).map((m) => m.id).sort();
    await toolbar.getByLabel('Re-plan from round').selectOption('3');
    await toolbar.getByRole('button', { name: 'Re-plan' }).click();
    await expect.poll(async () => (await toolbar.getByRole('status').allTextContents()).join(' '), poll).toMatch(/Starting the planner|Planning round|Improving|Re-planned/);
    await expect.poll(() => toolbar.getByRole('status').last().textContent(), poll).toBe('Re-planned');
    expect(timetable().meetings.filter((m) => m.slot < 2).map((m) => m.id).sort()).toEqual(before);
    expect(errors).toEqual([]);
  } finally {
    screen.destroy();
  }
}, 180_000);

it('shows the progress bar and cancel button as soon as planning starts', async () => {
  const created = await api(env.server.httpUrl).ok('/api/workshops', { title: 'Progress' });
  await joinParticipants(env.server.httpUrl, created, ['Ana', 'Ben']);
  const page = await (await env.browser.newContext()).newPage();
  await page.goto(`${env.server.httpUrl}/w/${created.workshopId}#token=${created.facilitatorToken}`);
  // Hold the plan request until the bar has been seen, so the check does not race the (fast) planner.
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/matchmaking/plan', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Plan 6 rounds of 15 min' }).click();
  const bar = page.getByRole('group', { name: 'Planning progress' });
  await expect.poll(() => bar.count(), poll).toBe(1);
  expect(await bar.getByRole('button', { name: 'Cancel planning' }).count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Plan 6 rounds of 15 min' }).isDisabled()).toBe(true);
  release();
  await expect.poll(() => page.locator('.timetable tbody tr').count(), poll).toBe(6);
  await expect.poll(() => bar.count(), poll).toBe(0);
}, 120_000);
