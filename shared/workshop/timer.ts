/**
 * Server-authoritative phase timers. The control document stores a TimerState (the shape of
 * shared/schema/control.ts's Timer without its id and label); these functions are the only
 * transitions. All times are milliseconds on the server's clock: the server passes its own `now`,
 * clients pass their estimate of it (clock.ts). A running timer stores only its end time, so
 * it needs no ticking writes; a paused one stores what is left.
 */

/** Running: `endsAt` set, `remainingMs` null. Paused: `endsAt` null, `remainingMs` set. */
export type TimerState = { endsAt: number | null; remainingMs: number | null };

function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${value}`);
  return value;
}

function nonNegative(value: number, what: string): number {
  if (finite(value, what) < 0) throw new RangeError(`${what} must not be negative, got ${value}`);
  return value;
}

/** Which of the two states `s` is in; throws on a state that is neither (both or no fields set). */
function mode(s: TimerState): 'running' | 'paused' {
  if (s.endsAt !== null && s.remainingMs === null) {
    finite(s.endsAt, 'endsAt');
    return 'running';
  }
  if (s.endsAt === null && s.remainingMs !== null) {
    nonNegative(s.remainingMs, 'remainingMs');
    return 'paused';
  }
  throw new RangeError('a timer has exactly one of endsAt and remainingMs');
}

export function isRunning(s: TimerState): boolean {
  return mode(s) === 'running';
}

export function startTimer(durationMs: number, now: number): TimerState {
  nonNegative(durationMs, 'durationMs');
  return { endsAt: finite(now, 'now') + durationMs, remainingMs: null };
}

/** Pausing a paused timer changes nothing. Pausing after the end keeps 0 left. */
export function pauseTimer(s: TimerState, now: number): TimerState {
  finite(now, 'now');
  if (mode(s) === 'paused') return { ...s };
  return { endsAt: null, remainingMs: Math.max(0, (s.endsAt as number) - now) };
}

/** Resuming a running timer changes nothing. */
export function resumeTimer(s: TimerState, now: number): TimerState {
  finite(now, 'now');
  if (mode(s) === 'running') return { ...s };
  return { endsAt: now + (s.remainingMs as number), remainingMs: null };
}

/**
 * Adds `byMs` (negative shortens) to what is left, running or paused, never going below 0 left.
 * What is left is counted from `now`: extending a timer that already ran out by 2 minutes gives
 * 2 minutes from now, not 2 minutes after the old end.
 */
export function extendTimer(s: TimerState, byMs: number, now: number): TimerState {
  finite(byMs, 'byMs');
  finite(now, 'now');
  const left = Math.max(0, remainingMs(s, now) + byMs);
  return mode(s) === 'running' ? { endsAt: now + left, remainingMs: null } : { endsAt: null, remainingMs: left };
}

/** Milliseconds left at `serverNow`, never negative. */
export function remainingMs(s: TimerState, serverNow: number): number {
  finite(serverNow, 'serverNow');
  return mode(s) === 'running' ? Math.max(0, (s.endsAt as number) - serverNow) : (s.remainingMs as number);
}

/** True once nothing is left, whether running or paused at 0. */
export function isExpired(s: TimerState, serverNow: number): boolean {
  return remainingMs(s, serverNow) === 0;
}
