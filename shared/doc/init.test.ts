import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getTemplate } from '../../boards/index.ts';
import { notesInZone } from './changes.ts';
import { addNote, readBoard } from './index.ts';
import { initBoardDoc, setChallengeColumns } from './init.ts';

const template = getTemplate('challenge-board')!;
const columns = (doc: Y.Doc) =>
  readBoard(doc)
    .board.zones.filter((z) => z.role === 'challenge')
    .map((z) => ({ id: z.id, title: z.title, number: z.number, x: z.x, h: z.h }));

function board(challenges: string[]) {
  const doc = new Y.Doc();
  initBoardDoc(doc, template, { id: 'b1', challenges: challenges.map((title, i) => ({ title, number: i + 1 })) });
  return doc;
}

describe('setChallengeColumns', () => {
  it('retitles and renumbers in place, keeps a column\'s size and notes, adds new columns where a new board has them', () => {
    const doc = board(['A', 'B']);
    doc.getMap<Y.Map<unknown>>('zones').get('challenge-1')!.set('h', 1600); // grown to hold its notes
    const note = addNote(doc, { text: 'idea', author: 'p1', zone: 'challenge-1', x: 0, y: 0, createdAt: 1 });
    setChallengeColumns(doc, template, [{ title: 'A, sharper', number: 5 }, { title: 'B', number: 6 }, { title: 'C', number: 7 }]);
    const fresh = columns(board(['x', 'y', 'z']));
    expect(columns(doc)).toEqual([
      { id: 'challenge-1', title: 'A, sharper', number: 5, x: fresh[0]!.x, h: 1600 },
      { id: 'challenge-2', title: 'B', number: 6, x: fresh[1]!.x, h: fresh[1]!.h },
      { id: 'challenge-3', title: 'C', number: 7, x: fresh[2]!.x, h: fresh[2]!.h },
    ]);
    expect(readBoard(doc).board.notes.find((n) => n.id === note)?.zone).toBe('challenge-1');
  });

  it('removes columns past the new list, and counts notes per column and board', () => {
    const doc = board(['A', 'B', 'C']);
    addNote(doc, { text: 'in B', author: 'p1', zone: 'challenge-2', x: 0, y: 0, createdAt: 1 });
    expect([notesInZone(doc, 'challenge-2'), notesInZone(doc, 'challenge-3'), notesInZone(doc, null)]).toEqual([1, 0, 1]);
    setChallengeColumns(doc, template, ['A', 'B']);
    expect(columns(doc).map((c) => c.id)).toEqual(['challenge-1', 'challenge-2']);
  });

  it('refuses a template without challenges, or too many, and writes nothing', () => {
    const doc = board(['A']);
    const before = Y.encodeStateVector(doc);
    expect(() => setChallengeColumns(doc, getTemplate('pestel')!, ['A'])).toThrow(/takes no challenges/);
    expect(() => setChallengeColumns(doc, template, Array.from({ length: 13 }, (_, i) => `c${i}`))).toThrow(/1-12 challenges/);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
