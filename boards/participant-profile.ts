import type { TemplateInput } from '../shared/schema/template.ts';
import { columns } from './layout.ts';

const THEMES = [
  'Attracting members',
  'Retaining members and talent development',
  'Service innovation and adaptability',
  'Financial sustainability',
  'Measuring growth and success',
  'Governance and organisational structures',
  'Internationalisation and market expansion',
  'Member engagement and collaboration',
  'Marketing and visibility',
  'Cross-sector connections and workforce development',
];

/** "Get to know me and my cluster" profiles and the challenge themes distilled from them (workshop-formats.md §1). */
export const participantProfile = {
  id: 'participant-profile',
  title: 'Participant profiles and challenge themes',
  description:
    'Each participant fills in a profile before the workshop (role, cluster, ecosystems, members, the cluster in 3 ' +
    'words, top 3 challenges, expectations), shown in the round of introductions. Organisers then drag the ' +
    'participants\' challenges from the inbox into about ten themes, which become breakout rooms.',
  source: 'workshop-formats.md §1',
  timings: [
    { step: 'Round of introductions', minutes: 2, note: 'per participant' },
    { step: 'Group the challenges into themes', minutes: 30, note: 'organisers, before the breakout' },
  ],
  zones: [
    { id: 'inbox', role: 'area', title: 'Challenges not yet grouped', order: 0, x: 0, y: 100, w: 600, h: 1200 },
    ...columns(
      THEMES.map((title, index) => ({ id: `theme-${index + 1}`, title })),
      { role: 'theme', order: 1 },
      { x: 640, y: 100, w: 300, h: 1200 },
    ).map((zone, index) => ({ ...zone, number: index + 1 })),
  ],
} satisfies TemplateInput;
