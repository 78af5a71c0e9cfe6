/**
 * readBoard: a board document (and optionally the workshop's control document) -> plain, validated
 * `Board` data plus a list of problems. It never throws: whatever a misbehaving or older client wrote
 * (wrong types, missing fields, unknown keys, a vote for a deleted note, a selection of a note from
 * another challenge) is repaired with a stated default or skipped, and reported. Every collection is
 * read in sorted key order and sorted on output, so two replicas that hold the same state give
 * identical output whatever order their updates arrived in.
 */
import * as Y from 'yjs';
import type { z } from 'zod';
import { BoardMetaSchema, EMPTY_CONTROL, type Board, type BoardControlView, type BoardMeta } from '../schema/board.ts';
import type { CanvasCell } from '../schema/canvas-cell.ts';
import type { Challenge } from '../schema/challenge.ts';
import { DEFAULT_VOTE_BUDGET, LockSchema, PHASES, SelectionSchema, TimerSchema, type Lock, type Phase, type Timer } from '../schema/control.ts';
import { isPlainObject } from '../schema/migrate.ts';
import { NOTE_REPAIRS, NoteSchema, type Note } from '../schema/note.ts';
import { PlanRowSchema, type PlanRow } from '../schema/plan-row.ts';
import { profileRecord, type ParticipantProfile } from '../schema/profile.ts';
import { castOrder, VoteSchema, type Vote } from '../schema/vote.ts';
import { ZoneSchema, type Zone } from '../schema/zone.ts';
import { BOARD_MAPS, CONTROL_MAPS } from './layout.ts';

export type ReadResult = { board: Board; problems: string[] };
export type ReadOptions = {
  /** The board's id in the control document; defaults to the id in the board's `meta` map. */
  boardId?: string;
  /** Reuse the parse of records unchanged since the last read (default true; false for benchmarks). */
  cache?: boolean;
};

const ZONE_REPAIRS = {
  title: '',
  description: '',
  order: 0,
  x: 0,
  y: 0,
  w: 400,
  h: 400,
  role: 'area',
  key: undefined,
  variant: undefined,
  row: undefined,
  number: undefined,
  tags: [],
  table: undefined,
  columns: undefined,
} as const satisfies Partial<Record<keyof Zone, unknown>>;

const ROW_REPAIRS = {
  zone: null,
  challenge: null,
  parent: null,
  order: 0,
  author: '',
  createdAt: 0,
  cells: {},
} as const satisfies Partial<Record<keyof PlanRow, unknown>>;

const META_REPAIRS = { title: '', templateId: null, createdAt: 0 } as const;

/** Names the kind of a value in a problem message without printing the (untrusted) value itself. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Y.AbstractType) return value.constructor.name;
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function recordOf(value: unknown): Record<string, unknown> | null {
  if (value instanceof Y.Map) return value.toJSON() as Record<string, unknown>;
  if (isPlainObject(value)) return value;
  return null;
}

function textOf(value: unknown): string | null {
  if (value instanceof Y.Text) return value.toString();
  if (typeof value === 'string') return value;
  return null;
}

/** A map's entries sorted by key (forEach walks Yjs' internal map without an iterator per entry). */
function sortedEntries(map: Y.Map<unknown>): [string, unknown][] {
  const entries: [string, unknown][] = [];
  map.forEach((value, key) => {
    entries.push([key, value]);
  });
  return entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function sortedKeys(map: Y.Map<unknown>): string[] {
  return sortedEntries(map).map(([key]) => key);
}

type Parsed<T> = { ok: true; value: T; repaired: string[] } | { ok: false; error: string };

/**
 * Parses `raw`; fields that fail and have a repair value get it (undefined: the field is dropped) and
 * are named in `repaired`; a failing field without a repair rejects the record.
 */
function parseRepairing<S extends z.ZodType>(schema: S, raw: Record<string, unknown>, repairs: Readonly<Record<string, unknown>>): Parsed<z.output<S>> {
  const first = schema.safeParse(raw);
  if (first.success) return { ok: true, value: first.data, repaired: [] };
  const fixed: Record<string, unknown> = { ...raw };
  const repaired: string[] = [];
  for (const issue of first.error.issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !Object.hasOwn(repairs, field)) {
      return { ok: false, error: `${typeof field === 'string' ? field : 'value'}: ${issue.message}` };
    }
    if (repaired.includes(field)) continue;
    repaired.push(field);
    const replacement = repairs[field];
    if (replacement === undefined) delete fixed[field];
    else fixed[field] = replacement;
  }
  const second = schema.safeParse(fixed);
  if (!second.success) return { ok: false, error: second.error.issues[0]?.message ?? 'invalid' };
  return { ok: true, value: second.data, repaired };
}

class Problems {
  readonly list: string[] = [];
  private readonly unknownCounts = new Map<string, number>();
  add(message: string): void {
    this.list.push(message);
  }
  unknownKeys(collection: string, keys: readonly string[]): void {
    for (const key of keys) {
      const label = `${collection}: ignored unknown key ${JSON.stringify(key.slice(0, 60))}`;
      this.unknownCounts.set(label, (this.unknownCounts.get(label) ?? 0) + 1);
    }
  }
  finish(): string[] {
    const unknown = [...this.unknownCounts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([label, count]) => `${label} (${count}x)`);
    return [...this.list, ...unknown];
  }
}

const NOTE_KNOWN = new Set(Object.keys(NoteSchema.shape));
const ZONE_KNOWN = new Set(Object.keys(ZoneSchema.shape));
const ROW_KNOWN = new Set(Object.keys(PlanRowSchema.shape));

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Parsing every record on every read is the expensive part of readBoard, and the UI reads after every
 * change. So the outcome of reading a record is memoised by the record's object (a note's Y.Map, a
 * vote's plain value) together with the raw values it was computed from: a record whose raw values
 * did not change since the last read is not parsed again. Its problems are replayed, so the output
 * is exactly what a fresh read would give. Memoised records are frozen, since they are shared.
 */
type Outcome = { value: object | null; messages: string[]; unknown: string[] };
type CacheEntry = { collection: string; key: string; raw: Record<string, unknown>; outcome: Outcome };
const recordCache = new WeakMap<object, CacheEntry>();

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => Object.is(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && Object.is(a[key], b[key]));
  }
  return false;
}

function sameRaw(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
}

function freezeRecord<T extends object>(record: T): T {
  for (const value of Object.values(record)) {
    if (typeof value === 'object' && value !== null) {
      if (Array.isArray(value)) for (const item of value) if (typeof item === 'object' && item !== null) Object.freeze(item);
      Object.freeze(value);
    }
  }
  return Object.freeze(record);
}

type RecordSpec = {
  collection: string;
  label: string;
  schema: z.ZodType;
  repairs: Readonly<Record<string, unknown>>;
  known: ReadonlySet<string>;
  /** Clean-up that the schema cannot express as a per-field default; returns a new object. */
  prepare?: (raw: Record<string, unknown>, messages: string[]) => Record<string, unknown>;
};

function parseKeyed(spec: RecordSpec, key: string, raw: Record<string, unknown>): Outcome {
  const messages: string[] = [];
  const unknown = Object.keys(raw).filter((field) => !spec.known.has(field));
  let input = raw;
  if (raw['id'] !== key) {
    if (raw['id'] !== undefined) messages.push(`${spec.label} ${key}: id ${typeof raw['id'] === 'string' ? 'differs from its key' : 'invalid'}; using the key`);
    input = { ...raw, id: key };
  }
  if (spec.prepare !== undefined) input = spec.prepare(input, messages);
  const parsed = parseRepairing(spec.schema, input, spec.repairs);
  if (!parsed.ok) {
    messages.push(`${spec.label} ${key}: ${parsed.error}, skipped`);
    return { value: null, messages, unknown };
  }
  if (parsed.repaired.length > 0) messages.push(`${spec.label} ${key}: repaired ${parsed.repaired.join(', ')}`);
  return { value: freezeRecord(parsed.value as object), messages, unknown };
}

/** The outcome of reading one keyed record (a zone, a note, a row), forcing its id to the map key. */
function evaluateKeyed(spec: RecordSpec, key: string, value: unknown, useCache: boolean): Outcome {
  const raw = recordOf(value);
  if (raw === null) return { value: null, messages: [`${spec.label} ${key}: not a record (${kindOf(value)}), skipped`], unknown: [] };
  const cacheable = useCache && typeof value === 'object' && value !== null;
  const hit = cacheable ? recordCache.get(value) : undefined;
  if (hit !== undefined && hit.collection === spec.collection && hit.key === key && sameRaw(hit.raw, raw)) return hit.outcome;
  const outcome = parseKeyed(spec, key, raw);
  if (cacheable) recordCache.set(value, { collection: spec.collection, key, raw: value instanceof Y.Map ? raw : { ...raw }, outcome });
  return outcome;
}

function replay(outcome: Outcome, spec: RecordSpec, problems: Problems): object | null {
  for (const message of outcome.messages) problems.add(message);
  if (outcome.unknown.length > 0) problems.unknownKeys(spec.collection, outcome.unknown);
  return outcome.value;
}

function readKeyed(spec: RecordSpec, key: string, value: unknown, problems: Problems, useCache: boolean): object | null {
  return replay(evaluateKeyed(spec, key, value, useCache), spec, problems);
}

/**
 * Change tracking for the notes map, the one map that grows into the thousands: a deep observer
 * records which notes changed, so a read re-evaluates only those and keeps the others' outcomes.
 * The observer only knows about a transaction once Yjs has called it, so a read made while a
 * transaction or its observer calls are still running (say, from the caller's own observer) does not
 * trust it and re-evaluates every note (still through the per-record memo above).
 */
type Tracker = { all: boolean; dirty: Set<string>; outcomes: Map<string, Outcome>; keys: string[] | null; sorted: Note[] | null };
const trackers = new WeakMap<Y.Map<unknown>, Tracker>();

function trackerOf(map: Y.Map<unknown>): Tracker {
  let tracker = trackers.get(map);
  if (tracker !== undefined) return tracker;
  const created: Tracker = { all: true, dirty: new Set(), outcomes: new Map(), keys: null, sorted: null };
  map.observeDeep((events) => {
    for (const event of events) {
      if (event.target === map) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) created.dirty.add(key);
        created.keys = null;
      } else {
        const top = event.path[0];
        if (typeof top === 'string') created.dirty.add(top);
        else created.all = true;
      }
    }
  });
  trackers.set(map, created);
  tracker = created;
  return tracker;
}

function settled(doc: Y.Doc): boolean {
  return doc._transaction === null && doc._transactionCleanups.length === 0;
}

const ZONE_SPEC: RecordSpec = { collection: 'zones', label: 'zone', schema: ZoneSchema, repairs: ZONE_REPAIRS, known: ZONE_KNOWN };
const NOTE_SPEC: RecordSpec = { collection: 'notes', label: 'note', schema: NoteSchema, repairs: NOTE_REPAIRS, known: NOTE_KNOWN };
const ROW_SPEC: RecordSpec = {
  collection: 'rows',
  label: 'row',
  schema: PlanRowSchema,
  repairs: ROW_REPAIRS,
  known: ROW_KNOWN,
  prepare: (raw, messages) => {
    const cells = raw['cells'];
    if (!isPlainObject(cells)) return raw;
    const kept: Record<string, string> = {};
    const dropped: string[] = [];
    for (const [column, cell] of Object.entries(cells)) {
      if (typeof cell === 'string' && column.length <= 100) kept[column] = cell;
      else dropped.push(column.slice(0, 60));
    }
    if (dropped.length === 0) return raw;
    messages.push(`row ${String(raw['id'])}: dropped non-text cells ${dropped.sort().join(', ')}`);
    return { ...raw, cells: kept };
  },
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

function readControl(control: Y.Doc, boardId: string, notesById: ReadonlyMap<string, Note>, problems: Problems, useCache: boolean): ControlRead {
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

  // Votes: one per (voter, note), the earliest; votes for notes not on the board are dropped.
  const votesMap = control.getMap<unknown>(CONTROL_MAPS.votes);
  // Iteration order does not matter here: two votes of one voter for one note at the same time are equal.
  const byVoter = new Map<string, Map<string, Vote>>();
  const deleted = new Map<string, number>();
  let invalidVotes = 0;
  votesMap.forEach((value) => {
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
  });
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

  return { view: { phase, voteBudget, resultsRevealed, hintsRevealed, votes, locks, timers }, selections };
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
    ? readControl(controlDoc, meta.id, notesById, problems, useCache)
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
    const createdAt = value.get('createdAt');
    entries.push({ createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : 0, id, text });
  }
  entries.sort((a, b) => a.createdAt - b.createdAt || compareStrings(a.id, b.id));
  return entries.map((entry) => entry.text);
}
