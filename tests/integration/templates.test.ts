/** A board created from a template reaches clients with its meta and zones, readable by readBoard. */
import { expect, it } from 'vitest';
import { readBoard } from '../../shared/doc/index.ts';
import { synced } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import type { TestServer } from '../helpers/server.ts';

const fixture = serverPerTest();
const client = fixture.client;
let server: TestServer;

it('a challenge board arrives with its challenge columns', async () => {
  server = await fixture.start();
  const board = await server.createBoard({
    title: 'Group 2',
    template: 'challenge-board',
    challenges: ['Knowledge sharing', 'Evaluating new members', 'Changing landscapes'],
  });
  const c = client(board.boardId, board.viewToken);
  await synced(c);
  const { board: read, problems } = readBoard(c.doc);
  expect(problems).toEqual([]);
  expect(read.meta).toMatchObject({ id: board.boardId, title: 'Group 2', templateId: 'challenge-board' });
  expect(read.challenges.map((ch) => ch.title)).toEqual(['Knowledge sharing', 'Evaluating new members', 'Changing landscapes']);
});

it('a blank board arrives with its title', async () => {
  server = await fixture.start();
  const board = await server.createBoard({ title: 'Blank' });
  const c = client(board.boardId, board.editToken);
  await synced(c);
  expect(readBoard(c.doc).board.meta).toMatchObject({ id: board.boardId, title: 'Blank', templateId: null });
});
