/**
 * Tables on the board in real Chromium: the docked table editor (two people typing into one action
 * plan, different cells of one row at once, delete and undo, the keyboard path), the canvas grid that
 * draws the rows, the action plan seeded from a facilitator's pick on a workshop challenge board (and
 * read-only outside the detail phase), and RACI input rules and warnings.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { api } from '../helpers/api.ts';
import { browserAndServer, picture, screenshotDir } from '../helpers/browser.ts';
import { connectClient, synced, waitFor } from '../helpers/clients.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { canvasSettled, openBoard, pageErrors, screenPoint } from './helpers.ts';

const env = browserAndServer();
const poll = { timeout: 15_000 };
const SCREENS = `${screenshotDir()}/`;

type RowSeen = { id: string; challenge: string | null; order: number; cells: Record<string, string> };

/** The rows of a page's board doc, in board order. */
async function rowsOf(page: Page): Promise<RowSeen[]> {
  return page.evaluate(() => {
    const doc = (window.__plenary as unknown as { controller: { doc: { getMap(name: string): { toJSON(): Record<string, RowSeen> } } } }).controller.doc;
    return Object.values(doc.getMap('rows').toJSON()).sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  });
}

/** The texts the canvas draws in a table zone's group. */
async function canvasTexts(page: Page, zone: string): Promise<string[]> {
  return page.evaluate((id) => {
    const stage = (window.__plenary as unknown as { controller: { viewport: { stage: { findOne(s: string): { find(s: string): { text(): string }[] } | undefined } } } }).controller.viewport.stage;
    return (stage.findOne(`.table-${id}`)?.find('Text') ?? []).map((node) => node.text());
  }, zone);
}

const cell = (page: Page, label: string) => page.getByRole('textbox', { name: label, exact: true });

async function newBoard(template: string): Promise<{ boardId: string; editToken: string; viewToken: string }> {
  return api(env.server.httpUrl).ok('/api/boards', { template });
}

it('two people edit one action plan: live typing, different cells of one row, delete with undo, Tab and Enter', async () => {
  const board = await newBoard('action-plan-individual');
  const url = `${env.server.httpUrl}/b/${board.boardId}#token=${board.editToken}`;
  const a = await openBoard(await env.browser.newContext({ viewport: { width: 1280, height: 800 } }), url);
  const b = await openBoard(await env.browser.newContext({ viewport: { width: 1280, height: 800 } }), url);

  // A opens the editor by double-clicking the table on the canvas.
  await canvasSettled(a); // the board fits itself into view on the first frame after sync
  const at = await screenPoint(a, 600, 500);
  await a.mouse.dblclick(at.x, at.y);
  const editorA = a.getByRole('region', { name: 'Table editor: Individual action plan' });
  await expect.poll(() => editorA.count(), poll).toBe(1);
  expect(await rowsOf(a), 'a double-click on a table adds no note and no row').toEqual([]);

  // Add a row with the button, type, Tab to the next cell, type.
  await editorA.getByRole('button', { name: 'Add row' }).click();
  await expect.poll(() => a.evaluate(() => document.activeElement?.getAttribute('aria-label')), poll).toBe('Objective, row 1');
  await a.keyboard.type('Grow membership');
  await a.keyboard.press('Tab');
  await a.keyboard.type('Call 10 members');

  // B opens the same table from the side panel and sees A's text.
  await b.getByRole('button', { name: 'Edit table: Individual action plan' }).click();
  await expect.poll(() => cell(b, 'Objective, row 1').inputValue(), poll).toBe('Grow membership');
  await expect.poll(() => cell(b, 'Action (step), row 1').inputValue(), poll).toBe('Call 10 members');

  // Both type into different cells of the same row at the same time: both edits survive everywhere.
  await cell(a, 'Responsible, row 1').focus();
  await cell(b, 'Due, row 1').focus();
  await Promise.all([a.keyboard.type('Ana', { delay: 30 }), b.keyboard.type('31 Mar', { delay: 30 })]);
  for (const page of [a, b]) {
    await expect.poll(async () => (await rowsOf(page))[0]?.cells, poll).toEqual({ objective: 'Grow membership', step: 'Call 10 members', responsible: 'Ana', due: '31 Mar' });
  }
  // A's focused cell kept its text while B's edits arrived; both editors show both.
  await expect.poll(() => cell(a, 'Due, row 1').inputValue(), poll).toBe('31 Mar');
  await expect.poll(() => cell(b, 'Responsible, row 1').inputValue(), poll).toBe('Ana');

  // Keyboard: Enter on the last row adds a row and puts the caret in it.
  await cell(a, 'Peer feedback, row 1').focus();
  await a.keyboard.press('Enter');
  await expect.poll(() => a.evaluate(() => document.activeElement?.getAttribute('aria-label')), poll).toBe('Peer feedback, row 2');
  await a.keyboard.press('Shift+Tab');
  await a.keyboard.type('1 Apr');
  await a.keyboard.press('Tab');
  await a.keyboard.press('Tab'); // from the last cell of row 2: nowhere further in the table
  await expect.poll(async () => (await rowsOf(b)).map((row) => row.cells['due'] ?? ''), poll).toEqual(['31 Mar', '1 Apr']);

  // The canvas draws the rows (so the PNG export and viewers see them).
  await expect.poll(() => canvasTexts(b, 'plan'), poll).toEqual(expect.arrayContaining(['Objective', 'Grow membership', 'Call 10 members', 'Ana', '31 Mar', '1 Apr']));

  // Move row 2 up, then delete it; undo brings it back.
  await editorA.getByRole('button', { name: 'Move row 2 up' }).click();
  await expect.poll(async () => (await rowsOf(b)).map((row) => row.cells['due'] ?? ''), poll).toEqual(['1 Apr', '31 Mar']);
  await editorA.getByRole('button', { name: 'Delete row 1' }).click();
  await expect.poll(async () => (await rowsOf(b)).length, poll).toBe(1);
  await expect.poll(() => cell(b, 'Objective, row 1').inputValue(), poll).toBe('Grow membership');
  await editorA.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => (await rowsOf(b)).map((row) => row.cells['due'] ?? ''), poll).toEqual(['1 Apr', '31 Mar']);

  // Escape closes the editor.
  await cell(a, 'Objective, row 2').focus();
  await a.keyboard.press('Escape');
  await expect.poll(() => editorA.count(), poll).toBe(0);

  // Enter on the selected table (after a click) opens it again.
  await a.mouse.click(at.x, at.y);
  await a.keyboard.press('Enter');
  await expect.poll(() => editorA.count(), poll).toBe(1);

  // A view link reads the table but cannot type into it.
  const viewer = await openBoard(await env.browser.newContext({ viewport: { width: 1280, height: 800 } }), `${env.server.httpUrl}/b/${board.boardId}#token=${board.viewToken}`);
  await viewer.getByRole('button', { name: 'Edit table: Individual action plan' }).click();
  await expect.poll(() => viewer.getByRole('note').textContent(), poll).toMatch(/View only/);
  expect(await cell(viewer, 'Objective, row 2').getAttribute('readonly')).not.toBeNull();
  await expect.poll(() => canvasTexts(viewer, 'plan'), poll).toEqual(expect.arrayContaining(['Grow membership']));
  expect(pageErrors).toEqual([]);
}, 180_000);

it('a challenge board: the action plan starts from the facilitator-selected solution, editable in detail, read-only in ideate', async () => {
  const { created, facilitator, summary } = await createTrainingDay(env.server.httpUrl);
  const wid = created.workshopId;
  const [ana] = await joinParticipants(env.server.httpUrl, created, ['Ana']);
  const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ana!.participantId, room: room.id });
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
  const anaDoc = connectClient(env.server.syncUrl, room.boardId, ana!.token);
  await synced(anaDoc);
  const challenge = readBoard(anaDoc.doc).board.challenges[0]!;
  const zone = readBoard(anaDoc.doc).board.zones.find((z) => z.id === challenge.id)!;
  const idea = addNote(anaDoc.doc, { text: 'Speed matchmaking at every meetup', author: ana!.participantId, zone: zone.id, x: zone.x + 30, y: zone.y + 80, createdAt: 1 });
  await waitFor(() => env.server.app.liveDocs.docs.get(room.boardId)?.doc.getMap('notes').size === 1, 'note stored');
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'select' });
  await facilitator.ok(`/api/workshops/${wid}/select`, { board: room.boardId, challenge: challenge.id, note: idea });
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'detail' });

  const page = await openBoard(await env.browser.newContext({ viewport: { width: 1280, height: 800 } }), `${env.server.httpUrl}/b/${room.boardId}#token=${ana!.token}`);
  const panel = page.getByRole('region', { name: 'Tables' });
  await expect.poll(() => panel.textContent(), poll).toMatch(/1 row, 1 from the selected solutions/);
  await panel.getByRole('button', { name: 'Open action plan' }).click();
  const editor = page.getByRole('region', { name: 'Table editor: Action plan' });
  await expect.poll(() => editor.getByRole('row').nth(1).textContent(), poll).toMatch(/from Challenge 1/);
  await expect.poll(() => cell(page, 'Action (step), row 1').inputValue(), poll).toBe('Speed matchmaking at every meetup');
  expect(await cell(page, 'Objective, row 1').inputValue()).toBe(challenge.title);

  // Editing the seeded row writes a real row for the challenge; the caret stays in the cell.
  await cell(page, 'Responsible, row 1').click();
  await page.keyboard.type('Ana and Ben');
  const stored = () => [...(env.server.app.liveDocs.docs.get(room.boardId)?.doc.getMap('rows').values() ?? [])].map((row: any) => row.toJSON());
  await expect.poll(stored, poll).toEqual([expect.objectContaining({ kind: 'individual', challenge: challenge.id, cells: { objective: challenge.title, step: 'Speed matchmaking at every meetup', responsible: 'Ana and Ben' } })]);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Responsible, row 1');
  await expect.poll(() => editor.getByRole('row').count(), poll).toBe(2); // header + the one row: the seed is replaced
  await expect.poll(() => editor.getByRole('row').nth(1).textContent(), poll).toMatch(/from Challenge 1/);
  await page.keyboard.press('Tab');
  await page.keyboard.type('1 Mar');
  // Anyone in the room adds rows of their own below the seeded ones.
  await editor.getByRole('button', { name: 'Add row' }).click();
  await page.keyboard.type('Grow membership by 10% in 2027');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Newsletter to 40 prospects');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await expect.poll(() => stored().length, poll).toBe(2);
  await picture(page, `${SCREENS}action-plan-table.png`);

  // The bm-change template seeds from the same solution.
  await editor.getByLabel('Template').selectOption('bm-change');
  const bm = page.getByRole('region', { name: 'Table editor: Action plan' });
  await expect.poll(() => cell(page, 'Action (step), row 1').inputValue(), poll).toBe('Speed matchmaking at every meetup');
  await bm.getByLabel('Template').selectOption('individual');

  // Ideate: the editor says why it is read-only and takes no typing.
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
  await expect.poll(() => editor.getByRole('note').textContent(), poll).toMatch(/Read only: tables open in the detail phase \(now: ideas\)/);
  await expect.poll(() => cell(page, 'Responsible, row 1').getAttribute('readonly'), poll).not.toBeNull();
  await expect.poll(() => stored().length, poll).toBe(2);
  expect(await editor.getByRole('button', { name: 'Add row' }).isDisabled()).toBe(true);
  await cell(page, 'Responsible, row 1').click();
  await page.keyboard.type('zzz');
  expect(await cell(page, 'Responsible, row 1').inputValue()).toBe('Ana and Ben');
  expect(stored()[0].cells.responsible).toBe('Ana and Ben');

  // Back in detail, a lock by the facilitator makes it read-only again, with that reason.
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'detail' });
  await expect.poll(() => editor.getByRole('note').count(), poll).toBe(0);
  await facilitator.ok(`/api/workshops/${wid}/lock`, { board: room.boardId, locked: true });
  await expect.poll(() => editor.getByRole('note').textContent(), poll).toMatch(/the facilitator locked this board/);
  expect(await cell(page, 'Objective, row 2').getAttribute('readonly')).not.toBeNull();
  anaDoc.destroy();
  expect(pageErrors).toEqual([]);
}, 180_000);

it('RACI: letters only, uppercased, and live warnings for a missing A or R', async () => {
  const board = await newBoard('raci-matrix');
  const page = await openBoard(await env.browser.newContext({ viewport: { width: 1280, height: 800 } }), `${env.server.httpUrl}/b/${board.boardId}#token=${board.editToken}`);
  await page.getByRole('button', { name: 'Edit table: RACI' }).click();
  const editor = page.getByRole('region', { name: 'Table editor: RACI' });
  await editor.getByRole('button', { name: 'Add row' }).click();
  await page.keyboard.type('Website relaunch');
  await page.keyboard.press('Tab');
  await page.keyboard.type('xa');
  await expect.poll(() => cell(page, 'Cluster management, row 1').inputValue(), poll).toBe('A');
  await expect.poll(() => editor.getByRole('status').textContent(), poll).toMatch(/Only R, A, C or I/);
  const warnings = editor.getByRole('list', { name: 'Warnings' });
  await expect.poll(() => warnings.textContent(), poll).toMatch(/Row 1 \(Website relaunch\): nobody is responsible \(R\)/);
  await page.keyboard.press('Tab');
  await page.keyboard.type('r');
  await expect.poll(() => warnings.count(), poll).toBe(0);
  await page.keyboard.press('Tab');
  await page.keyboard.type('c');

  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type('Member survey');
  await page.keyboard.press('Tab');
  await page.keyboard.type('a');
  await page.keyboard.press('Tab');
  await page.keyboard.type('a');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ri');
  await expect.poll(() => warnings.textContent(), poll).toMatch(/Row 2 \(Member survey\): 2 people are accountable/);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), poll).toBe('Other stakeholders, row 3');
  await cell(page, 'Deliverable / subtask, row 3').focus();
  await page.keyboard.type('Annual report');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ar');
  await page.keyboard.press('Tab');
  await page.keyboard.type('c');
  await expect.poll(() => cell(page, 'Cluster management, row 3').inputValue(), poll).toBe('R/A');
  await expect.poll(async () => (await rowsOf(page)).map((row) => row.cells), poll).toEqual([
    { deliverable: 'Website relaunch', 'cluster-management': 'A', members: 'R', 'other-stakeholders': 'C' },
    { deliverable: 'Member survey', 'cluster-management': 'A', members: 'A', 'other-stakeholders': 'R/I' },
    { deliverable: 'Annual report', 'cluster-management': 'R/A', members: 'C' },
  ]);
  await picture(page, `${SCREENS}raci-table.png`);
  expect(pageErrors).toEqual([]);
}, 180_000);

it('goal tree: result goal, indicator, measure, target indented with "add child"; funding shares checked against 100%', async () => {
  const tree = await newBoard('smart-goal-tree');
  const page = await openBoard(await env.browser.newContext({ viewport: { width: 1280, height: 800 } }), `${env.server.httpUrl}/b/${tree.boardId}#token=${tree.editToken}`);
  await page.getByRole('button', { name: 'Edit table: Goal tree' }).click();
  const editor = page.getByRole('region', { name: 'Table editor: Goal tree' });
  await editor.getByRole('button', { name: 'Add goal' }).click();
  await page.keyboard.type('20 new members by the end of 2027');
  await editor.getByRole('button', { name: 'Add indicator under row 1' }).click();
  await page.keyboard.type('Members (count)');
  await page.keyboard.press('Alt+Enter'); // a measure under the indicator
  await page.keyboard.type('Monthly open days');
  await editor.getByRole('button', { name: 'Add target under row 3' }).click();
  await page.keyboard.type('10 visitors per open day');
  await editor.getByRole('button', { name: 'Add indicator under row 1' }).click();
  await page.keyboard.type('Retention rate');
  const levels = async () => {
    const rows = await rowsOf(page);
    const byId = new Map(rows.map((row) => [row.id, row as RowSeen & { parent: string | null }]));
    const depth = (id: string | null): number => (id === null ? -1 : 1 + depth(byId.get(id)?.parent ?? null));
    return (await editor.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')!.slice(4)))).map((id) => `${depth(id)} ${byId.get(id)?.cells['level']}: ${byId.get(id)?.cells['text'] ?? ''}`);
  };
  await expect.poll(levels, poll).toEqual([
    '0 Result goal: 20 new members by the end of 2027',
    '1 Indicator: Members (count)',
    '2 Measure: Monthly open days',
    '3 Target: 10 visitors per open day',
    '1 Indicator: Retention rate',
  ]);
  await picture(editor, `${SCREENS}goal-tree-table.png`);
  // Deleting the indicator deletes its measure and target; undo brings all three back.
  await editor.getByRole('button', { name: 'Delete row 2' }).click();
  await expect.poll(async () => (await rowsOf(page)).length, poll).toBe(2);
  await editor.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => (await rowsOf(page)).length, poll).toBe(5);

  const funding = await newBoard('funding-sources');
  await page.goto(`${env.server.httpUrl}/b/${funding.boardId}#token=${funding.editToken}`);
  await page.getByRole('button', { name: 'Edit table: Current funding' }).click();
  const current = page.getByRole('region', { name: 'Table editor: Current funding' });
  await current.getByRole('button', { name: 'Add row' }).click();
  await page.keyboard.type('Public');
  await page.keyboard.press('Tab');
  await page.keyboard.type('40');
  await page.keyboard.press('Enter');
  await page.keyboard.type('50');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type('Membership fees');
  await expect.poll(() => current.getByRole('list', { name: 'Warnings' }).textContent(), poll).toMatch(/Shares add up to 90%, not 100%/);
  await cell(page, 'Share (%), row 2').fill('60 %');
  await expect.poll(() => current.textContent(), poll).toMatch(/Shares add up to 100%\./);
  expect((await rowsOf(page)).map((row) => [row.cells['source'], row.cells['share']])).toEqual([
    ['Public', '40'],
    ['Membership fees', '60 %'],
  ]);
  expect(pageErrors).toEqual([]);
}, 180_000);
