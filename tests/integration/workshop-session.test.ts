/**
 * A scripted breakout session over real HTTP and real websocket clients: a workshop with 8 challenges in
 * 2 groups, 20 participants join, rooms are assigned evenly, everybody posts ideas and votes within the
 * budget, the facilitator reveals and selects, and the export lists every challenge, solutions best first.
 */
import { expect, it } from 'vitest';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { synced, waitFor } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import type { TestServer } from '../helpers/server.ts';
import { CHALLENGES, createTrainingDay, joinParticipants } from '../helpers/workshop.ts';

const fixture = serverPerTest();
const client = fixture.client;
let server: TestServer;

it('runs a whole breakout session from joining to the export', async () => {
  server = await fixture.start();
  const { created, facilitator } = await createTrainingDay(server.httpUrl, { voteBudget: 2 });
  const wid = created.workshopId;
  const names = Array.from({ length: 20 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`);
  const people = await joinParticipants(server.httpUrl, created, names);

  const summary = (await facilitator.get(`/api/workshops/${wid}`)).body;
  const session = summary.sessions[0];
  const rooms = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: session.id, mode: 'even' });
  expect(rooms.map((r: { participantIds: string[] }) => r.participantIds.length)).toEqual([10, 10]);

  // Everybody opens their room's board with their personal token.
  const roomOf = new Map<string, { boardId: string; index: number }>();
  rooms.forEach((r: { boardId: string; participantIds: string[] }, index: number) => {
    for (const pid of r.participantIds) roomOf.set(pid, { boardId: r.boardId, index });
  });
  const boards = people.map((p) => client(roomOf.get(p.participantId)!.boardId, p.token));
  const watchers = rooms.map((r: { boardId: string }) => client(r.boardId, created.facilitatorToken));
  const controlView = client(`control.${wid}`, people[0]!.token);
  await Promise.all([...boards, ...watchers, controlView].map(synced));

  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
  await waitFor(() => readBoard(boards[0]!.doc, controlView.doc).board.control.phase === 'ideate', 'phase reaches participants');

  // Participant i of a room posts one idea under challenge (i % 4).
  const ideasOf = new Map<string, string[]>(); // `${room}/${challenge}` -> note ids in posting order
  let clock = 1_000;
  for (const [roomIndex, room] of rooms.entries()) {
    for (const [i, pid] of (room.participantIds as string[]).entries()) {
      const c = boards[people.findIndex((p) => p.participantId === pid)]!;
      const challenge = readBoard(c.doc).board.challenges[i % 4]!;
      const noteId = addNote(c.doc, {
        text: `Idea of ${people.find((p) => p.participantId === pid)!.name} for ${challenge.title.slice(0, 20)}`,
        author: pid,
        zone: challenge.id,
        x: 10 * i,
        y: 20,
        createdAt: clock++,
      });
      const key = `${roomIndex}/${i % 4}`;
      ideasOf.set(key, [...(ideasOf.get(key) ?? []), noteId]);
    }
  }
  for (const [roomIndex, w] of watchers.entries()) {
    const expected = [...ideasOf].filter(([k]) => k.startsWith(`${roomIndex}/`)).reduce((n, [, ids]) => n + ids.length, 0);
    await waitFor(() => readBoard(w.doc).board.notes.length === expected, `room ${roomIndex} has every idea`);
  }

  // Votes: a0 from everybody, a1 from every second voter: 10, 5 and 0 dots with a budget of 2.
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });
  for (const [roomIndex, room] of rooms.entries()) {
    for (const [j, pid] of (room.participantIds as string[]).entries()) {
      const voter = people.find((p) => p.participantId === pid)!;
      for (let c = 0; c < 4; c++) {
        const [a0, a1] = ideasOf.get(`${roomIndex}/${c}`)!;
        await voter.api.ok(`/api/workshops/${wid}/votes`, { board: room.boardId, note: a0 });
        if (j % 2 === 0) await voter.api.ok(`/api/workshops/${wid}/votes`, { board: room.boardId, note: a1 });
      }
    }
  }
  // A third dot on the same challenge is refused, and so is a vote on another room's board.
  const first = people.find((p) => p.participantId === rooms[0].participantIds[0])!;
  const [, , a2] = ideasOf.get('0/0')!;
  const over = await first.api.post(`/api/workshops/${wid}/votes`, { board: rooms[0].boardId, note: a2 });
  expect(over.status).toBe(409);
  const elsewhere = await first.api.post(`/api/workshops/${wid}/votes`, { board: rooms[1].boardId, note: ideasOf.get('1/0')![0] });
  expect(elsewhere.status).toBe(403);
  const mine = (await first.api.get(`/api/workshops/${wid}/me/votes`)).body;
  expect(mine.votes).toHaveLength(8);

  // Hidden until revealed: the control document every client reads holds no vote yet, and a
  // participant's export counts none, while the facilitator's counts them all.
  expect(readBoard(boards[0]!.doc, controlView.doc).board.control.votes).toEqual([]);
  const dots = (exported: any) =>
    exported.sessions[0].rooms.flatMap((r: any) => r.results.challengeSolutions.challenges.flatMap((c: any) => c.ideas.map((i: any) => i.votes)));
  const early = (await first.api.get(`/api/workshops/${wid}/export.json`)).body;
  expect(dots(early).every((v: number) => v === 0)).toBe(true);
  const facilitatorEarly = (await facilitator.get(`/api/workshops/${wid}/export.json`)).body;
  expect(dots(facilitatorEarly).reduce((a: number, b: number) => a + b, 0)).toBe(2 * 4 * 15);
  for (const room of rooms) await facilitator.ok(`/api/workshops/${wid}/reveal`, { board: room.boardId });
  const myRoom = roomOf.get(people[0]!.participantId)!;
  await waitFor(
    () => readBoard(boards[0]!.doc, controlView.doc).board.control.votes.length === 4 * 15,
    'revealed votes reach participants',
  );
  expect(myRoom.boardId).toBe(rooms[myRoom.index].boardId);

  // The facilitator confirms each winner; with no note named, the most voted idea.
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'select' });
  for (const [roomIndex, room] of rooms.entries()) {
    const challenges = readBoard(watchers[roomIndex]!.doc).board.challenges;
    for (const [c, challenge] of challenges.entries()) {
      const picked = await facilitator.ok(`/api/workshops/${wid}/select`, { board: room.boardId, challenge: challenge.id });
      expect(picked.note).toBe(ideasOf.get(`${roomIndex}/${c}`)![0]);
    }
  }

  const exported = (await facilitator.get(`/api/workshops/${wid}/export.json`)).body;
  expect(exported.workshop.title).toBe('Booster academy, day 3');
  const solutions = exported.sessions[0].rooms.flatMap((r: any) => r.results.challengeSolutions.challenges);
  expect(solutions.map((s: any) => s.title)).toEqual([...CHALLENGES]);
  for (const [index, s] of solutions.entries()) {
    const ids = ideasOf.get(`${Math.floor(index / 4)}/${index % 4}`)!;
    expect(s.ideas.map((i: any) => i.note)).toEqual(ids);
    expect(s.ideas.map((i: any) => i.votes)).toEqual([10, 5, 0].slice(0, ids.length));
    expect(s.selected).toMatchObject({ note: ids[0], by: 'facilitator' });
  }
  const markdown = (await facilitator.get(`/api/workshops/${wid}/export.md`)).body as string;
  let cursor = 0;
  for (const title of CHALLENGES) {
    const at = markdown.indexOf(title, cursor);
    expect(at, `"${title}" in agenda order`).toBeGreaterThan(cursor);
    cursor = at;
  }
  expect(markdown).toContain('Idea of P01');

  const afterReveal = (await first.api.get(`/api/workshops/${wid}/export.json`)).body;
  expect(dots(afterReveal)).toEqual(dots(exported));
});
