import { describe, expect, it } from 'vitest';
import { priorityMatrix } from './matrix.ts';
import { makeBoard, note, zone } from './test-board.ts';

const quadrants = [
  zone('qw', 'quadrant', { key: 'quick-wins' }),
  zone('mp', 'quadrant', { key: 'major-projects' }),
  zone('fi', 'quadrant', { key: 'fill-ins' }),
  zone('tt', 'quadrant', { key: 'thankless-tasks' }),
  zone('other', 'area'),
];

function run(notes: ReturnType<typeof note>[], zones = quadrants): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of priorityMatrix(makeBoard({ zones, notes })).quadrants) {
    out[q.key] = q.items.map((item) => `${item.note}:${item.status}`).join(' ');
  }
  return out;
}

describe('priorityMatrix', () => {
  it.each([
    ['empty board: four empty quadrants', [], { 'quick-wins': '', 'major-projects': '', 'fill-ins': '', 'thankless-tasks': '' }],
    ['notes land in their quadrant; no status means not started', [note('n1', 'qw', 1), note('n2', 'tt', 2, { status: 'done' })], { 'quick-wins': 'n1:not-started', 'major-projects': '', 'fill-ins': '', 'thankless-tasks': 'n2:done' }],
    ['notes outside the quadrants and blank notes are left out', [note('n1', 'other', 1), note('n2', null, 2), note('n3', 'mp', 3, { text: ' ' })], { 'quick-wins': '', 'major-projects': '', 'fill-ins': '', 'thankless-tasks': '' }],
    ['board order within a quadrant', [note('n2', 'fi', 2, { status: 'in-progress' }), note('n1', 'fi', 1)], { 'quick-wins': '', 'major-projects': '', 'fill-ins': 'n1:not-started n2:in-progress', 'thankless-tasks': '' }],
  ] as const)('%s', (_name, notes, expected) => {
    expect(run([...notes])).toEqual(expected);
  });

  it('counts statuses per quadrant and names impact and effort', () => {
    const result = priorityMatrix(makeBoard({ zones: quadrants, notes: [note('n1', 'qw', 1, { status: 'done' }), note('n2', 'qw', 2)] }));
    expect(result.quadrants[0]).toMatchObject({ key: 'quick-wins', impact: 'high', effort: 'low', status: { 'not-started': 1, 'in-progress': 0, done: 1 } });
  });
});
