import { describe, expect, it } from 'vitest';
import { SampleWorkshopSchema, type SampleWorkshopInput } from './sample.ts';

const valid: SampleWorkshopInput = {
  title: 'Day 1',
  date: '2026-03-12',
  agenda: [
    { start: '09:00', end: '10:00', title: 'Breakout', interactive: true },
    { start: '10:00', end: '10:15', title: 'Break', interactive: false },
  ],
  sessions: [{ title: 'Breakout', template: 'challenge-board', groups: [{ name: 'Group 1', challenges: ['Funding'] }] }],
  participants: [{ id: 'p1', name: 'Ada' }],
};

type Edit = (w: SampleWorkshopInput) => SampleWorkshopInput;

describe('SampleWorkshopSchema', () => {
  it('accepts a minimal workshop and fills the profile defaults', () => {
    const parsed = SampleWorkshopSchema.parse(valid);
    expect(parsed.participants[0]).toMatchObject({ v: 2, id: 'p1', name: 'Ada', challenges: [], threeWords: [] });
  });

  it.each<[string, Edit, string]>([
    ['date not ISO', (w) => ({ ...w, date: '12/03/2026' }), 'date'],
    ['date that does not exist', (w) => ({ ...w, date: '2026-02-30' }), 'date'],
    ['time out of range', (w) => ({ ...w, agenda: [{ start: '24:00', end: '24:30', title: 'Late', interactive: false }], sessions: [] }), 'agenda.0.start'],
    ['time without leading zero', (w) => ({ ...w, agenda: [{ start: '9:00', end: '10:00', title: 'Breakout', interactive: true }] }), 'agenda.0.start'],
    ['block ends before it starts', (w) => ({ ...w, agenda: [{ start: '10:00', end: '09:00', title: 'Breakout', interactive: true }] }), 'agenda.0.end'],
    ['blocks overlap', (w) => ({ ...w, agenda: [w.agenda[0]!, { start: '09:30', end: '10:15', title: 'Break', interactive: false }] }), 'agenda.1.start'],
    ['session without an agenda block', (w) => ({ ...w, sessions: [{ ...w.sessions[0]!, title: 'Elsewhere' }] }), 'sessions.0.title'],
    ['template id not kebab-case', (w) => ({ ...w, sessions: [{ ...w.sessions[0]!, template: 'Challenge Board' }] }), 'sessions.0.template'],
    ['session without groups', (w) => ({ ...w, sessions: [{ ...w.sessions[0]!, groups: [] }] }), 'sessions.0.groups'],
    ['group names repeat', (w) => ({ ...w, sessions: [{ ...w.sessions[0]!, groups: [{ name: 'G', challenges: [] }, { name: 'G', challenges: [] }] }] }), 'sessions.0.groups'],
    ['empty challenge title', (w) => ({ ...w, sessions: [{ ...w.sessions[0]!, groups: [{ name: 'G', challenges: [''] }] }] }), 'sessions.0.groups.0.challenges.0'],
    ['duplicate participant id', (w) => ({ ...w, participants: [{ id: 'p1', name: 'Ada' }, { id: 'p1', name: 'Bo' }] }), 'participants.1.id'],
    ['more than 3 challenges in a profile', (w) => ({ ...w, participants: [{ id: 'p1', name: 'Ada', challenges: ['a', 'b', 'c', 'd'] }] }), 'participants.0.challenges'],
    ['no agenda', (w) => ({ ...w, agenda: [], sessions: [] }), 'agenda'],
  ])('rejects: %s (at %s)', (_name, edit, path) => {
    const result = SampleWorkshopSchema.safeParse(edit(valid));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
