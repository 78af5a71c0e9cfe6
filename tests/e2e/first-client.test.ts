/**
 * The first client end to end in real Chromium: create a board from the start page, share links, a note
 * typed in one browser appears in another, a view link shows but cannot add, a wrong link says so.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtClient, closeContexts, picture, screenshotDir, sharedBrowser } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
// `SCREENSHOTS=1 npm run test:e2e` refreshes the README's pictures; otherwise they go to a temp folder.
const SCREENSHOTS = screenshotDir();

beforeAll(async () => {
  server = await startServer({ clientDir: builtClient() });
  browser = await sharedBrowser();
}, 120_000);

afterAll(async () => {
  await closeContexts();
  await server?.close();
});

describe('first client', () => {
  it('creates a board, shares it, and syncs notes between browsers', async () => {
    const facilitator = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await facilitator.newPage();
    await page.goto(server.httpUrl);
    await picture(page, `${SCREENSHOTS}/home.png`);
    await page.getByLabel('Board title').fill('Breakout room 1: attracting members');
    await page.getByRole('button', { name: 'Create board' }).click();
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#token=/);
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Live');
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Breakout room 1: attracting members');

    const editLink = await page.getByLabel('Edit link (participants)').inputValue();
    const viewLink = await page.getByLabel('View link (observers)').inputValue();
    expect(editLink).toMatch(/#token=/);
    expect(viewLink).not.toBe(editLink);

    const participant = await (await browser.newContext()).newPage();
    await participant.goto(editLink);
    await expect.poll(() => participant.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Live');
    await participant.getByLabel('Your name').fill('Ana');
    await participant.getByLabel('New sticky note').fill('One-on-one coffee talks with members');
    await participant.getByRole('button', { name: 'Add note' }).click();

    await page.getByLabel('Your name').fill('Trainer');
    await page.getByLabel('New sticky note').fill('Membership tiers');
    await page.getByLabel('New sticky note').press('Enter');

    const observer = await (await browser.newContext()).newPage();
    await observer.goto(viewLink);
    for (const p of [page, participant, observer]) {
      await expect.poll(() => p.getByTestId('notes').locator('.note-text').allTextContents(), { timeout: 15_000 }).toEqual([
        'One-on-one coffee talks with members',
        'Membership tiers',
      ]);
    }
    expect(await observer.getByText('View only').count()).toBe(1);
    expect(await observer.getByLabel('New sticky note').count()).toBe(0);
    await picture(page, `${SCREENSHOTS}/board.png`);
    await picture(observer, `${SCREENSHOTS}/board-view-only.png`);
  });

  it('tells the visitor when a link is wrong', async () => {
    const { boardId } = await server.createBoard({ title: 'Secret' });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.httpUrl}/b/${boardId}#token=not-the-right-token`);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toMatch(/not valid/);
    expect(await page.getByText('Secret').count()).toBe(0);
  });
});
