import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, deleteNote, moveNote, setNoteColor, updateNoteText, writeDetails } from './board-doc.ts';
import { describeBoardChange, noteAuthors } from './changes.ts';

function capture(doc: Y.Doc, act: () => void) {
  const known = new Set(noteAuthors(doc).keys());
  let transaction: Y.Transaction | null = null;
  const grab = (t: Y.Transaction) => {
    transaction = t;
  };
  doc.on('afterTransaction', grab);
  act();
  doc.off('afterTransaction', grab);
  if (!transaction) throw new Error('no transaction');
  const change = describeBoardChange(doc, transaction, (id) => known.has(id));
  return {
    maps: [...change.maps].sort(),
    notes: Object.fromEntries([...change.notes].map(([id, c]) => [id, { ...c, fields: [...c.fields].sort() }])),
  };
}

function boardWithNote() {
  const doc = new Y.Doc();
  addNote(doc, { id: 'n1', text: 'idea', author: 'ana', x: 0, y: 0, createdAt: 1 });
  return doc;
}

describe('describeBoardChange', () => {
  const cases: [string, (doc: Y.Doc) => void, unknown][] = [
    ['a new note', (d) => addNote(d, { id: 'n2', text: 'x', author: 'ben', x: 0, y: 0, createdAt: 2 }), { maps: ['notes'], notes: { n2: { created: true, deleted: false, fields: [] } } }],
    ['moving a note', (d) => moveNote(d, 'n1', { x: 5, y: 6 }), { maps: ['notes'], notes: { n1: { created: false, deleted: false, fields: ['x', 'y'] } } }],
    ['recolouring a note', (d) => setNoteColor(d, 'n1', '#a5d6a7'), { maps: ['notes'], notes: { n1: { created: false, deleted: false, fields: ['color'] } } }],
    ['editing the text', (d) => updateNoteText(d, 'n1', 'better idea'), { maps: ['notes'], notes: { n1: { created: false, deleted: false, fields: ['text'] } } }],
    ['deleting a note', (d) => deleteNote(d, 'n1'), { maps: ['notes'], notes: { n1: { created: false, deleted: true, fields: [] } } }],
    ['writing details', (d) => writeDetails(d, 'c1', 'plan'), { maps: ['details'], notes: {} }],
    ['overwriting a note key', (d) => d.getMap('notes').set('n1', new Y.Map()), { maps: ['notes'], notes: { n1: { created: false, deleted: false, fields: ['*'] } } }],
  ];
  for (const [name, act, expected] of cases) {
    it(name, () => {
      const doc = boardWithNote();
      expect(capture(doc, () => act(doc))).toEqual(expected);
    });
  }

  it('reports notes by author', () => {
    const doc = boardWithNote();
    doc.getMap('notes').set('junk', 42);
    expect([...noteAuthors(doc)]).toEqual([['n1', 'ana'], ['junk', '']]);
  });
});
