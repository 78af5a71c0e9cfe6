import { ACTION_PLAN_COLUMNS, ACTION_PLAN_TITLES, type ActionPlanKind } from '../shared/schema/action-plan-row.ts';
import type { TemplateInput } from '../shared/schema/template.ts';

/** The action-plan session flow from workshop-formats.md §5. */
const SESSION = [
  { step: 'Refine the action plan', minutes: 60 },
  { step: 'Pitch it and collect peer feedback', minutes: 45 },
  { step: 'Integrate the feedback', minutes: 15 },
];

function plan(kind: ActionPlanKind, id: string, description: string): TemplateInput {
  return {
    id,
    title: ACTION_PLAN_TITLES[kind],
    description,
    source: 'workshop-formats.md §5',
    timings: SESSION,
    zones: [
      {
        id: 'plan',
        role: 'table',
        title: ACTION_PLAN_TITLES[kind],
        table: kind,
        columns: ACTION_PLAN_COLUMNS[kind].map((column) => ({ ...column })),
        order: 0,
        x: 0,
        y: 100,
        w: 260 * ACTION_PLAN_COLUMNS[kind].length,
        h: 900,
      },
    ],
  };
}

export const individualActionPlan = plan(
  'individual',
  'action-plan-individual',
  'Individual action plan: the objective, the actions as steps 1..n, who is responsible, the time frame (start and ' +
    'due date) and what peers think. Rows are seeded from the selected solutions of a challenge board.',
);

export const businessModelChangePlan = plan(
  'bm-change',
  'action-plan-bm-change',
  'Business-model change plan: each step with its responsible, stakeholders, requirements (e.g. resources), ' +
    'expected outcome and deadline; fed by the desired changes of the Business Model Canvas.',
);

export const extendedActionPlan = plan(
  'extended',
  'action-plan-extended',
  'Extended action plan with monitoring and evaluation: objective, action, responsible, stakeholders, requirements, ' +
    'expected outcome, time frame, indicators (KPIs, e.g. membership and growth, financial performance, networking, ' +
    'internationalisation, visibility), monitoring (are my actions on course?) and evaluation (overall impact).',
);
