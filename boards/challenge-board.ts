import type { TemplateInput } from '../shared/schema/template.ts';

/** The core loop of the breakout (workshop-formats.md §2): one column per challenge. */
export const challengeBoard = {
  id: 'challenge-board',
  title: 'Solutions to the biggest challenges',
  description:
    'Five-stage breakout per room: define each challenge and its root causes, write solutions on post-its under it, ' +
    'dot-vote for the best idea per challenge, the trainer selects the most voted one, and the group details it ' +
    'before presenting the board in the plenary.',
  source: 'workshop-formats.md §2',
  timings: [
    { step: 'Define the challenge and its root causes', minutes: 5 },
    { step: 'Write solutions on post-its', minutes: 15 },
    { step: 'Dot voting', minutes: 3, note: 'per challenge' },
    { step: 'Trainer selects the most voted solution', minutes: 1, note: 'per challenge' },
    { step: 'Detail the best idea', minutes: 5, note: 'per challenge' },
    { step: 'Present in the plenary', minutes: 30, note: 'for all groups' },
  ],
  voteBudget: 3,
  zones: [],
  challenges: {
    min: 1,
    max: 12,
    defaults: [
      'Attracting members',
      'Retaining members and talent development',
      'Service innovation and adaptability',
      'Financial sustainability',
    ],
  },
} satisfies TemplateInput;
