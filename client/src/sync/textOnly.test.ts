import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, moveNote, updateNoteText, writeRootCauses } from '../../../shared/doc/index.ts';
import { textOnly } from './textOnly.ts';

function seen(doc: Y.Doc, write: () => void): boolean[] {
  const out: boolean[] = [];
  const on = (tr: Y.Transaction) => out.push(textOnly(tr));
  doc.on('afterTransaction', on);
  write();
  doc.off('afterTransaction', on);
  return out;
}

describe('textOnly', () => {
  it.each([
    ['a keystroke in a note', (doc: Y.Doc, id: string) => updateNoteText(doc, id, 'idea!'), [true]],
    ['a root cause typed (its text exists)', (doc: Y.Doc) => writeRootCauses(doc, 'c1', 'few staff'), [true]],
    ['a note moved', (doc: Y.Doc, id: string) => moveNote(doc, id, { x: 5, y: 5 }), [false]],
    ['a note added', (doc: Y.Doc) => void addNote(doc, { text: 'x', author: 'a', x: 0, y: 0, createdAt: 1 }), [false]],
    ['a text edit and a move together', (doc: Y.Doc, id: string) => doc.transact(() => { updateNoteText(doc, id, 'moved'); moveNote(doc, id, { x: 9, y: 9 }); }), [false]],
    ['nothing changed', (doc: Y.Doc) => doc.transact(() => undefined), [false]],
  ] as const)('%s', (_name, write, expected) => {
    const doc = new Y.Doc();
    const id = addNote(doc, { text: 'idea', author: 'a', x: 0, y: 0, createdAt: 0 });
    writeRootCauses(doc, 'c1', '');
    expect(seen(doc, () => write(doc, id))).toEqual(expected);
  });

  it('holds for an edit arriving from another replica', () => {
    const a = new Y.Doc();
    const id = addNote(a, { text: 'idea', author: 'a', x: 0, y: 0, createdAt: 0 });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const sv = Y.encodeStateVector(a);
    updateNoteText(b, id, 'idea, typed elsewhere');
    expect(seen(a, () => Y.applyUpdate(a, Y.encodeStateAsUpdate(b, sv)))).toEqual([true]);
  });
});
