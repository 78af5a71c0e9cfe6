/**
 * A facilitator's day built entirely in the browser: from the start page, set up a two-room workshop with
 * eight challenges (pasted one per line), an agenda, the dot budget and pre-registered participants (a bad
 * row is named before anything is sent); the console shows the links with copy buttons and QR codes;
 * "Edit the day" renames a room; participants join through the copied link, all from one address, and
 * "Assign evenly" right after the last join sends every page to its room; a note goes up; the plenary call
 * covers no control; the handout lists both rooms and their challenges. And a join refused because many
 * are joining is retried by the join page itself, so the person appears once, under their own name.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it, vi } from 'vitest';
import { browserAndServer, picture, screenshotDir } from '../helpers/browser.ts';
import { api } from '../helpers/api.ts';
import { startServer } from '../helpers/server.ts';
import { CHALLENGES, createTrainingDay } from '../helpers/workshop.ts';
import { pageErrors, screenPoint, watchErrors } from './helpers.ts';

const env = browserAndServer();
vi.setConfig({ testTimeout: 300_000 });
const poll = { timeout: 30_000 };
const SHOTS = screenshotDir();

async function newPage(width: number, height: number, permissions: string[] = []): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext({ viewport: { width, height } });
  if (permissions.length > 0) await context.grantPermissions(permissions, { origin: env.server.httpUrl });
  const page = await context.newPage();
  watchErrors(page);
  return { context, page };
}

/** Whether the element's centre is really it (or inside it) on screen: nothing covers it. */
const uncovered = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return top !== null && (top === el || el.contains(top));
  }, selector);

it('builds a two-room day in the UI, hands out the link, people join from one address, ends with the handout', async () => {
  const { page: fac } = await newPage(1280, 900, ['clipboard-read', 'clipboard-write']);
  await fac.goto(env.server.httpUrl);
  await fac.getByRole('link', { name: 'Set up a workshop' }).click();
  await expect.poll(() => fac.getByRole('heading', { name: 'Set up a workshop' }).count(), poll).toBe(1);

  // The day.
  await fac.getByLabel('Title of the day').fill('Sofia breakout');
  await fac.getByLabel('Date').fill('2026-12-04');
  await fac.getByLabel('Dots per person and challenge').fill('3');
  for (const [start, end, title] of [
    ['09:30', '10:15', 'Share and learn'],
    ['11:15', '12:30', 'Solutions to the biggest challenges'],
  ] as const) {
    await fac.getByRole('button', { name: 'Add an agenda block' }).click();
    const block = fac.locator('.setup-agenda li').last();
    await block.getByLabel('Start', { exact: true }).fill(start);
    await block.getByLabel('End', { exact: true }).fill(end);
    await block.getByLabel('Block', { exact: true }).fill(title);
  }
  await fac.locator('.setup-agenda li').last().getByLabel('Interactive').check();

  // One breakout session, two rooms, four challenges each, pasted one per line.
  await fac.getByRole('button', { name: 'Add a breakout session' }).click();
  await fac.getByLabel('Title of session 1').fill('Solutions to the biggest challenges');
  await fac.getByLabel('Name of room 1 of session 1').fill('Group 1');
  await fac.getByLabel('Name of room 2 of session 1').fill('Group 2');
  await fac.getByLabel('Challenges of Group 1, one per line').fill(CHALLENGES.slice(0, 4).join('\n'));
  await fac.getByLabel('Challenges of Group 2, one per line').fill(`${CHALLENGES.slice(4, 8).join('\n')}\n`);
  await expect.poll(() => fac.locator('.setup-room').nth(1).textContent(), poll).toContain('(4: numbered 5–8)');

  // Participants: a bad row is named at once, with the line it is on.
  const people = fac.getByRole('textbox', { name: /Pre-registered participants/ });
  await people.fill('Laura Müller, Health cluster, DE\n, Wood cluster, SI\nBen Novak, Wood cluster, AT');
  await expect.poll(() => fac.getByRole('list', { name: 'Rows to fix' }).textContent(), poll).toBe('Row 2: a name is needed');
  await people.fill('Laura Müller, Health cluster, DE\nBen Novak, Wood cluster, AT');
  await expect.poll(() => fac.getByRole('status').filter({ hasText: 'ready' }).textContent(), poll).toBe('2 participants ready.');
  await picture(fac, `${SHOTS}/setup-new.png`, { fullPage: true });

  await fac.getByRole('button', { name: 'Create the workshop' }).click();
  await fac.waitForURL(/\/w\/[A-Za-z0-9_-]+#token=/);
  const wid = /\/w\/([A-Za-z0-9_-]+)#/.exec(fac.url())![1]!;

  // The console: the links, each with a copy button and a QR code.
  const links = fac.getByRole('region', { name: 'Links to hand out' });
  await expect.poll(() => links.getByRole('img', { name: /QR code of the/ }).count(), poll).toBe(3);
  const participantLink = await links.getByRole('textbox', { name: 'Participant link' }).inputValue();
  expect(participantLink).toMatch(new RegExp(`^${env.server.httpUrl}/w/${wid}/join#code=[A-Za-z0-9_-]{24}$`));
  expect(await links.getByRole('textbox', { name: 'Co-facilitator link' }).inputValue()).toMatch(new RegExp(`/w/${wid}#token=`));
  await links.getByRole('group', { name: /^Participant link:/ }).getByRole('button', { name: 'Copy' }).click();
  await expect.poll(() => links.getByRole('button', { name: 'Copied ✓' }).count(), poll).toBe(1);
  const copied = await fac.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(participantLink);
  await expect.poll(() => fac.locator('article.room-card').count(), poll).toBe(2);
  await picture(fac, `${SHOTS}/console-links.png`);

  // Edit the day later: rename a room (its board and challenges stay).
  await fac.getByRole('link', { name: /Edit the day/ }).click();
  await expect.poll(() => fac.getByRole('heading', { name: 'Edit the day' }).count(), poll).toBe(1);
  const session = fac.getByRole('form', { name: /Session 1/ });
  await expect.poll(() => session.getByLabel('Challenges of Group 2, one per line').inputValue(), poll).toBe(CHALLENGES.slice(4, 8).join('\n'));
  await session.getByLabel('Name of room 2 of session 1').fill('Group 2 (Sofia)');
  await session.getByRole('button', { name: 'Save session' }).click();
  await expect.poll(() => session.getByRole('status').textContent(), poll).toContain('saved');
  await picture(fac, `${SHOTS}/setup-edit.png`, { fullPage: true });
  await fac.getByRole('link', { name: '← Back to the console' }).first().click();
  await expect.poll(() => fac.locator('article.room-card').allTextContents().then((t) => t.join(' ')), poll).toContain('Group 2 (Sofia)');

  // Participants join through the copied link, all from 127.0.0.1: two pick their registration, two type a name.
  const joiners: { name: string; page: Page }[] = [];
  for (const [name, pick] of [
    ['Laura Müller', true],
    ['Ana Horvat', false],
    ['Ben Novak', true],
    ['Cleo Ricci', false],
  ] as const) {
    const { page } = await newPage(1000, 700);
    await page.goto(copied);
    if (pick) await page.getByRole('button', { name }).click();
    else {
      await page.getByLabel('Your name').fill(name);
      await page.getByRole('button', { name: 'Join' }).click();
    }
    joiners.push({ name, page });
  }
  // Assign evenly at once, while the last pages may still be loading: every page still reaches its room.
  await fac.getByRole('button', { name: 'Assign evenly' }).click();
  for (const { page } of joiners) await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/, { timeout: 30_000 });
  // A page opened after the assignment (Cleo on a second device) lands on her room too.
  const cleoBoard = joiners[3]!.page.url();
  const cleoToken = new URL(cleoBoard).hash.slice('#token='.length);
  const { page: late } = await newPage(1000, 700);
  await late.goto(`${env.server.httpUrl}/w/${wid}#token=${cleoToken}`);
  await late.waitForURL(`${env.server.httpUrl}${new URL(cleoBoard).pathname}#token=${cleoToken}`, { timeout: 30_000 });
  // Each person once, under their name.
  const cards = fac.locator('article.room-card .chip-name');
  await expect.poll(() => cards.allTextContents().then((names) => names.sort()), poll).toEqual(['Ana Horvat', 'Ben Novak', 'Cleo Ricci', 'Laura Müller']);

  // Ideas: the facilitator opens ideation for all; Laura writes in her room's first challenge.
  await fac.locator('#phase-all').selectOption('ideate');
  const laura = joiners[0]!.page;
  await expect.poll(() => laura.getByRole('status').first().textContent(), poll).toBe('Live');
  await expect.poll(() => laura.getByLabel('Phase', { exact: true }).textContent(), poll).toBe('Ideas');
  const zone = await laura.evaluate(() => {
    const z = (window.__plenary as unknown as { controller: { zones: { role: string; x: number; y: number; w: number }[] } }).controller.zones.find((z) => z.role === 'challenge')!;
    return { x: z.x, y: z.y, w: z.w };
  });
  const at = await screenPoint(laura, zone.x + zone.w / 2, zone.y + 160);
  await laura.mouse.dblclick(at.x, at.y);
  await laura.getByLabel('Note text').pressSequentially('Member stories in every newsletter');
  await laura.keyboard.press('Escape');
  await expect.poll(() => fac.locator('[data-testid^="notes-"]').allTextContents().then((n) => n.map(Number).reduce((a, b) => a + b, 0)), poll).toBe(1);

  // The plenary call shows on the console without covering "Print handout".
  await fac.getByRole('button', { name: 'Call back to plenary' }).click();
  await expect.poll(() => fac.getByTestId('plenary-call').count(), poll).toBe(1);
  expect(await uncovered(fac, 'a.handout-button')).toBe(true);
  expect(await uncovered(fac, 'header.board-header h1')).toBe(true);

  // The handout: both rooms, their challenges, Laura's idea.
  const handoutHref = await fac.getByRole('link', { name: 'Print handout' }).getAttribute('href');
  await fac.goto(`${env.server.httpUrl}${handoutHref}`);
  await expect.poll(() => fac.locator('.handout-room').count(), poll).toBe(2);
  const handout = await fac.getByTestId('handout').textContent();
  expect(handout).toContain('Sofia breakout');
  expect(handout).toContain('Group 2 (Sofia)');
  for (const challenge of CHALLENGES) expect(handout).toContain(challenge);
  expect(handout).toContain('Member stories in every newsletter');
  expect(pageErrors).toEqual([]);
});

it('a join refused because many are joining is retried by the page itself: the person appears once, under their name', async () => {
  // One new person per 5 s through the link.
  const server = await startServer({ clientDir: env.clientDir, joinLimits: { perLink: 1, windowMs: 5000 } });
  try {
    const { created, facilitator } = await createTrainingDay(server.httpUrl);
    const wid = created.workshopId;
    const { page: ben } = await newPage(1000, 700);
    const refused: number[] = [];
    ben.on('response', (r) => {
      if (r.url().endsWith(`/api/workshops/${wid}/join`) && r.status() === 429) refused.push(r.status());
    });
    await ben.goto(`${server.httpUrl}${created.links.participant}`);
    await ben.getByLabel('Your name').fill('Ben Novak');
    // Someone else takes this window's place just before Ben clicks: Ben is told to wait, and his page retries.
    await api(server.httpUrl).ok(`/api/workshops/${wid}/join`, { code: created.joinToken, name: 'Walk-in' });
    await ben.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => ben.getByRole('status').filter({ hasText: 'Many people are joining' }).count(), poll).toBe(1);
    expect(await ben.getByLabel('Your name').inputValue()).toBe('Ben Novak');
    await ben.waitForURL(new RegExp(`/w/${wid}#token=`), { timeout: 30_000 });
    await expect.poll(() => ben.getByText(/^You are /).textContent(), poll).toBe('You are Ben Novak');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    const names = (await facilitator.get(`/api/workshops/${wid}`)).body.participants.map((p: { name: string }) => p.name).sort();
    expect(names).toEqual(['Ben Novak', 'Walk-in']);
  } finally {
    await server.close();
  }
});
