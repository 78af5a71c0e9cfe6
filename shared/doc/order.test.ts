import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { actionPlanRows } from '../reducers/action-plan.ts';
import { canvasDiff } from '../reducers/canvas.ts';
import { challengeSolutions } from '../reducers/challenges.ts';
import { raciCheck } from '../reducers/raci.ts';
import { voteTally } from '../reducers/votes.ts';
import { addNote, addPlanRow, deleteNote, moveNote, putZone, setPlanCell, updateNoteText, writeDetails } from './board-doc.ts';
import { select, unvote, vote } from './control-doc.ts';
import { BOARD_MAPS } from './layout.ts';
import { readBoard } from './read.ts';

const CHALLENGES = ['c1', 'c2', 'c3'];
const CLIENTS = 3;
const SERVERS = 2; // the control document may be written by more than one server instance

type Op = { kind: 'add' | 'move' | 'text' | 'delete' | 'details' | 'row' | 'cell' | 'vote' | 'unvote' | 'select' | 'sync'; who: number; a: number; b: number; text: string };

const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('add', 'add', 'add', 'move', 'text', 'delete', 'details', 'row', 'cell', 'vote', 'vote', 'vote', 'unvote', 'select', 'sync'),
  who: fc.nat(5),
  a: fc.nat(50),
  b: fc.nat(50),
  text: fc.string({ maxLength: 12 }),
});

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

function noteIds(doc: Y.Doc): string[] {
  return [...doc.getMap(BOARD_MAPS.notes).keys()].sort();
}

function rowIds(doc: Y.Doc): string[] {
  return [...doc.getMap(BOARD_MAPS.rows).keys()].sort();
}

function syncAll(docs: Y.Doc[]): void {
  for (const from of docs) for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'sync');
}

/** Runs the ops on several replicas and returns every locally made update, in the order made. */
function record(ops: Op[]): { board: Uint8Array[]; control: Uint8Array[] } {
  const base = new Y.Doc();
  base.getMap(BOARD_MAPS.meta).set('id', 'b');
  CHALLENGES.forEach((id, index) => putZone(base, { id, role: 'challenge', title: `Challenge ${id}`, number: index + 1, x: 0, y: 0, w: 10, h: 10 }));
  const clients = Array.from({ length: CLIENTS }, (_v, i) => {
    const doc = new Y.Doc();
    doc.clientID = 100 + i;
    return doc;
  });
  const servers = Array.from({ length: SERVERS }, (_v, i) => {
    const doc = new Y.Doc();
    doc.clientID = 200 + i;
    return doc;
  });
  const board: Uint8Array[] = [Y.encodeStateAsUpdate(base)];
  const control: Uint8Array[] = [];
  for (const doc of clients) {
    Y.applyUpdate(doc, board[0] as Uint8Array, 'sync');
    doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'sync' && board.push(update));
  }
  for (const doc of servers) doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'sync' && control.push(update));
  let clock = 0;
  let counter = 0;
  for (const { kind, who, a, b, text } of ops) {
    const doc = clients[who % CLIENTS] as Y.Doc;
    const server = servers[who % SERVERS] as Y.Doc;
    const note = pick(noteIds(doc), a);
    clock++;
    switch (kind) {
      case 'add':
        addNote(doc, { id: `n${counter++}`, text: text || 'idea', author: `p${who}`, x: a, y: b, zone: pick(CHALLENGES, a) ?? null, createdAt: clock % 7 });
        break;
      case 'move':
        if (note) moveNote(doc, note, { x: b, y: a, zone: pick(CHALLENGES, b) ?? null });
        break;
      case 'text':
        if (note) updateNoteText(doc, note, text);
        break;
      case 'delete':
        if (note) deleteNote(doc, note);
        break;
      case 'details':
        writeDetails(doc, pick(CHALLENGES, a) ?? 'c1', text);
        break;
      case 'row':
        addPlanRow(doc, { id: `r${counter++}`, kind: 'individual', challenge: b % 2 === 0 ? (pick(CHALLENGES, a) ?? null) : null, order: a % 3, cells: { step: text } });
        break;
      case 'cell': {
        const row = pick(rowIds(doc), a);
        if (row) setPlanCell(doc, row, b % 2 === 0 ? 'responsible' : 'due', text);
        break;
      }
      case 'vote':
        if (note) vote(server, { board: 'b', voter: `p${b % 4}`, note, at: clock % 5 });
        break;
      case 'unvote':
        if (note) unvote(server, { board: 'b', voter: `p${b % 4}`, note });
        break;
      case 'select':
        if (note) select(server, { board: 'b', challenge: pick(CHALLENGES, b) ?? 'c1', note, at: clock });
        break;
      case 'sync':
        syncAll(clients);
        syncAll(servers);
        break;
    }
  }
  return { board, control };
}

function outcome(board: Uint8Array[], control: Uint8Array[]) {
  const doc = new Y.Doc();
  const controlDoc = new Y.Doc();
  for (const update of board) Y.applyUpdate(doc, update);
  for (const update of control) Y.applyUpdate(controlDoc, update);
  const read = readBoard(doc, controlDoc);
  const solutions = challengeSolutions(read.board);
  return {
    read,
    solutions,
    tally: voteTally(read.board),
    individual: actionPlanRows(read.board, 'individual', { solutions }),
    extended: actionPlanRows(read.board, 'extended', { solutions }),
    raci: raciCheck(read.board),
    canvas: canvasDiff(read.board),
  };
}

function permute<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, index) => ({ item, key: keys[index % Math.max(keys.length, 1)] ?? 0, index }))
    .sort((x, y) => x.key - y.key || x.index - y.index)
    .map(({ item }) => item);
}

describe('order independence', () => {
  it('gives identical readBoard and reducer output whatever order the same updates arrive in', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(1000), { minLength: 1, maxLength: 80 }), fc.array(fc.nat(1000), { minLength: 1, maxLength: 80 }), (ops, boardKeys, controlKeys) => {
        const { board, control } = record(ops);
        const expected = outcome(board, control);
        const shuffled = outcome(permute(board, boardKeys), permute(control, controlKeys));
        expect(shuffled).toEqual(expected);
        const reversed = outcome([...board].reverse(), [...control].reverse());
        expect(reversed).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('is not trivially true: the recorded sessions produce ideas, votes and plan rows', () => {
    const ops = fc.sample(fc.array(op, { minLength: 30, maxLength: 40 }), { numRuns: 20, seed: 42 });
    const totals = ops.map((session) => {
      const { board, control } = record(session);
      const { solutions, individual, tally } = outcome(board, control);
      return { ideas: solutions.challenges.reduce((n, c) => n + c.ideas.length, 0), votes: tally.counted.length, rows: individual.length };
    });
    expect(totals.some((t) => t.ideas > 3 && t.votes > 1 && t.rows > 0)).toBe(true);
  });
});
