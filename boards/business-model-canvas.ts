import { BMC_FIELDS } from '../shared/schema/canvas-cell.ts';
import type { TemplateInput } from '../shared/schema/template.ts';
import type { ZoneInput } from '../shared/schema/zone.ts';

/** Cell boxes on a 5-column canvas of 300 px columns; funding partners sits right of the desired canvas. */
const BOXES: Record<(typeof BMC_FIELDS)[number]['key'], [number, number, number, number]> = {
  'key-partners': [0, 0, 300, 300],
  'key-ecosystem': [0, 300, 300, 300],
  activities: [300, 0, 300, 300],
  resources: [300, 300, 300, 300],
  'value-proposition': [600, 0, 300, 600],
  'member-engagement': [900, 0, 300, 300],
  channels: [900, 300, 300, 300],
  members: [1200, 0, 300, 300],
  'potential-members': [1200, 300, 300, 300],
  'cost-structure': [0, 600, 600, 300],
  'public-funding': [600, 600, 300, 300],
  'private-funding': [900, 600, 300, 300],
  'project-funding': [1200, 600, 300, 300],
  'funding-partners': [1500, 0, 300, 900],
};

function canvas(variant: 'current' | 'desired', top: number, orderBase: number): ZoneInput[] {
  return BMC_FIELDS.filter((field) => variant === 'desired' || !('desiredOnly' in field)).map((field, index) => {
    const [x, y, w, h] = BOXES[field.key];
    return {
      id: `${variant}-${field.key}`,
      role: 'canvas-cell',
      title: field.label,
      key: field.key,
      variant,
      tags: [field.tag],
      order: orderBase + index,
      x,
      y: top + y,
      w,
      h,
    };
  });
}

/** Business Model Canvas, cluster version, current and desired in 5 years (workshop-formats.md §3). */
export const businessModelCanvas = {
  id: 'business-model-canvas',
  title: 'Business Model Canvas (cluster version)',
  description:
    'Sketch the cluster\'s current business model canvas, then the desired canvas in 5 years (which adds Funding ' +
    'partners), then reflect on the differences in a "Field | Desired change" table: the starting point of the ' +
    'action plan. Cells are tagged business-development or financing related.',
  source: 'workshop-formats.md §3',
  timings: [
    { step: 'Current canvas', minutes: 60 },
    { step: 'Desired canvas in 5 years', minutes: 30 },
    { step: 'Reflect on the differences', minutes: 15 },
  ],
  zones: [
    ...canvas('current', 100, 0),
    ...canvas('desired', 1100, 100),
    {
      id: 'desired-changes',
      role: 'table',
      title: 'Field | Desired change',
      table: 'canvas-change',
      columns: [
        { key: 'field', label: 'Field' },
        { key: 'change', label: 'Desired change' },
      ],
      order: 200,
      x: 0,
      y: 2100,
      w: 1800,
      h: 600,
    },
  ],
} satisfies TemplateInput;
