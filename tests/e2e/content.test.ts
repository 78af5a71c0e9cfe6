/**
 * What boards produce, live in real Chromium against the real server: the winning idea highlighted at a
 * participant once the facilitator selects it, the best idea detailed by two people typing at once,
 * the Business Model Canvas's desired changes, a Value Proposition Canvas statement, the funding pies,
 * and the priority matrix where one participant moves and progresses another's action.
 * SCREENSHOTS=1 saves the pictures under docs/screenshots/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { addNote, addPlanRow, readBoard, setCanvasCell } from '../../shared/doc/index.ts';
import { templates } from '../../boards/index.ts';
import { browserAndServer, picture } from '../helpers/browser.ts';
import { connectClient, synced, waitFor, type Client } from '../helpers/clients.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { canvasSettled, dragNote, notesOf, openBoard, pageErrors, screenPoint } from './helpers.ts';

vi.setConfig({ testTimeout: 120_000 });
const env = browserAndServer();
const poll = { timeout: 15_000 };
const SHOTS = process.env.SCREENSHOTS ? resolve(import.meta.dirname, '../../docs/screenshots') : mkdtempSync(join(tmpdir(), 'plenary-content-'));
mkdirSync(SHOTS, { recursive: true });
/** Pictures only looked at while working (every template, with SCREENSHOTS=1), never saved under docs/. */
const LOOKS = mkdtempSync(join(tmpdir(), 'plenary-templates-'));
const contexts: BrowserContext[] = [];
const nodeClients: Client[] = [];

afterAll(async () => {
  for (const c of nodeClients) c.destroy();
  for (const c of contexts) await c.close().catch(() => undefined);
  expect(pageErrors).toEqual([]);
});

async function context(name: string): Promise<BrowserContext> {
  const c = await env.browser.newContext({ viewport: { width: 1600, height: 960 } });
  await c.addInitScript((n) => localStorage.setItem('plenary:name', n), name);
  contexts.push(c);
  return c;
}

function nodeClient(docId: string, token: string): Client {
  const c = connectClient(env.server.syncUrl, docId, token);
  nodeClients.push(c);
  return c;
}

/** Waits until the server holds what a Node client wrote (then a fresh page gets it on sync). */
async function stored(boardId: string, check: (doc: import('yjs').Doc) => boolean): Promise<void> {
  await waitFor(() => {
    const doc = env.server.app.liveDocs.docs.get(boardId)?.doc;
    return doc !== undefined && check(doc);
  }, 'server has the change', 15_000);
}

/** Names of Konva nodes found on the page's stage. */
const konvaCount = (page: Page, selector: string) =>
  page.evaluate((sel) => (window as unknown as { __plenary: { controller: { viewport: { stage: { find(s: string): unknown[] } } } } }).__plenary.controller.viewport.stage.find(sel).length, selector);

const konvaText = (page: Page, selector: string) =>
  page.evaluate(
    (sel) =>
      (window as unknown as { __plenary: { controller: { viewport: { stage: { find(s: string): { text(): string }[] } } } } }).__plenary.controller.viewport.stage
        .find(sel)
        .map((n) => n.text()),
    selector,
  );

/** Points the camera at a board region (for a screenshot of one part of a big board). */
async function fitTo(page: Page, box: { x: number; y: number; w: number; h: number }): Promise<void> {
  await page.evaluate((b) => (window as unknown as { __plenary: { controller: { viewport: { fit(b: unknown): void } } } }).__plenary.controller.viewport.fit(b), box);
  await canvasSettled(page);
}

/** The board fits itself into view on the first frame after sync: wait for that view to settle. */
const settle = canvasSettled;

describe('challenge boards', () => {
  it('highlights the selected idea at a participant, and two people detail it together', async () => {
    const { created, facilitator, summary } = await createTrainingDay(env.server.httpUrl);
    const wid = created.workshopId;
    const [ana, ben] = await joinParticipants(env.server.httpUrl, created, ['Ana Novak', 'Ben Weber']);
    const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
    await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ben!.participantId, room: room.id });
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
    const benDoc = nodeClient(room.boardId, ben!.token);
    const anaDoc = nodeClient(room.boardId, ana!.token);
    await Promise.all([synced(benDoc), synced(anaDoc)]);
    const board = readBoard(benDoc.doc).board;
    const [c1, c2] = board.challenges.map((c) => board.zones.find((z) => z.id === c.id)!);
    const idea = (doc: Client, author: string, zone: typeof c1, text: string, i: number, color?: string) =>
      addNote(doc.doc, { text, author, zone: zone!.id, x: zone!.x + 14, y: zone!.y + 100 + i * 140, createdAt: i + 1, color });
    const tiers = idea(benDoc, ben!.participantId, c1, 'Membership tiers for small members', 0);
    const talks = idea(anaDoc, ana!.participantId, c1, 'One-on-one coffee talks with members', 1, '#bbf7d0');
    idea(benDoc, ben!.participantId, c1, 'Promote grants with success stories', 2, '#bfdbfe');
    idea(anaDoc, ana!.participantId, c2, 'Discover interests in 1:1 sessions', 0);
    await stored(room.boardId, (doc) => doc.getMap('notes').size === 4);
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });
    for (const [who, note] of [[ana, tiers], [ben, tiers], [ben, talks]] as const) await who!.api.ok(`/api/workshops/${wid}/votes`, { board: room.boardId, note });
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'detail' });

    const anaPage = await openBoard(await context('Ana Novak'), `${env.server.httpUrl}/b/${room.boardId}#token=${ana!.token}`);
    await expect.poll(() => anaPage.getByTestId('notes').locator('.note-text').count(), poll).toBe(4);
    const highlighted = () => anaPage.locator('li[data-selected]').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-selected')}: ${li.querySelector('.note-text')?.textContent}`));
    const badge = (id: string) =>
      anaPage.evaluate((noteId) => {
        const group = (window as unknown as { __plenary: { controller: { nodes: Map<string, { findOne(s: string): { findOne(s: string): { text(): string } } | undefined }> } } }).__plenary.controller.nodes.get(noteId);
        return group?.findOne('.winner-badge')?.findOne('Text')?.text() ?? null;
      }, id);
    expect(await highlighted()).toEqual([]);

    // Once the votes are revealed the most voted idea stands in; the facilitator's pick replaces it.
    await facilitator.ok(`/api/workshops/${wid}/reveal`, { board: room.boardId });
    await expect.poll(highlighted, poll).toEqual(['top-voted: Membership tiers for small members']);
    await expect.poll(() => badge(tiers), poll).toBe('★ Most votes');
    await facilitator.ok(`/api/workshops/${wid}/select`, { board: room.boardId, challenge: c1!.id, note: talks });
    await expect.poll(highlighted, poll).toEqual(['facilitator: One-on-one coffee talks with members']);
    await expect.poll(() => badge(talks), poll).toBe('★ Selected');
    expect(await badge(tiers)).toBeNull();
    await expect.poll(() => anaPage.getByTestId(`selected-${c1!.id}`).textContent(), poll).toContain('Selected by the facilitator · 1 vote');

    // Ana and Ben detail the idea at the same time: Ana at the end, Ben at the start.
    const benPage = await openBoard(await context('Ben Weber'), `${env.server.httpUrl}/b/${room.boardId}#token=${ben!.token}`);
    const anaField = anaPage.getByLabel('Detail the best idea, challenge 1');
    const benField = benPage.getByLabel('Detail the best idea, challenge 1');
    await anaField.click();
    await anaField.pressSequentially('Owner: cluster manager.');
    await expect.poll(() => benField.inputValue(), poll).toBe('Owner: cluster manager.');
    await benField.click();
    await benField.press('Control+Home');
    await anaField.press('Control+End');
    await Promise.all([anaField.pressSequentially(' First talks in March.', { delay: 40 }), benField.pressSequentially('Pilot with 10 members. ', { delay: 40 })]);
    const both = 'Pilot with 10 members. Owner: cluster manager. First talks in March.';
    await expect.poll(() => anaField.inputValue(), poll).toBe(both);
    await expect.poll(() => benField.inputValue(), poll).toBe(both);
    // Each caret stayed where its owner was typing.
    expect(await anaField.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd])).toEqual([both.length, both.length]);
    expect(await benField.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd])).toEqual([23, 23]);
    await stored(room.boardId, (doc) => readBoard(doc).board.challenges[0]?.details === both);

    await anaPage.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      document.querySelector('.side-panel section[aria-label="Challenges"]')?.scrollIntoView();
    });
    await anaPage.mouse.move(0, 0);
    await picture(anaPage, join(SHOTS, 'winner-and-details.png'));

    // Outside the detail phase the field is read-only, and says why.
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'present' });
    await expect.poll(() => anaField.getAttribute('readonly'), poll).toBe('');
    await expect.poll(() => anaPage.getByText('Opens in the "Detail the best idea" phase').count(), poll).toBe(4);
  });
});

describe('two people typing into the same empty shared text', () => {
  it('keeps each person\'s text whole, each insertion at its own place', async () => {
    const { created, facilitator, summary } = await createTrainingDay(env.server.httpUrl);
    const wid = created.workshopId;
    const [ana, ben] = await joinParticipants(env.server.httpUrl, created, ['Ana Novak', 'Ben Weber']);
    const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
    await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ben!.participantId, room: room.id });
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'define' });
    const [anaPage, benPage] = await Promise.all([
      openBoard(await context('Ana Novak'), `${env.server.httpUrl}/b/${room.boardId}#token=${ana!.token}`),
      openBoard(await context('Ben Weber'), `${env.server.httpUrl}/b/${room.boardId}#token=${ben!.token}`),
    ]);
    const anaField = anaPage.getByLabel('Root causes, challenge 1');
    const benField = benPage.getByLabel('Root causes, challenge 1');
    await expect.poll(() => anaField.getAttribute('readonly'), poll).toBeNull();
    await expect.poll(() => benField.getAttribute('readonly'), poll).toBeNull();
    expect(await anaField.inputValue()).toBe('');
    expect(await benField.inputValue()).toBe('');
    await anaField.click();
    await benField.click();
    // Both start on the empty text in the same moment, keystrokes interleaved by the two browsers.
    const anaText = 'Budget is fixed two years ahead';
    const benText = 'Nobody owns member services end to end';
    await Promise.all([anaField.pressSequentially(anaText, { delay: 30 }), benField.pressSequentially(benText, { delay: 30 })]);
    const whole = [`${anaText}${benText}`, `${benText}${anaText}`];
    await expect.poll(() => anaField.inputValue(), poll).toSatisfy((v: string) => whole.includes(v));
    const final = await anaField.inputValue();
    await expect.poll(() => benField.inputValue(), poll).toBe(final);
    // Each caret is still at the end of its owner's own text.
    const anaEnd = final.indexOf(anaText) + anaText.length;
    const benEnd = final.indexOf(benText) + benText.length;
    expect(await anaField.evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(anaEnd);
    expect(await benField.evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(benEnd);
    // Each goes on typing on a line of their own: still nothing mixed up.
    await Promise.all([anaField.pressSequentially('.', { delay: 30 }), benField.pressSequentially('!', { delay: 30 })]);
    await expect.poll(() => anaField.inputValue(), poll).toSatisfy((v: string) => v.includes(`${anaText}.`) && v.includes(`${benText}!`));
    await expect.poll(() => benField.inputValue(), poll).toBe(await anaField.inputValue());
    await stored(room.boardId, (doc) => readBoard(doc).board.challenges[0]?.rootCauses === final.replace(anaText, `${anaText}.`).replace(benText, `${benText}!`));
  });
});

describe('canvases and derived views', () => {
  it('shows the Business Model Canvas desired changes as the group sketches', async () => {
    const board = await env.server.createBoard({ title: 'Cluster business model', template: 'business-model-canvas' });
    const writer = nodeClient(board.boardId, board.editToken);
    await synced(writer);
    await waitFor(() => writer.doc.getMap('zones').size > 0, 'zones');
    const put = (zone: string, text: string, i: number, color?: string) => {
      const z = readBoard(writer.doc).board.zones.find((x) => x.id === zone)!;
      addNote(writer.doc, { text, author: 'Ana', zone, x: z.x + 14 + (i % 2) * 140, y: z.y + 110 + Math.floor(i / 2) * 90, w: 130, h: 80, createdAt: Date.now() + i, color });
    };
    put('current-members', 'SMEs', 0);
    put('current-members', 'Universities', 1);
    put('desired-members', 'SMEs', 0);
    put('desired-members', 'Large companies', 1, '#bbf7d0');
    put('current-public-funding', 'Regional programme', 0);
    put('desired-public-funding', 'Regional programme', 0);
    put('desired-public-funding', 'EU Horizon projects', 1, '#bbf7d0');
    put('current-activities', 'Networking events', 0);
    put('desired-activities', 'Networking events', 0);
    put('desired-activities', 'Matchmaking', 1, '#bbf7d0');
    put('current-value-proposition', 'Visibility for members', 0);
    put('desired-value-proposition', 'Access to international markets', 0, '#bbf7d0');
    await stored(board.boardId, (doc) => doc.getMap('notes').size === 12);

    const page = await openBoard(await context('Ana'), `${env.server.httpUrl}/b/${board.boardId}#token=${board.editToken}`);
    await expect.poll(() => konvaCount(page, '.canvas-diff'), poll).toBe(1);
    await expect.poll(() => konvaCount(page, '.canvas-diff-row'), poll).toBe(4);
    await expect.poll(() => page.getByTestId('desired-changes').textContent(), poll).toContain('Cluster membersAdd: Large companies. Drop: Universities');

    // A new note on the desired canvas adds a row, live.
    put('desired-channels', 'Newsletter', 0, '#bbf7d0');
    await expect.poll(() => konvaCount(page, '.canvas-diff-row'), poll).toBe(5);
    await expect.poll(() => page.getByTestId('desired-changes').textContent(), poll).toContain('ChannelsAdd: Newsletter');
    await settle(page);
    await fitTo(page, { x: 590, y: 90, w: 2610, h: 1930 });
    await picture(page, join(SHOTS, 'business-model-canvas.png'));
  });

  it('writes each Value Proposition Canvas row as a statement, and says what is missing', async () => {
    const board = await env.server.createBoard({ title: 'Value propositions', template: 'value-proposition-canvas' });
    const writer = nodeClient(board.boardId, board.editToken);
    await synced(writer);
    await waitFor(() => writer.doc.getMap('zones').size > 0, 'zones');
    const page = await openBoard(await context('Ana'), `${env.server.httpUrl}/b/${board.boardId}#token=${board.editToken}`);
    await expect.poll(() => konvaCount(page, '.vpc-statement'), poll).toBe(3);
    const zones = readBoard(writer.doc).board.zones;
    const post = (zone: string, text: string, i = 0, color?: string) => {
      const z = zones.find((x) => x.id === zone)!;
      addNote(writer.doc, { text, author: 'Ana', zone, x: z.x + 16, y: z.y + 70 + i * 96, w: 228, h: 86, createdAt: Date.now() + i, color });
    };
    post('row-1-stakeholder', 'Start-ups and SMEs');
    post('row-1-needs', 'Customers and pilots');
    post('row-1-pains', 'limited access to test facilities', 0, '#fbcfe8');
    post('row-1-gains', 'faster market entry', 0, '#bbf7d0');
    post('row-1-service', 'shared pilot lines', 0, '#bfdbfe');
    post('row-1-service', 'mentoring', 1, '#bfdbfe');
    post('row-1-pain-reliever', 'subsidised access', 0, '#bfdbfe');
    post('row-2-stakeholder', 'Manufacturers');
    setCanvasCell(writer.doc, 'row-2-needs', 'Skilled workforce\nShorter supply chains');
    const statement =
      'Our cluster enables Start-ups and SMEs to overcome limited access to test facilities by providing shared pilot lines and mentoring, ultimately allowing them to achieve faster market entry.';
    await expect.poll(async () => (await konvaText(page, '.vpc-statement-text'))[0], poll).toBe(statement);
    await expect.poll(() => page.getByTestId('value-propositions').textContent(), poll).toContain('Still missing: Gain creator');
    await expect.poll(async () => (await konvaText(page, '.vpc-statement-text'))[1], poll).toContain('enables Manufacturers to overcome [specific challenge]');
    await expect.poll(() => konvaText(page, '.cell-text'), poll).toEqual(['• Skilled workforce\n• Shorter supply chains']);
    await settle(page);
    await fitTo(page, { x: -20, y: 80, w: 2680, h: 580 });
    await picture(page, join(SHOTS, 'value-proposition-canvas.png'));
  });

  it('draws the current and desired funding split as two pies, leaving out shares that are not numbers', async () => {
    const board = await env.server.createBoard({ title: 'Funding sources', template: 'funding-sources' });
    const writer = nodeClient(board.boardId, board.editToken);
    await synced(writer);
    const page = await openBoard(await context('Ana'), `${env.server.httpUrl}/b/${board.boardId}#token=${board.editToken}`);
    await expect.poll(() => konvaCount(page, '.funding-pie'), poll).toBe(2);
    expect(await konvaCount(page, '.funding-wedge')).toBe(0);
    const rows: [string, string, string][] = [
      ['current', 'Public funding', '55'],
      ['current', 'Membership fees', '25'],
      ['current', 'EU projects', '20'],
      ['desired', 'Public funding', '30'],
      ['desired', 'Membership fees', '30'],
      ['desired', 'EU projects', '25'],
      ['desired', 'Services sold to members', '15'],
      ['desired', 'Sponsoring', 'about a tenth'],
    ];
    rows.forEach(([zone, source, share], i) => addPlanRow(writer.doc, { kind: 'funding', zone, order: i, author: 'Ana', createdAt: i + 1, cells: { source, share } }));
    await expect.poll(() => konvaCount(page, '.funding-wedge'), poll).toBe(7);
    await expect.poll(() => konvaText(page, '.funding-hint'), poll).toEqual(['⚠ Left out, share is not a number: Sponsoring ("about a tenth").']);
    await expect.poll(() => page.getByTestId('funding-current').textContent(), poll).toContain('Public funding 55% · Membership fees 25% · EU projects 20%');
    await settle(page);
    await picture(page, join(SHOTS, 'funding-pies.png'));
  });
});

describe('priority matrix in a workshop room', () => {
  it("lets a participant move another's action to another quadrant and cycle its status", async () => {
    const { created, facilitator } = await createTrainingDay(env.server.httpUrl, {
      sessions: [{ title: 'Prioritise the actions', template: 'priority-matrix', rooms: [{ name: 'Action team' }] }],
    });
    const wid = created.workshopId;
    const [ana, ben] = await joinParticipants(env.server.httpUrl, created, ['Ana Novak', 'Ben Weber']);
    const summary = (await facilitator.get(`/api/workshops/${wid}`)).body;
    const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
    const anaDoc = nodeClient(room.boardId, ana!.token);
    const benDoc = nodeClient(room.boardId, ben!.token);
    await Promise.all([synced(anaDoc), synced(benDoc)]);
    const zones = readBoard(anaDoc.doc).board.zones;
    const at = (key: string, i: number) => {
      const z = zones.find((x) => x.key === key)!;
      return { zone: z.id, x: z.x + 24 + (i % 3) * 185, y: z.y + 110 + Math.floor(i / 3) * 150 };
    };
    const survey = addNote(anaDoc.doc, { text: 'Member survey on service needs', author: ana!.participantId, ...at('quick-wins', 0), createdAt: 1 });
    addNote(anaDoc.doc, { text: 'Monthly newsletter', author: ana!.participantId, ...at('quick-wins', 1), createdAt: 2, status: 'done', color: '#bbf7d0' });
    addNote(benDoc.doc, { text: 'International matchmaking programme', author: ben!.participantId, ...at('major-projects', 0), createdAt: 3, status: 'in-progress', color: '#bfdbfe' });
    addNote(benDoc.doc, { text: 'Update the member database', author: ben!.participantId, ...at('fill-ins', 0), createdAt: 4 });
    addNote(anaDoc.doc, { text: 'Rewrite all statutes', author: ana!.participantId, ...at('thankless-tasks', 0), createdAt: 5, color: '#fbcfe8' });
    await stored(room.boardId, (doc) => doc.getMap('notes').size === 5);

    const page = await openBoard(await context('Ben Weber'), `${env.server.httpUrl}/b/${room.boardId}#token=${ben!.token}`);
    await expect.poll(() => konvaCount(page, '.status-chip'), poll).toBe(5);
    await settle(page);
    const note = (await notesOf(page)).find((n) => n.id === survey)!;
    const target = at('major-projects', 1);
    await dragNote(page, note, target.x, target.y);
    const serverNote = () => readBoard(env.server.app.liveDocs.docs.get(room.boardId)!.doc).board.notes.find((n) => n.id === survey);
    await expect.poll(() => serverNote()?.zone, poll).toBe('major-projects');
    await expect.poll(() => readBoard(anaDoc.doc).board.notes.find((n) => n.id === survey)?.zone, poll).toBe('major-projects');

    // The chip cycles the status; S on the selected note moves it on again.
    const moved = (await notesOf(page)).find((n) => n.id === survey)!;
    const chip = await screenPoint(page, moved.x + moved.w - 8 - 48, moved.y + moved.h - 9 + 11);
    await page.mouse.click(chip.x, chip.y);
    await expect.poll(() => serverNote()?.status, poll).toBe('in-progress');
    await page.getByTestId('board-canvas').focus();
    await page.keyboard.press('s');
    await expect.poll(() => serverNote()?.status, poll).toBe('done');
    await expect.poll(() => readBoard(anaDoc.doc).board.notes.find((n) => n.id === survey)?.status, poll).toBe('done');
    await expect.poll(() => page.getByRole('button', { name: /Status of Member survey on service needs: Done/ }).count(), poll).toBe(1);
    await page.getByRole('button', { name: /Status of Member survey on service needs/ }).click();
    await expect.poll(() => serverNote()?.status, poll).toBe('not-started');
    await page.getByRole('button', { name: /Status of Member survey on service needs/ }).click();
    await expect.poll(() => serverNote()?.status, poll).toBe('in-progress');
    await page.mouse.move(0, 0);
    await picture(page, join(SHOTS, 'priority-matrix.png'));
  });
});

describe('scavenger hunt', () => {
  it('keeps hints hidden from participants until the facilitator reveals them, one at a time', async () => {
    const { created, facilitator } = await createTrainingDay(env.server.httpUrl, {
      sessions: [{ title: 'Guess the cluster', template: 'scavenger-hunt', rooms: [{ name: 'Hunters' }] }],
    });
    const wid = created.workshopId;
    const [ana] = await joinParticipants(env.server.httpUrl, created, ['Ana Novak']);
    const summary = (await facilitator.get(`/api/workshops/${wid}`)).body;
    const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
    const host = nodeClient(room.boardId, created.facilitatorToken);
    const anaDoc = nodeClient(room.boardId, ana!.token);
    await Promise.all([synced(host), synced(anaDoc)]);
    // Hints are kept on the server until revealed: nothing of them is in the board Ana's screen receives.
    const hints = ['Founded in 2005 by 12 companies', 'Based in an Alpine region', 'Known for timber construction'];
    for (const text of hints) await facilitator.ok(`/api/workshops/${wid}/hints/add`, { board: room.boardId, text });
    addNote(anaDoc.doc, { text: 'Wood cluster in Styria?', author: ana!.participantId, zone: 'guesses', x: 580, y: 180, createdAt: 10 });
    await stored(room.boardId, (doc) => doc.getMap('notes').size === 1);

    const hostPage = await openBoard(await context('Facilitator'), `${env.server.httpUrl}/b/${room.boardId}#token=${created.facilitatorToken}`);
    const anaPage = await openBoard(await context('Ana Novak'), `${env.server.httpUrl}/b/${room.boardId}#token=${ana!.token}`);
    const listed = (page: Page) => page.getByTestId('notes').locator('.note-text').allTextContents();
    await expect.poll(() => listed(anaPage), poll).toEqual(['Wood cluster in Styria?']);
    await expect.poll(() => anaPage.getByTestId('hints-revealed').textContent(), poll).toBe('0 of 3 hints revealed · 1 guess');
    expect(await anaPage.getByRole('button', { name: 'Reveal next hint' }).count()).toBe(0);
    expect(await anaPage.getByRole('list', { name: 'Hints not revealed yet' }).count()).toBe(0);
    // The facilitator sees the hidden hints listed in the panel.
    await expect.poll(() => hostPage.getByRole('list', { name: 'Hints not revealed yet' }).locator('li').allTextContents(), poll).toEqual(hints);

    await hostPage.getByRole('button', { name: 'Reveal next hint' }).click();
    // Revealed hints join the board now, after the notes already on it.
    await expect.poll(() => listed(anaPage), poll).toEqual(['Wood cluster in Styria?', 'Founded in 2005 by 12 companies']);
    await hostPage.getByRole('button', { name: 'Reveal next hint' }).click();
    await expect.poll(() => anaPage.getByTestId('hints-revealed').textContent(), poll).toBe('2 of 3 hints revealed · 1 guess');
    await expect.poll(() => listed(anaPage), poll).toEqual(['Wood cluster in Styria?', 'Founded in 2005 by 12 companies', 'Based in an Alpine region']);
    // A new hint from the panel's form joins the hidden ones.
    await hostPage.getByLabel('New hint (participants see it once revealed)').fill('Has a wood-technology campus');
    await hostPage.getByRole('button', { name: 'Add hint' }).click();
    await expect.poll(() => hostPage.getByRole('list', { name: 'Hints not revealed yet' }).locator('li').allTextContents(), poll).toEqual([hints[2], 'Has a wood-technology campus']);
    await expect.poll(() => anaPage.getByTestId('hints-revealed').textContent(), poll).toBe('2 of 4 hints revealed · 1 guess');
    await settle(anaPage);
    await picture(anaPage, join(SHOTS, 'scavenger-hunt.png'));
  });
});

describe('every template', () => {
  // One visit per template checks what the canvas draws (every zone, all in the fitted view) and what it does
  // (a note double-clicked into the first zone lands in it); the two were separate walks over every template
  // in two files, one page load each.
  it('renders each zone of every template, the fitted view takes in the whole board, and a note double-clicked into a zone lands in it', { timeout: 300_000 }, async () => {
    const res = await fetch(`${env.server.httpUrl}/api/templates`);
    const listed = ((await res.json()) as { templates: { id: string }[] }).templates.map((t) => t.id);
    expect(listed).toEqual(templates.map((t) => t.id));
    // The templates whose picture the README shows (with SCREENSHOTS=1).
    const readmePictures = new Set(['challenge-board', 'business-model-canvas', 'value-proposition-canvas', 'priority-matrix']);
    const page = await (await context('Ana')).newPage();
    for (const template of templates) {
      const board = await env.server.createBoard({ title: template.title, template: template.id, ...(template.challenges ? { challenges: template.challenges.defaults } : {}) });
      await page.goto(`${env.server.httpUrl}/b/${board.boardId}#token=${board.editToken}`);
      await expect.poll(() => page.getByRole('status').textContent(), poll).toBe('Live');
      const expected = template.zones.length + (template.challenges?.defaults.length ?? 0);
      await expect.poll(() => page.evaluate(() => (window as unknown as { __plenary?: { controller: { zones: unknown[] } } }).__plenary?.controller.zones.length ?? 0), poll).toBe(expected);
      const drawnZones = () =>
        page.evaluate(() => (window as unknown as { __plenary: { controller: { viewport: { stage: { findOne(s: string): { getChildren(): unknown[] } } } } } }).__plenary.controller.viewport.stage.findOne('.zones').getChildren().length);
      await expect.poll(drawnZones, poll).toBe(expected);
      await settle(page);
      // Every zone is inside the canvas after the first fit.
      const outside = await page.evaluate(() => {
        const { controller } = (window as unknown as { __plenary: { controller: { zones: { x: number; y: number; w: number; h: number }[]; viewport: { toScreen(x: number, y: number): { x: number; y: number }; size(): { width: number; height: number } } } } }).__plenary;
        const { width, height } = controller.viewport.size();
        return controller.zones.filter((z) => {
          const a = controller.viewport.toScreen(z.x, z.y);
          const b = controller.viewport.toScreen(z.x + z.w, z.y + z.h);
          return a.x < -1 || a.y < -1 || b.x > width + 1 || b.y > height + 1;
        }).length;
      });
      expect(outside, template.id).toBe(0);
      await picture(page, join(LOOKS, `template-${template.id}.png`));

      // A note double-clicked into the first zone lands in it.
      const [zone] = await page.evaluate(() => (window as unknown as { __plenary: { controller: { zones: { role: string; x: number; y: number; w: number; h: number }[] } } }).__plenary.controller.zones);
      const at = await screenPoint(page, zone!.x + zone!.w / 2, zone!.y + Math.min(zone!.h - 70, 160));
      await page.mouse.dblclick(at.x, at.y);
      if (zone!.role === 'table') {
        // A double-click on a table opens its editor instead (tests/e2e/tables.test.ts).
        await expect.poll(() => page.getByRole('region', { name: /^Table editor/ }).count(), { ...poll, message: template.id }).toBe(1);
        await page.keyboard.press('Escape');
        expect(await notesOf(page)).toEqual([]);
        continue;
      }
      await page.keyboard.type(`First note on ${template.id}`);
      await page.keyboard.press('Escape');
      await expect.poll(async () => (await notesOf(page)).map((n) => n.text), { ...poll, message: template.id }).toEqual([`First note on ${template.id}`]);
      expect((await notesOf(page))[0]!.zone, template.id).not.toBeNull();
      if (process.env.SCREENSHOTS && readmePictures.has(template.id)) {
        await page.keyboard.press('0');
        await settle(page);
        await picture(page, join(SHOTS, `template-${template.id}.png`));
      }
    }
  });
});
