import { describe, expect, it } from 'vitest';
import { JoinLimits } from './join-limits.ts';

describe('JoinLimits', () => {
  it('lets a room behind one address in, one person at a time, and stops the same person looping', () => {
    const limits = new JoinLimits({ perAddress: 100, perLink: 50, perIdentity: 3 });
    for (let i = 0; i < 40; i++) {
      expect(limits.request('10.0.0.1')).toEqual({ ok: true });
      expect(limits.join('w1', `key:${i}`, true)).toEqual({ ok: true });
    }
    expect(limits.join('w1', 'key:0', false).ok).toBe(true);
    expect(limits.join('w1', 'key:0', false).ok).toBe(true);
    const looped = limits.join('w1', 'key:0', false);
    expect(looped).toMatchObject({ ok: false, reason: expect.stringMatching(/very often/) });
  });

  it.each([
    // [case, options, what a script does, the first refused attempt (1-based)]
    ['new people through one link', { perLink: 5 }, (l: JoinLimits, i: number) => l.join('w1', `key:${i}`, true), 6],
    ['requests from one address', { perAddress: 7 }, (l: JoinLimits) => l.request('10.0.0.9'), 8],
    ['one identity retrying', { perIdentity: 2 }, (l: JoinLimits) => l.join('w1', 'ip:10.0.0.9\nEve', true), 3],
  ] as const)('stops %s', (_case, options, attempt, firstRefused) => {
    const limits = new JoinLimits(options);
    const results = Array.from({ length: firstRefused + 1 }, (_, i) => attempt(limits, i).ok);
    expect(results.indexOf(false) + 1).toBe(firstRefused);
    expect(results.slice(firstRefused - 1).every((ok) => !ok)).toBe(true);
  });

  it('counts refused codes per address, and then refuses that address only', () => {
    const limits = new JoinLimits({ failuresPerAddress: 3 });
    for (let i = 0; i < 3; i++) {
      expect(limits.request('10.0.0.66').ok).toBe(true);
      limits.failed('10.0.0.66');
    }
    const refused = limits.request('10.0.0.66');
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/wrong join links/) });
    expect(refused.ok === false && refused.retryAfter).toBeGreaterThan(0);
    expect(limits.request('10.0.0.1').ok).toBe(true);
  });

  it('keeps workshops apart: one link busy, another open', () => {
    const limits = new JoinLimits({ perLink: 1 });
    expect(limits.join('w1', 'key:a', true).ok).toBe(true);
    expect(limits.join('w1', 'key:b', true).ok).toBe(false);
    expect(limits.join('w2', 'key:b', true).ok).toBe(true);
    // A retry of someone already in does not count as a new person.
    expect(limits.join('w1', 'key:a', false).ok).toBe(true);
  });
});
