import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { service } from '../tests/helpers/services.ts';
import { JoinLimits, type JoinLimitOptions } from './join-limits.ts';

const redisService = await service('redis');
const redis = redisService.up ? new Redis(redisService.url) : null;
if (redis && redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
afterAll(() => redis?.disconnect());
let prefixes = 0;
/** A fresh Redis prefix per JoinLimits group, so runs and test files never share counts. */
const inRedis = () => (redis ? { client: redis, prefix: `plenary-test-${process.pid}-${Date.now().toString(36)}-${prefixes++}:` } : undefined);

const stores: [string, boolean][] = [['in process memory', true], ['in Redis', redis !== null]];

describe.each(stores)('JoinLimits, counted %s', (where, run) => {
  const make = (options: Partial<JoinLimitOptions>, shared = where === 'in Redis' ? inRedis() : undefined) => new JoinLimits({ ...options, ...(shared ? { redis: shared } : {}) });

  it.runIf(run)('lets a room behind one address in, one person at a time, and stops the same person looping', async () => {
    const limits = make({ perAddress: 100, perLink: 50, perIdentity: 3 });
    for (let i = 0; i < 40; i++) {
      expect(await limits.request('10.0.0.1')).toEqual({ ok: true });
      expect(await limits.join('w1', `key:${i}`, true)).toEqual({ ok: true });
    }
    expect((await limits.join('w1', 'key:0', false)).ok).toBe(true);
    expect((await limits.join('w1', 'key:0', false)).ok).toBe(true);
    const looped = await limits.join('w1', 'key:0', false);
    expect(looped).toMatchObject({ ok: false, reason: expect.stringMatching(/very often/) });
  });

  it.runIf(run).each([
    // [case, options, what a script does, the first refused attempt (1-based)]
    ['new people through one link', { perLink: 5 }, (l: JoinLimits, i: number) => l.join('w1', `key:${i}`, true), 6],
    ['requests from one address', { perAddress: 7 }, (l: JoinLimits) => l.request('10.0.0.9'), 8],
    ['one identity retrying', { perIdentity: 2 }, (l: JoinLimits) => l.join('w1', 'ip:10.0.0.9\nEve', true), 3],
  ] as const)('stops %s', async (_case, options, attempt, firstRefused) => {
    const limits = make(options);
    const results: boolean[] = [];
    for (let i = 0; i < firstRefused + 1; i++) results.push((await attempt(limits, i)).ok);
    expect(results.indexOf(false) + 1).toBe(firstRefused);
    expect(results.slice(firstRefused - 1).every((ok) => !ok)).toBe(true);
  });

  it.runIf(run)('counts refused codes per address, and then refuses that address only', async () => {
    const limits = make({ failuresPerAddress: 3 });
    for (let i = 0; i < 3; i++) {
      expect((await limits.request('10.0.0.66')).ok).toBe(true);
      await limits.failed('10.0.0.66');
    }
    const refused = await limits.request('10.0.0.66');
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/wrong join links/) });
    expect(refused.ok === false && refused.retryAfter).toBeGreaterThan(0);
    expect((await limits.request('10.0.0.1')).ok).toBe(true);
  });

  it.runIf(run)('keeps workshops apart: one link busy, another open', async () => {
    const limits = make({ perLink: 1 });
    expect((await limits.join('w1', 'key:a', true)).ok).toBe(true);
    expect((await limits.join('w1', 'key:b', true)).ok).toBe(false);
    expect((await limits.join('w2', 'key:b', true)).ok).toBe(true);
    // A retry of someone already in does not count as a new person.
    expect((await limits.join('w1', 'key:a', false)).ok).toBe(true);
  });
});

describe.skipIf(!redis)('JoinLimits across processes', () => {
  it('two processes on one Redis count together: a limit of 6 is 6 in all, not 6 each', async () => {
    const shared = inRedis();
    const [a, b] = [new JoinLimits({ perLink: 6, redis: shared! }), new JoinLimits({ perLink: 6, redis: shared! })];
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).join('w1', `key:${i}`, true)));
    expect(results.filter((r) => r.ok).length).toBe(6);
  });
});
