/**
 * actionPlanRows: the rows of one of the three action-plan templates. First one row per challenge
 * with a selected idea (objective: the challenge; action: the idea), unless the group already wrote a
 * row of that template for the challenge on the board, which then replaces the seed; then the rows
 * written on the board, in board order. Columns not in the template are ignored.
 */
import {
  ACTION_PLAN_COLUMNS,
  ActionPlanRowSchema,
  type ActionPlanKind,
  type ActionPlanRow,
  type ActionPlanRowOf,
} from '../schema/action-plan-row.ts';
import type { Board } from '../schema/board.ts';
import type { PlanRow } from '../schema/plan-row.ts';
import type { ChallengeSolutions } from '../schema/results.ts';
import { challengeSolutions } from './challenges.ts';

type Cells = Record<string, string>;

function seedCells(template: ActionPlanKind, challenge: { number: number; title: string }, idea: string): Cells {
  switch (template) {
    case 'individual':
      return { objective: challenge.title, step: idea };
    case 'bm-change':
      return { action: idea, expectedOutcome: `Addresses challenge ${challenge.number}: ${challenge.title}` };
    case 'extended':
      return { objective: challenge.title, action: idea };
  }
}

function build<K extends ActionPlanKind>(template: K, cells: Cells, source: ActionPlanRow['source']): ActionPlanRowOf<K> {
  const row: Record<string, unknown> = { template, source };
  for (const column of ACTION_PLAN_COLUMNS[template]) row[column.key] = cells[column.key] ?? '';
  // The values are strings built above, so this parse only fills defaults; it cannot fail.
  return ActionPlanRowSchema.parse(row) as ActionPlanRowOf<K>;
}

export type ActionPlanOptions = {
  /** Reuse an already computed result instead of recomputing it. */
  solutions?: ChallengeSolutions;
};

export function actionPlanRows<K extends ActionPlanKind>(board: Board, template: K, options: ActionPlanOptions = {}): ActionPlanRowOf<K>[] {
  const solutions = options.solutions ?? challengeSolutions(board);
  const written: PlanRow[] = board.rows.filter((row) => row.kind === template);
  const takenOver = new Set(written.map((row) => row.challenge).filter((id) => id !== null));
  const titles = new Map(solutions.challenges.map((challenge) => [challenge.id, challenge]));
  const rows: ActionPlanRowOf<K>[] = [];
  for (const challenge of solutions.challenges) {
    if (challenge.selected === null || takenOver.has(challenge.id)) continue;
    rows.push(
      build(template, seedCells(template, challenge, challenge.selected.text), {
        kind: 'selected-solution',
        challenge: challenge.id,
        note: challenge.selected.note,
        row: null,
      }),
    );
  }
  for (const row of written) {
    const cells: Cells = { ...row.cells };
    const challenge = row.challenge === null ? undefined : titles.get(row.challenge);
    if (challenge !== undefined && (cells['objective'] ?? '').trim() === '') cells['objective'] = challenge.title;
    rows.push(build(template, cells, { kind: 'board', challenge: row.challenge, note: null, row: row.id }));
  }
  return rows;
}
