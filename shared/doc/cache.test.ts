import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, deleteNote, deleteZone, moveNote, putZone, setNoteStatus, updateNoteText } from './board-doc.ts';
import { unvote, vote } from './control-doc.ts';
import { BOARD_MAPS } from './layout.ts';
import { readBoard } from './read.ts';
import { challengeSolutions } from '../reducers/challenges.ts';

type Op = { kind: 'add' | 'move' | 'text' | 'delete' | 'status' | 'junk' | 'zone' | 'unzone' | 'vote' | 'unvote' | 'raw'; a: number; b: number; text: string };

const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('add', 'add', 'move', 'text', 'delete', 'status', 'junk', 'zone', 'unzone', 'vote', 'vote', 'unvote', 'raw'),
  a: fc.nat(30),
  b: fc.nat(30),
  text: fc.string({ maxLength: 8 }),
});

function apply(doc: Y.Doc, control: Y.Doc, { kind, a, b, text }: Op, step: number): void {
  const notes = [...doc.getMap(BOARD_MAPS.notes).keys()].sort();
  const note = notes.length === 0 ? undefined : notes[a % notes.length];
  const zone = `z${b % 3}`;
  const map = note === undefined ? undefined : doc.getMap(BOARD_MAPS.notes).get(note);
  switch (kind) {
    case 'add':
      addNote(doc, { id: `n${step}`, text: text || 'x', author: 'a', x: a, y: b, zone, createdAt: a % 4 });
      break;
    case 'move':
      if (note !== undefined && map instanceof Y.Map) moveNote(doc, note, { x: b, y: a, zone });
      break;
    case 'text':
      if (note !== undefined && map instanceof Y.Map) updateNoteText(doc, note, text);
      break;
    case 'delete':
      if (note !== undefined) deleteNote(doc, note);
      break;
    case 'status':
      if (note !== undefined && map instanceof Y.Map) setNoteStatus(doc, note, 'done');
      break;
    case 'junk':
      if (map instanceof Y.Map) map.set(['x', 'w', 'createdAt', 'color', 'extra'][b % 5] ?? 'x', b % 2 === 0 ? 'junk' : b);
      else doc.getMap(BOARD_MAPS.notes).set(`j${step}`, b % 2 === 0 ? 'junk' : { text: 'plain object note' });
      break;
    case 'zone':
      putZone(doc, { id: zone, role: 'challenge', title: zone, x: 0, y: 0, w: 1, h: 1 });
      break;
    case 'unzone':
      deleteZone(doc, zone);
      break;
    case 'vote':
      if (note !== undefined) vote(control, { board: 'b', voter: `v${b % 3}`, note, at: step });
      break;
    case 'unvote':
      if (note !== undefined) unvote(control, { board: 'b', voter: `v${b % 3}`, note });
      break;
    case 'raw':
      // A remote update arriving, as a provider applies it.
      {
        const other = new Y.Doc();
        Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
        if (note !== undefined && other.getMap(BOARD_MAPS.notes).get(note) instanceof Y.Map) updateNoteText(other, note, `${text}!`);
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
      }
      break;
  }
}

describe('readBoard memo and change tracking', () => {
  it('reads (and solves) exactly what a read without the memos gives, after every change', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const doc = new Y.Doc();
        const control = new Y.Doc();
        doc.getMap(BOARD_MAPS.meta).set('id', 'b');
        putZone(doc, { id: 'z0', role: 'challenge', title: 'z0', x: 0, y: 0, w: 1, h: 1 });
        ops.forEach((o, step) => {
          apply(doc, control, o, step);
          const cached = readBoard(doc, control);
          expect(cached).toEqual(readBoard(doc, control, { cache: false }));
          // challengeSolutions memoises per challenge on frozen notes; a plain copy is computed afresh.
          expect(challengeSolutions(cached.board)).toEqual(challengeSolutions(structuredClone(cached.board)));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('is right when read from inside an observer, before its own tracker has seen the change', () => {
    const doc = new Y.Doc();
    doc.getMap(BOARD_MAPS.meta).set('id', 'b');
    const seen: string[][] = [];
    // Registered before readBoard installs its tracker, so it runs first on every change.
    doc.getMap(BOARD_MAPS.notes).observeDeep(() => {
      seen.push(readBoard(doc).board.notes.map((note) => note.text));
    });
    addNote(doc, { id: 'n1', text: 'one', author: 'a', x: 0, y: 0, createdAt: 1 });
    readBoard(doc);
    updateNoteText(doc, 'n1', 'uno');
    addNote(doc, { id: 'n2', text: 'two', author: 'a', x: 0, y: 0, createdAt: 2 });
    expect(seen).toEqual([['one'], ['uno'], ['uno', 'two']]);
  });

  it('hands out frozen records, so a caller cannot corrupt the memo', () => {
    const doc = new Y.Doc();
    addNote(doc, { id: 'n1', text: 'one', author: 'a', x: 0, y: 0, createdAt: 1 });
    const [note] = readBoard(doc).board.notes;
    expect(Object.isFrozen(note)).toBe(true);
    expect(() => {
      (note as { text: string }).text = 'changed';
    }).toThrow(TypeError);
    expect(readBoard(doc).board.notes[0]?.text).toBe('one');
  });
});
