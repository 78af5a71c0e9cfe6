import { describe, expect, it } from 'vitest';
import { makeBoard, note, votes, zone } from '../../../shared/reducers/test-board.ts';
import { decodeDecor, encodeDecor, NO_DECOR, noteDecorations } from './decor.ts';

const challenges = [zone('c1', 'challenge', { number: 1 }), zone('c2', 'challenge', { number: 2 })];

describe('noteDecorations', () => {
  it.each([
    ['no votes, no pick: nothing', { zones: challenges, notes: [note('a', 'c1', 1)] }, {}],
    ['the facilitator pick wins', { zones: challenges, notes: [note('a', 'c1', 1), note('b', 'c1', 2)], selections: { c1: 'b' } }, { b: 'wf1' }],
    ['without a pick, the most voted (revealed) idea', { zones: challenges, notes: [note('a', 'c1', 1), note('b', 'c2', 2)], votes: votes('v1:b v2:b') }, { b: 'wt2' }],
    ['hints numbered in board order, beyond the revealed count hidden', { zones: [zone('h', 'hints')], notes: [note('x', 'h', 2), note('y', 'h', 1), note('blank', 'h', 3, { text: ' ' })], hints: 1 }, { y: 'h1', x: 'h2x' }],
    ['notes in quadrants carry a status chip', { zones: [zone('q', 'quadrant', { key: 'quick-wins' }), zone('o', 'area')], notes: [note('a', 'q', 1), note('b', 'o', 2)] }, { a: 's' }],
  ] as const)('%s', (_name, parts, expected) => {
    const { hints, ...rest } = parts as typeof parts & { hints?: number };
    const board = makeBoard({ ...rest, zones: [...rest.zones], notes: [...rest.notes] });
    const withHints = { ...board, control: { ...board.control, hintsRevealed: hints ?? 0 } };
    expect(Object.fromEntries(noteDecorations(withHints))).toEqual(expected);
  });

  it.each([
    [{ ...NO_DECOR }, ''],
    [{ ...NO_DECOR, winner: 'facilitator', challenge: 3 }, 'wf3'],
    [{ ...NO_DECOR, hint: 12, hintHidden: true, chip: true }, 'h12x s'],
  ] as const)('encodes %j as %j and back', (decor, encoded) => {
    expect(encodeDecor(decor)).toBe(encoded);
    expect(decodeDecor(encoded)).toEqual(decor);
  });
});
