/** A board created from a template reaches clients with its meta and zones, readable by readBoard. */
import { afterEach, expect, it } from 'vitest';
import { readBoard } from '../../shared/doc/index.ts';
import { connectClient, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

it('a challenge board arrives with its challenge columns', async () => {
  server = await startServer();
  const board = await server.createBoard({
    title: 'Group 2',
    template: 'challenge-board',
    challenges: ['Knowledge sharing', 'Evaluating new members', 'Changing landscapes'],
  });
  const c = connectClient(server.syncUrl, board.boardId, board.viewToken);
  clients.push(c);
  await synced(c);
  const { board: read, problems } = readBoard(c.doc);
  expect(problems).toEqual([]);
  expect(read.meta).toMatchObject({ id: board.boardId, title: 'Group 2', templateId: 'challenge-board' });
  expect(read.challenges.map((ch) => ch.title)).toEqual(['Knowledge sharing', 'Evaluating new members', 'Changing landscapes']);
});

it('a blank board arrives with its title', async () => {
  server = await startServer();
  const board = await server.createBoard({ title: 'Blank' });
  const c = connectClient(server.syncUrl, board.boardId, board.editToken);
  clients.push(c);
  await synced(c);
  expect(readBoard(c.doc).board.meta).toMatchObject({ id: board.boardId, title: 'Blank', templateId: null });
});
