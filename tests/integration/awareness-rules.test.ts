/**
 * Awareness on a workshop room's board, through the real server: only the facilitator's state may say
 * `presenting` (the plenary follows it), and a connection cannot speak for a client id another open
 * connection introduced (a cursor or a presenter cannot be taken over).
 */
import * as encoding from 'lib0/encoding';
import { expect, it } from 'vitest';
import { MessageType } from '../../shared/protocol/messages.ts';
import { synced, waitFor } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';

const fixture = serverPerTest();

it('keeps `presenting` for the facilitator and each client id for the connection that introduced it', async () => {
  const server = await fixture.start();
  const { created, facilitator, summary } = await createTrainingDay(server.httpUrl);
  const [ana, ben] = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben']);
  const [room] = await facilitator.ok(`/api/workshops/${created.workshopId}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  await facilitator.ok(`/api/workshops/${created.workshopId}/move`, { participant: ben!.participantId, room: room.id });
  const lead = fixture.client(room.boardId, created.facilitatorToken);
  const anaClient = fixture.client(room.boardId, ana!.token);
  const benClient = fixture.client(room.boardId, ben!.token);
  await Promise.all([lead, anaClient, benClient].map(synced));
  const seenByBen = (clientID: number) => benClient.provider.awareness.getStates().get(clientID);

  // The facilitator presents: Ben sees it. Ana claims to present too: Ben sees her, without the claim.
  lead.provider.awareness.setLocalState({ user: { name: 'Trainer' }, presenting: { w: 1280, h: 800 } });
  anaClient.provider.awareness.setLocalState({ user: { name: 'Ana' }, cursor: { x: 5, y: 6 }, presenting: { w: 10, h: 10 } });
  await waitFor(() => seenByBen(lead.doc.clientID)?.['presenting'] !== undefined, 'the facilitator presenting');
  await waitFor(() => seenByBen(anaClient.doc.clientID)?.['cursor'] !== undefined, "Ana's cursor");
  expect(seenByBen(anaClient.doc.clientID)).toEqual({ user: { name: 'Ana' }, cursor: { x: 5, y: 6 } });
  expect(seenByBen(lead.doc.clientID)).toEqual({ user: { name: 'Trainer' }, presenting: { w: 1280, h: 800 } });

  // Ana sends a state for the facilitator's client id, with a later clock: the server drops it.
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, lead.doc.clientID);
  encoding.writeVarUint(update, 1000);
  encoding.writeVarString(update, JSON.stringify({ user: { name: 'Not the trainer' }, presenting: { w: 1, h: 1 } }));
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  (anaClient.provider.ws as unknown as { send(data: Uint8Array): void }).send(encoding.toUint8Array(encoder));
  // ... while her own cursor moves on, so the test knows her frames got through.
  anaClient.provider.awareness.setLocalStateField('cursor', { x: 50, y: 60 });
  // Her frames are handled in order and Ben's socket delivers in order: the forged state came before, or never.
  await waitFor(() => (seenByBen(anaClient.doc.clientID)?.['cursor'] as { x: number } | undefined)?.x === 50, "Ana's next cursor");
  expect(seenByBen(lead.doc.clientID)).toEqual({ user: { name: 'Trainer' }, presenting: { w: 1280, h: 800 } });
});

it('a page joining a room where many are present stays connected: its provider echoes their states back', async () => {
  // y-websocket's provider re-broadcasts every awareness change it applies, the others' included, so the
  // newcomer's first awareness message names everybody already there. That is not speaking for them.
  const server = await fixture.start();
  const board = await server.createBoard();
  const present = Array.from({ length: 7 }, () => fixture.client(board.boardId, board.editToken));
  await Promise.all(present.map(synced));
  present.forEach((c, i) => c.provider.awareness.setLocalState({ user: { name: `Person ${i}` } }));
  const newcomer = fixture.client(board.boardId, board.editToken);
  await synced(newcomer);
  await waitFor(() => present.every((c) => newcomer.provider.awareness.getStates().has(c.doc.clientID)), 'the newcomer sees all seven');
  newcomer.provider.awareness.setLocalState({ user: { name: 'Newcomer' } });
  await waitFor(() => present.every((c) => c.provider.awareness.getStates().get(newcomer.doc.clientID)?.['user'] !== undefined), 'all seven see the newcomer');
  expect(newcomer.provider.wsconnected).toBe(true);
  expect(newcomer.provider.shouldConnect).toBe(true);
});
