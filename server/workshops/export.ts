/**
 * A whole workshop's results in one document: every room's challenge solutions and action-plan rows,
 * session by session in agenda order, using the board reducers and exports of shared/.
 */
import { boardResults, boardToMarkdown, mdInline } from '../../shared/export/index.ts';
import type { WorkshopService } from './service.ts';

/** `hiddenVotes`: count votes not yet revealed (the facilitator's view). */
export async function workshopExport(service: WorkshopService, workshopId: string, format: 'md' | 'json', hiddenVotes: boolean) {
  const w = await service.get(workshopId);
  // Sessions in agenda order: by the start of the agenda block of the same title, else where they were added.
  const startOf = (title: string) => w.agenda.find((block) => block.title === title)?.start ?? '99:99';
  const ordered = w.sessions.map((session, index) => ({ session, index })).sort((a, b) => startOf(a.session.title).localeCompare(startOf(b.session.title)) || a.index - b.index);
  const sessions = [];
  for (const { session } of ordered) {
    const rooms = [];
    for (const room of session.rooms) {
      const board = await service.voting.resultsBoard(workshopId, room.boardId, { hiddenVotes });
      rooms.push({ room, board });
    }
    sessions.push({ session, rooms });
  }
  if (format === 'json') {
    const body = {
      workshop: { id: w.id, title: w.title, date: w.date, agenda: w.agenda },
      sessions: sessions.map(({ session, rooms }) => ({
        id: session.id,
        title: session.title,
        template: session.template,
        rooms: rooms.map(({ room, board }) => ({ id: room.id, name: room.name, boardId: room.boardId, results: boardResults(board) })),
      })),
    };
    return { body: `${JSON.stringify(body, null, 2)}\n`, contentType: 'application/json; charset=utf-8' };
  }
  const lines = [`# ${mdInline(w.title)}`, ''];
  if (w.date) lines.push(`_${w.date}_`, '');
  if (w.agenda.length > 0) {
    lines.push('## Agenda', '', '| time | block |', '|---|---|');
    for (const block of w.agenda) lines.push(`| ${block.start}-${block.end} | ${mdInline(block.title)}${block.interactive ? ' (interactive)' : ''} |`);
    lines.push('');
  }
  for (const { session, rooms } of sessions) {
    lines.push(`## ${mdInline(session.title)}`, '');
    for (const { board } of rooms) {
      // Each room's handout, its headings moved two levels down under the session.
      lines.push(boardToMarkdown(board).replace(/^(#+) /gm, '##$1 ').trimEnd(), '');
    }
  }
  return { body: `${lines.join('\n').trimEnd()}\n`, contentType: 'text/markdown; charset=utf-8' };
}
