import type { TemplateInput } from '../shared/schema/template.ts';

const COLUMNS = [
  { key: 'source', label: 'Funding source (public / private / project / other)' },
  { key: 'share', label: 'Share (%)' },
];

/** Funding sources split, current and desired, with numbered key takeaways (workshop-formats.md §3). */
export const fundingSources = {
  id: 'funding-sources',
  title: 'Funding sources: current and desired',
  description:
    'Split the cluster\'s funding into public, private, project and other shares, today and as desired, ' +
    'then note the key takeaways, numbered.',
  source: 'workshop-formats.md §3',
  timings: [
    { step: 'Current and desired split', minutes: 10, note: 'suggested' },
    { step: 'Key takeaways', minutes: 5, note: 'suggested' },
  ],
  zones: [
    { id: 'current', role: 'table', title: 'Current funding', table: 'funding', columns: COLUMNS, variant: 'current', order: 0, x: 0, y: 100, w: 600, h: 500 },
    { id: 'desired', role: 'table', title: 'Desired funding', table: 'funding', columns: COLUMNS, variant: 'desired', order: 1, x: 640, y: 100, w: 600, h: 500 },
    { id: 'takeaways', role: 'category', title: 'Key takeaways', order: 2, x: 0, y: 640, w: 1240, h: 400 },
  ],
} satisfies TemplateInput;
