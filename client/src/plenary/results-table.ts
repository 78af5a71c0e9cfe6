/**
 * The workshop export (`GET /api/workshops/:id/export.json`) shaped into plain tables for the plenary's
 * results view, the clipboard (HTML and tab-separated text) and the handout. Pure: no DOM, no I/O.
 */
import { ACTION_PLAN_COLUMNS, ACTION_PLAN_KINDS, ACTION_PLAN_TITLES, cellText, type ActionPlanKind } from '../../../shared/schema/action-plan-row.ts';
import type { BoardResults, ChallengeSolution, Idea } from '../../../shared/schema/results.ts';

export type AgendaBlock = { start: string; end: string; title: string; interactive?: boolean };

export type WorkshopExport = {
  workshop: { id: string; title: string; date: string | null; agenda: AgendaBlock[] };
  sessions: { id: string; title: string; template: string; rooms: { id: string; name: string; boardId: string; results: BoardResults }[] }[];
};

export type TableRow = {
  cells: string[];
  /** The challenge's selected solution (the facilitator's pick, or the most voted one standing in). */
  selected: boolean;
  /** First row of a new room or challenge: where the view draws a divider. */
  groupStart: boolean;
};
export type Table = { id: string; title: string; columns: string[]; rows: TableRow[] };

/** "Challenge 2 – Overcoming barriers ..." */
export function challengeLabel(challenge: { number: number; title: string }): string {
  return `Challenge ${challenge.number} – ${challenge.title}`;
}

export function votesLabel(votes: number): string {
  return votes === 1 ? '1 vote' : `${votes} votes`;
}

/** The ideas best first: the selected one, then the others by rank (the order of `solutions`). */
export function ideasBestFirst(challenge: ChallengeSolution): { idea: Idea; selected: boolean }[] {
  const selected = challenge.selected?.note ?? null;
  const byRank = [...challenge.ideas].sort((a, b) => a.rank - b.rank);
  return [...byRank.filter((i) => i.note === selected), ...byRank.filter((i) => i.note !== selected)].map((idea) => ({ idea, selected: idea.note === selected }));
}

export function selectionNote(challenge: ChallengeSolution): string {
  if (!challenge.selected) return '';
  return challenge.selected.by === 'facilitator' ? 'Selected' : 'Most voted (not confirmed)';
}

/** One line per solution, best first, per challenge and room; the details text on the selected solution's line. */
export function solutionsTable(data: WorkshopExport): Table {
  const manySessions = data.sessions.filter((s) => s.rooms.some((r) => r.results.challengeSolutions.challenges.length > 0)).length > 1;
  const columns = [...(manySessions ? ['Session'] : []), 'Room', 'Challenge', '#', 'Solution', 'Votes', 'Status', 'Details'];
  const rows: TableRow[] = [];
  for (const session of data.sessions) {
    for (const room of session.rooms) {
      for (const challenge of room.results.challengeSolutions.challenges) {
        const lead = [...(manySessions ? [session.title] : []), room.name, challengeLabel(challenge)];
        const ideas = ideasBestFirst(challenge);
        if (ideas.length === 0) {
          rows.push({ cells: [...lead, '', 'No solutions yet', '', '', challenge.details.trim()], selected: false, groupStart: true });
          continue;
        }
        ideas.forEach(({ idea, selected }, index) => {
          rows.push({
            cells: [...lead, String(index + 1), idea.text, String(idea.votes), selected ? selectionNote(challenge) : '', selected || (index === 0 && !challenge.selected) ? challenge.details.trim() : ''],
            selected,
            groupStart: index === 0,
          });
        });
      }
    }
  }
  return { id: 'solutions', title: 'Challenge solutions', columns, rows };
}

/**
 * Which action-plan templates a room's results show: those the group wrote rows of on the board; when it
 * wrote none, the individual plan seeded from the selected solutions (each template seeds the same rows,
 * so showing all three would repeat them).
 */
export function planKindsOf(results: BoardResults): ActionPlanKind[] {
  const written = ACTION_PLAN_KINDS.filter((kind) => results.actionPlans[kind].some((row) => row.source.kind === 'board'));
  if (written.length > 0) return written;
  return results.actionPlans.individual.length > 0 ? ['individual'] : [];
}

export function planRowCells(kind: ActionPlanKind, row: BoardResults['actionPlans'][ActionPlanKind][number]): string[] {
  return ACTION_PLAN_COLUMNS[kind].map((column) => cellText((row as Record<string, unknown>)[column.key]));
}

/** One table per action-plan template in use, every room's rows in it. */
export function planTables(data: WorkshopExport): Table[] {
  const tables: Table[] = [];
  for (const kind of ACTION_PLAN_KINDS) {
    const rows: TableRow[] = [];
    for (const session of data.sessions) {
      for (const room of session.rooms) {
        if (!planKindsOf(room.results).includes(kind)) continue;
        room.results.actionPlans[kind].forEach((row, index) => {
          rows.push({ cells: [room.name, ...planRowCells(kind, row)], selected: false, groupStart: index === 0 });
        });
      }
    }
    if (rows.length > 0) tables.push({ id: `plan-${kind}`, title: ACTION_PLAN_TITLES[kind], columns: ['Room', ...ACTION_PLAN_COLUMNS[kind].map((c) => c.label)], rows });
  }
  return tables;
}

/** Cells on one line each: tabs and line breaks would split a spreadsheet cell. */
function flat(cell: string): string {
  return cell.replace(/[\t\r\n]+/g, ' ').trim();
}

/** Tab-separated text, header first: pastes into a spreadsheet cell by cell. */
export function toTsv(table: Table): string {
  return [table.columns, ...table.rows.map((row) => row.cells)].map((cells) => cells.map(flat).join('\t')).join('\n') + '\n';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The same table as standalone HTML for the clipboard (selected solutions in bold). */
export function toHtml(table: Table): string {
  const head = `<tr>${table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = table.rows
    .map((row) => `<tr>${row.cells.map((cell) => `<td>${row.selected ? `<strong>${escapeHtml(cell)}</strong>` : escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `<table><caption>${escapeHtml(table.title)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

export type RoomRef = { boardId: string; name: string; sessionTitle: string };

/**
 * The rooms in the order the plenary presents them: sessions in agenda order (by the start of the
 * agenda block with the session's title, as the export orders them), rooms in their session's order.
 */
export function presentationOrder(sessions: readonly { title: string; rooms: readonly { boardId: string; name: string }[] }[], agenda: readonly AgendaBlock[]): RoomRef[] {
  const startOf = (title: string) => agenda.find((block) => block.title === title)?.start ?? '99:99';
  return sessions
    .map((session, index) => ({ session, index }))
    .sort((a, b) => startOf(a.session.title).localeCompare(startOf(b.session.title)) || a.index - b.index)
    .flatMap(({ session }) => session.rooms.map((room) => ({ boardId: room.boardId, name: room.name, sessionTitle: session.title })));
}

/** The room before or after `current` (wrapping around); the first room when nothing is presented. */
export function stepRoom(order: readonly RoomRef[], current: string | null, step: 1 | -1): RoomRef | null {
  if (order.length === 0) return null;
  const at = order.findIndex((room) => room.boardId === current);
  if (at < 0) return step === 1 ? (order[0] ?? null) : (order[order.length - 1] ?? null);
  return order[(at + step + order.length) % order.length] ?? null;
}
