/**
 * A workshop's server-only state document (`workshop.<id>`): everything about a workshop that clients
 * may not read whole - participants, sessions and rooms, hidden votes, matchmaking cards, wishes,
 * requests and plans. It is never synced to a client; the server stores it like a board (update log,
 * snapshots, compaction) and publishes what clients may see into the control document.
 *
 * Why a Y.Doc and not relational tables: it rides on the storage the boards already have (one
 * interface, three adapters, the same contract tests), an update is the size of the change (a vote is
 * one map entry, whatever the size of the workshop), a server catches up with another's writes by
 * reading the updates appended since its last one, and the fan-out between servers that boards need
 * serves it unchanged.
 *
 *   record        Y.Map  'meta' -> { v, id, title, date, createdAt, agenda, voteBudget, privateIdeation }
 *                        'matchmaking' -> { event, seed }, 'plan' -> plan or null, 'past' -> plans (undo)
 *   participants  Y.Map  participant id -> { o, v: WorkshopParticipant }
 *   sessions      Y.Map  session id -> { o, v: Session (rooms, their boards and members) }
 *   wishes        Y.Map  JSON [from, to] -> { o, v: MatchWish }
 *   requests      Y.Map  JSON [from, to] -> { o, v: MatchRequest }
 *   cards         Y.Map  participant id -> MatchCard
 *   votes         Y.Map  voteKey(board, voter, note) -> HiddenVote { board, voter, note, challenge, at }
 *
 * Lists keep their order in `o`: an entry keeps its number while the list only grows or loses
 * entries, so appending, removing or moving one entry to the end writes that entry alone.
 */
import * as Y from 'yjs';
import {
  HiddenVoteSchema,
  WorkshopSchema,
  type HiddenVote,
  type Workshop,
} from '../schema/workshop.ts';
import { changedRoots } from './changes.ts';
import { voteKey } from './layout.ts';

export const WORKSHOP_STATE_MAPS = {
  record: 'record',
  participants: 'participants',
  sessions: 'sessions',
  wishes: 'wishes',
  requests: 'requests',
  cards: 'cards',
  votes: 'votes',
} as const;

/** The maps `writeWorkshop` owns: all but the votes. */
const RECORD_MAPS = [
  WORKSHOP_STATE_MAPS.record,
  WORKSHOP_STATE_MAPS.participants,
  WORKSHOP_STATE_MAPS.sessions,
  WORKSHOP_STATE_MAPS.wishes,
  WORKSHOP_STATE_MAPS.requests,
  WORKSHOP_STATE_MAPS.cards,
] as const;

type Ordered = { o: number; v: unknown };

function isOrdered(value: unknown): value is Ordered {
  return typeof value === 'object' && value !== null && typeof (value as Ordered).o === 'number' && 'v' in value;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function writeValue(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (!same(map.get(key), value)) map.set(key, value);
}

function writeList<T>(map: Y.Map<unknown>, items: readonly T[], keyOf: (item: T) => string): void {
  const keep = new Set<string>();
  let last = -Infinity;
  for (const item of items) {
    let key = keyOf(item);
    for (let n = 2; keep.has(key); n++) key = `${keyOf(item)}#${n}`;
    keep.add(key);
    const current = map.get(key);
    const o = isOrdered(current) && current.o > last ? current.o : Number.isFinite(last) ? last + 1 : 0;
    last = o;
    const next = { o, v: item };
    if (!isOrdered(current) || current.o !== o || !same(current.v, item)) map.set(key, next);
  }
  for (const key of [...map.keys()]) if (!keep.has(key)) map.delete(key);
}

function readList(map: Y.Map<unknown>): unknown[] {
  const entries: [string, Ordered][] = [];
  map.forEach((value, key) => {
    if (isOrdered(value)) entries.push([key, value]);
  });
  entries.sort(([ka, a], [kb, b]) => a.o - b.o || (ka < kb ? -1 : ka > kb ? 1 : 0));
  return entries.map(([, e]) => e.v);
}

/** Whether the document holds a workshop yet (a new server's empty document, an old server's workshop). */
export function hasWorkshop(doc: Y.Doc): boolean {
  return doc.getMap<unknown>(WORKSHOP_STATE_MAPS.record).has('meta');
}

/**
 * Writes a whole workshop record as the changes from what the document holds, in one transaction:
 * only entries that differ are written, so adding a participant writes one entry.
 */
export function writeWorkshop(doc: Y.Doc, workshop: Workshop, origin?: unknown): void {
  const w = WorkshopSchema.parse(workshop);
  doc.transact(() => {
    const record = doc.getMap<unknown>(WORKSHOP_STATE_MAPS.record);
    const { participants, sessions, matchmaking, ...meta } = w;
    writeValue(record, 'meta', meta);
    writeValue(record, 'matchmaking', { event: matchmaking.event, seed: matchmaking.seed });
    writeValue(record, 'plan', matchmaking.plan);
    writeValue(record, 'past', matchmaking.past);
    writeList(doc.getMap(WORKSHOP_STATE_MAPS.participants), participants, (p) => p.id);
    writeList(doc.getMap(WORKSHOP_STATE_MAPS.sessions), sessions, (s) => s.id);
    writeList(doc.getMap(WORKSHOP_STATE_MAPS.wishes), matchmaking.wishes, (x) => JSON.stringify([x.from, x.to]));
    writeList(doc.getMap(WORKSHOP_STATE_MAPS.requests), matchmaking.requests, (x) => JSON.stringify([x.from, x.to]));
    const cards = doc.getMap<unknown>(WORKSHOP_STATE_MAPS.cards);
    for (const [id, card] of Object.entries(matchmaking.cards)) writeValue(cards, id, card);
    for (const id of [...cards.keys()]) if (!(id in matchmaking.cards)) cards.delete(id);
  }, origin);
}

export type WorkshopRead = { workshop: Workshop } | { workshop: null; problem: string };

/** The workshop record (without votes), validated; null with the reason when it is missing or broken. */
export function readWorkshop(doc: Y.Doc): WorkshopRead {
  const record = doc.getMap<unknown>(WORKSHOP_STATE_MAPS.record);
  const meta = record.get('meta');
  if (typeof meta !== 'object' || meta === null) return { workshop: null, problem: 'no workshop in this document' };
  const settings = (record.get('matchmaking') ?? {}) as Record<string, unknown>;
  const parsed = WorkshopSchema.safeParse({
    ...meta,
    participants: readList(doc.getMap(WORKSHOP_STATE_MAPS.participants)),
    sessions: readList(doc.getMap(WORKSHOP_STATE_MAPS.sessions)),
    matchmaking: {
      wishes: readList(doc.getMap(WORKSHOP_STATE_MAPS.wishes)),
      requests: readList(doc.getMap(WORKSHOP_STATE_MAPS.requests)),
      cards: Object.fromEntries(doc.getMap<unknown>(WORKSHOP_STATE_MAPS.cards).entries()),
      event: settings['event'] ?? null,
      seed: settings['seed'] ?? 1,
      plan: record.get('plan') ?? null,
      past: record.get('past') ?? [],
    },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { workshop: null, problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  return { workshop: parsed.data };
}

/** Whether any map of the workshop record (not the votes) changed in this transaction. */
export function touchesWorkshop(doc: Y.Doc, transaction: Y.Transaction): boolean {
  const roots = changedRoots(doc, transaction);
  return RECORD_MAPS.some((name) => roots.has(name));
}

/** A hidden vote. Idempotent: false when this voter already had a dot on this note. */
export function castHiddenVote(doc: Y.Doc, vote: HiddenVote, origin?: unknown): boolean {
  const parsed = HiddenVoteSchema.parse(vote);
  const key = voteKey(parsed.board, parsed.voter, parsed.note);
  let added = false;
  doc.transact(() => {
    const votes = doc.getMap<unknown>(WORKSHOP_STATE_MAPS.votes);
    if (votes.has(key)) return;
    votes.set(key, { ...parsed });
    added = true;
  }, origin);
  return added;
}

export function withdrawHiddenVote(doc: Y.Doc, vote: { board: string; voter: string; note: string }, origin?: unknown): boolean {
  const key = voteKey(vote.board, vote.voter, vote.note);
  let removed = false;
  doc.transact(() => {
    const votes = doc.getMap<unknown>(WORKSHOP_STATE_MAPS.votes);
    removed = votes.has(key);
    votes.delete(key);
  }, origin);
  return removed;
}

export type HiddenVoteChange = { key: string; before: HiddenVote | null; after: HiddenVote | null };

/**
 * Calls `listener` with every hidden vote that appears, changes or goes, whoever wrote it (this
 * server, storage on load, another server): the way caches of the votes stay derived from the document.
 */
export function observeHiddenVotes(doc: Y.Doc, listener: (changes: HiddenVoteChange[]) => void): () => void {
  const votes = doc.getMap<unknown>(WORKSHOP_STATE_MAPS.votes);
  const parse = (value: unknown): HiddenVote | null => {
    const parsed = HiddenVoteSchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  };
  const observer = (event: Y.YMapEvent<unknown>) => {
    const changes: HiddenVoteChange[] = [];
    for (const [key, change] of event.changes.keys) {
      const before = change.action === 'add' ? null : parse(change.oldValue);
      const after = change.action === 'delete' ? null : parse(votes.get(key));
      changes.push({ key, before, after });
    }
    if (changes.length > 0) listener(changes);
  };
  votes.observe(observer);
  return () => votes.unobserve(observer);
}

/** Every hidden vote, for a first read; after that, `observeHiddenVotes` keeps a reader up to date. */
export function readHiddenVotes(doc: Y.Doc): HiddenVote[] {
  const out: HiddenVote[] = [];
  doc.getMap<unknown>(WORKSHOP_STATE_MAPS.votes).forEach((value) => {
    const parsed = HiddenVoteSchema.safeParse(value);
    if (parsed.success) out.push(parsed.data);
  });
  return out;
}
