/** The workshop API's edges: the sample day, joining, validation, auth errors, rate limits, preferences, docs. */
import { describe, expect, it } from 'vitest';
import { readWorkshopControl } from '../../shared/doc/workshop-control.ts';
import { api } from '../helpers/api.ts';
import { synced, waitFor } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import type { TestServer } from '../helpers/server.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';

const fixture = serverPerTest();
const client = fixture.client;
let server: TestServer;

describe('the sample training day', () => {
  it('opens in one call, laid out like the in-person day, with pre-registered participants to pick', async () => {
    server = await fixture.start();
    const res = await api(server.httpUrl).post('/api/workshops/sample');
    expect(res.status).toBe(201);
    const { workshopId, facilitatorToken, joinToken, links } = res.body;
    expect(links.participant).toBe(`/w/${workshopId}/join#code=${joinToken}`);
    const summary = (await api(server.httpUrl, facilitatorToken).get(`/api/workshops/${workshopId}`)).body;
    const breakout = summary.sessions.find((s: any) => /solutions to the biggest challenges/i.test(s.title));
    expect(breakout.rooms.map((r: any) => r.challenges.length)).toEqual([4, 4]);
    expect(summary.sessions.length).toBeGreaterThanOrEqual(3);
    expect(summary.agenda.some((b: any) => /matchmaking/i.test(b.title))).toBe(true);
    const preRegistered = summary.participants.filter((p: any) => p.preRegistered);
    expect(preRegistered.length).toBeGreaterThanOrEqual(8);

    const pick = preRegistered[0];
    const joined = await api(server.httpUrl).post(`/api/workshops/${workshopId}/join`, { code: joinToken, participantId: pick.id });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ participantId: pick.id, name: pick.name });
    const again = await api(server.httpUrl).post(`/api/workshops/${workshopId}/join`, { code: joinToken, participantId: pick.id });
    expect(again.status).toBe(409);
    const me = (await api(server.httpUrl, joined.body.token).get(`/api/workshops/${workshopId}`)).body;
    expect(me).toMatchObject({ role: 'participant', me: { id: pick.id } });
  });
});

describe('errors', () => {
  it('answers 400 naming the field, 401, 403 and 404 with JSON bodies', async () => {
    server = await fixture.start();
    const anon = api(server.httpUrl);
    const bad = await anon.post('/api/workshops', { title: 'x', agenda: [{ start: 'nine', end: '10:00', title: 'a' }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_request', field: 'agenda.0.start' });
    const badTemplate = await anon.post('/api/workshops', { title: 'x', sessions: [{ title: 's', template: 'nope', rooms: [{ name: 'r' }] }] });
    expect(badTemplate.status).toBe(400);
    expect(badTemplate.body.field).toBe('template');

    const { created, facilitator } = await createTrainingDay(server.httpUrl);
    const other = await createTrainingDay(server.httpUrl);
    expect((await anon.get(`/api/workshops/${created.workshopId}`)).status).toBe(401);
    const foreign = await other.facilitator.get(`/api/workshops/${created.workshopId}`);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('forbidden');
    const joinCode = await api(server.httpUrl, created.joinToken).get(`/api/workshops/${created.workshopId}`);
    expect(joinCode.status).toBe(403);
    const missing = await facilitator.post(`/api/workshops/${created.workshopId}/phase`, { board: 'noSuchBoard', phase: 'ideate' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'not_found', field: 'board' });
    const wrongJoin = await anon.post(`/api/workshops/${created.workshopId}/join`, { code: 'guess', name: 'Eve' });
    expect(wrongJoin.status).toBe(401);
    const noName = await anon.post(`/api/workshops/${created.workshopId}/join`, { code: created.joinToken });
    expect(noName.status).toBe(400);
    expect(noName.body.field).toBe('name');
  });
});

describe('rooms and people', () => {
  it('assigns by the participants\' ranking, moves people, and keeps the roster live', async () => {
    server = await fixture.start();
    const { created, facilitator, summary } = await createTrainingDay(server.httpUrl);
    const wid = created.workshopId;
    const [g1, g2] = summary.sessions[0].rooms;
    const people = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben', 'Cleo', 'Dan']);
    // Ana and Ben want group 2, Cleo and Dan group 1: the opposite of an even split in join order.
    for (const [i, p] of people.entries()) {
      const ranking = i < 2 ? [g2.id, g1.id] : [g1.id, g2.id];
      expect((await p.api.put(`/api/workshops/${wid}/me/ranking`, { ranking })).status).toBe(204);
    }
    const rooms = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'preference' });
    const ids = people.map((p) => p.participantId);
    expect(rooms.find((r: any) => r.id === g1.id).participantIds.sort()).toEqual([ids[2], ids[3]].sort());
    expect(rooms.find((r: any) => r.id === g2.id).participantIds.sort()).toEqual([ids[0], ids[1]].sort());

    const control = client(`control.${wid}`, people[0]!.token);
    await synced(control);
    await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ids[0], room: g1.id });
    await waitFor(() => readWorkshopControl(control.doc).rooms.find((r) => r.id === g1.id)?.participantIds.includes(ids[0]!) ?? false, 'move shows');
    expect((await people[0]!.api.put(`/api/workshops/${wid}/me/profile`, { name: 'Ana Novak', clusterName: 'Mobility Cluster', country: 'SI', challenges: ['Attracting members'] })).status).toBe(204);
    await waitFor(() => readWorkshopControl(control.doc).roster.some((r) => r.name === 'Ana Novak' && r.cluster === 'Mobility Cluster'), 'roster updates');

    await facilitator.ok(`/api/workshops/${wid}/broadcast`, { text: 'Back in the plenary in 5 minutes' });
    await facilitator.ok(`/api/workshops/${wid}/present`, { board: null, mode: 'plenary' });
    await waitFor(() => readWorkshopControl(control.doc).plenary.mode === 'plenary', 'called back');
    expect(readWorkshopControl(control.doc).messages.map((m) => m.text)).toEqual(['Back in the plenary in 5 minutes']);
    await facilitator.ok(`/api/workshops/${wid}/present`, { board: g2.boardId, presenter: ids[1] });
    await waitFor(() => readWorkshopControl(control.doc).plenary.board === g2.boardId, 'presenting');
    expect(readWorkshopControl(control.doc).plenary).toMatchObject({ mode: 'plenary', presenter: ids[1] });
  });
});

describe('phases', () => {
  it('skips to the next phase of the five-stage flow, and says when there is none', async () => {
    server = await fixture.start();
    const { created, facilitator, summary } = await createTrainingDay(server.httpUrl);
    const wid = created.workshopId;
    const board = summary.sessions[0].rooms[0].boardId;
    const steps = [];
    for (let i = 0; i < 8; i++) {
      const res = await facilitator.post(`/api/workshops/${wid}/phase`, { board, phase: 'next' });
      steps.push(res.status === 200 ? res.body.phase : res.status);
    }
    expect(steps).toEqual(['setup', 'define', 'ideate', 'vote', 'select', 'detail', 'present', 'closed']);
    expect((await facilitator.post(`/api/workshops/${wid}/phase`, { board, phase: 'next' })).status).toBe(409);
  });
});

describe('rooms from themes', () => {
  it('makes one room per frequent theme and seats people by their first chosen theme', async () => {
    server = await fixture.start();
    const { created, facilitator } = await createTrainingDay(server.httpUrl);
    const wid = created.workshopId;
    const [ana, ben, cleo, dan] = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben', 'Cleo', 'Dan']);
    const session = await facilitator.ok(`/api/workshops/${wid}/sessions/from-themes`, {
      title: 'Theme rooms',
      template: 'challenge-board',
      rooms: 2,
      themes: [
        { participant: ana!.participantId, themes: ['Attracting members', 'Financial sustainability'] },
        { participant: ben!.participantId, themes: ['Financial sustainability'] },
        { participant: cleo!.participantId, themes: ['Attracting members'] },
        { participant: dan!.participantId, themes: ['Marketing and visibility', 'Financial sustainability'] },
      ],
    });
    const byName = Object.fromEntries(session.rooms.map((r: any) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['Attracting members', 'Financial sustainability']);
    expect(byName['Attracting members'].challenges).toEqual(['Attracting members']);
    expect(byName['Attracting members'].participantIds.sort()).toEqual([ana!.participantId, cleo!.participantId].sort());
    expect(byName['Financial sustainability'].participantIds.sort()).toEqual([ben!.participantId, dan!.participantId].sort());
  });
});

describe('a room board as a workshop token sees it', () => {
  it('names the workshop, the room and its session, and the caller as a participant', async () => {
    server = await fixture.start();
    const { created, facilitator, summary } = await createTrainingDay(server.httpUrl);
    const [ana] = await joinParticipants(server.httpUrl, created, ['Ana']);
    const [room] = await facilitator.ok(`/api/workshops/${created.workshopId}/assign`, { session: summary.sessions[0].id, mode: 'even' });
    const info = (await ana!.api.get(`/api/boards/${room.boardId}`)).body;
    expect(info).toMatchObject({
      boardId: room.boardId,
      workshopId: created.workshopId,
      workshopTitle: 'Booster academy, day 3',
      room: { id: room.id, name: 'Group 1', session: summary.sessions[0].id, sessionTitle: 'Solutions to the biggest challenges' },
      participantId: ana!.participantId,
      role: 'edit',
    });
    expect(info.people).toEqual([{ id: ana!.participantId, name: 'Ana' }]);
    // Challenges are numbered across the session's rooms: group 2 holds challenges 5 to 8.
    const rooms = (await facilitator.get(`/api/workshops/${created.workshopId}/export.json`)).body.sessions[0].rooms;
    expect(rooms.map((r: any) => r.results.challengeSolutions.challenges.map((c: any) => c.number))).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
  });
});

describe('API description', () => {
  it('serves an OpenAPI document whose bodies come from the route schemas, and a page at /docs', async () => {
    server = await fixture.start();
    const doc = (await api(server.httpUrl).get('/docs/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const vote = doc.paths['/api/workshops/{workshopId}/votes'].post;
    expect(Object.keys(vote.requestBody.content['application/json'].schema.properties).sort()).toEqual(['board', 'note']);
    expect(doc.paths['/api/boards'].post.requestBody).toBeDefined();
    // The setup screens' editing routes are described too.
    const session = doc.paths['/api/workshops/{workshopId}/sessions/{sessionId}'];
    expect(Object.keys(session).sort()).toEqual(['delete', 'patch']);
    expect(Object.keys(session.patch.requestBody.content['application/json'].schema.properties).sort()).toEqual(['rooms', 'title']);
    expect(doc.paths['/api/workshops/{workshopId}/links'].get).toBeDefined();
    const page = await fetch(`${server.httpUrl}/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/api/workshops/{workshopId}/phase');
  });
});
