/**
 * The record machinery behind readBoard: stated repairs for each record kind, a parse cache keyed by the
 * Yjs map of each record (so an unchanged note is not parsed again), per-map change trackers, and the
 * problem list. Nothing here knows the board's layout beyond the record schemas.
 */
import * as Y from 'yjs';
import type { z } from 'zod';
import { isPlainObject } from '../schema/migrate.ts';
import { NOTE_REPAIRS, NoteSchema, type Note } from '../schema/note.ts';
import { PlanRowSchema, type PlanRow } from '../schema/plan-row.ts';
import { ZoneSchema, type Zone } from '../schema/zone.ts';

export const ZONE_REPAIRS = {
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

export const ROW_REPAIRS = {
  zone: null,
  challenge: null,
  parent: null,
  order: 0,
  author: '',
  createdAt: 0,
  cells: {},
} as const satisfies Partial<Record<keyof PlanRow, unknown>>;

export const META_REPAIRS = { title: '', templateId: null, createdAt: 0 } as const;

/** Names the kind of a value in a problem message without printing the (untrusted) value itself. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Y.AbstractType) return value.constructor.name;
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function recordOf(value: unknown): Record<string, unknown> | null {
  if (value instanceof Y.Map) return value.toJSON();
  if (isPlainObject(value)) return value;
  return null;
}

export function textOf(value: unknown): string | null {
  if (value instanceof Y.Text) return value.toJSON();
  if (typeof value === 'string') return value;
  return null;
}

/** A map's entries sorted by key (forEach walks Yjs' internal map without an iterator per entry). */
export function sortedEntries(map: Y.Map<unknown>): [string, unknown][] {
  const entries: [string, unknown][] = [];
  map.forEach((value, key) => {
    entries.push([key, value]);
  });
  return entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function sortedKeys(map: Y.Map<unknown>): string[] {
  return sortedEntries(map).map(([key]) => key);
}

export type Parsed<T> = { ok: true; value: T; repaired: string[] } | { ok: false; error: string };

/**
 * Parses `raw`; fields that fail and have a repair value get it (undefined: the field is dropped) and
 * are named in `repaired`; a failing field without a repair rejects the record.
 */
export function parseRepairing<S extends z.ZodType>(schema: S, raw: Record<string, unknown>, repairs: Readonly<Record<string, unknown>>): Parsed<z.output<S>> {
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

export class Problems {
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

export const NOTE_KNOWN = new Set(Object.keys(NoteSchema.shape));
export const ZONE_KNOWN = new Set(Object.keys(ZoneSchema.shape));
export const ROW_KNOWN = new Set(Object.keys(PlanRowSchema.shape));

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Parsing every record on every read is the expensive part of readBoard, and the UI reads after every
 * change. So the outcome of reading a record is memoised by the record's object (a note's Y.Map, a
 * vote's plain value) together with the raw values it was computed from: a record whose raw values
 * did not change since the last read is not parsed again. Its problems are replayed, so the output
 * is exactly what a fresh read would give. Memoised records are frozen, since they are shared.
 */
export type Outcome = { value: object | null; messages: string[]; unknown: string[] };
export type CacheEntry = { collection: string; key: string; raw: Record<string, unknown>; outcome: Outcome };
export const recordCache = new WeakMap<object, CacheEntry>();

export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => Object.is(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && Object.is(a[key], b[key]));
  }
  return false;
}

export function sameRaw(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
}

export function freezeRecord<T extends object>(record: T): T {
  for (const value of Object.values(record)) {
    if (typeof value === 'object' && value !== null) {
      if (Array.isArray(value)) for (const item of value) if (typeof item === 'object' && item !== null) Object.freeze(item);
      Object.freeze(value);
    }
  }
  return Object.freeze(record);
}

export type RecordSpec = {
  collection: string;
  label: string;
  schema: z.ZodType;
  repairs: Readonly<Record<string, unknown>>;
  known: ReadonlySet<string>;
  /** Clean-up that the schema cannot express as a per-field default; returns a new object. */
  prepare?: (raw: Record<string, unknown>, messages: string[]) => Record<string, unknown>;
};

export function parseKeyed(spec: RecordSpec, key: string, raw: Record<string, unknown>): Outcome {
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
export function evaluateKeyed(spec: RecordSpec, key: string, value: unknown, useCache: boolean): Outcome {
  const raw = recordOf(value);
  if (raw === null) return { value: null, messages: [`${spec.label} ${key}: not a record (${kindOf(value)}), skipped`], unknown: [] };
  const cacheable = useCache && typeof value === 'object' && value !== null;
  const hit = cacheable ? recordCache.get(value) : undefined;
  if (hit !== undefined && hit.collection === spec.collection && hit.key === key && sameRaw(hit.raw, raw)) return hit.outcome;
  const outcome = parseKeyed(spec, key, raw);
  if (cacheable) recordCache.set(value, { collection: spec.collection, key, raw: value instanceof Y.Map ? raw : { ...raw }, outcome });
  return outcome;
}

export function replay(outcome: Outcome, spec: RecordSpec, problems: Problems): object | null {
  for (const message of outcome.messages) problems.add(message);
  if (outcome.unknown.length > 0) problems.unknownKeys(spec.collection, outcome.unknown);
  return outcome.value;
}

export function readKeyed(spec: RecordSpec, key: string, value: unknown, problems: Problems, useCache: boolean): object | null {
  return replay(evaluateKeyed(spec, key, value, useCache), spec, problems);
}

/**
 * Change tracking for the notes map, the one map that grows into the thousands: a deep observer
 * records which notes changed, so a read re-evaluates only those and keeps the others' outcomes.
 * The observer only knows about a transaction once Yjs has called it, so a read made while a
 * transaction or its observer calls are still running (say, from the caller's own observer) does not
 * trust it and re-evaluates every note (still through the per-record memo above).
 */
export type Tracker = { all: boolean; dirty: Set<string>; outcomes: Map<string, Outcome>; keys: string[] | null; sorted: Note[] | null };
export const trackers = new WeakMap<Y.Map<unknown>, Tracker>();

export function trackerOf(map: Y.Map<unknown>): Tracker {
  let tracker = trackers.get(map);
  if (tracker !== undefined) return tracker;
  const created: Tracker = { all: true, dirty: new Set(), outcomes: new Map(), keys: null, sorted: null };
  map.observeDeep((events) => {
    for (const event of events) {
      if (event.target === map) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged as Set<string>) created.dirty.add(key);
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

export function settled(doc: Y.Doc): boolean {
  return doc._transaction === null && doc._transactionCleanups.length === 0;
}

export const ZONE_SPEC: RecordSpec = { collection: 'zones', label: 'zone', schema: ZoneSchema, repairs: ZONE_REPAIRS, known: ZONE_KNOWN };
export const NOTE_SPEC: RecordSpec = { collection: 'notes', label: 'note', schema: NoteSchema, repairs: NOTE_REPAIRS, known: NOTE_KNOWN };
export const ROW_SPEC: RecordSpec = {
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
