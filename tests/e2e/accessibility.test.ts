/**
 * Accessibility of the real pages in Chromium, checked by axe-core (WCAG 2.1 A and AA rules: names and
 * labels of controls, colour contrast of text, landmarks, ARIA use). The canvas itself is one <canvas>
 * that axe cannot read: its notes are reachable through the accessible notes list, which is checked here,
 * and the note palette's contrast has a unit test of its own (client/src/canvas/colors.test.ts).
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, it, vi } from 'vitest';
import { addNote } from '../../shared/doc/index.ts';
import { api } from '../helpers/api.ts';
import { browserAndServer } from '../helpers/browser.ts';
import { connectClient, synced, waitFor } from '../helpers/clients.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';

const env = browserAndServer();
// Several browser files share two loaded cores in CI: room for slow pages.
vi.setConfig({ testTimeout: 120_000 });
const poll = { timeout: 15_000 };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] };

/** axe's violations on the page as it is now, one line per element, so a failure says what to fix. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`));
}

async function open(url: string, ready: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await (await env.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(url);
  await ready(page);
  return page;
}

it('the start page, the join page and the workshop pages have no WCAG A/AA violations', async () => {
  const home = await open(env.server.httpUrl, (p) => p.getByRole('button', { name: 'Try a sample training day' }).waitFor());
  expect(await violations(home)).toEqual([]);
  // The check itself works: an unnamed button and grey-on-grey text are found.
  await home.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<button type="button"></button><p style="color:#aaa;background:#bbb">faint</p>');
  });
  const planted = await violations(home);
  expect(planted.some((line) => line.startsWith('button-name'))).toBe(true);
  expect(planted.some((line) => line.startsWith('color-contrast'))).toBe(true);

  const { created } = await createTrainingDay(env.server.httpUrl);
  const join = await open(`${env.server.httpUrl}${created.links.participant}`, (p) => p.getByRole('heading', { level: 1 }).waitFor());
  expect(await violations(join)).toEqual([]);

  const facilitator = await open(`${env.server.httpUrl}${created.links.facilitator}`, (p) => p.getByRole('heading', { name: 'Rooms' }).waitFor());
  await facilitator.getByRole('img', { name: 'QR code of the participant link' }).waitFor();
  expect(await violations(facilitator)).toEqual([]);
});

it('the setup screens (new workshop with a row error, and editing the day) have no WCAG A/AA violations', async () => {
  const setup = await open(`${env.server.httpUrl}/new`, (p) => p.getByRole('heading', { name: 'Set up a workshop' }).waitFor());
  await setup.getByRole('button', { name: 'Add an agenda block' }).click();
  await setup.getByRole('button', { name: 'Add a breakout session' }).click();
  await setup.getByRole('textbox', { name: /Pre-registered participants/ }).fill('Ana\n,Wood');
  await setup.getByRole('list', { name: 'Rows to fix' }).waitFor();
  expect(await violations(setup)).toEqual([]);

  const { created } = await createTrainingDay(env.server.httpUrl, { participants: [{ name: 'Laura Müller' }] });
  const edit = await open(`${env.server.httpUrl}/w/${created.workshopId}/setup#token=${created.facilitatorToken}`, (p) => p.getByRole('heading', { name: 'Edit the day' }).waitFor());
  await edit.getByRole('textbox', { name: 'Name of Laura Müller' }).waitFor();
  expect(await violations(edit)).toEqual([]);
});

it('a room board with notes, as a participant sees it in the voting phase, has no WCAG A/AA violations', async () => {
  const { created, facilitator, summary } = await createTrainingDay(env.server.httpUrl);
  const wid = created.workshopId;
  const [ana] = await joinParticipants(env.server.httpUrl, created, ['Ana']);
  const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
  const client = connectClient(env.server.syncUrl, room.boardId, ana!.token);
  await synced(client);
  addNote(client.doc, { text: 'Membership tiers', author: ana!.participantId, zone: null, x: 40, y: 700, createdAt: 1 });
  await waitFor(() => env.server.app.liveDocs.docs.get(room.boardId)?.doc.getMap('notes').size === 1, 'stored');
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });

  const page = await open(`${env.server.httpUrl}/b/${room.boardId}#token=${ana!.token}`, async (p) => {
    await expect.poll(() => p.getByRole('status').first().textContent(), poll).toBe('Live');
    await expect.poll(() => p.getByTestId('notes').locator('.note-text').allTextContents(), poll).toEqual(['Membership tiers']);
  });
  expect(await violations(page)).toEqual([]);

  // A board opened with a view link: the read-only variant of the same page.
  const board = await api(env.server.httpUrl).ok<{ boardId: string; viewToken: string }>('/api/boards', { template: 'business-model-canvas' });
  const viewer = await open(`${env.server.httpUrl}/b/${board.boardId}#token=${board.viewToken}`, (p) =>
    expect.poll(() => p.getByRole('status').first().textContent(), poll).toBe('Live'),
  );
  expect(await violations(viewer)).toEqual([]);
  client.destroy();
});
