import { describe, expect, it } from 'vitest';
import { mapCaret } from './caret.ts';

describe('mapCaret', () => {
  it.each([
    // before, after, caret, expected
    ['coffee talks', 'coffee talks monthly', 3, 3], // edit after the caret: stays
    ['coffee talks', 'Coffee talks', 6, 6], // same length, before the caret: stays
    ['coffee talks', 'our coffee talks', 6, 10], // insertion before the caret: shifts
    ['our coffee talks', 'coffee talks', 10, 6], // deletion before the caret: shifts back
    ['coffee talks', 'coffee chats', 9, 11], // caret inside the replaced span ('talk' -> 'chat'): after its new text
    ['', 'hello', 0, 0],
    ['abc', 'abc', 2, 2],
  ])('%j -> %j, caret %i -> %i', (before, after, caret, expected) => {
    expect(mapCaret(before, after, caret)).toBe(expected);
  });
});
