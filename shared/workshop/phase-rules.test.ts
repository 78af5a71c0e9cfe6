import { describe, expect, it } from 'vitest';
import { PHASES } from '../schema/control.ts';
import { TemplateSchema, type Template } from '../schema/template.ts';
import { nextPhase, participantWritableMaps, PHASE_ORDER, phaseOfStep, suggestedDurationMs, type BoardPhase } from './phase-rules.ts';

describe('participantWritableMaps', () => {
  it.each([
    [null, 'cells details notes profiles rootCauses rows'],
    ['setup', ''],
    ['define', 'rootCauses'],
    ['ideate', 'notes'],
    ['vote', ''],
    ['select', ''],
    ['detail', 'cells details rows'],
    ['present', ''],
    ['closed', ''],
  ] as const)('%s: %s', (phase, expected) => {
    expect([...participantWritableMaps(phase)].sort().join(' ')).toBe(expected);
  });

  it('never lets participants write meta or zones', () => {
    for (const phase of [null, ...PHASES] as BoardPhase[]) {
      const maps = participantWritableMaps(phase);
      expect(maps.has('meta')).toBe(false);
      expect(maps.has('zones')).toBe(false);
    }
  });

  it('hands out a copy: changing it does not change the rules', () => {
    (participantWritableMaps('vote') as Set<string>).add('notes');
    expect(participantWritableMaps('vote').size).toBe(0);
  });
});

describe('nextPhase', () => {
  it.each([
    [null, 'setup'],
    ['setup', 'define'],
    ['define', 'ideate'],
    ['ideate', 'vote'],
    ['vote', 'select'],
    ['select', 'detail'],
    ['detail', 'present'],
    ['present', 'closed'],
    ['closed', null],
  ] as const)('%s -> %s', (phase, expected) => {
    expect(nextPhase(phase)).toBe(expected);
  });

  it('walks PHASE_ORDER', () => {
    expect(PHASE_ORDER).toEqual(['define', 'ideate', 'vote', 'select', 'detail', 'present']);
    for (let i = 0; i + 1 < PHASE_ORDER.length; i++) expect(nextPhase(PHASE_ORDER[i] ?? null)).toBe(PHASE_ORDER[i + 1]);
  });
});

describe('phaseOfStep', () => {
  it.each([
    ['Define the challenge and its root causes', 'define'],
    ['Write solutions on post-its', 'ideate'],
    ['Dot voting', 'vote'],
    ['Trainer selects the most voted solution', 'select'],
    ['Detail the best idea', 'detail'],
    ['Present in the plenary', 'present'],
    ['Pitch it and collect peer feedback', 'present'],
    ['Collect factors', 'ideate'],
    ['Refine the action plan', null],
    ['Round of introductions', null],
  ] as const)('%s -> %s', (step, expected) => {
    expect(phaseOfStep(step)).toBe(expected);
  });
});

describe('suggestedDurationMs', () => {
  // The challenge board's timings (boards/challenge-board.ts), as the template carries them.
  const challengeBoard: Template = TemplateSchema.parse({
    id: 'challenge-board',
    title: 'Solutions to the biggest challenges',
    description: 'five stages',
    timings: [
      { step: 'Define the challenge and its root causes', minutes: 5 },
      { step: 'Write solutions on post-its', minutes: 15 },
      { step: 'Dot voting', minutes: 3, note: 'per challenge' },
      { step: 'Trainer selects the most voted solution', minutes: 1, note: 'per challenge' },
      { step: 'Detail the best idea', minutes: 5, note: 'per challenge' },
      { step: 'Present in the plenary', minutes: 30, note: 'for all groups' },
    ],
    zones: [],
  });
  const actionPlanSession: Template = TemplateSchema.parse({
    id: 'action-plan-individual',
    title: 'Individual action plan',
    description: 'session flow of workshop-formats.md §5',
    timings: [
      { step: 'Refine the action plan', minutes: 60 },
      { step: 'Pitch it and collect peer feedback', minutes: 45 },
      { step: 'Integrate the feedback', minutes: 15 },
    ],
    zones: [],
  });
  const minutes = (ms: number | null): number | null => (ms === null ? null : ms / 60_000);

  it.each([
    ['define: 5 min', challengeBoard, 'define', undefined, 5],
    ['ideate: 15 min, not per challenge', challengeBoard, 'ideate', 4, 15],
    ['vote: 3 min per challenge x 4', challengeBoard, 'vote', 4, 12],
    ['vote: one challenge by default', challengeBoard, 'vote', undefined, 3],
    ['select: 1 min per challenge x 4', challengeBoard, 'select', 4, 4],
    ['detail: 5 min per challenge x 4', challengeBoard, 'detail', 4, 20],
    ['present: 30 min for all groups, not per challenge', challengeBoard, 'present', 4, 30],
    ['setup: no step', challengeBoard, 'setup', 4, null],
    ['closed: no step', challengeBoard, 'closed', 4, null],
    ['action plan: the pitch is the presentation', actionPlanSession, 'present', undefined, 45],
    ['action plan: no voting step', actionPlanSession, 'vote', undefined, null],
  ] as const)('%s', (_name, template, phase, challengeCount, expected) => {
    expect(minutes(suggestedDurationMs(template, phase, challengeCount))).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN])('throws on challengeCount %s', (count) => {
    expect(() => suggestedDurationMs(challengeBoard, 'vote', count)).toThrow(RangeError);
  });
});
