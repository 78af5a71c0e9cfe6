/**
 * The plenary handout of a board in Markdown: what the group found, in the order the plenary needs
 * it. Sections appear only when the board has that kind of content, so the same function serves a
 * challenge board, a canvas and an action plan. All user text is escaped, so a note cannot inject
 * headings, links or HTML into the handout.
 */
import { ACTION_PLAN_COLUMNS, ACTION_PLAN_KINDS, ACTION_PLAN_TITLES, cellText } from '../schema/action-plan-row.ts';
import type { Board } from '../schema/board.ts';
import type { ChallengeSolutions } from '../schema/results.ts';
import type { Zone } from '../schema/zone.ts';
import { actionPlanRows } from '../reducers/action-plan.ts';
import { canvasDiff, valuePropositions } from '../reducers/canvas.ts';
import { challengeSolutions } from '../reducers/challenges.ts';
import { zoneItems } from '../reducers/content.ts';
import { priorityMatrix } from '../reducers/matrix.ts';
import { raciCheck } from '../reducers/raci.ts';
import { themes } from '../reducers/themes.ts';
import { scavengerHunt } from '../reducers/hunt.ts';

/** Escapes Markdown and HTML in one line of user text (newlines become spaces). */
export function mdInline(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>#|~]/g, (char) => `\\${char}`)
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^([-+=])/, '\\$1');
}

/** Multi-line user text as a block: each line escaped, line breaks kept. */
function mdBlock(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => mdInline(line))
    .filter((line) => line !== '')
    .join('  \n');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.map(mdInline).join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.map((cell) => mdInline(cell) || ' ').join(' | ')} |`),
  ];
}

function votesLabel(votes: number): string {
  return votes === 1 ? '1 vote' : `${votes} votes`;
}

function challengesSection(solutions: ChallengeSolutions): string[] {
  if (solutions.challenges.length === 0) return [];
  const out = ['## Challenges and solutions', ''];
  for (const challenge of solutions.challenges) {
    out.push(`### Challenge ${challenge.number} - ${mdInline(challenge.title)}`, '');
    if (challenge.rootCauses.trim() !== '') out.push(`**Root causes:** ${mdBlock(challenge.rootCauses)}`, '');
    if (challenge.ideas.length === 0) {
      out.push('_No solutions yet._', '');
      continue;
    }
    out.push('**Solutions, best first:**', '');
    const selected = challenge.selected;
    const ordered = selected === null ? challenge.ideas : [...challenge.ideas.filter((i) => i.note === selected.note), ...challenge.ideas.filter((i) => i.note !== selected.note)];
    ordered.forEach((idea, index) => {
      let line = `${index + 1}. ${mdInline(idea.text)} (${votesLabel(idea.votes)})`;
      if (selected?.note === idea.note) {
        line = `${index + 1}. **${mdInline(idea.text)}** (${votesLabel(idea.votes)}; ${selected.by === 'facilitator' ? 'selected by the facilitator' : 'most voted, not yet confirmed'})`;
      }
      out.push(line);
    });
    out.push('');
    if (selected !== null && selected.tiedWith.length > 0) {
      const names = selected.tiedWith.map((id) => challenge.ideas.find((i) => i.note === id)?.text ?? id).map(mdInline);
      out.push(`_Tied at the top with: ${names.join('; ')}. The facilitator decides._`, '');
    }
    if (challenge.details.trim() !== '') out.push('**The best idea in detail:**', '', mdBlock(challenge.details), '');
  }
  const dropped = solutions.droppedVotes === 0 ? '' : ` ${solutions.droppedVotes} vote(s) beyond the budget were not counted.`;
  out.push(`_Ranking: ${solutions.tieRule}. Vote budget: ${solutions.budget} per person per challenge.${dropped}_`, '');
  return out;
}

function actionPlanSections(board: Board, solutions: ChallengeSolutions): string[] {
  const out: string[] = [];
  for (const kind of ACTION_PLAN_KINDS) {
    const onBoard = board.rows.some((row) => row.kind === kind) || board.zones.some((zone) => zone.role === 'table' && zone.table === kind);
    if (!onBoard) continue;
    const columns = ACTION_PLAN_COLUMNS[kind];
    const rows = actionPlanRows(board, kind, { solutions });
    out.push(`## ${ACTION_PLAN_TITLES[kind]}`, '');
    if (rows.length === 0) out.push('_No rows yet._', '');
    else out.push(...table(columns.map((c) => c.label), rows.map((row) => columns.map((c) => cellText((row as Record<string, unknown>)[c.key])))), '');
  }
  return out;
}

function matrixSection(board: Board): string[] {
  if (!board.zones.some((zone) => zone.role === 'quadrant')) return [];
  const out = ['## Action priority matrix', ''];
  for (const quadrant of priorityMatrix(board).quadrants) {
    out.push(`### ${quadrant.label} (${quadrant.impact} impact, ${quadrant.effort} effort)`, '');
    if (quadrant.items.length === 0) out.push('_None._');
    for (const item of quadrant.items) out.push(`- ${mdInline(item.text)} (${item.status.replace('-', ' ')})`);
    out.push('');
  }
  return out;
}

function raciSection(board: Board): string[] {
  const raci = raciCheck(board);
  if (raci.rows.length === 0) return [];
  const out = ['## RACI matrix', ''];
  out.push(...table(['Deliverable', ...raci.people.map((p) => p.label)], raci.rows.map((row) => [row.deliverable, ...raci.people.map((p) => (row.roles[p.key] ?? []).join('/'))])), '');
  if (raci.warnings.length > 0) {
    out.push('**To check:**', '');
    for (const warning of raci.warnings) out.push(`- ${mdInline(warning.deliverable || warning.row)}: ${mdInline(warning.message)}`);
    out.push('');
  }
  return out;
}

function canvasSection(board: Board): string[] {
  const rows = canvasDiff(board).rows;
  if (rows.length === 0) return [];
  const changed = rows.filter((row) => row.changed);
  const out = ['## Business Model Canvas: desired changes', ''];
  if (changed.length === 0) out.push('_The desired canvas does not differ from the current one yet._', '');
  else out.push(...table(['Field', 'Desired change'], changed.map((row) => [row.label, row.change])), '');
  return out;
}

function valuePropositionSection(board: Board): string[] {
  const propositions = valuePropositions(board).filter((vp) => vp.missing.length < 7);
  if (propositions.length === 0) return [];
  const out = ['## Value propositions', ''];
  for (const vp of propositions) {
    out.push(`${vp.row}. ${mdInline(vp.statement)}`);
    if (!vp.complete) out.push(`   _Still missing: ${vp.missing.join(', ')}._`);
  }
  out.push('');
  return out;
}

function themesSection(board: Board): string[] {
  const result = themes(board);
  if (result.themes.length === 0) return [];
  const out = ['## Challenge themes', ''];
  for (const theme of result.themes) {
    out.push(`${theme.number}. **${mdInline(theme.title)}** (${theme.count})`);
    for (const challenge of theme.challenges) out.push(`   - ${mdInline(challenge.text)}`);
  }
  if (result.unassigned.length > 0) out.push('', `_Not yet grouped: ${result.unassigned.length}._`);
  out.push('');
  return out;
}

const HANDLED_TABLES = new Set<string>([...ACTION_PLAN_KINDS, 'raci', 'canvas-change']);

/** Tables the sections above do not cover (goal tree, funding split): their rows as written. */
function otherTables(board: Board): string[] {
  const out: string[] = [];
  for (const zone of board.zones) {
    if (zone.role !== 'table' || zone.table === undefined || HANDLED_TABLES.has(zone.table)) continue;
    const columns = zone.columns ?? [];
    // Rows placed in no table go to the first table of their kind.
    const firstOfKind = board.zones.find((z) => z.role === 'table' && z.table === zone.table);
    const rows = board.rows.filter((row) => row.zone === zone.id || (row.zone === null && row.kind === zone.table && firstOfKind === zone));
    if (rows.length === 0 || columns.length === 0) continue;
    out.push(`## ${mdInline(zone.title)}`, '', ...table(columns.map((c) => c.label), rows.map((row) => columns.map((c) => row.cells[c.key] ?? ''))), '');
  }
  return out;
}

function huntSection(board: Board): string[] {
  if (!board.zones.some((zone) => zone.role === 'hints')) return [];
  const hunt = scavengerHunt(board);
  const out = ['## Scavenger hunt', ''];
  for (const hint of hunt.revealed) out.push(`${hint.number}. ${mdInline(hint.text)}`);
  if (hunt.hidden > 0) out.push('', `_${hunt.hidden} hint(s) not revealed yet._`);
  if (hunt.guesses.length > 0) out.push('', '**Guesses:**', '', ...hunt.guesses.map((guess) => `- ${mdInline(guess.text)} (${mdInline(guess.author)})`));
  out.push('');
  return out;
}

const NOTE_ROLES = new Set<Zone['role']>(['category', 'area']);

/** Notes in plain columns (PESTEL, feedback, hints and guesses ...), zone by zone. */
function noteZones(board: Board): string[] {
  const itemsOf = zoneItems(board);
  const out: string[] = [];
  for (const zone of board.zones) {
    if (!NOTE_ROLES.has(zone.role)) continue;
    const items = itemsOf(zone.id);
    if (items.length === 0) continue;
    out.push(`## ${mdInline(zone.title)}`, '', ...items.map((item) => `- ${mdInline(item)}`), '');
  }
  return out;
}

export type MarkdownOptions = {
  /** readBoard's problems, listed at the end when given. */
  problems?: readonly string[];
  /** Shown under the title, e.g. the template's title. */
  subtitle?: string;
};

export function boardToMarkdown(board: Board, options: MarkdownOptions = {}): string {
  const solutions = challengeSolutions(board);
  const title = board.meta.title.trim() === '' ? 'Board' : board.meta.title;
  const lines = [`# ${mdInline(title)}`, ''];
  if (options.subtitle !== undefined) lines.push(`_${mdInline(options.subtitle)}_`, '');
  lines.push(
    ...challengesSection(solutions),
    ...canvasSection(board),
    ...valuePropositionSection(board),
    ...actionPlanSections(board, solutions),
    ...matrixSection(board),
    ...raciSection(board),
    ...themesSection(board),
    ...huntSection(board),
    ...otherTables(board),
    ...noteZones(board),
  );
  const problems = options.problems ?? [];
  if (problems.length > 0) {
    lines.push('## Notes on the data', '', ...problems.map((problem) => `- ${mdInline(problem)}`), '');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
