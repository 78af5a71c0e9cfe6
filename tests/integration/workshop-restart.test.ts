/**
 * A breakout run against a server process on SQLite that is killed with SIGKILL after every step and
 * started again on the same data. After each restart every client (facilitator, participants, observer)
 * must see exactly what it saw before the kill: the control document (phase per room and for the
 * workshop, timers, reveal state, votes, selections, locks, plenary), its own REST views (votes left,
 * summary, matchmaking), its private draft and the boards. And the server must go on from where it was:
 * each step's answer (the next phase, the votes left, who is presented) is checked too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { readWorkshopControl } from '../../shared/doc/workshop-control.ts';
import { api } from '../helpers/api.ts';
import { connectClient, synced, waitFor, type Client } from '../helpers/clients.ts';
import { spawnServer, tempDataDir, type ServerProcess } from '../helpers/server.ts';
import { createTrainingDay, joinParticipants, type CreatedWorkshop } from '../helpers/workshop.ts';

let server: ServerProcess | null = null;
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) server.proc.kill('SIGKILL');
  if (server) await server.exited;
  server = null;
});

function open(docId: string, token: string): Client {
  const c = connectClient(server!.syncUrl, docId, token);
  clients.push(c);
  return c;
}

type Person = { participantId: string; token: string; name: string };
type Room = { boardId: string; participantIds: string[] };

/** Everything the clients of the workshop see, as plain data. */
async function observe(created: CreatedWorkshop, people: Person[], rooms: Room[]) {
  const wid = created.workshopId;
  const url = server!.httpUrl;
  const control = open(`control.${wid}`, created.facilitatorToken);
  const boards = rooms.map((r) => open(r.boardId, created.facilitatorToken));
  const drafts = people.map((p) => open(`draft.${wid}.${p.participantId}`, p.token));
  await Promise.all([control, ...boards, ...drafts].map(synced));
  const seen = {
    workshopControl: readWorkshopControl(control.doc),
    controlPerBoard: rooms.map((r, i) => readBoard(boards[i]!.doc, control.doc).board.control),
    notes: boards.map((b) => readBoard(b.doc).board.notes.map((n) => [n.id, n.text, n.author, n.zone])),
    drafts: drafts.map((d) => readBoard(d.doc).board.notes.map((n) => [n.id, n.text])),
    facilitator: (await api(url, created.facilitatorToken).get(`/api/workshops/${wid}`)).body,
    observer: (await api(url, created.observerToken).get(`/api/workshops/${wid}`)).body,
    results: (await api(url, created.facilitatorToken).get(`/api/workshops/${wid}/export.json`)).body,
    participants: await Promise.all(
      people.map(async (p) => {
        const as = api(url, p.token);
        return {
          summary: (await as.get(`/api/workshops/${wid}`)).body,
          votes: (await as.get(`/api/workshops/${wid}/me/votes`)).body,
          next: await as.get(`/api/workshops/${wid}/matchmaking/next`),
          requests: (await as.get(`/api/workshops/${wid}/matchmaking/requests`)).body,
        };
      }),
    ),
    quality: await api(url, created.facilitatorToken).get(`/api/workshops/${wid}/matchmaking/quality`),
  };
  for (const c of [control, ...boards, ...drafts]) {
    clients.splice(clients.indexOf(c), 1);
    c.destroy();
  }
  return seen;
}

describe('restart restores everything', { timeout: 600_000 }, () => {
  it('kill -9 after each step of a breakout: every client sees the same before and after, and the run goes on', async () => {
    const dataDir = tempDataDir();
    server = await spawnServer({ DATA_DIR: dataDir });
    const { created } = await createTrainingDay(server.httpUrl, { privateIdeation: true, voteBudget: 2 });
    const wid = created.workshopId;
    const people: Person[] = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben', 'Cleo', 'Dan']);
    const fac = () => api(server!.httpUrl, created.facilitatorToken);
    const as = (p: Person) => api(server!.httpUrl, p.token);
    const summary = (await fac().get(`/api/workshops/${wid}`)).body;
    const rooms: Room[] = await fac().ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
    const inRoom = (i: number) => people.filter((p) => rooms[i]!.participantIds.includes(p.participantId));
    const stepsDone: string[] = [];

    async function restartAndCompare(step: string) {
      const before = await observe(created, people, rooms);
      server!.proc.kill('SIGKILL');
      await server!.exited;
      server = await spawnServer({ DATA_DIR: dataDir });
      const after = await observe(created, people, rooms);
      stepsDone.push(step);
      expect(after, `after "${step}"`).toEqual(before);
      return after;
    }
    const next = async (expected: string, body: Record<string, unknown> = {}) => {
      const res = await fac().ok(`/api/workshops/${wid}/phase`, { phase: 'next', ...body });
      expect(res.phase, `the phase after ${stepsDone.at(-1) ?? 'the start'}`).toBe(expected);
    };

    await next('setup');
    await restartAndCompare('setup');

    await next('define', { timer: true });
    await fac().ok(`/api/workshops/${wid}/timer`, { board: rooms[1]!.boardId, action: 'start', durationMs: 300_000, label: 'root causes' });
    await fac().ok(`/api/workshops/${wid}/timer`, { board: rooms[1]!.boardId, action: 'pause' });
    await restartAndCompare('define, with timers');

    // Private ideation: drafts, then revealed onto room 1's board; room 2 writes on its board.
    await next('ideate');
    const board0 = readBoard((await (async () => {
      const c = open(rooms[0]!.boardId, created.facilitatorToken);
      await synced(c);
      return c;
    })()).doc).board;
    for (const [i, p] of inRoom(0).entries()) {
      const draft = open(`draft.${wid}.${p.participantId}`, p.token);
      await synced(draft);
      addNote(draft.doc, { text: `draft idea ${i} of ${p.name}`, author: p.participantId, zone: board0.challenges[i % 4]!.id, x: 10, y: 10 * i, createdAt: 100 + i });
      const check = open(`draft.${wid}.${p.participantId}`, p.token);
      await waitFor(() => check.doc.getMap('notes').size === 1, `${p.name}'s draft stored`);
    }
    const watcher1 = open(rooms[1]!.boardId, created.facilitatorToken);
    await synced(watcher1);
    const board1 = readBoard(watcher1.doc).board;
    for (const [i, p] of inRoom(1).entries()) {
      const c = open(rooms[1]!.boardId, p.token);
      await synced(c);
      for (const k of [0, 1]) {
        addNote(c.doc, { text: `board idea ${i}.${k} of ${p.name}`, author: p.participantId, zone: board1.challenges[0]!.id, x: 10, y: 10 * i + k, createdAt: 200 + 2 * i + k });
      }
    }
    await waitFor(() => readBoard(watcher1.doc).board.notes.length === 2 * inRoom(1).length, 'room 2 notes stored');
    await restartAndCompare('ideate, drafts written');

    const moved = await fac().ok(`/api/workshops/${wid}/reveal-drafts`, { board: rooms[0]!.boardId });
    expect(moved.moved).toBe(inRoom(0).length);
    const afterReveal = await restartAndCompare('drafts revealed');
    expect(afterReveal.drafts.flat()).toEqual([]);

    await next('vote');
    const notesOf = (i: number) => afterReveal.notes[i]!;
    for (const [roomIndex] of rooms.entries()) {
      for (const p of inRoom(roomIndex)) {
        for (const [noteId] of notesOf(roomIndex).slice(0, 2)) await as(p).ok(`/api/workshops/${wid}/votes`, { board: rooms[roomIndex]!.boardId, note: noteId });
      }
    }
    const voted = await restartAndCompare('votes cast');
    expect(voted.participants.map((p: any) => p.votes.votes.length)).toEqual(people.map(() => 2));

    // After the restart, the budget still holds: a third dot under room 2's one challenge is refused.
    const third = inRoom(1)[0]!;
    const refused = await as(third).post(`/api/workshops/${wid}/votes`, { board: rooms[1]!.boardId, note: notesOf(1)[2]![0] });
    expect(refused.status).toBe(409);
    await as(third).ok(`/api/workshops/${wid}/unvote`, { board: rooms[1]!.boardId, note: notesOf(1)[1]![0] });
    await restartAndCompare('a vote taken back');

    await fac().ok(`/api/workshops/${wid}/reveal`, { board: rooms[0]!.boardId });
    await next('select');
    await fac().ok(`/api/workshops/${wid}/select`, { board: rooms[0]!.boardId, challenge: board0.challenges[0]!.id });
    const selected = await restartAndCompare('revealed and selected');
    expect(selected.controlPerBoard[0]!.resultsRevealed).toBe(true);
    expect(selected.controlPerBoard[1]!.resultsRevealed).toBe(false);
    expect(selected.controlPerBoard[0]!.votes.length).toBe(inRoom(0).length * 2);

    await fac().ok(`/api/workshops/${wid}/lock`, { board: rooms[1]!.boardId, locked: true });
    await fac().ok(`/api/workshops/${wid}/allow-notes`, { board: rooms[0]!.boardId, allowed: true });
    await fac().ok(`/api/workshops/${wid}/present`, { board: rooms[0]!.boardId, presenter: people[0]!.participantId });
    await fac().ok(`/api/workshops/${wid}/broadcast`, { text: 'Back in the plenary in 5 minutes' });
    await next('detail', { board: rooms[0]!.boardId });
    const presented = await restartAndCompare('locked, presenting, a room ahead');
    expect(presented.workshopControl.plenary.board).toBe(rooms[0]!.boardId);
    expect(presented.controlPerBoard.map((c) => c.phase)).toEqual(['detail', 'select']);
    expect(presented.controlPerBoard[1]!.locks.length).toBe(1);

    // What the server enforces from that state, after the restart: the presented board is visible to the
    // observer, the locked board refuses a member's note, the room ahead goes on from its own phase.
    const peek = open(rooms[0]!.boardId, created.observerToken);
    await synced(peek);
    await next('present', { board: rooms[0]!.boardId });
    await next('detail', { board: rooms[1]!.boardId });

    // Matchmaking: cards and wishes, a request, then a plan.
    for (const [i, p] of people.entries()) {
      const other = people[(i + 1) % people.length]!;
      const res = await as(p).put(`/api/workshops/${wid}/me/matchmaking`, { card: { offers: [`offer ${i}`], topics: ['funding'] }, wishes: [{ to: other.participantId, level: 'like' }] });
      expect(res.status).toBe(204);
    }
    await as(people[0]!).ok(`/api/workshops/${wid}/matchmaking/requests`, { to: people[2]!.participantId });
    await restartAndCompare('matchmaking wishes');
    await fac().ok(`/api/workshops/${wid}/matchmaking/plan`, { start: '2026-11-23T15:00:00Z', rounds: 3, minutes: 15 });
    const planned = await restartAndCompare('matchmaking planned');
    expect(planned.workshopControl.timetable?.slots.length).toBe(3);
    expect(planned.quality.status).toBe(200);

    await next('detail');
    const last = await restartAndCompare('the workshop moves on');
    expect(last.controlPerBoard.map((c) => c.phase)).toEqual(['detail', 'detail']);
  });
});
