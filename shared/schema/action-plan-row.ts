/**
 * Action-plan rows in the three templates used in the training material (workshop-formats.md §5):
 * individual, business-model change, and extended with monitoring and evaluation. The column lists
 * are the single source for the board tables, the CSV headers and the Markdown tables.
 *
 * v2 split the single free-text "time frame" of v1 ("1 Mar - 31 Mar") into `start` and `due`.
 */
import { z } from 'zod';
import { Id, LongText } from './common.ts';
import { defineRecord, type Migration } from './migrate.ts';
import { ACTION_PLAN_KINDS, type ActionPlanKind } from './plan-row.ts';

export { ACTION_PLAN_KINDS, type ActionPlanKind };

export const ACTION_PLAN_COLUMNS = {
  individual: [
    { key: 'objective', label: 'Objective' },
    { key: 'step', label: 'Action (step)' },
    { key: 'responsible', label: 'Responsible' },
    { key: 'start', label: 'Start' },
    { key: 'due', label: 'Due' },
    { key: 'peerFeedback', label: 'Peer feedback' },
  ],
  'bm-change': [
    { key: 'action', label: 'Action (step)' },
    { key: 'responsible', label: 'Responsible' },
    { key: 'stakeholders', label: 'Stakeholders' },
    { key: 'requirements', label: 'Requirements' },
    { key: 'expectedOutcome', label: 'Expected outcome' },
    { key: 'deadline', label: 'Deadline' },
  ],
  extended: [
    { key: 'objective', label: 'Objective' },
    { key: 'action', label: 'Action' },
    { key: 'responsible', label: 'Responsible' },
    { key: 'stakeholders', label: 'Stakeholders' },
    { key: 'requirements', label: 'Requirements' },
    { key: 'expectedOutcome', label: 'Expected outcome' },
    { key: 'start', label: 'Start' },
    { key: 'due', label: 'Due' },
    { key: 'indicators', label: 'Indicators (KPIs)' },
    { key: 'monitoring', label: 'Monitoring' },
    { key: 'evaluation', label: 'Evaluation' },
  ],
} as const satisfies Record<ActionPlanKind, readonly { key: string; label: string }[]>;

export const ACTION_PLAN_TITLES = {
  individual: 'Individual action plan',
  'bm-change': 'Business-model change plan',
  extended: 'Extended action plan with monitoring and evaluation',
} as const satisfies Record<ActionPlanKind, string>;

/** A cell of a row as text: cells are strings (a number would be shown as written); anything else is empty. */
export function cellText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export type ActionPlanColumnKey<K extends ActionPlanKind> = (typeof ACTION_PLAN_COLUMNS)[K][number]['key'];

export const ACTION_PLAN_ROW_VERSION = 2;

const Cell = LongText.default('');

export const ActionPlanSourceSchema = z.object({
  /** `selected-solution`: seeded from a challenge's selected idea; `board`: a row written on the board. */
  kind: z.enum(['selected-solution', 'board']),
  challenge: Id.nullable(),
  note: Id.nullable(),
  row: Id.nullable(),
});

const base = {
  v: z.literal(ACTION_PLAN_ROW_VERSION).default(ACTION_PLAN_ROW_VERSION),
  source: ActionPlanSourceSchema,
};

export const IndividualPlanRowSchema = z.object({
  ...base,
  template: z.literal('individual'),
  objective: Cell,
  step: Cell,
  responsible: Cell,
  start: Cell,
  due: Cell,
  peerFeedback: Cell,
});
export const BmChangePlanRowSchema = z.object({
  ...base,
  template: z.literal('bm-change'),
  action: Cell,
  responsible: Cell,
  stakeholders: Cell,
  requirements: Cell,
  expectedOutcome: Cell,
  deadline: Cell,
});
export const ExtendedPlanRowSchema = z.object({
  ...base,
  template: z.literal('extended'),
  objective: Cell,
  action: Cell,
  responsible: Cell,
  stakeholders: Cell,
  requirements: Cell,
  expectedOutcome: Cell,
  start: Cell,
  due: Cell,
  indicators: Cell,
  monitoring: Cell,
  evaluation: Cell,
});

export const ActionPlanRowSchema = z.discriminatedUnion('template', [
  IndividualPlanRowSchema,
  BmChangePlanRowSchema,
  ExtendedPlanRowSchema,
]);
export type ActionPlanRow = z.output<typeof ActionPlanRowSchema>;
export type ActionPlanRowOf<K extends ActionPlanKind> = Extract<ActionPlanRow, { template: K }>;

/** "1 Mar - 31 Mar" -> start "1 Mar", due "31 Mar"; a single date is the due date. */
export function splitTimeFrame(timeFrame: string): { start: string; due: string } {
  const parts = timeFrame.split(/\s+(?:-|\u2013|\u2014|to|until)\s+/);
  if (parts.length === 2) return { start: (parts[0] ?? '').trim(), due: (parts[1] ?? '').trim() };
  return { start: '', due: timeFrame.trim() };
}

const splitTimeFrameMigration: Migration = {
  to: 2,
  description: 'split the free-text timeFrame into start and due',
  up: (previous) => {
    const { timeFrame, ...rest } = previous;
    if (typeof timeFrame !== 'string') return { ...rest };
    const { start, due } = splitTimeFrame(timeFrame);
    return { ...rest, start, due };
  },
};

export const actionPlanRowRecord = defineRecord({
  name: 'action-plan-row',
  version: ACTION_PLAN_ROW_VERSION,
  schema: ActionPlanRowSchema,
  migrations: [splitTimeFrameMigration],
});
