import { describe, expect, it } from 'vitest';
import { GROUP_1, GROUP_2 } from '../shared/reducers/fixtures/booster-academy.ts';
import { PHASE_ORDER, suggestedDurationMs } from '../shared/workshop/phase-rules.ts';
import { SampleWorkshopSchema } from '../shared/workshop/sample.ts';
import { getTemplate, isTemplateId } from './index.ts';
import { SAMPLE_CHALLENGES, sampleTrainingDay, sampleTrainingDaySource } from './sample-training-day.ts';

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const blockMinutes = (title: string): number => {
  const block = sampleTrainingDay.agenda.find((b) => b.title === title);
  if (block === undefined) throw new Error(`no agenda block ${title}`);
  return minutesOf(block.end) - minutesOf(block.start);
};

describe('sample training day', () => {
  it('validates against SampleWorkshopSchema', () => {
    const result = SampleWorkshopSchema.safeParse(sampleTrainingDaySource);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('has the blocks of the in-person day, in order', () => {
    const titles = sampleTrainingDay.agenda.filter((block) => block.interactive).map((block) => block.title);
    expect(titles.map((title) => title.split(/[:\s]/)[0])).toEqual(['Share', 'Breakout', 'Value', 'Action', 'Matchmaking', 'Feedback']);
  });

  it('uses only templates that exist', () => {
    for (const session of sampleTrainingDay.sessions) expect(isTemplateId(session.template), session.template).toBe(true);
  });

  it('runs the breakout with the 8 challenges of workshop-formats.md in 2 groups (1-4, 5-8)', () => {
    const breakout = sampleTrainingDay.sessions.find((session) => session.title.startsWith('Breakout'));
    expect(breakout?.template).toBe('challenge-board');
    expect(breakout?.groups.map((group) => group.challenges)).toEqual([GROUP_1.map((c) => c.title), GROUP_2.map((c) => c.title)]);
    expect(SAMPLE_CHALLENGES).toHaveLength(8);
  });

  it('gives every challenge-board room its suggested durations, and the breakout block fits them', () => {
    const template = getTemplate('challenge-board');
    if (template === undefined) throw new Error('challenge-board template missing');
    const breakout = sampleTrainingDay.sessions.find((session) => session.title.startsWith('Breakout'));
    for (const group of breakout?.groups ?? []) {
      const durations = PHASE_ORDER.map((phase) => suggestedDurationMs(template, phase, group.challenges.length));
      expect(durations.every((ms) => ms !== null && ms > 0)).toBe(true);
      const total = durations.reduce<number>((sum, ms) => sum + (ms ?? 0), 0) / 60_000;
      expect(total).toBe(86);
      expect(total).toBeLessThanOrEqual(blockMinutes(breakout?.title ?? ''));
    }
  });

  it('splits share & learn and the breakout into two groups', () => {
    for (const prefix of ['Share', 'Breakout']) {
      const session = sampleTrainingDay.sessions.find((s) => s.title.startsWith(prefix));
      expect(session?.groups.map((group) => group.name)).toEqual(['Group 1', 'Group 2']);
    }
  });

  it('has about ten participants with a complete profile', () => {
    expect(sampleTrainingDay.participants.length).toBeGreaterThanOrEqual(8);
    expect(sampleTrainingDay.participants.length).toBeLessThanOrEqual(12);
    for (const p of sampleTrainingDay.participants) {
      expect(p.name && p.role && p.clusterName && p.region && p.country && p.expectation, p.id).toBeTruthy();
      expect(p.challenges, p.id).toHaveLength(3);
      expect(p.threeWords, p.id).toHaveLength(3);
      expect(p.ecosystems.length, p.id).toBeGreaterThan(0);
      expect(p.yearJoined !== null && p.clusterEstablished !== null && p.clusterEstablished <= p.yearJoined, p.id).toBe(true);
    }
  });
});
