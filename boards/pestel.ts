import type { TemplateInput } from '../shared/schema/template.ts';
import { columns } from './layout.ts';

/** PESTEL, one of the strategy review tools (workshop-formats.md §7). */
export const pestel = {
  id: 'pestel',
  title: 'PESTEL analysis',
  description:
    'Strategy review: collect the political, economic, social/cultural, technological, environmental and legal ' +
    'factors that affect the cluster and its members, one column each.',
  source: 'workshop-formats.md §7',
  timings: [
    { step: 'Collect factors', minutes: 20, note: 'suggested' },
    { step: 'Discuss the most relevant ones', minutes: 10, note: 'suggested' },
  ],
  zones: columns(
    [
      { id: 'political', title: 'Political', key: 'P' },
      { id: 'economic', title: 'Economic', key: 'E' },
      { id: 'social', title: 'Social / cultural', key: 'S' },
      { id: 'technological', title: 'Technological', key: 'T' },
      { id: 'environmental', title: 'Environmental', key: 'En' },
      { id: 'legal', title: 'Legal', key: 'L' },
    ],
    { role: 'category' },
    { y: 100, w: 300, h: 900 },
  ),
} satisfies TemplateInput;
