import type { TemplateInput } from '../shared/schema/template.ts';
import { QUADRANTS } from '../shared/schema/zone.ts';

const BOX = 600;

/** Action priority matrix by impact and effort, each action with a status (workshop-formats.md §5). */
export const priorityMatrix = {
  id: 'priority-matrix',
  title: 'Action priority matrix',
  description:
    'Place each action by impact (up: high) and effort (right: high): quick wins, major projects, fill-ins and ' +
    'thankless tasks. Each action carries a status: not started, in progress or done.',
  source: 'workshop-formats.md §5',
  timings: [
    { step: 'Place the actions', minutes: 15, note: 'suggested' },
    { step: 'Agree the priorities and statuses', minutes: 10, note: 'suggested' },
  ],
  zones: QUADRANTS.map((quadrant, index) => ({
    id: quadrant.key,
    role: 'quadrant' as const,
    title: `${quadrant.label} (${quadrant.impact} impact, ${quadrant.effort} effort)`,
    key: quadrant.key,
    order: index,
    x: quadrant.effort === 'low' ? 0 : BOX,
    y: 100 + (quadrant.impact === 'high' ? 0 : BOX),
    w: BOX,
    h: BOX,
  })),
} satisfies TemplateInput;
