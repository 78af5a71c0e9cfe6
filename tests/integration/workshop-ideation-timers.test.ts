/** Private ideation (what actually reaches other clients) and server-authoritative timers under clock skew. */
import { expect, it } from 'vitest';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { CloseCode } from '../../shared/protocol/messages.ts';
import { estimateOffset, serverNow, type ClockSample } from '../../shared/workshop/clock.ts';
import { remainingMs } from '../../shared/workshop/timer.ts';
import { passedThrough, rawSocket, synced, waitFor, type Client } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import type { TestServer } from '../helpers/server.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';

const fixture = serverPerTest();
const client = fixture.client;
let server: TestServer;

it('private ideation: drafts reach nobody else until the facilitator reveals them', async () => {
  server = await fixture.start();
  const { created, facilitator, summary } = await createTrainingDay(server.httpUrl, { privateIdeation: true });
  const wid = created.workshopId;
  const people = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben']);
  const [first] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  // Even assignment puts them in two rooms; the facilitator moves Ben over to Ana.
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: people[1]!.participantId, room: first.id });
  const room = (await facilitator.get(`/api/workshops/${wid}`)).body.sessions[0].rooms[0];
  expect(room.participantIds).toEqual([people[0]!.participantId, people[1]!.participantId]);
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
  const [ana, ben] = people as [(typeof people)[0], (typeof people)[0]];
  const me = (await ana.api.get(`/api/workshops/${wid}`)).body;
  expect(me.draftDoc).toBe(`draft.${wid}.${ana.participantId}`);

  // Ben listens to the board with a raw socket, recording every byte the server sends him.
  const benRaw = rawSocket(`${server.syncUrl}/${room.boardId}?token=${ben.token}`);
  await benRaw.opened;
  const benBoard = client(room.boardId, ben.token);
  const draft = client(me.draftDoc, ana.token);
  await Promise.all([synced(benBoard), synced(draft)]);
  const zone = readBoard(benBoard.doc).board.challenges[0]!.id;
  addNote(draft.doc, { text: 'SECRET-IDEA-one-on-one-coffee', author: ana.participantId, zone, x: 5, y: 5, createdAt: 1 });
  await waitFor(() => server.app.liveDocs.docs.get(me.draftDoc)?.doc.getMap('notes').size === 1, 'draft stored');

  // Ben can neither open Ana's draft nor see its content anywhere.
  const peek = rawSocket(`${server.syncUrl}/${me.draftDoc}?token=${ben.token}`);
  expect((await peek.closed).code).toBe(CloseCode.forbidden);
  expect(peek.frames).toEqual([]);
  // Ana says something on the board after writing her draft: once Ben hears it, a leak would have come first.
  const anaBoard = client(room.boardId, ana.token);
  await synced(anaBoard);
  await passedThrough(anaBoard, benBoard);
  const secret = Buffer.from('SECRET-IDEA');
  expect(benRaw.frames.some((f) => Buffer.from(f).includes(secret))).toBe(false);
  expect(readBoard(benBoard.doc).board.notes).toEqual([]);

  const revealed = await facilitator.ok(`/api/workshops/${wid}/reveal-drafts`, { board: room.boardId });
  expect(revealed.moved).toBe(1);
  await waitFor(() => readBoard(benBoard.doc).board.notes.length === 1, 'revealed to ben');
  const note = readBoard(benBoard.doc).board.notes[0]!;
  expect(note).toMatchObject({ text: 'SECRET-IDEA-one-on-one-coffee', author: ana.participantId, zone });
  await waitFor(() => readBoard(draft.doc).board.notes.length === 0, 'draft emptied');
  expect(benRaw.frames.some((f) => Buffer.from(f).includes(secret))).toBe(true);
});

it('timers agree across clients whose clocks are off by +-5 minutes', async () => {
  server = await fixture.start();
  const { created, facilitator, summary } = await createTrainingDay(server.httpUrl);
  const wid = created.workshopId;
  const boardId = summary.sessions[0].rooms[0].boardId;
  await facilitator.ok(`/api/workshops/${wid}/timer`, { board: boardId, action: 'start', durationMs: 10 * 60_000, label: 'ideate' });
  const screens = [-5 * 60_000, 0, 5 * 60_000].map((skew) => ({ skew, local: () => Date.now() + skew, view: client(`control.${wid}`, created.observerToken) }));
  await Promise.all(screens.map((s) => synced(s.view)));

  // Each screen estimates its offset from the server's clock endpoint, with its own (wrong) clock.
  const offsets: number[] = [];
  for (const screen of screens) {
    const samples: ClockSample[] = [];
    for (let i = 0; i < 5; i++) {
      const sentAt = screen.local();
      const { now } = (await (await fetch(`${server.httpUrl}/api/time`)).json()) as { now: number };
      samples.push({ sentAt, serverNow: now, receivedAt: screen.local() });
    }
    offsets.push(estimateOffset(samples));
  }
  const timerOf = (c: Client) => readBoard(c.doc, c.doc, { boardId }).board.control.timers.find((t) => t.board === boardId);
  await waitFor(() => screens.every((s) => timerOf(s.view) !== undefined), 'timer reaches every screen');

  const at = Date.now();
  const left = screens.map((s, i) => remainingMs(timerOf(s.view)!, serverNow(at + s.skew, offsets[i]!)));
  for (const ms of left) {
    expect(ms).toBeGreaterThan(9 * 60_000);
    expect(ms).toBeLessThanOrEqual(10 * 60_000);
    expect(Math.abs(ms - left[1]!)).toBeLessThan(100);
  }
  // Without the offset, the skewed screens would be five minutes out.
  const naive = remainingMs(timerOf(screens[0]!.view)!, at + screens[0]!.skew);
  expect(Math.abs(naive - left[1]!)).toBeGreaterThan(4 * 60_000);

  // Pausing freezes the same remaining time for everybody.
  await facilitator.ok(`/api/workshops/${wid}/timer`, { board: boardId, action: 'pause' });
  await waitFor(() => screens.every((s) => timerOf(s.view)?.endsAt === null), 'paused everywhere');
  const frozen = screens.map((s) => timerOf(s.view)!.remainingMs);
  expect(new Set(frozen).size).toBe(1);
});
