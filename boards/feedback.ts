import type { TemplateInput } from '../shared/schema/template.ts';
import { columns } from './layout.ts';

/** End-of-day feedback (workshop-formats.md §7). */
export const feedback = {
  id: 'feedback',
  title: 'Feedback of the day',
  description: 'At the end of each day everybody posts what went well and what to improve.',
  source: 'workshop-formats.md §7',
  timings: [{ step: 'Post feedback', minutes: 10 }],
  zones: columns(
    [
      { id: 'went-well', title: 'Went well', key: 'went-well' },
      { id: 'to-improve', title: 'To improve', key: 'to-improve' },
    ],
    { role: 'category' },
    { y: 100, w: 600, h: 900 },
  ),
} satisfies TemplateInput;
