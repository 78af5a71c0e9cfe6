import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendTimer, isExpired, isRunning, pauseTimer, remainingMs, resumeTimer, startTimer, type TimerState } from './timer.ts';

const running = (endsAt: number): TimerState => ({ endsAt, remainingMs: null });
const paused = (left: number): TimerState => ({ endsAt: null, remainingMs: left });

describe('timer transitions', () => {
  it.each([
    ['start', startTimer(60_000, 1_000), running(61_000)],
    ['start with 0', startTimer(0, 1_000), running(1_000)],
    ['pause keeps what is left', pauseTimer(running(61_000), 31_000), paused(30_000)],
    ['pause after the end keeps 0', pauseTimer(running(61_000), 99_000), paused(0)],
    ['pause a paused timer: unchanged', pauseTimer(paused(5_000), 99_000), paused(5_000)],
    ['resume ends what is left from now', resumeTimer(paused(30_000), 500_000), running(530_000)],
    ['resume a running timer: unchanged', resumeTimer(running(10), 500_000), running(10)],
    ['extend running', extendTimer(running(61_000), 120_000, 31_000), running(181_000)],
    ['extend paused', extendTimer(paused(30_000), 60_000, 0), paused(90_000)],
    ['shorten running', extendTimer(running(61_000), -20_000, 31_000), running(41_000)],
    ['shorten below 0 stops at 0 (running)', extendTimer(running(61_000), -60_000, 31_000), running(31_000)],
    ['shorten below 0 stops at 0 (paused)', extendTimer(paused(30_000), -60_000, 0), paused(0)],
    ['extend after the end counts from now', extendTimer(running(61_000), 120_000, 100_000), running(220_000)],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it.each([
    ['running, before the end', running(10_000), 4_000, 6_000, false],
    ['running, at the end', running(10_000), 10_000, 0, true],
    ['running, after the end: never negative', running(10_000), 12_000, 0, true],
    ['paused: time does not pass', paused(6_000), 1e12, 6_000, false],
    ['paused at 0', paused(0), 0, 0, true],
  ])('remainingMs / isExpired: %s', (_name, state, now, left, expired) => {
    expect(remainingMs(state, now)).toBe(left);
    expect(isExpired(state, now)).toBe(expired);
  });

  it.each([
    ['negative duration', () => startTimer(-1, 0)],
    ['NaN duration', () => startTimer(Number.NaN, 0)],
    ['infinite duration', () => startTimer(Infinity, 0)],
    ['NaN now', () => startTimer(1, Number.NaN)],
    ['NaN extension', () => extendTimer(running(1), Number.NaN, 0)],
    ['NaN pause time', () => pauseTimer(running(1), Number.NaN)],
    ['NaN resume time', () => resumeTimer(paused(1), Number.NaN)],
    ['NaN serverNow', () => remainingMs(running(1), Number.NaN)],
    ['state with neither field', () => remainingMs({ endsAt: null, remainingMs: null }, 0)],
    ['state with both fields', () => pauseTimer({ endsAt: 1, remainingMs: 1 }, 0)],
    ['paused with negative remaining', () => resumeTimer(paused(-1), 0)],
    ['running with NaN end', () => isExpired(running(Number.NaN), 0)],
  ])('throws a RangeError: %s', (_name, run) => {
    expect(run).toThrow(RangeError);
  });

  it('isRunning tells the two states apart', () => {
    expect(isRunning(running(1))).toBe(true);
    expect(isRunning(paused(1))).toBe(false);
  });

  it('does not mutate the state it is given', () => {
    const state = Object.freeze(running(10_000));
    expect(() => [pauseTimer(state, 1), resumeTimer(state, 1), extendTimer(state, 5, 1)]).not.toThrow();
    expect(state).toEqual(running(10_000));
  });

  const ms = fc.integer({ min: 0, max: 4 * 3_600_000 });

  it('pause then resume, any time later, keeps the time left constant', () => {
    fc.assert(
      fc.property(ms, ms, ms, ms, (duration, startAt, runFor, pausedFor) => {
        const started = startTimer(duration, startAt);
        const pauseAt = startAt + runFor;
        const left = remainingMs(started, pauseAt);
        const p = pauseTimer(started, pauseAt);
        expect(remainingMs(p, pauseAt + pausedFor)).toBe(left);
        const resumed = resumeTimer(p, pauseAt + pausedFor);
        expect(remainingMs(resumed, pauseAt + pausedFor)).toBe(left);
        // and it then runs down one ms per ms again
        expect(remainingMs(resumed, pauseAt + pausedFor + 1)).toBe(Math.max(0, left - 1));
      }),
    );
  });

  it('extending adds exactly byMs to what is left (floored at 0), running or paused', () => {
    fc.assert(
      fc.property(ms, ms, fc.integer({ min: -3_600_000, max: 3_600_000 }), fc.boolean(), (duration, at, by, pause) => {
        const started = startTimer(duration, 0);
        const state = pause ? pauseTimer(started, at) : started;
        const extended = extendTimer(state, by, at);
        expect(isRunning(extended)).toBe(!pause);
        expect(remainingMs(extended, at)).toBe(Math.max(0, remainingMs(state, at) + by));
      }),
    );
  });
});
