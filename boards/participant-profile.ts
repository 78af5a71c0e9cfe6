import type { TemplateInput } from '../shared/schema/template.ts';

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
    // Two rows of five themes beside the inbox, so the fitted board stays readable on a laptop screen.
    ...THEMES.map((title, index) => ({
      id: `theme-${index + 1}`,
      role: 'theme' as const,
      title,
      number: index + 1,
      order: 1 + index,
      x: 640 + (index % 5) * 400,
      y: 100 + Math.floor(index / 5) * 620,
      w: 380,
      h: 580,
    })),
  ],
} satisfies TemplateInput;
