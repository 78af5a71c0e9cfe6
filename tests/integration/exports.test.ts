/** GET /api/boards/:id/export.{md,csv,json} over real HTTP, with content written by a real client. */
import { expect, it } from 'vitest';
import { addNote, addPlanRow, readBoard } from '../../shared/doc/index.ts';
import { synced, waitFor } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import type { TestServer } from '../helpers/server.ts';

const fixture = serverPerTest();
const client = fixture.client;
let server: TestServer;

it('exports a board as a Markdown handout, action-plan CSV and JSON results', async () => {
  server = await fixture.start();
  const board = await server.createBoard({ title: 'Group 1', template: 'challenge-board', challenges: ['Attracting members', 'Retaining talent'] });
  const c = client(board.boardId, board.editToken);
  await synced(c);
  const [first] = readBoard(c.doc).board.challenges;
  addNote(c.doc, { text: 'Membership tiers', author: 'Ana', zone: first!.id, x: 0, y: 0, createdAt: 1 });
  addNote(c.doc, { text: '=HYPERLINK("http://evil")', author: 'Eve', zone: first!.id, x: 0, y: 0, createdAt: 2 });
  addPlanRow(c.doc, { kind: 'individual', challenge: first!.id, author: 'Ana', createdAt: 3, cells: { objective: '=1+1', action: 'Call members', responsible: 'Ana' } });
  await waitFor(() => server.app.liveDocs.docs.get(board.boardId)?.doc.getMap('notes').size === 2, 'stored');

  const get = (path: string, token?: string) =>
    fetch(`${server.httpUrl}/api/boards/${board.boardId}/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  const md = await get('export.md', board.viewToken);
  expect(md.status).toBe(200);
  expect(md.headers.get('content-type')).toContain('text/markdown');
  const mdText = await md.text();
  expect(mdText).toContain('# Group 1');
  expect(mdText).toContain('Membership tiers');

  const json = await get('export.json', board.editToken);
  const results = (await json.json()) as { challengeSolutions: { challenges: { title: string; ideas: { text: string }[] }[] } };
  expect(results.challengeSolutions.challenges.map((ch) => ch.title)).toEqual(['Attracting members', 'Retaining talent']);
  expect(results.challengeSolutions.challenges[0]!.ideas.map((i) => i.text)).toContain('Membership tiers');

  const csv = await fetch(`${server.httpUrl}/api/boards/${board.boardId}/export.csv?template=individual&token=${board.viewToken}`);
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename=".*individual\.csv"/);
  const csvText = await csv.text();
  expect(csvText.split('\r\n')[0]).toMatch(/Objective/i);
  // Formula injection: no cell may start with = + - @ once it reaches a spreadsheet.
  expect(csvText).toContain("'=1+1");
  for (const line of csvText.split('\r\n')) for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);

  expect((await get('export.md')).status).toBe(401);
  expect((await get('export.md', 'wrong')).status).toBe(401);
  expect((await get('export.pdf', board.viewToken)).status).toBe(400);
  expect((await fetch(`${server.httpUrl}/api/boards/nosuchboard/export.md`, { headers: { authorization: `Bearer ${board.viewToken}` } })).status).toBe(404);
});
