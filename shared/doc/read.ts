/**
 * readBoard: a board document (and optionally the workshop's control document) -> plain, validated
 * `Board` data plus a list of problems. It never throws: whatever a misbehaving or older client wrote
 * (wrong types, missing fields, unknown keys, a vote for a deleted note, a selection of a note from
 * another challenge) is repaired with a stated default or skipped, and reported. Every collection is
 * read in sorted key order and sorted on output, so two replicas that hold the same state give
 * identical output whatever order their updates arrived in.
 */
import * as Y from 'yjs';
import { BoardMetaSchema, EMPTY_CONTROL, type Board, type BoardControlView, type BoardMeta } from '../schema/board.ts';
import type { CanvasCell } from '../schema/canvas-cell.ts';
import type { Challenge } from '../schema/challenge.ts';
import { DEFAULT_VOTE_BUDGET, LockSchema, PHASES, SelectionSchema, TimerSchema, type Lock, type Phase, type Timer } from '../schema/control.ts';
import { isPlainObject } from '../schema/migrate.ts';
import type { Note } from '../schema/note.ts';
import type { PlanRow } from '../schema/plan-row.ts';
import { profileRecord, type ParticipantProfile } from '../schema/profile.ts';
import { castOrder, VoteSchema, type Vote } from '../schema/vote.ts';
import type { Zone } from '../schema/zone.ts';
import { BOARD_MAPS, CONTROL_MAPS } from './layout.ts';
import { META_REPAIRS, NOTE_SPEC, Problems, ROW_SPEC, ZONE_SPEC, compareStrings, evaluateKeyed, kindOf, parseRepairing, readKeyed, recordOf, replay, settled, sortedEntries, sortedKeys, textOf, trackerOf, type Outcome, type Tracker } from './read-records.ts';

export type ReadResult = { board: Board; problems: string[] };
export type ReadOptions = {
  /** The board's id in the control document; defaults to the id in the board's `meta` map. */
  boardId?: string;
  /** Reuse the parse of records unchanged since the last read (default true; false for benchmarks). */
  cache?: boolean;
  /**
   * Count these votes instead of the control document's (the server's hidden votes, for the
   * facilitator's results); they get the same checks (deleted notes, other boards, one per voter and note).
   */
  votes?: Iterable<unknown>;
};

function readMeta(doc: Y.Doc, options: ReadOptions, problems: Problems): BoardMeta {
  const raw = recordOf(doc.getMap(BOARD_MAPS.meta)) ?? {};
  const id = options.boardId ?? (typeof raw['id'] === 'string' && raw['id'] !== '' ? raw['id'] : undefined);
  if (id === undefined) problems.add('meta: board has no id');
  const parsed = parseRepairing(BoardMetaSchema, { ...raw, id: id ?? 'unknown' }, META_REPAIRS);
  if (parsed.ok) {
    if (parsed.repaired.length > 0) problems.add(`meta: repaired ${parsed.repaired.join(', ')}`);
    return parsed.value;
  }
  problems.add(`meta: ${parsed.error}`);
  return { v: 1, id: id ?? 'unknown', title: '', templateId: null, createdAt: 0 };
}

function readZones(doc: Y.Doc, problems: Problems, useCache: boolean): Zone[] {
  const zones: Zone[] = [];
  for (const [key, value] of sortedEntries(doc.getMap<unknown>(BOARD_MAPS.zones))) {
    const zone = readKeyed(ZONE_SPEC, key, value, problems, useCache) as Zone | null;
    if (zone !== null) zones.push(zone);
  }
  return zones.sort((a, b) => a.order - b.order || compareStrings(a.id, b.id));
}

function readNotes(doc: Y.Doc, zoneIds: ReadonlySet<string>, problems: Problems, useCache: boolean): Note[] {
  const map = notesOf(doc);
  let outcomes: ReadonlyMap<string, Outcome>;
  let keys: string[];
  let tracker: Tracker | undefined;
  if (!useCache) {
    const entries = sortedEntries(map);
    keys = entries.map(([key]) => key);
    outcomes = new Map(entries.map(([key, value]) => [key, evaluateKeyed(NOTE_SPEC, key, value, false)]));
  } else {
    tracker = trackerOf(map);
    const trusted = settled(doc);
    if (tracker.all || !trusted) {
      tracker.outcomes.clear();
      map.forEach((value, key) => tracker?.outcomes.set(key, evaluateKeyed(NOTE_SPEC, key, value, true)));
      tracker.keys = null;
      tracker.sorted = null;
      if (trusted) {
        tracker.all = false;
        tracker.dirty.clear();
      }
    } else if (tracker.dirty.size > 0) {
      for (const key of tracker.dirty) {
        const known = tracker.outcomes.has(key);
        if (map.has(key)) {
          tracker.outcomes.set(key, evaluateKeyed(NOTE_SPEC, key, map.get(key), true));
          if (!known) tracker.keys = null;
        } else if (known) {
          tracker.outcomes.delete(key);
          tracker.keys = null;
        }
      }
      tracker.dirty.clear();
      tracker.sorted = null;
    }
    tracker.keys ??= [...tracker.outcomes.keys()].sort();
    outcomes = tracker.outcomes;
    keys = tracker.keys;
  }
  const notes: Note[] = [];
  let moved = false;
  for (const key of keys) {
    const outcome = outcomes.get(key);
    if (outcome === undefined) continue;
    const note = replay(outcome, NOTE_SPEC, problems) as Note | null;
    if (note === null) continue;
    if (note.zone !== null && !zoneIds.has(note.zone)) {
      problems.add(`note ${key}: unknown zone ${JSON.stringify(note.zone.slice(0, 60))}, treated as unplaced`);
      notes.push(Object.freeze({ ...note, zone: null }));
      moved = true;
    } else {
      notes.push(note);
    }
  }
  // Sorting 5,000 notes is a good part of a read; reuse the last order while no note changed.
  if (tracker !== undefined && !moved && tracker.sorted !== null && tracker.sorted.length === notes.length) return [...tracker.sorted];
  notes.sort(compareNotes);
  if (tracker !== undefined && !moved && settled(doc)) tracker.sorted = [...notes];
  return notes;
}

export function compareNotes(a: Note, b: Note): number {
  return a.createdAt - b.createdAt || compareStrings(a.id, b.id);
}

function notesOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(BOARD_MAPS.notes);
}

function readRows(doc: Y.Doc, zoneIds: ReadonlySet<string>, problems: Problems, useCache: boolean): PlanRow[] {
  const rows: PlanRow[] = [];
  for (const [key, value] of sortedEntries(doc.getMap<unknown>(BOARD_MAPS.rows))) {
    const row = readKeyed(ROW_SPEC, key, value, problems, useCache) as PlanRow | null;
    if (row === null) continue;
    if (row.zone !== null && !zoneIds.has(row.zone)) {
      problems.add(`row ${key}: unknown zone, treated as unplaced`);
      rows.push(Object.freeze({ ...row, zone: null }));
    } else {
      rows.push(row);
    }
  }
  return rows.sort((a, b) => a.order - b.order || a.createdAt - b.createdAt || compareStrings(a.id, b.id));
}

function readTexts(doc: Y.Doc, mapName: string, label: string, problems: Problems): Map<string, string> {
  const map = doc.getMap<unknown>(mapName);
  const out = new Map<string, string>();
  for (const key of sortedKeys(map)) {
    const text = textOf(map.get(key));
    if (text === null) problems.add(`${label} ${key}: not text (${kindOf(map.get(key))}), skipped`);
    else out.set(key, text);
  }
  return out;
}

function readProfiles(doc: Y.Doc, problems: Problems): ParticipantProfile[] {
  const map = doc.getMap<unknown>(BOARD_MAPS.profiles);
  const profiles: ParticipantProfile[] = [];
  for (const key of sortedKeys(map)) {
    const raw = recordOf(map.get(key));
    const migrated = profileRecord.migrate(raw === null ? null : { ...raw, id: key });
    if (migrated.ok) profiles.push(migrated.value);
    else problems.add(`profile ${key}: ${migrated.error}, skipped`);
  }
  return profiles;
}

/** Votes are plain values the server never rewrites in place: memoised by object identity. */
const voteCache = new WeakMap<object, Vote | null>();

function readVote(value: unknown, useCache: boolean): Vote | null {
  const cacheable = useCache && isPlainObject(value);
  if (cacheable) {
    const hit = voteCache.get(value);
    if (hit !== undefined) return hit;
  }
  const parsed = VoteSchema.safeParse(recordOf(value));
  const vote = parsed.success ? Object.freeze(parsed.data) : null;
  if (cacheable) voteCache.set(value, vote);
  return vote;
}

type ControlRead = { view: BoardControlView; selections: Map<string, string> };

function readControl(control: Y.Doc, boardId: string, notesById: ReadonlyMap<string, Note>, problems: Problems, useCache: boolean, votesGiven?: Iterable<unknown>): ControlRead {
  const workshop = recordOf(control.getMap(CONTROL_MAPS.workshop)) ?? {};
  const settings = recordOf(control.getMap<unknown>(CONTROL_MAPS.boards).get(boardId)) ?? {};
  const phaseOf = (value: unknown, where: string): Phase | null | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && (PHASES as readonly string[]).includes(value)) return value as Phase;
    problems.add(`control ${where}: invalid phase, ignored`);
    return undefined;
  };
  const budgetOf = (value: unknown, where: string): number | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100) return value;
    problems.add(`control ${where}: invalid voteBudget, ignored`);
    return undefined;
  };
  const phase = phaseOf(settings['phase'], 'board') ?? phaseOf(workshop['phase'], 'workshop') ?? null;
  const voteBudget = budgetOf(settings['voteBudget'], 'board') ?? budgetOf(workshop['voteBudget'], 'workshop') ?? DEFAULT_VOTE_BUDGET;
  const resultsRevealed = settings['resultsRevealed'] === true;
  const hints = settings['hintsRevealed'];
  const hintsRevealed = typeof hints === 'number' && Number.isInteger(hints) && hints >= 0 ? hints : 0;
  const total = settings['hintsTotal'];
  const hintsTotal = typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : 0;

  // Votes: one per (voter, note), the earliest; votes for notes not on the board are dropped.
  const votesMap = control.getMap<unknown>(CONTROL_MAPS.votes);
  // Iteration order does not matter here: two votes of one voter for one note at the same time are equal.
  const byVoter = new Map<string, Map<string, Vote>>();
  const deleted = new Map<string, number>();
  let invalidVotes = 0;
  const take = (value: unknown) => {
    const vote = readVote(value, useCache);
    if (vote === null) {
      invalidVotes++;
      return;
    }
    if (vote.board !== boardId) return;
    if (!notesById.has(vote.note)) {
      deleted.set(vote.note, (deleted.get(vote.note) ?? 0) + 1);
      return;
    }
    let mine = byVoter.get(vote.voter);
    if (mine === undefined) {
      mine = new Map();
      byVoter.set(vote.voter, mine);
    }
    const seen = mine.get(vote.note);
    if (seen === undefined || vote.at < seen.at) mine.set(vote.note, vote);
  };
  if (votesGiven) for (const value of votesGiven) take(value);
  else votesMap.forEach(take);
  if (invalidVotes > 0) problems.add(`votes: ${invalidVotes} invalid vote record(s) skipped`);
  for (const [note, count] of [...deleted.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    problems.add(`votes: ${count} vote(s) for deleted note ${JSON.stringify(note.slice(0, 60))} dropped`);
  }
  const votes: Vote[] = [];
  for (const mine of byVoter.values()) for (const vote of mine.values()) votes.push(vote);
  votes.sort(castOrder);

  const selections = new Map<string, string>();
  const selectionsMap = control.getMap<unknown>(CONTROL_MAPS.selections);
  for (const key of sortedKeys(selectionsMap)) {
    const parsed = SelectionSchema.safeParse(recordOf(selectionsMap.get(key)));
    if (!parsed.success) {
      problems.add('selections: invalid selection record skipped');
      continue;
    }
    if (parsed.data.board !== boardId) continue;
    selections.set(parsed.data.challenge, parsed.data.note);
  }

  const locks: Lock[] = [];
  const locksMap = control.getMap<unknown>(CONTROL_MAPS.locks);
  for (const key of sortedKeys(locksMap)) {
    const parsed = LockSchema.safeParse(recordOf(locksMap.get(key)));
    if (!parsed.success) problems.add('locks: invalid lock record skipped');
    else if (parsed.data.board === boardId) locks.push(parsed.data);
  }

  const timers: Timer[] = [];
  const timersMap = control.getMap<unknown>(CONTROL_MAPS.timers);
  for (const key of sortedKeys(timersMap)) {
    const parsed = TimerSchema.safeParse(recordOf(timersMap.get(key)));
    if (!parsed.success) problems.add(`timer ${key}: invalid, skipped`);
    else if (parsed.data.board === null || parsed.data.board === boardId) timers.push(parsed.data);
  }

  return { view: { phase, voteBudget, resultsRevealed, hintsRevealed, hintsTotal, votes, locks, timers }, selections };
}

function readChallenges(
  zones: readonly Zone[],
  rootCauses: ReadonlyMap<string, string>,
  details: ReadonlyMap<string, string>,
  selections: ReadonlyMap<string, string>,
  notesById: ReadonlyMap<string, Note>,
  problems: Problems,
): Challenge[] {
  const challengeZones = zones.filter((zone) => zone.role === 'challenge');
  const challenges = challengeZones.map((zone, index): Challenge => {
    let selected = selections.get(zone.id) ?? null;
    if (selected !== null && notesById.get(selected)?.zone !== zone.id) {
      problems.add(`challenge ${zone.id}: selected note ${JSON.stringify(selected.slice(0, 60))} is not one of its ideas, ignored`);
      selected = null;
    }
    return {
      v: 1,
      id: zone.id,
      number: zone.number ?? index + 1,
      title: zone.title,
      rootCauses: rootCauses.get(zone.id) ?? '',
      selected,
      details: details.get(zone.id) ?? '',
    };
  });
  const known = new Set(challengeZones.map((zone) => zone.id));
  for (const [challenge] of selections) {
    if (!known.has(challenge)) problems.add(`selections: unknown challenge ${JSON.stringify(challenge.slice(0, 60))}, ignored`);
  }
  for (const [label, texts] of [['rootCauses', rootCauses], ['details', details]] as const) {
    for (const key of texts.keys()) {
      if (!known.has(key)) problems.add(`${label} ${key}: no such challenge, ignored`);
    }
  }
  return challenges.sort((a, b) => a.number - b.number || compareStrings(a.id, b.id));
}

function readBoardUnsafe(boardDoc: Y.Doc, controlDoc: Y.Doc | null | undefined, options: ReadOptions, problems: Problems): Board {
  const meta = readMeta(boardDoc, options, problems);
  const useCache = options.cache !== false;
  const zones = readZones(boardDoc, problems, useCache);
  const zoneIds = new Set(zones.map((zone) => zone.id));
  const notes = readNotes(boardDoc, zoneIds, problems, useCache);
  const notesById = new Map(notes.map((note) => [note.id, note]));
  const rows = readRows(boardDoc, zoneIds, problems, useCache);
  const rootCauses = readTexts(boardDoc, BOARD_MAPS.rootCauses, 'rootCauses', problems);
  const details = readTexts(boardDoc, BOARD_MAPS.details, 'details', problems);
  const cellTexts = readTexts(boardDoc, BOARD_MAPS.cells, 'cell', problems);
  const cells: CanvasCell[] = [];
  for (const [zone, text] of cellTexts) {
    if (zoneIds.has(zone)) cells.push({ v: 1, zone, text });
    else problems.add(`cell ${zone}: no such zone, ignored`);
  }
  const profiles = readProfiles(boardDoc, problems);
  const control = controlDoc
    ? readControl(controlDoc, meta.id, notesById, problems, useCache, options.votes)
    : { view: emptyControl(), selections: new Map<string, string>() };
  const challenges = readChallenges(zones, rootCauses, details, control.selections, notesById, problems);
  return { meta, zones, notes, challenges, rows, cells, profiles, control: control.view };
}

function emptyControl(): BoardControlView {
  return { ...EMPTY_CONTROL, votes: [], locks: [], timers: [] };
}

/** Reads a board document (and the workshop's control document, for votes, selections, phase ...). */
export function readBoard(boardDoc: Y.Doc, controlDoc?: Y.Doc | null, options: ReadOptions = {}): ReadResult {
  const problems = new Problems();
  try {
    const board = readBoardUnsafe(boardDoc, controlDoc, options, problems);
    return { board, problems: problems.finish() };
  } catch (error) {
    // Defence in depth: every reader above handles bad data itself; this keeps a bug in one of them
    // from taking a room down.
    problems.add(`board unreadable: ${error instanceof Error ? error.message : String(error)}`);
    return {
      board: {
        meta: { v: 1, id: options.boardId ?? 'unknown', title: '', templateId: null, createdAt: 0 },
        zones: [],
        notes: [],
        challenges: [],
        rows: [],
        cells: [],
        profiles: [],
        control: emptyControl(),
      },
      problems: problems.finish(),
    };
  }
}

/** The board's zones alone, as readBoard reads them (same repairs, same order), for views that need no notes. */
export function readBoardZones(doc: Y.Doc): Zone[] {
  return readZones(doc, new Problems(), true);
}

/**
 * One note as readBoard reads it (same repairs, same memo), for callers that keep their own incremental
 * view of the notes map, such as the canvas. `problems` says what was repaired or why it was skipped.
 */
export function readNote(id: string, value: unknown): { note: Note | null; problems: string[] } {
  try {
    const outcome = evaluateKeyed(NOTE_SPEC, id, value, true);
    return { note: outcome.value as Note | null, problems: [...outcome.messages, ...outcome.unknown.map((key) => `note ${id}: ignored unknown key ${JSON.stringify(key.slice(0, 60))}`)] };
  } catch (error) {
    return { note: null, problems: [`note ${id}: unreadable: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

/**
 * The notes' texts in board order (createdAt, id), without validating anything else: cheap enough
 * for a live list. Notes whose text is neither a Y.Text nor a string are left out.
 */
export function readNoteTexts(doc: Y.Doc): string[] {
  const entries: { createdAt: number; id: string; text: string }[] = [];
  for (const [id, value] of notesOf(doc).entries()) {
    if (!(value instanceof Y.Map)) continue;
    const text = textOf(value.get('text'));
    if (text === null) continue;
    const createdAt: unknown = value.get('createdAt');
    entries.push({ createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : 0, id, text });
  }
  entries.sort((a, b) => a.createdAt - b.createdAt || compareStrings(a.id, b.id));
  return entries.map((entry) => entry.text);
}
