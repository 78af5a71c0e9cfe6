/**
 * Editing the day after creation, over HTTP as the setup screens do it: details, sessions and rooms,
 * challenges, pre-registered participants, and the links any facilitator screen can hand out. Only
 * facilitators may; participant, observer and join tokens are refused; bad input saves nothing.
 */
import { describe, expect, it } from 'vitest';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { readWorkshopControl } from '../../shared/doc/workshop-control.ts';
import { api } from '../helpers/api.ts';
import { synced, waitFor } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import { CHALLENGES, createTrainingDay, joinParticipants } from '../helpers/workshop.ts';

const fixture = serverPerTest();

async function setup() {
  const server = await fixture.start();
  const day = await createTrainingDay(server.httpUrl);
  const [ana] = await joinParticipants(server.httpUrl, day.created, ['Ana']);
  const observer = api(server.httpUrl, day.created.observerToken);
  return { server, ...day, wid: day.created.workshopId, ana: ana!, observer };
}

const zoneTitles = (doc: Parameters<typeof readBoard>[0]) =>
  readBoard(doc)
    .board.zones.filter((z) => z.role === 'challenge')
    .map((z) => `${z.number}. ${z.title}`);

describe('links on any facilitator screen', () => {
  it('gives participant, observer and co-facilitator links; the co-facilitator facilitates; the database holds no token', async () => {
    const { server, created, facilitator, wid, ana, observer } = await setup();
    const links = (await facilitator.get(`/api/workshops/${wid}/links`)).body;
    expect(links).toEqual({
      participant: `/w/${wid}/join#code=${created.joinToken}`,
      observer: `/w/${wid}#token=${created.observerToken}`,
      coFacilitator: expect.stringMatching(new RegExp(`^/w/${wid}#token=[A-Za-z0-9_-]{24}$`)),
    });
    const coToken = links.coFacilitator.split('#token=')[1];
    const co = api(server.httpUrl, coToken);
    expect((await co.get(`/api/workshops/${wid}`)).body.role).toBe('facilitator');
    expect((await co.get(`/api/workshops/${wid}/links`)).body).toEqual(links);
    expect((await co.post(`/api/workshops/${wid}/broadcast`, { text: 'from the co-facilitator' })).status).toBe(200);

    expect((await ana.api.get(`/api/workshops/${wid}/links`)).status).toBe(403);
    expect((await observer.get(`/api/workshops/${wid}/links`)).status).toBe(403);
    expect((await api(server.httpUrl, created.joinToken).get(`/api/workshops/${wid}/links`)).status).toBe(403);
    expect((await api(server.httpUrl).get(`/api/workshops/${wid}/links`)).status).toBe(401);

    const stored = (await server.storage.getWorkshop(wid))!.data;
    for (const token of [created.joinToken, created.observerToken, coToken, created.facilitatorToken]) expect(stored).not.toContain(token);
  });
});

describe('editing the details', () => {
  it('changes title, date, agenda and dot budget (live in the control document); bad input saves nothing', async () => {
    const { facilitator, wid, summary } = await setup();
    const boardId = summary.sessions[0].rooms[0].boardId;
    const control = fixture.client(`control.${wid}`, created(facilitator));
    const board = fixture.client(boardId, created(facilitator));
    await Promise.all([synced(control), synced(board)]);
    const agenda = [{ start: '09:00', end: '10:00', title: 'Welcome', interactive: false }];
    const patched = await facilitatorPatch(facilitator, `/api/workshops/${wid}`, { title: 'Sofia breakout', date: '2026-12-04', agenda, voteBudget: 5 });
    expect(patched.status).toBe(200);
    const now = (await facilitator.get(`/api/workshops/${wid}`)).body;
    expect(now).toMatchObject({ title: 'Sofia breakout', date: '2026-12-04', agenda, voteBudget: 5 });
    await waitFor(() => readBoard(board.doc, control.doc, { boardId }).board.control.voteBudget === 5, 'budget 5 in the control document');

    const bad = await facilitatorPatch(facilitator, `/api/workshops/${wid}`, { title: 'Changed', agenda: [{ start: 'nine', end: '10:00', title: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('agenda.0.start');
    expect((await facilitatorPatch(facilitator, `/api/workshops/${wid}`, {})).status).toBe(400);
    expect((await facilitator.get(`/api/workshops/${wid}`)).body.title).toBe('Sofia breakout');
  });
});

/** PATCH (or another method) with the caller's token. */
function facilitatorPatch(caller: ReturnType<typeof api>, path: string, body: unknown, method = 'PATCH') {
  return caller.request(method, path, body);
}

describe('editing sessions and rooms', () => {
  it('renames, changes and adds challenges on the live boards, adds a room, keeps columns and rooms that hold notes', async () => {
    const { facilitator, wid, summary, ana } = await setup();
    const session = summary.sessions[0];
    const [g1, g2] = session.rooms;
    const board1 = fixture.client(g1.boardId, (await facilitator.get(`/api/workshops/${wid}/links`)).body.coFacilitator.split('#token=')[1]);
    const board2 = fixture.client(g2.boardId, created(facilitator));
    await Promise.all([synced(board1), synced(board2)]);

    const edited = await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${session.id}`, {
      title: 'Solutions (Sofia)',
      rooms: [
        { id: g1.id, name: 'Group A', challenges: [CHALLENGES[0], 'Keeping members engaged', CHALLENGES[2], CHALLENGES[3], 'A fifth challenge'] },
        { id: g2.id, name: 'Group B', challenges: CHALLENGES.slice(4, 7) },
        { name: 'Group C', challenges: ['Funding the cluster'] },
      ],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.rooms.map((r: { name: string }) => r.name)).toEqual(['Group A', 'Group B', 'Group C']);
    await waitFor(() => zoneTitles(board1.doc).length === 5 && zoneTitles(board2.doc).length === 3, 'columns updated live');
    expect(zoneTitles(board1.doc)).toEqual([`1. ${CHALLENGES[0]}`, '2. Keeping members engaged', `3. ${CHALLENGES[2]}`, `4. ${CHALLENGES[3]}`, '5. A fifth challenge']);
    // Group B's challenges are numbered after group A's five.
    expect(zoneTitles(board2.doc)).toEqual(CHALLENGES.slice(4, 7).map((t, i) => `${6 + i}. ${t}`));
    const groupC = edited.body.rooms[2];
    const board3 = fixture.client(groupC.boardId, created(facilitator));
    await synced(board3);
    expect(zoneTitles(board3.doc)).toEqual(['9. Funding the cluster']);
    const control = fixture.client(`control.${wid}`, created(facilitator));
    await synced(control);
    await waitFor(() => readWorkshopControl(control.doc).rooms.some((r) => r.name === 'Group C'), 'rooms live in the control document');

    // A note in the fifth column: that column cannot go, and nothing else changes either.
    addNote(board1.doc, { text: 'Idea', author: 'facilitator', zone: 'challenge-5', x: 0, y: 0, createdAt: 1 });
    const watcher = fixture.client(g1.boardId, created(facilitator));
    await waitFor(() => readBoard(watcher.doc).board.notes.length === 1, 'the note reached the server');
    const refused = await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${session.id}`, {
      rooms: [{ id: g1.id, name: 'Renamed', challenges: CHALLENGES.slice(0, 4) }, { id: g2.id, name: 'Group B', challenges: CHALLENGES.slice(4, 7) }, { id: groupC.id, name: 'Group C', challenges: ['Funding the cluster'] }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/A fifth challenge.*1 notes/);
    const after = (await facilitator.get(`/api/workshops/${wid}`)).body.sessions[0];
    expect(after.rooms.map((r: { name: string }) => r.name)).toEqual(['Group A', 'Group B', 'Group C']);
    expect(zoneTitles(board1.doc)).toHaveLength(5);

    // A room with notes stays; an empty one goes, and its people are unassigned.
    await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ana.participantId, room: groupC.id });
    const keepA = { id: g1.id, name: 'Group A', challenges: after.rooms[0].challenges };
    const withoutA = await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${session.id}`, { rooms: [{ id: g2.id, name: 'Group B', challenges: CHALLENGES.slice(4, 7) }] });
    expect(withoutA.status).toBe(409);
    const withoutC = await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${session.id}`, { rooms: [keepA, { id: g2.id, name: 'Group B', challenges: CHALLENGES.slice(4, 7) }] });
    expect(withoutC.status).toBe(200);
    expect(withoutC.body.rooms.flatMap((r: { participantIds: string[] }) => r.participantIds)).not.toContain(ana.participantId);

    // Bad input names the field; a room id of another session is not found.
    const tooMany = await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${session.id}`, { rooms: [{ id: g1.id, name: 'A', challenges: Array.from({ length: 41 }, (_, i) => `c${i}`) }] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.field).toBe('rooms.0.challenges');
    const foreign = await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${session.id}`, { rooms: [{ id: 'nope', name: 'A', challenges: [] }] });
    expect(foreign.status).toBe(404);
    expect((await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/nope`, { title: 'x' })).status).toBe(404);

    // Removing a session: refused while a board holds notes, done once it holds none.
    expect((await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${session.id}`, undefined, 'DELETE')).status).toBe(409);
    const second = await facilitator.ok(`/api/workshops/${wid}/sessions`, { title: 'Business models', template: 'business-model-canvas', rooms: [{ name: 'BMC 1' }] });
    expect((await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${second.id}`, undefined, 'DELETE')).status).toBe(204);
    expect((await facilitator.get(`/api/workshops/${wid}`)).body.sessions.map((s: { id: string }) => s.id)).toEqual([session.id]);
  });
});

/** The token of a caller (the api helper keeps it), to open documents as them. */
function created(caller: ReturnType<typeof api>): string {
  return caller.token ?? '';
}

describe('a template per room', () => {
  it('makes each room from its own template; an existing room keeps its template', async () => {
    const { facilitator, wid } = await setup();
    const session = await facilitator.ok(`/api/workshops/${wid}/sessions`, {
      title: 'Mixed',
      template: 'challenge-board',
      rooms: [{ name: 'Challenges', challenges: ['One', 'Two'] }, { name: 'Canvas', template: 'business-model-canvas' }],
    });
    const rooms = (await facilitator.get(`/api/workshops/${wid}`)).body.sessions.find((s: { id: string }) => s.id === session.id).rooms;
    expect(rooms.map((r: { template: string }) => r.template)).toEqual(['challenge-board', 'business-model-canvas']);
    const canvas = fixture.client(rooms[1].boardId, created(facilitator));
    await synced(canvas);
    expect(readBoard(canvas.doc).board.meta.templateId).toBe('business-model-canvas');
    const added = await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${session.id}`, {
      rooms: [{ id: rooms[0].id, name: 'Challenges', challenges: ['One', 'Two'] }, { id: rooms[1].id, name: 'Canvas' }, { name: 'PESTEL', template: 'pestel' }],
    });
    expect(added.status).toBe(200);
    expect(added.body.rooms.map((r: { template: string }) => r.template)).toEqual(['challenge-board', 'business-model-canvas', 'pestel']);
    const changed = await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${session.id}`, {
      rooms: [{ id: rooms[0].id, name: 'Challenges', template: 'pestel' }],
    });
    expect(changed.status).toBe(400);
    expect(changed.body.message).toMatch(/keeps its template challenge-board/);
    const noChallenges = await facilitatorPatch(facilitator, `/api/workshops/${wid}/sessions/${session.id}`, {
      rooms: [{ id: rooms[1].id, name: 'Canvas', challenges: ['x'] }],
    });
    expect(noChallenges.status).toBe(400);
  });
});

describe('pre-registered participants', () => {
  it('adds them from a list or CSV (every bad row named, nothing added), corrects and removes them', async () => {
    const { facilitator, wid, ana } = await setup();
    const csvBad = 'name,cluster,country\nLaura Müller,Health,DE\n,Wood,SI\nBen Novak,Wood,AT\nAna,,\n';
    const bad = await facilitator.post(`/api/workshops/${wid}/participants/import`, { csv: csvBad });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_csv', field: 'csv' });
    expect(bad.body.message).toBe('row 3: a name is needed | row 5: Ana is already registered');
    expect((await facilitator.get(`/api/workshops/${wid}`)).body.participants).toHaveLength(1);

    const good = await facilitator.post(`/api/workshops/${wid}/participants/import`, { csv: 'Laura Müller, Health, DE\nBen Novak' });
    expect(good.status).toBe(201);
    expect(good.body.added.map((p: { name: string }) => p.name)).toEqual(['Laura Müller', 'Ben Novak']);
    const listed = await facilitator.post(`/api/workshops/${wid}/participants`, { participants: [{ name: 'Cleo Ricci', country: 'IT' }] });
    expect(listed.status).toBe(201);
    const badList = await facilitator.post(`/api/workshops/${wid}/participants`, { participants: [{ name: '' }] });
    expect(badList.body.field).toBe('participants.0.name');

    const laura = good.body.added[0];
    const fixed = await facilitatorPatch(facilitator, `/api/workshops/${wid}/participants/${laura.id}`, { name: 'Laura Mueller' });
    expect(fixed.body).toMatchObject({ id: laura.id, name: 'Laura Mueller', cluster: 'Health' });
    const control = fixture.client(`control.${wid}`, created(facilitator));
    await synced(control);
    await waitFor(() => readWorkshopControl(control.doc).roster.some((p) => p.name === 'Laura Mueller'), 'corrected name live');
    expect((await facilitatorPatch(facilitator, `/api/workshops/${wid}/participants/${laura.id}`, undefined, 'DELETE')).status).toBe(204);
    await waitFor(() => !readWorkshopControl(control.doc).roster.some((p) => p.id === laura.id), 'removed from the roster');
    // Someone who joined stays.
    const joined = await facilitatorPatch(facilitator, `/api/workshops/${wid}/participants/${ana.participantId}`, undefined, 'DELETE');
    expect(joined.status).toBe(409);
    const names = (await facilitator.get(`/api/workshops/${wid}`)).body.participants.map((p: { name: string }) => p.name);
    expect(names).toEqual(['Ana', 'Ben Novak', 'Cleo Ricci']);
  });
});

describe('only facilitators edit', () => {
  it('refuses participant, observer and join tokens on every editing route, and anonymous callers', async () => {
    const { server, created: made, wid, ana, observer, summary } = await setup();
    const session = summary.sessions[0].id;
    const routes: [string, string, unknown][] = [
      ['PATCH', `/api/workshops/${wid}`, { title: 'Mine now' }],
      ['PATCH', `/api/workshops/${wid}/sessions/${session}`, { title: 'Mine now' }],
      ['DELETE', `/api/workshops/${wid}/sessions/${session}`, undefined],
      ['POST', `/api/workshops/${wid}/participants`, { participants: [{ name: 'Mallory' }] }],
      ['POST', `/api/workshops/${wid}/participants/import`, { csv: 'Mallory' }],
      ['PATCH', `/api/workshops/${wid}/participants/${ana.participantId}`, { name: 'Mallory' }],
      ['DELETE', `/api/workshops/${wid}/participants/${ana.participantId}`, undefined],
      ['GET', `/api/workshops/${wid}/links`, undefined],
    ];
    for (const [method, path, body] of routes) {
      expect([method, path, (await ana.api.request(method, path, body)).status]).toEqual([method, path, 403]);
      expect([method, path, (await observer.request(method, path, body)).status]).toEqual([method, path, 403]);
      expect([method, path, (await api(server.httpUrl, made.joinToken).request(method, path, body)).status]).toEqual([method, path, 403]);
      expect([method, path, (await api(server.httpUrl).request(method, path, body)).status]).toEqual([method, path, 401]);
    }
    const facilitator = api(server.httpUrl, made.facilitatorToken);
    const now = (await facilitator.get(`/api/workshops/${wid}`)).body;
    expect(now.title).toBe('Booster academy, day 3');
    expect(now.participants.map((p: { name: string }) => p.name)).toEqual(['Ana']);
  });
});
