import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, setBoardTitle, updateNoteText, writeDetails } from './index.ts';

const noteText = (d: Y.Doc, id: string) => (d.getMap('notes').get(id) as Y.Map<unknown>).get('text') as Y.Text;
import { oversized, TEXT_LIMITS } from './limits.ts';

/** The problem `oversized` finds in the transaction `change` makes on a board with one note. */
function problemOf(change: (doc: Y.Doc, noteId: string) => void): string | null {
  const doc = new Y.Doc();
  const noteId = addNote(doc, { text: 'short', author: 'a', x: 0, y: 0, createdAt: 1 });
  let problem: string | null = 'not called';
  doc.on('afterTransaction', (t: Y.Transaction) => {
    problem = oversized(doc, t);
  });
  change(doc, noteId);
  return problem;
}

describe('oversized', () => {
  it.each([
    ['a note text at the limit', (d: Y.Doc, id: string) => updateNoteText(d, id, 'x'.repeat(TEXT_LIMITS.note)), null],
    ['a note text one over', (d: Y.Doc, id: string) => noteText(d, id).insert(0, 'x'.repeat(TEXT_LIMITS.note - 4)), 'a text of 10001'],
    ['a new note of normal size', (d: Y.Doc) => void addNote(d, { text: 'x', author: 'a', x: 0, y: 0, createdAt: 1 }), null],
    ['a board title at the short limit', (d: Y.Doc) => setBoardTitle(d, 't'.repeat(TEXT_LIMITS.title)), null],
    ['a board title over it', (d: Y.Doc) => d.getMap('meta').set('title', 't'.repeat(TEXT_LIMITS.title + 1)), 'a text of 501'],
    ['details within the long limit', (d: Y.Doc) => writeDetails(d, 'c1', 'd'.repeat(1000)), null],
    ['details over it', (d: Y.Doc) => d.getMap('details').set('c1', new Y.Text('d'.repeat(TEXT_LIMITS.long + 1))), `a text of ${TEXT_LIMITS.long + 1}`],
    ['a huge plain value', (d: Y.Doc) => d.getMap('rows').set('r', { cells: { a: 'v'.repeat(TEXT_LIMITS.valueBytes) } }), 'a value of'],
  ] as const)('%s', (_name, change, expected) => {
    const problem = problemOf(change);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });

  it('sees a text inside a note created in the same transaction', () => {
    const problem = problemOf((d) => {
      const note = new Y.Map<unknown>();
      note.set('text', new Y.Text('x'.repeat(1024 * 1024)));
      d.getMap('notes').set('forged', note);
    });
    expect(problem).toContain(`at most ${TEXT_LIMITS.note}`);
  });
});
