import type { TemplateInput } from '../shared/schema/template.ts';

/** SMART goals as a goal tree: result goal -> indicators -> measures -> targets (workshop-formats.md §5). */
export const smartGoalTree = {
  id: 'smart-goal-tree',
  title: 'SMART goal tree',
  description:
    'Write the result goal so that it is specific, measurable, achievable, relevant and time-bound, then break it ' +
    'down into indicators, the measures that move them, and a target for each. Rows point to their parent row.',
  source: 'workshop-formats.md §5',
  timings: [
    { step: 'Formulate the SMART result goal', minutes: 10, note: 'suggested' },
    { step: 'Indicators, measures and targets', minutes: 20, note: 'suggested' },
  ],
  zones: [
    {
      id: 'goal-tree',
      role: 'table',
      title: 'Goal tree',
      table: 'goal-tree',
      columns: [
        { key: 'level', label: 'Level (goal / indicator / measure / target)' },
        { key: 'text', label: 'Text' },
        { key: 'due', label: 'By when' },
      ],
      order: 0,
      x: 0,
      y: 100,
      w: 1200,
      h: 900,
    },
  ],
} satisfies TemplateInput;
