/**
 * The plenary screen's server side: while a room is presented, a participant of another room may read
 * its board (HTTP metadata and the websocket, view only), from the moment the control document says so.
 */
import { expect, it } from 'vitest';
import { readWorkshopControl } from '../../shared/doc/workshop-control.ts';
import { api } from '../helpers/api.ts';
import { synced } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';

const fixture = serverPerTest();

async function setUp() {
  const server = await fixture.start();
  const { created, facilitator, summary } = await createTrainingDay(server.httpUrl);
  const wid = created.workshopId;
  const [ana, ben] = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben']);
  const [room1, room2] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ana!.participantId, room: room1.id });
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ben!.participantId, room: room2.id });
  return { server, created, facilitator, wid, ana: ana!, ben: ben!, room1, room2 };
}

it('GET /api/boards/:id answers a participant of another room with role view while the board is presented, 403 otherwise', async () => {
  const { server, facilitator, wid, ben, room1 } = await setUp();
  const benApi = api(server.httpUrl, ben.token);
  expect((await benApi.get(`/api/boards/${room1.boardId}`)).status).toBe(403);
  await facilitator.ok(`/api/workshops/${wid}/present`, { board: room1.boardId });
  const seen = await benApi.get<{ role: string; workshopId: string; participantId: string }>(`/api/boards/${room1.boardId}`);
  expect(seen.status).toBe(200);
  expect(seen.body).toMatchObject({ role: 'view', workshopId: wid, participantId: ben.participantId });
  await facilitator.ok(`/api/workshops/${wid}/present`, { board: null, mode: 'rooms' });
  expect((await benApi.get(`/api/boards/${room1.boardId}`)).status).toBe(403);
});

it('a screen that opens the presented board as soon as the control document names it is let in', async () => {
  const { facilitator, wid, ben, room1, room2 } = await setUp();
  const control = fixture.client(`control.${wid}`, ben.token);
  await synced(control);
  for (const board of [room1.boardId, room2.boardId, room1.boardId]) {
    // Connect from inside the control document's update handler, the way the plenary page reacts.
    const opened = new Promise<ReturnType<typeof fixture.client>>((resolve) => {
      const onUpdate = () => {
        if (readWorkshopControl(control.doc).plenary.board !== board) return;
        control.doc.off('update', onUpdate);
        resolve(fixture.client(board, ben.token));
      };
      control.doc.on('update', onUpdate);
    });
    await facilitator.ok(`/api/workshops/${wid}/present`, { board });
    const viewer = await opened;
    await synced(viewer);
    viewer.destroy();
  }
});
