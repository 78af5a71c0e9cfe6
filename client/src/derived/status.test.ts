import { describe, expect, it } from 'vitest';
import { nextStatus } from './status.ts';

describe('nextStatus', () => {
  it.each([
    [undefined, 'in-progress'],
    ['not-started', 'in-progress'],
    ['in-progress', 'done'],
    ['done', 'not-started'],
  ] as const)('%s -> %s', (status, expected) => {
    expect(nextStatus(status)).toBe(expected);
  });
});
