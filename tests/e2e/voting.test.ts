/**
 * Dot voting on the canvas in real Chromium: in the voting phase a participant clicks an idea to place a
 * dot and clicks again to take it back; the server keeps count; after the reveal the votes count for all.
 */
import { expect, it } from 'vitest';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { api } from '../helpers/api.ts';
import { browserAndServer } from '../helpers/browser.ts';
import { connectClient, synced, waitFor } from '../helpers/clients.ts';
import { createTrainingDay, joinParticipants } from '../helpers/workshop.ts';
import { canvasSettled, screenPoint } from './helpers.ts';

const env = browserAndServer();
const poll = { timeout: 15_000 };

it('a click places a dot, a second click takes it back; after the reveal the votes count for everybody', async () => {
  const { created, facilitator, summary } = await createTrainingDay(env.server.httpUrl);
  const wid = created.workshopId;
  const [ana, ben] = await joinParticipants(env.server.httpUrl, created, ['Ana', 'Ben']);
  const [room] = await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
  await facilitator.ok(`/api/workshops/${wid}/move`, { participant: ben!.participantId, room: room.id });
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
  // Ben posts an idea under the first challenge (a real client, as his browser would).
  const benDoc = connectClient(env.server.syncUrl, room.boardId, ben!.token);
  await synced(benDoc);
  const board = readBoard(benDoc.doc).board;
  const zone = board.zones.find((z) => z.id === board.challenges[0]!.id)!;
  addNote(benDoc.doc, { text: 'Speed matchmaking', author: ben!.participantId, zone: zone.id, x: zone.x + 30, y: zone.y + 80, createdAt: 1 });
  await waitFor(() => env.server.app.liveDocs.docs.get(room.boardId)?.doc.getMap('notes').size === 1, 'stored');
  await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });

  const page = await (await env.browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
  await page.goto(`${env.server.httpUrl}/b/${room.boardId}#token=${ana!.token}`);
  await expect.poll(() => page.getByRole('status').textContent(), poll).toBe('Live');
  await expect.poll(() => page.getByLabel('Voting').count(), poll).toBe(1);
  await expect.poll(() => page.getByTestId('notes').locator('.note-text').allTextContents(), poll).toEqual(['Speed matchmaking']);
  await canvasSettled(page); // the board fits itself into view once it has synced
  const note = readBoard(benDoc.doc).board.notes[0]!;
  const click = async () => {
    const at = await screenPoint(page, note.x + note.w / 2, note.y + note.h / 2);
    await page.mouse.click(at.x, at.y);
  };
  const myVotes = async () => (await ana!.api.get(`/api/workshops/${wid}/me/votes`)).body.votes.length;

  await click();
  await expect.poll(() => page.getByLabel('Voting').textContent(), poll).toMatch(/your dots: 1/);
  await expect.poll(myVotes, poll).toBe(1);
  await click();
  await expect.poll(myVotes, poll).toBe(0);
  // The page decides "place or take back" from the dots it shows: click again once it shows none, as a person would.
  await expect.poll(() => page.getByLabel('Voting').textContent(), poll).toMatch(/your dots: 0/);
  await click();
  await expect.poll(myVotes, poll).toBe(1);

  // Before the reveal Ben's board shows no votes; after it, the control document carries them.
  expect((await api(env.server.httpUrl, ben!.token).get(`/api/workshops/${wid}/export.json`)).body.sessions[0].rooms[0].results.challengeSolutions.challenges[0].ideas[0].votes).toBe(0);
  await facilitator.ok(`/api/workshops/${wid}/reveal`, { board: room.boardId });
  expect((await api(env.server.httpUrl, ben!.token).get(`/api/workshops/${wid}/export.json`)).body.sessions[0].rooms[0].results.challengeSolutions.challenges[0].ideas[0].votes).toBe(1);
  await expect.poll(() => page.getByLabel('Voting').textContent(), poll).toMatch(/your dots: 1/);
  benDoc.destroy();
});
