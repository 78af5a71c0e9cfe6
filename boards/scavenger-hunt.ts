import type { TemplateInput } from '../shared/schema/template.ts';

/** Scavenger hunt (workshop-formats.md §7): hints about a best-practice cluster revealed one at a time. */
export const scavengerHunt = {
  id: 'scavenger-hunt',
  title: 'Scavenger hunt',
  description:
    'The facilitator prepares hints about a best-practice cluster and reveals them one at a time; participants ' +
    'post their guesses after each hint.',
  source: 'workshop-formats.md §7',
  timings: [
    { step: 'Reveal a hint and collect guesses', minutes: 3, note: 'per hint' },
    { step: 'Resolve and discuss the cluster', minutes: 10, note: 'suggested' },
  ],
  zones: [
    { id: 'hints', role: 'hints', title: 'Hints', order: 0, x: 0, y: 100, w: 500, h: 900 },
    { id: 'guesses', role: 'guesses', title: 'Your guesses', order: 1, x: 540, y: 100, w: 900, h: 900 },
  ],
} satisfies TemplateInput;
