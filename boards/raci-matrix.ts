import type { TemplateInput } from '../shared/schema/template.ts';

/** RACI matrix: deliverables and subtasks x people (workshop-formats.md §5). */
export const raciMatrix = {
  id: 'raci-matrix',
  title: 'RACI matrix',
  description:
    'One row per deliverable or subtask, one column per party; each cell is R (responsible), A (accountable), ' +
    'C (consulted) or I (informed). Every row needs exactly one A and at least one R; the board warns otherwise. ' +
    'Add columns for the people of your own plan.',
  source: 'workshop-formats.md §5',
  timings: [{ step: 'Assign roles per deliverable', minutes: 20, note: 'suggested' }],
  zones: [
    {
      id: 'raci',
      role: 'table',
      title: 'RACI',
      table: 'raci',
      columns: [
        { key: 'deliverable', label: 'Deliverable / subtask' },
        { key: 'cluster-management', label: 'Cluster management' },
        { key: 'members', label: 'Members' },
        { key: 'other-stakeholders', label: 'Other stakeholders' },
      ],
      order: 0,
      x: 0,
      y: 100,
      w: 1200,
      h: 800,
    },
  ],
} satisfies TemplateInput;
