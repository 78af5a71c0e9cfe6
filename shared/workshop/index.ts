/** Public surface of the workshop building blocks: pure functions, no clock and no I/O of their own. */
export { assignByPreference, assignEvenly, moveParticipant, roomsFromThemes } from './assign.ts';
export type { Assignment, Ranked } from './assign.ts';
export { extendTimer, isExpired, isRunning, pauseTimer, remainingMs, resumeTimer, startTimer } from './timer.ts';
export type { TimerState } from './timer.ts';
export { displaySeconds, estimateOffset, formatCountdown, serverNow } from './clock.ts';
export type { ClockSample } from './clock.ts';
export { nextPhase, participantWritableMaps, PHASE_ORDER, phaseOfStep, suggestedDurationMs } from './phase-rules.ts';
export type { BoardPhase } from './phase-rules.ts';
export { calledTo, roomsOf } from './landing.ts';
export { AgendaBlockSchema, ClockTime, SampleWorkshopSchema, SessionSchema } from './sample.ts';
export type { AgendaBlock, SampleWorkshop, SampleWorkshopInput, Session } from './sample.ts';
