import { describe, expect, it } from 'vitest';
import { notesWritable, textPermission, type Writer } from './permissions.ts';

const participant = (phase: Writer['phase'], extra: Partial<Writer> = {}): Writer => ({ role: 'edit', workshop: true, facilitator: false, phase, locked: false, ...extra });

describe('textPermission', () => {
  it.each([
    ['free board: anybody with the edit link', 'details', { role: 'edit', workshop: false, facilitator: false, phase: null, locked: false }, true, null],
    ['view link', 'details', { role: 'view', workshop: false, facilitator: false, phase: null, locked: false }, false, 'Opened with a view link'],
    ['participant, details in detail', 'details', participant('detail'), true, null],
    ['participant, details in ideate', 'details', participant('ideate'), false, 'Opens in the "Detail the best idea" phase'],
    ['participant, root causes in define', 'rootCauses', participant('define'), true, null],
    ['participant, root causes in detail', 'rootCauses', participant('detail'), false, 'Opens in the "Define the challenge" phase'],
    ['participant, locked board', 'details', participant('detail', { locked: true }), false, 'The facilitator has locked the board'],
    ['facilitator, any phase', 'rootCauses', participant('vote', { facilitator: true }), true, null],
    ['facilitator, locked board', 'details', participant('detail', { facilitator: true, locked: true }), false, 'The facilitator has locked the board'],
  ] as const)('%s', (_name, kind, who, writable, reason) => {
    expect(textPermission(kind, who as Writer)).toEqual({ writable, reason });
  });
});

describe('notesWritable', () => {
  it.each([
    ['ideate', participant('ideate'), false, true],
    ['detail', participant('detail'), false, false],
    ['detail with new notes allowed', participant('detail'), true, true],
    ['locked', participant('ideate', { locked: true }), false, false],
    ['facilitator in vote', participant('vote', { facilitator: true }), false, true],
    ['viewer', { ...participant('ideate'), role: 'view' as const }, false, false],
  ] as const)('%s', (_name, who, allow, expected) => {
    expect(notesWritable(who, allow)).toBe(expected);
  });
});
