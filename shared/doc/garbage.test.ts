import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardSchema } from '../schema/board.ts';
import { actionPlanRows } from '../reducers/action-plan.ts';
import { canvasDiff, valuePropositions } from '../reducers/canvas.ts';
import { challengeSolutions } from '../reducers/challenges.ts';
import { priorityMatrix } from '../reducers/matrix.ts';
import { raciCheck } from '../reducers/raci.ts';
import { themes } from '../reducers/themes.ts';
import { voteTally } from '../reducers/votes.ts';
import { actionPlanCsv } from '../export/csv.ts';
import { boardResultsJson } from '../export/json.ts';
import { boardToMarkdown } from '../export/markdown.ts';
import { BoardResultsSchema } from '../schema/results.ts';
import { addNote, putZone } from './board-doc.ts';
import { vote } from './control-doc.ts';
import { BOARD_MAPS, CONTROL_MAPS } from './layout.ts';
import { readBoard, readNoteTexts } from './read.ts';

/** Plain junk a client could put in a map: any JSON, odd numbers, bytes, undefined. */
const plainJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, undefined, null, '', 1e308),
  fc.uint8Array({ maxLength: 8 }),
  fc.string({ maxLength: 300 }),
);

/** A blueprint for a Y value (shared types can only be built fresh, so we build them per run). */
type Blueprint = { kind: 'plain'; value: unknown } | { kind: 'text'; value: string } | { kind: 'map'; entries: [string, Blueprint][] } | { kind: 'array'; items: Blueprint[] };

const blueprint: fc.Arbitrary<Blueprint> = fc.letrec<{ node: Blueprint }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    plainJunk.map((value): Blueprint => ({ kind: 'plain', value })),
    fc.string({ maxLength: 30 }).map((value): Blueprint => ({ kind: 'text', value })),
    fc.array(fc.tuple(fc.string({ maxLength: 10 }), tie('node')), { maxLength: 4 }).map((entries): Blueprint => ({ kind: 'map', entries })),
    fc.array(tie('node'), { maxLength: 3 }).map((items): Blueprint => ({ kind: 'array', items })),
  ),
})).node;

const FIELDS = ['id', 'text', 'author', 'color', 'x', 'y', 'w', 'h', 'zone', 'createdAt', 'status', 'role', 'title', 'order', 'kind', 'cells', 'number', 'key', 'row', 'variant', 'board', 'voter', 'note', 'at', 'challenge', 'endsAt', 'phase', 'voteBudget'];

/** A note-like or zone-like map: known field names with junk values, so the repair paths run. */
const recordLike: fc.Arbitrary<Blueprint> = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS), blueprint), { maxLength: 8 })
  .map((entries): Blueprint => ({ kind: 'map', entries }));

function build(node: Blueprint): unknown {
  switch (node.kind) {
    case 'plain':
      return node.value;
    case 'text':
      return new Y.Text(node.value);
    case 'map': {
      const map = new Y.Map<unknown>();
      for (const [key, value] of node.entries) map.set(key, build(value));
      return map;
    }
    case 'array': {
      const array = new Y.Array<unknown>();
      // Yjs itself cannot insert `undefined` into a Y.Array, so no client can send one.
      array.push(node.items.map(build).filter((item) => item !== undefined));
      return array;
    }
  }
}

const BOARD = Object.values(BOARD_MAPS);
const CONTROL = Object.values(CONTROL_MAPS);
const KEYS = fc.oneof(fc.constantFrom('n1', 'n2', 'c1', 'b1', 'id', 'title', 'phase', '', '__proto__', 'constructor'), fc.string({ maxLength: 8 }));
const write = (maps: readonly string[]) => fc.tuple(fc.constantFrom(...maps), KEYS, fc.oneof(blueprint, recordLike));

describe('readBoard on garbage', () => {
  it('never throws, returns a schema-valid board, and every reducer and export runs on it', () => {
    fc.assert(
      fc.property(fc.array(write(BOARD), { maxLength: 12 }), fc.array(write(CONTROL), { maxLength: 12 }), (boardWrites, controlWrites) => {
        const doc = new Y.Doc();
        const control = new Y.Doc();
        doc.getMap(BOARD_MAPS.meta).set('id', 'b1');
        putZone(doc, { id: 'c1', role: 'challenge', title: 'A challenge', x: 0, y: 0, w: 10, h: 10 });
        addNote(doc, { id: 'n1', text: 'a good idea', author: 'ana', x: 0, y: 0, zone: 'c1', createdAt: 1 });
        vote(control, { board: 'b1', voter: 'v1', note: 'n1', at: 1 });
        for (const [map, key, value] of boardWrites) doc.getMap(map).set(key, build(value));
        for (const [map, key, value] of controlWrites) control.getMap(map).set(key, build(value));
        // Junk also has to survive the wire: read a replica built from the encoded update.
        const replica = new Y.Doc();
        Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));

        for (const source of [doc, replica]) {
          const { board, problems } = readBoard(source, control);
          expect(BoardSchema.safeParse(board).success).toBe(true);
          expect(problems.every((problem) => typeof problem === 'string')).toBe(true);
          expect(problems.some((problem) => problem.startsWith('board unreadable'))).toBe(false);
          const solutions = challengeSolutions(board);
          actionPlanRows(board, 'individual', { solutions });
          actionPlanRows(board, 'bm-change', { solutions });
          actionPlanRows(board, 'extended', { solutions });
          voteTally(board);
          priorityMatrix(board);
          raciCheck(board);
          canvasDiff(board);
          valuePropositions(board);
          themes(board);
          expect(typeof boardToMarkdown(board, { problems })).toBe('string');
          expect(actionPlanCsv(board, 'extended').endsWith('\r\n')).toBe(true);
          expect(BoardResultsSchema.safeParse(JSON.parse(boardResultsJson(board, problems))).success).toBe(true);
          expect(Array.isArray(readNoteTexts(source))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  const cases: [string, (doc: Y.Doc) => void, string][] = [
    ['a note that is a number', (d) => void d.getMap('notes').set('n9', 42), 'note n9: not a record (number), skipped'],
    ['a note without text', (d) => void d.getMap('notes').set('n9', new Y.Map([['author', 'x']])), 'note n9: text: Invalid input: expected string, received undefined, skipped'],
    ['a note with a text that is an array', (d) => void d.getMap('notes').set('n9', new Y.Map<unknown>([['text', [1, 2]]])), 'note n9: text: Invalid input: expected string, received array, skipped'],
    ['a note with a string position', (d) => void d.getMap('notes').set('n9', new Y.Map<unknown>([['text', 'x'], ['x', '12'], ['y', 3], ['w', 1], ['h', 1], ['author', 'a'], ['color', 'red'], ['zone', null], ['createdAt', 1]])), 'note n9: repaired x'],
    ['a note whose id differs from its key', (d) => void d.getMap('notes').set('n9', new Y.Map<unknown>([['id', 'n1'], ['text', 'x'], ['x', 1], ['y', 3], ['w', 1], ['h', 1], ['author', 'a'], ['color', 'red'], ['zone', null], ['createdAt', 1]])), 'note n9: id differs from its key; using the key'],
    ['a note in a zone that does not exist', (d) => void d.getMap('notes').set('n9', new Y.Map<unknown>([['text', 'x'], ['x', 1], ['y', 3], ['w', 1], ['h', 1], ['author', 'a'], ['color', 'red'], ['zone', 'nowhere'], ['createdAt', 1]])), 'note n9: unknown zone "nowhere", treated as unplaced'],
    ['an unknown key on a note', (d: Y.Doc) => (d.getMap('notes').get('n1') as Y.Map<unknown>).set('likes', 3), 'notes: ignored unknown key "likes" (1x)'],
    ['a zone with an unknown role', (d) => void d.getMap('zones').set('z9', new Y.Map<unknown>([['id', 'z9'], ['role', 'spaceship'], ['title', 't'], ['x', 0], ['y', 0], ['w', 1], ['h', 1]])), 'zone z9: repaired role'],
    ['details that are a number', (d) => void d.getMap('details').set('c1', 7), 'details c1: not text (number), skipped'],
    ['a row with a numeric cell', (d) => void d.getMap('rows').set('r9', new Y.Map<unknown>([['kind', 'raci'], ['cells', new Y.Map<unknown>([['cm', 5], ['deliverable', 'x']])]])), 'row r9: dropped non-text cells cm'],
  ];
  it.each(cases)('reports %s', (_name, damage, problem) => {
    const doc = new Y.Doc();
    doc.getMap(BOARD_MAPS.meta).set('id', 'b1');
    putZone(doc, { id: 'c1', role: 'challenge', title: 'A challenge', x: 0, y: 0, w: 10, h: 10 });
    addNote(doc, { id: 'n1', text: 'a good idea', author: 'ana', x: 0, y: 0, zone: 'c1', createdAt: 1 });
    damage(doc);
    const { board, problems } = readBoard(doc);
    expect(problems).toEqual([problem]);
    expect(board.notes.some((note) => note.id === 'n1')).toBe(true);
  });
});
