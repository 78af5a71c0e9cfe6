/**
 * What a room's participants may write on its board in each phase, the order of the phases, and the
 * suggested phase durations from the board template's timings. The server applies these rules to
 * incoming updates (the UI only mirrors them). `meta` and `zones` are never participant-writable:
 * they shape the board and belong to the facilitator and the server. Locks (control document) come on
 * top: a locked board takes no participant edits whatever the phase.
 */
import { BOARD_MAPS, type BoardMapName } from '../doc/layout.ts';
import type { Phase } from '../schema/control.ts';
import type { Template } from '../schema/template.ts';

/** A board's phase; null when no facilitation runs on it (a free board). */
export type BoardPhase = Phase | null;

const { notes, rootCauses, details, rows, cells, profiles } = BOARD_MAPS;

const writable = (...maps: BoardMapName[]): ReadonlySet<BoardMapName> => new Set(maps);
const NOTHING = writable();

/**
 * Decisions:
 * - ideate: notes only. The root causes were agreed in define; freezing them keeps everybody ideating
 *   against the same understanding. The facilitator can step back to define to reopen them.
 * - vote and select: nothing; votes go to the control document through the server, not on the board.
 * - detail: the detailed best idea, plan rows and canvas cells (the templates that continue into an
 *   action plan or a canvas); notes are frozen so the votes keep counting what people voted on.
 * - setup, present, closed: read-only (arriving, presenting, done).
 */
const WRITABLE: Record<Phase, ReadonlySet<BoardMapName>> = {
  setup: NOTHING,
  define: writable(rootCauses),
  ideate: writable(notes),
  vote: NOTHING,
  select: NOTHING,
  detail: writable(details, rows, cells),
  present: NOTHING,
  closed: NOTHING,
};
const FREE_BOARD = writable(notes, rootCauses, details, rows, cells, profiles);

/** A fresh set on every call: a caller that casts it to Set and adds to it changes nobody's rules. */
export function participantWritableMaps(phase: BoardPhase): ReadonlySet<BoardMapName> {
  return new Set(phase === null ? FREE_BOARD : WRITABLE[phase]);
}

/** The five-stage breakout of workshop-formats.md §2, then the plenary presentation. */
export const PHASE_ORDER = ['define', 'ideate', 'vote', 'select', 'detail', 'present'] as const satisfies readonly Phase[];

const NEXT: Record<Phase, Phase | null> = {
  setup: 'define',
  define: 'ideate',
  ideate: 'vote',
  vote: 'select',
  select: 'detail',
  detail: 'present',
  present: 'closed',
  closed: null,
};

/**
 * The phase a "skip"/"next" moves to: a free board starts in setup, setup -> define -> ... -> present
 * -> closed; null after closed (nothing follows).
 */
export function nextPhase(phase: BoardPhase): Phase | null {
  return phase === null ? 'setup' : NEXT[phase];
}

/**
 * Which template step a phase's duration comes from. Template timings are free-text steps, so they are
 * matched by wording; patterns are tried in this order and a step counts for the first phase it
 * matches ("Trainer selects the most voted solution" is select, "Detail the best idea" is detail).
 */
const STEP_PATTERNS: readonly (readonly [Phase, RegExp])[] = [
  ['define', /\b(define|root causes?)\b/i],
  ['select', /\bselect/i],
  ['vote', /\b(vote|votes|voting)\b/i],
  ['detail', /\bdetail/i],
  ['present', /\b(present|presentation|pitch)/i],
  ['ideate', /\b(post-?its?|ideas?|brainstorm\w*|write solutions|collect)\b/i],
];

export function phaseOfStep(step: string): Phase | null {
  return STEP_PATTERNS.find(([, pattern]) => pattern.test(step))?.[0] ?? null;
}

const MINUTE = 60_000;

/**
 * The template's suggested duration for `phase`, in ms: the minutes of every step matching the phase,
 * each multiplied by `challengeCount` when its note says "per challenge" (dot voting, selecting and
 * detailing repeat for every challenge of the room). Null when the template has no step for the phase
 * (setup and closed never have one).
 */
export function suggestedDurationMs(template: Template, phase: Phase, challengeCount = 1): number | null {
  if (!Number.isInteger(challengeCount) || challengeCount < 0) throw new RangeError(`challengeCount must be a non-negative integer, got ${challengeCount}`);
  let minutes: number | null = null;
  for (const timing of template.timings) {
    if (phaseOfStep(timing.step) !== phase) continue;
    const times = timing.note !== undefined && /\bper challenge\b/i.test(timing.note) ? challengeCount : 1;
    minutes = (minutes ?? 0) + timing.minutes * times;
  }
  return minutes === null ? null : Math.round(minutes * MINUTE);
}
