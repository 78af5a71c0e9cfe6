/**
 * The structured results of a board as JSON, and the JSON Schema describing them, generated from the
 * zod schemas the reducers are typed by (shared/schema/results.ts), so the two cannot drift apart.
 */
import { z } from 'zod';
import type { Board } from '../schema/board.ts';
import { BoardResultsSchema, RESULTS_FORMAT, RESULTS_VERSION, type BoardResults } from '../schema/results.ts';
import { actionPlanRows } from '../reducers/action-plan.ts';
import { canvasDiff, valuePropositions } from '../reducers/canvas.ts';
import { challengeSolutions } from '../reducers/challenges.ts';
import { priorityMatrix } from '../reducers/matrix.ts';
import { raciCheck } from '../reducers/raci.ts';
import { themes } from '../reducers/themes.ts';
import { scavengerHunt } from '../reducers/hunt.ts';
import { voteTally } from '../reducers/votes.ts';

/** Every reducer's result for one board; `problems` are readBoard's. */
export function boardResults(board: Board, problems: readonly string[] = []): BoardResults {
  const solutions = challengeSolutions(board);
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    board: board.meta,
    challengeSolutions: solutions,
    voteTally: voteTally(board),
    actionPlans: {
      individual: actionPlanRows(board, 'individual', { solutions }),
      'bm-change': actionPlanRows(board, 'bm-change', { solutions }),
      extended: actionPlanRows(board, 'extended', { solutions }),
    },
    priorityMatrix: priorityMatrix(board),
    raci: raciCheck(board),
    canvasDiff: canvasDiff(board),
    valuePropositions: valuePropositions(board),
    themes: themes(board),
    scavengerHunt: scavengerHunt(board),
    problems: [...problems],
  };
}

export function boardResultsJson(board: Board, problems: readonly string[] = []): string {
  return `${JSON.stringify(boardResults(board, problems), null, 2)}\n`;
}

let cachedSchema: Record<string, unknown> | undefined;

/** JSON Schema (draft 2020-12) of `boardResults`' output. */
export function boardResultsJsonSchema(): Record<string, unknown> {
  cachedSchema ??= {
    ...z.toJSONSchema(BoardResultsSchema, { io: 'output', target: 'draft-2020-12' }),
    $id: 'urn:plenary:board-results:v1',
    title: 'Plenary board results',
  };
  return cachedSchema;
}
