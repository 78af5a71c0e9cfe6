/**
 * Named writes to a workshop's control document (layout in layout.ts). Only the server calls these,
 * after checking role, phase and budget; clients receive the document read-only. Each accessor is one
 * `doc.transact`. Values are plain objects: the server is the only writer, so field-level merging
 * inside a vote or a timer buys nothing.
 */
import * as Y from 'yjs';
import { LockSchema, PHASES, SelectionSchema, TimerSchema, type Phase } from '../schema/control.ts';
import { VoteSchema } from '../schema/vote.ts';
import type { z } from 'zod';
import { CONTROL_MAPS, lockKey, selectionKey, voteKey } from './layout.ts';

function boardSettings(control: Y.Doc, board: string): Y.Map<unknown> {
  const boards = control.getMap<unknown>(CONTROL_MAPS.boards);
  const current = boards.get(board);
  if (current instanceof Y.Map) return current;
  const created = new Y.Map<unknown>();
  boards.set(board, created);
  return created;
}

/** Sets the phase of one board, or the workshop-wide phase when `board` is null. */
export function setPhase(control: Y.Doc, board: string | null, phase: Phase, origin?: unknown): void {
  if (!PHASES.includes(phase)) throw new Error(`unknown phase ${String(phase)}`);
  control.transact(() => {
    const target = board === null ? control.getMap<unknown>(CONTROL_MAPS.workshop) : boardSettings(control, board);
    target.set('phase', phase);
  }, origin);
}

/** Dots per person per challenge, for one board or (board null) the whole workshop. */
export function setVoteBudget(control: Y.Doc, board: string | null, budget: number, origin?: unknown): void {
  if (!Number.isInteger(budget) || budget < 0 || budget > 100) throw new Error(`invalid vote budget ${budget}`);
  control.transact(() => {
    const target = board === null ? control.getMap<unknown>(CONTROL_MAPS.workshop) : boardSettings(control, board);
    target.set('voteBudget', budget);
  }, origin);
}

export function revealResults(control: Y.Doc, board: string, revealed: boolean, origin?: unknown): void {
  control.transact(() => boardSettings(control, board).set('resultsRevealed', revealed), origin);
}

/**
 * How many hints of a scavenger hunt are out, and (`total`) how many exist in all: the hidden ones are
 * kept off the board (hidden-hints.ts), so the board alone cannot count them.
 */
export function revealHints(control: Y.Doc, board: string, count: number, origin?: unknown, total?: number): void {
  if (!Number.isInteger(count) || count < 0) throw new Error(`invalid hint count ${count}`);
  if (total !== undefined && (!Number.isInteger(total) || total < count)) throw new Error(`invalid hint total ${total}`);
  control.transact(() => {
    const settings = boardSettings(control, board);
    settings.set('hintsRevealed', count);
    if (total !== undefined) settings.set('hintsTotal', total);
  }, origin);
}

/**
 * Records one dot. Idempotent: voting twice for the same note keeps the first vote (and its time,
 * which the budget rule orders by). Returns false when the vote already existed.
 */
export function vote(
  control: Y.Doc,
  input: { board: string; voter: string; note: string; at: number },
  origin?: unknown,
): boolean {
  const parsed = VoteSchema.parse(input);
  const key = voteKey(parsed.board, parsed.voter, parsed.note);
  let added = false;
  control.transact(() => {
    const votes = control.getMap<unknown>(CONTROL_MAPS.votes);
    if (votes.has(key)) return;
    votes.set(key, { board: parsed.board, voter: parsed.voter, note: parsed.note, at: parsed.at });
    added = true;
  }, origin);
  return added;
}

export function unvote(control: Y.Doc, input: { board: string; voter: string; note: string }, origin?: unknown): boolean {
  const key = voteKey(input.board, input.voter, input.note);
  let removed = false;
  control.transact(() => {
    const votes = control.getMap<unknown>(CONTROL_MAPS.votes);
    removed = votes.has(key);
    votes.delete(key);
  }, origin);
  return removed;
}

/** The facilitator's pick of the winning idea for a challenge. */
export function select(
  control: Y.Doc,
  input: { board: string; challenge: string; note: string; by?: string; at?: number },
  origin?: unknown,
): void {
  const parsed = SelectionSchema.parse(input);
  control.transact(() => {
    control.getMap<unknown>(CONTROL_MAPS.selections).set(selectionKey(parsed.board, parsed.challenge), {
      board: parsed.board,
      challenge: parsed.challenge,
      note: parsed.note,
      by: parsed.by,
      at: parsed.at,
    });
  }, origin);
}

export function unselect(control: Y.Doc, board: string, challenge: string, origin?: unknown): void {
  control.transact(() => control.getMap<unknown>(CONTROL_MAPS.selections).delete(selectionKey(board, challenge)), origin);
}

/** Starts, pauses, extends or resumes a timer: the server writes its whole state each time. */
export function setTimer(control: Y.Doc, timer: z.input<typeof TimerSchema>, origin?: unknown): void {
  const parsed = TimerSchema.parse(timer);
  control.transact(() => {
    control.getMap<unknown>(CONTROL_MAPS.timers).set(parsed.id, {
      id: parsed.id,
      board: parsed.board,
      label: parsed.label,
      endsAt: parsed.endsAt,
      remainingMs: parsed.remainingMs,
    });
  }, origin);
}

export function clearTimer(control: Y.Doc, id: string, origin?: unknown): void {
  control.transact(() => control.getMap<unknown>(CONTROL_MAPS.timers).delete(id), origin);
}

/** Locks a zone, or the whole board when `zone` is null/absent. */
export function lock(
  control: Y.Doc,
  input: { board: string; zone?: string | null; by?: string; at?: number },
  origin?: unknown,
): void {
  const parsed = LockSchema.parse(input);
  control.transact(() => {
    control.getMap<unknown>(CONTROL_MAPS.locks).set(lockKey(parsed.board, parsed.zone), {
      board: parsed.board,
      zone: parsed.zone,
      by: parsed.by,
      at: parsed.at,
    });
  }, origin);
}

export function unlock(control: Y.Doc, board: string, zone: string | null = null, origin?: unknown): void {
  control.transact(() => control.getMap<unknown>(CONTROL_MAPS.locks).delete(lockKey(board, zone)), origin);
}
