import { VPC_FIELDS } from '../shared/schema/canvas-cell.ts';
import type { TemplateInput } from '../shared/schema/template.ts';
import type { ZoneInput } from '../shared/schema/zone.ts';

const ROWS = 3;
const CELL = { w: 260, h: 280 } as const;

const cells: ZoneInput[] = [];
for (let row = 1; row <= ROWS; row++) {
  VPC_FIELDS.forEach((field, column) => {
    cells.push({
      id: `row-${row}-${field.key}`,
      role: 'canvas-cell',
      title: field.label,
      key: field.key,
      row,
      tags: [field.part],
      order: row * 10 + column,
      x: column * CELL.w + (field.part === 'offering' ? 40 : 0),
      y: 100 + (row - 1) * CELL.h,
      w: CELL.w,
      h: CELL.h,
    });
  });
}

/** Value Proposition Canvas for clusters (workshop-formats.md §4). */
export const valuePropositionCanvas = {
  id: 'value-proposition-canvas',
  title: 'Value Proposition Canvas for clusters',
  description:
    'One row per stakeholder along the value chain: stakeholder, needs and objectives, pain points and gains (the ' +
    'customer profile), then the cluster service, pain reliever and gain creator (the offering). Each row becomes ' +
    'a statement: "Our cluster enables [stakeholder segment] to overcome [specific challenge] by providing [key ' +
    'service], ultimately allowing them to achieve [desired benefit]."',
  source: 'workshop-formats.md §4',
  timings: [
    { step: 'Customer profile per stakeholder', minutes: 20, note: 'suggested' },
    { step: 'Cluster offering per stakeholder', minutes: 20, note: 'suggested' },
    { step: 'Write the value proposition statements', minutes: 10, note: 'suggested' },
  ],
  zones: cells,
} satisfies TemplateInput;
