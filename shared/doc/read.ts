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
import { VoteSchema, type Vote } from '../schema/vote.ts';
import { ZoneSchema, type Zone } from '../schema/zone.ts';
import { BOARD_MAPS, CONTROL_MAPS } from './layout.ts';

export type ReadResult = { board: Board; problems: string[] };
export type ReadOptions = {
  /** The board's id in the control document; defaults to the id in the board's `meta` map. */
  boardId?: string;
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

/** Y types -> plain values. Y.Text becomes its string; other shared types their JSON. */
function plain(value: unknown): unknown {
  if (value instanceof Y.Text) return value.toString();
  if (value instanceof Y.Map) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of value.entries()) out[key] = plain(inner);
    return out;
  }
  if (value instanceof Y.Array) return value.toArray().map(plain);
  if (value instanceof Y.AbstractType) return value.toJSON();
  return value;
}

function recordOf(value: unknown): Record<string, unknown> | null {
  if (value instanceof Y.Map) return plain(value) as Record<string, unknown>;
  if (isPlainObject(value)) return value;
  return null;
}

function textOf(value: unknown): string | null {
  if (value instanceof Y.Text) return value.toString();
  if (typeof value === 'string') return value;
  return null;
}

function sortedKeys(map: Y.Map<unknown>): string[] {
  return [...map.keys()].sort();
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
  private readonly unknownKeys = new Map<string, number>();
  add(message: string): void {
    this.list.push(message);
  }
  unknown(collection: string, record: Record<string, unknown>, known: ReadonlySet<string>): void {
    for (const key of Object.keys(record)) {
      if (known.has(key)) continue;
      const label = `${collection}: ignored unknown key ${JSON.stringify(key.slice(0, 60))}`;
      this.unknownKeys.set(label, (this.unknownKeys.get(label) ?? 0) + 1);
    }
  }
  finish(): string[] {
    const unknown = [...this.unknownKeys.entries()]
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

/** Reads one keyed record, forcing its id to the map key (the key is what other records refer to). */
function withId(key: string, raw: Record<string, unknown>, label: string, problems: Problems): Record<string, unknown> {
  if (raw['id'] === key) return raw;
  if (raw['id'] !== undefined) problems.add(`${label} ${key}: id ${kindOf(raw['id']) === 'string' ? 'differs from its key' : 'invalid'}; using the key`);
  return { ...raw, id: key };
}

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

function readZones(doc: Y.Doc, problems: Problems): Zone[] {
  const map = doc.getMap<unknown>(BOARD_MAPS.zones);
  const zones: Zone[] = [];
  for (const key of sortedKeys(map)) {
    const raw = recordOf(map.get(key));
    if (raw === null) {
      problems.add(`zone ${key}: not a record (${kindOf(map.get(key))}), skipped`);
      continue;
    }
    problems.unknown('zones', raw, ZONE_KNOWN);
    const parsed = parseRepairing(ZoneSchema, withId(key, raw, 'zone', problems), ZONE_REPAIRS);
    if (!parsed.ok) {
      problems.add(`zone ${key}: ${parsed.error}, skipped`);
      continue;
    }
    if (parsed.repaired.length > 0) problems.add(`zone ${key}: repaired ${parsed.repaired.join(', ')}`);
    zones.push(parsed.value);
  }
  return zones.sort((a, b) => a.order - b.order || compareStrings(a.id, b.id));
}

function readNotes(doc: Y.Doc, zoneIds: ReadonlySet<string>, problems: Problems): Note[] {
  const map = notesOf(doc);
  const notes: Note[] = [];
  for (const key of sortedKeys(map)) {
    const value = map.get(key);
    const raw = recordOf(value);
    if (raw === null) {
      problems.add(`note ${key}: not a record (${kindOf(value)}), skipped`);
      continue;
    }
    problems.unknown('notes', raw, NOTE_KNOWN);
    const parsed = parseRepairing(NoteSchema, withId(key, raw, 'note', problems), NOTE_REPAIRS);
    if (!parsed.ok) {
      problems.add(`note ${key}: ${parsed.error}, skipped`);
      continue;
    }
    const note = parsed.value;
    if (parsed.repaired.length > 0) problems.add(`note ${key}: repaired ${parsed.repaired.join(', ')}`);
    if (note.zone !== null && !zoneIds.has(note.zone)) {
      problems.add(`note ${key}: unknown zone ${JSON.stringify(note.zone.slice(0, 60))}, treated as unplaced`);
      note.zone = null;
    }
    notes.push(note);
  }
  return notes.sort(compareNotes);
}

export function compareNotes(a: Note, b: Note): number {
  return a.createdAt - b.createdAt || compareStrings(a.id, b.id);
}

function notesOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(BOARD_MAPS.notes);
}

function readRows(doc: Y.Doc, problems: Problems): PlanRow[] {
  const map = doc.getMap<unknown>(BOARD_MAPS.rows);
  const rows: PlanRow[] = [];
  for (const key of sortedKeys(map)) {
    const value = map.get(key);
    const raw = recordOf(value);
    if (raw === null) {
      problems.add(`row ${key}: not a record (${kindOf(value)}), skipped`);
      continue;
    }
    problems.unknown('rows', raw, ROW_KNOWN);
    const cells = raw['cells'];
    if (isPlainObject(cells)) {
      const kept: Record<string, string> = {};
      const dropped: string[] = [];
      for (const [column, cell] of Object.entries(cells)) {
        if (typeof cell === 'string' && column.length <= 100) kept[column] = cell;
        else dropped.push(column.slice(0, 60));
      }
      if (dropped.length > 0) problems.add(`row ${key}: dropped non-text cells ${dropped.sort().join(', ')}`);
      raw['cells'] = kept;
    }
    const parsed = parseRepairing(PlanRowSchema, withId(key, raw, 'row', problems), ROW_REPAIRS);
    if (!parsed.ok) {
      problems.add(`row ${key}: ${parsed.error}, skipped`);
      continue;
    }
    if (parsed.repaired.length > 0) problems.add(`row ${key}: repaired ${parsed.repaired.join(', ')}`);
    rows.push(parsed.value);
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

type ControlRead = { view: BoardControlView; selections: Map<string, string> };

function readControl(control: Y.Doc, boardId: string, notesById: ReadonlyMap<string, Note>, problems: Problems): ControlRead {
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
  const byVoterNote = new Map<string, Vote>();
  const deleted = new Map<string, number>();
  let invalidVotes = 0;
  for (const key of sortedKeys(votesMap)) {
    const parsed = VoteSchema.safeParse(recordOf(votesMap.get(key)));
    if (!parsed.success) {
      invalidVotes++;
      continue;
    }
    const vote = parsed.data;
    if (vote.board !== boardId) continue;
    if (!notesById.has(vote.note)) {
      deleted.set(vote.note, (deleted.get(vote.note) ?? 0) + 1);
      continue;
    }
    const pair = JSON.stringify([vote.voter, vote.note]);
    const seen = byVoterNote.get(pair);
    if (seen === undefined || vote.at < seen.at) byVoterNote.set(pair, vote);
  }
  if (invalidVotes > 0) problems.add(`votes: ${invalidVotes} invalid vote record(s) skipped`);
  for (const [note, count] of [...deleted.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    problems.add(`votes: ${count} vote(s) for deleted note ${JSON.stringify(note.slice(0, 60))} dropped`);
  }
  const votes = [...byVoterNote.values()].sort(
    (a, b) => a.at - b.at || compareStrings(a.voter, b.voter) || compareStrings(a.note, b.note),
  );

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
  const zones = readZones(boardDoc, problems);
  const zoneIds = new Set(zones.map((zone) => zone.id));
  const notes = readNotes(boardDoc, zoneIds, problems);
  const notesById = new Map(notes.map((note) => [note.id, note]));
  const rows = readRows(boardDoc, problems);
  for (const row of rows) {
    if (row.zone !== null && !zoneIds.has(row.zone)) {
      problems.add(`row ${row.id}: unknown zone, treated as unplaced`);
      row.zone = null;
    }
  }
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
    ? readControl(controlDoc, meta.id, notesById, problems)
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
