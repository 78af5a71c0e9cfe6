import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displaySeconds, estimateOffset, formatCountdown, serverNow, type ClockSample } from './clock.ts';
import { remainingMs, startTimer } from './timer.ts';

const sample = (sentAt: number, server: number, receivedAt: number): ClockSample => ({ sentAt, serverNow: server, receivedAt });

describe('estimateOffset', () => {
  it.each([
    ['same clocks, instant answer', [sample(1000, 1000, 1000)], 0],
    ['server 5 min ahead, 100 ms each way', [sample(0, 300_100, 200)], 300_000],
    ['server 5 min behind', [sample(1_000_000, 700_050, 1_000_100)], -300_000],
    ['shortest round trip wins', [sample(0, 10_500, 1000), sample(2000, 12_010, 2020), sample(3000, 13_400, 3800)], 10_000],
    ['first sample on equal round trips', [sample(0, 5, 10), sample(100, 200, 110)], 0],
    ['negative round trip (clock set back) is skipped', [sample(100, 0, 50), sample(0, 1005, 10)], 1000],
    ['non-finite samples are skipped', [sample(Number.NaN, 0, 0), sample(0, Infinity, 1), sample(0, 7, 2)], 6],
  ])('%s', (_name, samples, expected) => {
    expect(estimateOffset(samples)).toBe(expected);
  });

  it.each([
    ['empty list', []],
    ['no usable sample', [sample(10, 0, 5)]],
  ])('throws a RangeError: %s', (_name, samples) => {
    expect(() => estimateOffset(samples)).toThrow(RangeError);
  });

  const ms = fc.integer({ min: 0, max: 2_000_000_000 });
  const skew = fc.integer({ min: -3_600_000, max: 3_600_000 });
  const delay = fc.integer({ min: 0, max: 5_000 });

  it('is exact for symmetric delays', () => {
    fc.assert(
      fc.property(ms, skew, delay, (sentAt, offset, oneWay) => {
        // The server stamps its answer half-way: local time sentAt + oneWay is server time + offset.
        expect(estimateOffset([sample(sentAt, sentAt + oneWay + offset, sentAt + 2 * oneWay)])).toBe(offset);
      }),
    );
  });

  it('uses the sample with the smallest round trip, so its error is at most half of that round trip', () => {
    const trip = fc.record({ sentAt: ms, up: delay, down: delay });
    fc.assert(
      fc.property(skew, fc.array(trip, { minLength: 1, maxLength: 8 }), (offset, trips) => {
        const samples = trips.map(({ sentAt, up, down }) => sample(sentAt, sentAt + up + offset, sentAt + up + down));
        const rtts = trips.map(({ up, down }) => up + down);
        const best = rtts.indexOf(Math.min(...rtts));
        const chosen = trips[best] as (typeof trips)[number];
        const estimate = estimateOffset(samples);
        expect(estimate).toBe(offset + (chosen.up - chosen.down) / 2);
        expect(Math.abs(estimate - offset)).toBeLessThanOrEqual((rtts[best] as number) / 2);
      }),
    );
  });
});

describe('serverNow', () => {
  it('adds the offset', () => {
    expect(serverNow(1_000, 300_000)).toBe(301_000);
    expect(serverNow(1_000, -300_000)).toBe(-299_000);
  });
});

describe('displaySeconds / formatCountdown', () => {
  it.each([
    [60_000, 60, '1:00'],
    [59_001, 60, '1:00'],
    [59_000, 59, '0:59'],
    [1, 1, '0:01'],
    [0, 0, '0:00'],
    [-5_000, 0, '0:00'],
    [3_600_000, 3600, '1:00:00'],
    [3_661_000, 3661, '1:01:01'],
  ])('%d ms -> %d s, %s', (remaining, seconds, text) => {
    expect(displaySeconds(remaining)).toBe(seconds);
    expect(formatCountdown(remaining)).toBe(text);
  });

  it('throws on NaN', () => {
    expect(() => displaySeconds(Number.NaN)).toThrow(RangeError);
  });

  it('screens with clocks skewed by up to 5 minutes show the same second once they know their offset', () => {
    const timer = startTimer(15 * 60_000, 1_000_000);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -300_000, max: 300_000 }), { minLength: 2, maxLength: 6 }), fc.integer({ min: 900_000, max: 2_000_000 }), (skews, trueServerTime) => {
        const shown = skews.map((skewMs) => {
          const localNow = trueServerTime - skewMs;
          // a ping with a symmetric 40 ms round trip, answered just now
          const offset = estimateOffset([sample(localNow - 40, trueServerTime - 20, localNow)]);
          return displaySeconds(remainingMs(timer, serverNow(localNow, offset)));
        });
        expect(new Set(shown).size).toBe(1);
      }),
    );
  });
});
