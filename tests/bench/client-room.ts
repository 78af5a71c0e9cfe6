/**
 * The room part of the client benchmark (`npm run bench:client`, or `-- --only=room` for this part alone):
 * a workshop room of 10 participants on a challenge board of 200 post-its, every page in its own context.
 *   a. main-thread cost of one remote edit: one participant's page is open; another participant (a Node
 *      client) types into one of their post-its, one character every 250 ms. Chromium's own accounting of
 *      the page's main thread (CDP Performance.getMetrics, TaskDuration: every task, script, style, layout
 *      and paint) is read before and after the window that follows each keystroke, less the median of the
 *      same window at rest (timers, keep-alives); and over the whole run, work put off included.
 *   b. a post-it reaching the whole room: 10 participant pages, all typing into post-its of their own
 *      (a key every 400-500 ms each); in turn each page also puts up a finished post-it. A page notes the
 *      wall-clock time at which a post-it first exists in its store and then the start of its next
 *      animation frame (when it is drawn); latency = the last of the 9 other pages - creation (a page
 *      that has not shown it after 60 s counts as 60 s).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addNote, readBoard, updateNoteText } from '../../shared/doc/index.ts';
import { connectClient, synced } from '../helpers/clients.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { startProfile } from './client-room-profile.ts';

export const ROOM = { notes: 200, participants: 10, edits: 40, windowMs: 250, postIts: 20, typingMs: 400, seenTimeoutMs: 60_000 } as const;

export type RoomResults = {
  /** Milliseconds of main thread per window: with one remote keystroke, and at rest. */
  editCosts: number[];
  idleCosts: number[];
  /** Main thread per keystroke over the whole typing run, work put off included, rest subtracted. */
  amortised: number;
  reach: number[];
  /** The slowest page's latency of each post-it, and the median page's. */
  reachMedianPage: number[];
  /**
   * CPU time (not wall time: what a loaded machine's queueing does not inflate) while the post-its go round,
   * from Chromium's ThreadTime (a page's main thread) and ProcessTime (its whole renderer: raster and
   * compositor threads too): the median page's per second, and all pages' together per key typed.
   */
  roomCpu?: { keysPerS: number; mainPerPagePerS: number; processPerPagePerS: number; mainPerKey: number; processPerKey: number };
};

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WORDS = 'members engagement coffee talks tiers grants showcase start-ups campaign matchmaking survey events funding partners visibility'.split(' ');

type Handle = { __plenary?: { controller: { notes: { size: number; get(id: string): { text: string } | undefined; subscribeList(l: () => void): () => void; ids(): readonly string[] }; editing: string | null } } };

async function mainThreadSeconds(page: Page, cdp: Awaited<ReturnType<BrowserContext['newCDPSession']>>): Promise<number> {
  void page;
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
}

type Person = { participantId: string; token: string };
type Opened = { context: BrowserContext; page: Page };

/**
 * Part a: the page at rest first (IDLE_WINDOWS windows with nothing happening: timers, keep-alives),
 * then one keystroke per window from a typist without a page. Per edit: the window's main-thread time
 * less the median window at rest. Amortised: everything the page did from the first keystroke until
 * 2 s after the last (so that work it put off is counted too), less the rest rate, per keystroke.
 */
async function benchEdits(open: (token: string) => Promise<Opened>, people: readonly Person[], zones: readonly { id: string; x: number; y: number }[], syncUrl: string, boardId: string) {
  const { context, page } = await open(people[0]!.token);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const typist = people[ROOM.participants]!; // the 11th person, in the room, without a page
  const client = connectClient(syncUrl, boardId, typist.token);
  await synced(client);
  const zone = zones[0]!;
  const note = addNote(client.doc, { text: '', author: typist.participantId, zone: zone.id, x: zone.x + 10, y: zone.y + 80, createdAt: Date.now() });
  await page.waitForFunction((id) => (window as unknown as Handle).__plenary?.controller.notes.get(id) !== undefined, note);
  await sleep(3000);
  const idleCosts: number[] = [];
  for (let i = 0; i < IDLE_WINDOWS; i++) {
    const before = await mainThreadSeconds(page, cdp);
    await sleep(ROOM.windowMs);
    idleCosts.push(((await mainThreadSeconds(page, cdp)) - before) * 1000);
  }
  const editCosts: number[] = [];
  let text = '';
  const start = await mainThreadSeconds(page, cdp);
  const startedAt = performance.now();
  for (let i = 0; i < ROOM.edits; i++) {
    text += 'abcdefghijklmnopqrstuvwxyz '[i % 27];
    const before = await mainThreadSeconds(page, cdp);
    updateNoteText(client.doc, note, text);
    await sleep(ROOM.windowMs);
    editCosts.push(((await mainThreadSeconds(page, cdp)) - before) * 1000);
  }
  await sleep(2000);
  const total = ((await mainThreadSeconds(page, cdp)) - start) * 1000;
  const elapsed = performance.now() - startedAt;
  const restRate = quantile(idleCosts, 0.5) / ROOM.windowMs;
  const amortised = Math.max(0, total - restRate * elapsed) / ROOM.edits;
  await page.waitForFunction(([id, t]) => (window as unknown as Handle).__plenary?.controller.notes.get(id)?.text === t, [note, text] as const, { timeout: 10_000 });
  client.destroy();
  await context.close();
  console.error(`remote edit: ${JSON.stringify({ editCosts, idleCosts, amortised })}`);
  return { editCosts, idleCosts, amortised };
}

const IDLE_WINDOWS = 20;

export async function benchRoom(browser: Browser, httpUrl: string, syncUrl: string, options: { editsOnly?: boolean; skipEdits?: boolean; profile?: string } = {}): Promise<RoomResults> {
  const { created, facilitator, summary } = await createTrainingDay(httpUrl);
  const wid = created.workshopId;
  const names = Array.from({ length: ROOM.participants + 1 }, (_, i) => `Participant ${i + 1}`);
  const people = await joinParticipants(httpUrl, created, names);
  const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  for (const person of people) await facilitator.ok(`/api/workshops/${wid}/move`, { participant: person.participantId, room: room.id });
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });

  // 200 post-its by the room's participants, spread over the four challenge columns.
  const seeder = connectClient(syncUrl, room.boardId, created.facilitatorToken);
  await synced(seeder);
  const zones = readBoard(seeder.doc).board.zones.filter((z) => z.role === 'challenge');
  seeder.doc.transact(() => {
    for (let i = 0; i < ROOM.notes; i++) {
      const zone = zones[i % zones.length]!;
      const slot = Math.floor(i / zones.length);
      addNote(seeder.doc, {
        text: `${i + 1}. ${Array.from({ length: 3 + (i % 9) }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ')}`,
        author: people[i % ROOM.participants]!.participantId,
        zone: zone.id,
        x: zone.x + 10 + (slot % 2) * 170,
        y: zone.y + 80 + Math.floor(slot / 2) * 170,
        createdAt: 1_700_000_000_000 + i,
      });
    }
  });
  await sleep(500);
  seeder.destroy();
  const url = (token: string) => `${httpUrl}/b/${room.boardId}#token=${token}`;
  const open = async (token: string): Promise<Opened> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url(token), { timeout: 120_000 });
    try {
      await page.waitForFunction((n) => ((window as unknown as Handle).__plenary?.controller.notes.size ?? 0) >= n, ROOM.notes, { timeout: 60_000 });
    } catch (err) {
      const seen = await page.evaluate(() => ({ url: location.href, notes: (window as unknown as Handle).__plenary?.controller.notes.size ?? null, body: document.body.innerText.slice(0, 300) }));
      throw new Error(`page never showed the ${ROOM.notes} post-its: ${JSON.stringify(seen)}`, { cause: err });
    }
    return { context, page };
  };

  // a. One remote edit's cost on one page.
  const { editCosts, idleCosts, amortised } = options.skipEdits ? { editCosts: [], idleCosts: [], amortised: Number.NaN } : await benchEdits(open, people, zones, syncUrl, room.boardId);
  if (options.editsOnly) return { editCosts, idleCosts, amortised, reach: [], reachMedianPage: [] };

  // b. Post-its reaching the whole room while everybody types.
  const pages: { context: BrowserContext; page: Page }[] = [];
  for (const person of people.slice(0, ROOM.participants)) pages.push(await open(person.token));
  for (const { page } of pages) {
    await page.evaluate(() => {
      const w = window as unknown as Handle & { __seen: Record<string, number> };
      w.__seen = {};
      const controller = w.__plenary!.controller;
      controller.notes.subscribeList(() => {
        for (const id of controller.notes.ids()) {
          if (w.__seen[id] !== undefined) continue;
          w.__seen[id] = -1;
          requestAnimationFrame(() => (w.__seen[id] = performance.timeOrigin + performance.now()));
        }
      });
    });
  }
  const reach: number[] = [];
  const reachMedianPage: number[] = [];
  const cdps = await Promise.all(pages.map(async ({ context, page }) => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    return cdp;
  }));
  let roomCpu: RoomResults['roomCpu'];
  let stop = false;
  let keysTyped = 0;
  // Everybody keeps typing into a post-it of their own.
  const typing = pages.map(async ({ page }, index): Promise<void> => {
    await page.getByTestId('board-canvas').focus();
    await page.evaluate((i) => {
      const c = (window as unknown as { __plenary: { controller: { createNoteAt(x: number, y: number, t?: string): string | null; viewport: { center(): { x: number; y: number } } } } }).__plenary.controller;
      c.createNoteAt(2000 + i * 170, 2000, '');
    }, index);
    let n = 0;
    while (!stop) {
      if (!(await page.evaluate(() => (window as unknown as Handle).__plenary?.controller.editing !== null))) {
        await page.getByTestId('board-canvas').focus();
        await page.keyboard.press('n');
      }
      await page.keyboard.type('abcdefghij '[n++ % 11]!);
      keysTyped++;
      await sleep(ROOM.typingMs + ((index * 37 + n * 13) % 100));
    }
  });
  // A typist's failure is reported once the measurement ends (never as an unhandled rejection).
  const typed = Promise.allSettled(typing);
  try {
    await sleep(2000);
    const profiled = options.profile ? await startProfile(options.profile, pages, browser) : null;
    const keysBefore = keysTyped;
    const cpuBefore = await Promise.all(cdps.map(cpuTimes));
    const cpuFrom = performance.now();
    for (let i = 0; i < ROOM.postIts; i++) {
      const writer = pages[i % pages.length]!.page;
      const id = await writer.evaluate(() => {
        const c = (window as unknown as { __plenary: { controller: { createNoteAt(x: number, y: number, t?: string): string | null; viewport: { center(): { x: number; y: number } } } } }).__plenary.controller;
        const at = c.viewport.center();
        (window as unknown as { __created: number }).__created = performance.timeOrigin + performance.now();
        return c.createNoteAt(at.x, at.y, 'Idea from the room');
      });
      const createdAt = await writer.evaluate(() => (window as unknown as { __created: number }).__created);
      const others = pages.filter((p) => p.page !== writer).map((p) => p.page);
      const seen: number[] = [];
      for (const other of others) {
        // A page that never shows it within the timeout counts as the timeout (and is reported as such).
        const handle = await other
          .waitForFunction(
            (noteId) => {
              const t = (window as unknown as { __seen: Record<string, number> }).__seen[noteId!];
              return t !== undefined && t > 0 ? t : null;
            },
            id,
            { timeout: Math.max(1000, createdAt + ROOM.seenTimeoutMs - Date.now()), polling: 100 },
          )
          .catch(() => null);
        seen.push(handle ? ((await handle.jsonValue()) as number) : createdAt + ROOM.seenTimeoutMs);
      }
      const latencies = seen.map((t) => t - createdAt);
      reach.push(Math.max(...latencies));
      reachMedianPage.push(quantile(latencies, 0.5));
      await sleep(300);
    }
    const cpuAfter = await Promise.all(cdps.map(cpuTimes));
    const seconds = (performance.now() - cpuFrom) / 1000;
    const keys = keysTyped - keysBefore;
    const main = cpuAfter.map((c, i) => c.main - cpuBefore[i]!.main);
    const proc = cpuAfter.map((c, i) => c.process - cpuBefore[i]!.process);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    roomCpu = { keysPerS: keys / seconds, mainPerPagePerS: quantile(main, 0.5) / seconds, processPerPagePerS: quantile(proc, 0.5) / seconds, mainPerKey: sum(main) / keys, processPerKey: sum(proc) / keys };
    if (profiled) console.error(await profiled(keys));
  } finally {
    stop = true;
    const failed = (await typed).find((r) => r.status === 'rejected');
    if (failed) console.error('a typist failed:', (failed).reason);
  }
  for (const { context } of pages) await context.close();
  return { editCosts, idleCosts, amortised, reach, reachMedianPage, ...(roomCpu ? { roomCpu } : {}) };
}

/** A page's CPU so far, in milliseconds: its main thread and its whole renderer process. */
async function cpuTimes(cdp: Awaited<ReturnType<BrowserContext['newCDPSession']>>): Promise<{ main: number; process: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
  return { main: value('ThreadTime'), process: value('ProcessTime') };
}

export function roomRows(r: RoomResults): string {
  const idle = quantile(r.idleCosts, 0.5);
  const net = r.editCosts.map((c) => Math.max(0, c - idle));
  const f = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
  const rows = [
    `| main-thread cost of one remote edit (one keystroke in a post-it, 4 a second), ${ROOM.notes}-post-it board, participant page (${net.length} keystrokes; the page's TaskDuration in the ${ROOM.windowMs} ms after each, less the median of ${r.idleCosts.length} windows at rest, ${f(idle)}) | median < 2 ms | median ${f(quantile(net, 0.5))}, p95 ${f(quantile(net, 0.95))}; amortised over the run, work put off included: ${f(r.amortised)} per keystroke | ${quantile(net, 0.5) < 2 ? 'yes' : '**no**'} |`,
  ];
  if (r.reach.length > 0) {
    rows.push(
      `| a post-it reaching every member of a room of ${ROOM.participants} participants' pages while they all type (creation -> drawn on the last of the other 9 pages; ${r.reach.length} post-its) | p95 < 500 ms | median ${f(quantile(r.reach, 0.5))}, p95 ${f(quantile(r.reach, 0.95))}, max ${f(Math.max(...r.reach))} (median page: median ${f(quantile(r.reachMedianPage, 0.5))}, p95 ${f(quantile(r.reachMedianPage, 0.95))}) | ${quantile(r.reach, 0.95) < 500 ? 'yes' : '**no**'} |`,
    );
  }
  if (r.roomCpu) {
    const c = r.roomCpu;
    rows.push(
      `| CPU while the post-its go round (Chromium ThreadTime / ProcessTime; ${c.keysPerS.toFixed(1)} keys typed a second in the room) | - | median page: main thread ${f(c.mainPerPagePerS)} a second, renderer ${f(c.processPerPagePerS)} a second; all ${ROOM.participants} pages per key typed: main threads ${f(c.mainPerKey)}, renderers ${f(c.processPerKey)} | - |`,
    );
  }
  return rows.join('\n');
}
