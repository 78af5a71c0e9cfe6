import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addNote,
  addPlanRow,
  deleteNote,
  moveNote,
  putZone,
  setCanvasCell,
  setNoteStatus,
  setPlanCell,
  updateNoteText,
  writeDetails,
  writeRootCauses,
  editChallengeText,
  textSpan,
  watchChallengeText,
  type TextChange,
} from './board-doc.ts';
import { lock, select, setPhase, setVoteBudget, unvote, vote } from './control-doc.ts';
import { BOARD_MAPS } from './layout.ts';
import { readBoard, readNote, readNoteTexts } from './read.ts';

function countUpdates(doc: Y.Doc, write: () => void): number {
  let updates = 0;
  const onUpdate = (): void => {
    updates++;
  };
  doc.on('update', onUpdate);
  write();
  doc.off('update', onUpdate);
  return updates;
}

function boardWithChallenge(): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap(BOARD_MAPS.meta).set('id', 'b1');
  putZone(doc, { id: 'c1', role: 'challenge', title: 'Attracting members', x: 0, y: 0, w: 300, h: 800 });
  return doc;
}

describe('board document layout', () => {
  it('stores a note as a Y.Map in notes, with a Y.Text text and the agreed keys', () => {
    const doc = new Y.Doc();
    addNote(doc, { id: 'n1', text: 'coffee talks', author: 'ana', x: 10, y: 20, createdAt: 5 });
    const note = doc.getMap('notes').get('n1');
    expect(note).toBeInstanceOf(Y.Map);
    const map = note as Y.Map<unknown>;
    expect(map.get('text')).toBeInstanceOf(Y.Text);
    expect([...map.keys()].sort()).toEqual(['author', 'color', 'createdAt', 'h', 'id', 'text', 'w', 'x', 'y', 'zone']);
    expect(map.get('zone')).toBeNull();
  });

  it('makes every write accessor exactly one update', () => {
    const doc = boardWithChallenge();
    const control = new Y.Doc();
    expect(countUpdates(doc, () => addNote(doc, { id: 'n1', text: 'a', author: 'ana', x: 0, y: 0, createdAt: 1 }))).toBe(1);
    expect(countUpdates(doc, () => moveNote(doc, 'n1', { x: 5, y: 6, zone: 'c1' }))).toBe(1);
    expect(countUpdates(doc, () => updateNoteText(doc, 'n1', 'abc'))).toBe(1);
    expect(countUpdates(doc, () => setNoteStatus(doc, 'n1', 'done'))).toBe(1);
    expect(countUpdates(doc, () => writeDetails(doc, 'c1', 'who, when'))).toBe(1);
    expect(countUpdates(doc, () => writeRootCauses(doc, 'c1', 'few staff'))).toBe(1);
    expect(countUpdates(doc, () => setCanvasCell(doc, 'c1', 'x'))).toBe(1);
    expect(countUpdates(doc, () => addPlanRow(doc, { id: 'r1', kind: 'individual', cells: { step: 'a' } }))).toBe(1);
    expect(countUpdates(doc, () => setPlanCell(doc, 'r1', 'responsible', 'me'))).toBe(1);
    expect(countUpdates(control, () => vote(control, { board: 'b1', voter: 'v', note: 'n1', at: 1 }))).toBe(1);
    expect(countUpdates(control, () => select(control, { board: 'b1', challenge: 'c1', note: 'n1' }))).toBe(1);
    expect(countUpdates(control, () => lock(control, { board: 'b1' }))).toBe(1);
    expect(countUpdates(doc, () => deleteNote(doc, 'n1'))).toBe(1);
  });

  it('edits note text in place so a concurrent edit elsewhere in the text survives', () => {
    const a = new Y.Doc();
    addNote(a, { id: 'n1', text: 'member surveys', author: 'ana', x: 0, y: 0, createdAt: 1 });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    updateNoteText(a, 'n1', 'Member surveys');
    updateNoteText(b, 'n1', 'member surveys twice a year');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readNoteTexts(a)).toEqual(['Member surveys twice a year']);
    expect(readNoteTexts(b)).toEqual(readNoteTexts(a));
  });

  it('keeps surrogate pairs whole when the edit is next to an emoji', () => {
    const doc = new Y.Doc();
    addNote(doc, { id: 'n1', text: 'a\u{1F600}b', author: 'x', x: 0, y: 0, createdAt: 1 });
    updateNoteText(doc, 'n1', 'a\u{1F601}b');
    expect(readNoteTexts(doc)).toEqual(['a\u{1F601}b']);
  });

  it('reads an old client note whose text is a plain string, and upgrades it on edit', () => {
    const doc = new Y.Doc();
    const old = new Y.Map<unknown>();
    doc.getMap('notes').set('n1', old);
    old.set('text', 'plain');
    old.set('createdAt', 3);
    expect(readNoteTexts(doc)).toEqual(['plain']);
    const { board, problems } = readBoard(doc);
    expect(board.notes.map((note) => note.text)).toEqual(['plain']);
    expect(problems).toContain('note n1: repaired author, color, x, y, w, h, zone');
    updateNoteText(doc, 'n1', 'plain, edited');
    expect(old.get('text')).toBeInstanceOf(Y.Text);
    expect(readNoteTexts(doc)).toEqual(['plain, edited']);
  });

  it('reads a single note the way readBoard does', () => {
    const doc = new Y.Doc();
    addNote(doc, { id: 'n1', text: 'a', author: 'ana', x: 0, y: 0, createdAt: 1 });
    const map = doc.getMap('notes').get('n1') as Y.Map<unknown>;
    expect(readNote('n1', map)).toEqual({ note: readBoard(doc).board.notes[0], problems: [] });
    map.set('w', -1);
    map.set('likes', 2);
    expect(readNote('n1', map)).toMatchObject({ note: { w: 160 }, problems: ['note n1: repaired w', 'note n1: ignored unknown key "likes"'] });
    expect(readNote('n2', 'junk')).toEqual({ note: null, problems: ['note n2: not a record (string), skipped'] });
  });

  it('lists note texts in creation order, ties by id', () => {
    const doc = new Y.Doc();
    addNote(doc, { id: 'b', text: 'second', author: 'x', x: 0, y: 0, createdAt: 2 });
    addNote(doc, { id: 'c', text: 'third', author: 'x', x: 0, y: 0, createdAt: 2 });
    addNote(doc, { id: 'a', text: 'first', author: 'x', x: 0, y: 0, createdAt: 1 });
    expect(readNoteTexts(doc)).toEqual(['first', 'second', 'third']);
  });

  it('rejects invalid input before writing anything', () => {
    const doc = new Y.Doc();
    expect(() => addNote(doc, { text: 'x', author: 'a', x: Number.NaN, y: 0, createdAt: 0 })).toThrow();
    expect(doc.getMap('notes').size).toBe(0);
    expect(() => moveNote(doc, 'missing', { x: 0, y: 0 })).toThrow(/no note/);
  });
});

describe('control document and readBoard', () => {
  it('assembles challenges with root causes, details and the facilitator selection', () => {
    const doc = boardWithChallenge();
    addNote(doc, { id: 'n1', text: 'coffee talks', author: 'ana', x: 0, y: 0, zone: 'c1', createdAt: 1 });
    writeRootCauses(doc, 'c1', 'limited staff');
    writeDetails(doc, 'c1', 'monthly, by the manager');
    const control = new Y.Doc();
    select(control, { board: 'b1', challenge: 'c1', note: 'n1', by: 'trainer' });
    select(control, { board: 'other', challenge: 'c1', note: 'n9' });
    const { board, problems } = readBoard(doc, control);
    expect(problems).toEqual([]);
    expect(board.challenges).toEqual([
      { v: 1, id: 'c1', number: 1, title: 'Attracting members', rootCauses: 'limited staff', selected: 'n1', details: 'monthly, by the manager' },
    ]);
  });

  it('takes phase and budget from the board, else the workshop, else the defaults', () => {
    const doc = boardWithChallenge();
    const control = new Y.Doc();
    expect(readBoard(doc, control).board.control).toMatchObject({ phase: null, voteBudget: 3 });
    setPhase(control, null, 'ideate');
    setVoteBudget(control, null, 5);
    expect(readBoard(doc, control).board.control).toMatchObject({ phase: 'ideate', voteBudget: 5 });
    setPhase(control, 'b1', 'vote');
    setVoteBudget(control, 'b1', 2);
    expect(readBoard(doc, control).board.control).toMatchObject({ phase: 'vote', voteBudget: 2 });
  });

  it('keeps one vote per voter and note, drops votes for deleted notes and other boards', () => {
    const doc = boardWithChallenge();
    addNote(doc, { id: 'n1', text: 'a', author: 'ana', x: 0, y: 0, zone: 'c1', createdAt: 1 });
    addNote(doc, { id: 'n2', text: 'b', author: 'ana', x: 0, y: 0, zone: 'c1', createdAt: 2 });
    const control = new Y.Doc();
    expect(vote(control, { board: 'b1', voter: 'v1', note: 'n1', at: 10 })).toBe(true);
    expect(vote(control, { board: 'b1', voter: 'v1', note: 'n1', at: 11 })).toBe(false);
    vote(control, { board: 'b1', voter: 'v1', note: 'n2', at: 12 });
    vote(control, { board: 'b2', voter: 'v1', note: 'n1', at: 13 });
    vote(control, { board: 'b1', voter: 'v2', note: 'n2', at: 14 });
    deleteNote(doc, 'n2');
    const { board, problems } = readBoard(doc, control);
    expect(board.control.votes).toEqual([{ v: 1, board: 'b1', voter: 'v1', note: 'n1', at: 10 }]);
    expect(problems).toEqual(['votes: 2 vote(s) for deleted note "n2" dropped']);
    expect(unvote(control, { board: 'b1', voter: 'v1', note: 'n1' })).toBe(true);
    expect(readBoard(doc, control).board.control.votes).toEqual([]);
  });

  it('ignores a selection of a note that is not one of the challenge ideas', () => {
    const doc = boardWithChallenge();
    addNote(doc, { id: 'n1', text: 'a', author: 'ana', x: 0, y: 0, zone: null, createdAt: 1 });
    const control = new Y.Doc();
    select(control, { board: 'b1', challenge: 'c1', note: 'n1' });
    const { board, problems } = readBoard(doc, control);
    expect(board.challenges[0]?.selected).toBeNull();
    expect(problems).toEqual(['challenge c1: selected note "n1" is not one of its ideas, ignored']);
  });

  it('reads plan rows with their cells, in order', () => {
    const doc = new Y.Doc();
    addPlanRow(doc, { id: 'r2', kind: 'bm-change', order: 2, cells: { action: 'second' } });
    addPlanRow(doc, { id: 'r1', kind: 'bm-change', order: 1, cells: { action: 'first' } });
    setPlanCell(doc, 'r1', 'deadline', '31 Mar');
    const { board } = readBoard(doc);
    expect(board.rows.map((row) => [row.id, row.cells])).toEqual([
      ['r1', { action: 'first', deadline: '31 Mar' }],
      ['r2', { action: 'second' }],
    ]);
  });
});

describe('challenge texts bound to a text field', () => {
  it.each([
    ['typing at the end', 'abc', 'abcd', { index: 3, removed: 0, inserted: 'd' }],
    ['typing in the middle', 'abc', 'abXc', { index: 2, removed: 0, inserted: 'X' }],
    ['deleting a selection', 'hello world', 'hello', { index: 5, removed: 6, inserted: '' }],
    ['replacing a selection', 'one two three', 'one 2 three', { index: 4, removed: 3, inserted: '2' }],
    ['a repeated letter', 'aa', 'aaa', { index: 2, removed: 0, inserted: 'a' }],
    ['an emoji is never split', 'a\u{1F600}', 'a\u{1F601}', { index: 1, removed: 2, inserted: '\u{1F601}' }],
    ['no change', 'same', 'same', null],
  ] as const)('textSpan: %s', (_name, before, after, expected) => {
    expect(textSpan(before, after)).toEqual(expected);
  });

  it('writes only the edited span, in one update, and keeps a concurrent edit elsewhere', () => {
    const a = boardWithChallenge();
    const b = new Y.Doc();
    editChallengeText(a, 'details', 'c1', '', 'Owner: manager');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    // a types at the end while b, concurrently, types at the start.
    expect(countUpdates(a, () => editChallengeText(a, 'details', 'c1', 'Owner: manager', 'Owner: manager. Due May'))).toBe(1);
    editChallengeText(b, 'details', 'c1', 'Owner: manager', 'Pilot. Owner: manager');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readBoard(a).board.challenges[0]?.details).toBe('Pilot. Owner: manager. Due May');
    expect(readBoard(b).board.challenges[0]?.details).toBe('Pilot. Owner: manager. Due May');
  });

  it('applies an edit against an out-of-date value at its place, clamped to the text', () => {
    const doc = boardWithChallenge();
    editChallengeText(doc, 'rootCauses', 'c1', '', 'few staff');
    editChallengeText(doc, 'rootCauses', 'c1', 'few staff and no budget at all', 'few staff and no budget at all!');
    expect(readBoard(doc).board.challenges[0]?.rootCauses).toBe('few staff!');
    expect(countUpdates(doc, () => editChallengeText(doc, 'rootCauses', 'c1', 'x', 'x'))).toBe(0);
    expect(() => editChallengeText(doc, 'rootCauses', 'c1', '', 'x'.repeat(20_001))).toThrow();
  });

  it('tells a watcher the text at once, then every change with its delta and origin', () => {
    const doc = boardWithChallenge();
    const seen: TextChange[] = [];
    const stop = watchChallengeText(doc, 'details', 'c1', (change) => seen.push(change));
    editChallengeText(doc, 'details', 'c1', '', 'plan', 'me');
    editChallengeText(doc, 'details', 'c1', 'plan', 'a plan', 'other');
    writeDetails(doc, 'c2', 'elsewhere');
    stop();
    editChallengeText(doc, 'details', 'c1', 'a plan', 'a plan!');
    expect(seen.map((c) => [c.text, c.origin])).toEqual([
      ['', null],
      ['plan', 'me'],
      ['a plan', 'other'],
    ]);
    expect(seen[2]?.delta).toEqual([{ insert: 'a ' }]);
  });

  it('follows a text that another client replaced with a new Y.Text', () => {
    const doc = boardWithChallenge();
    const seen: string[] = [];
    watchChallengeText(doc, 'rootCauses', 'c1', (change) => seen.push(change.text));
    writeRootCauses(doc, 'c1', 'first');
    doc.getMap(BOARD_MAPS.rootCauses).set('c1', new Y.Text('replaced'));
    editChallengeText(doc, 'rootCauses', 'c1', 'replaced', 'replaced!');
    expect(seen).toEqual(['', 'first', 'replaced', 'replaced!']);
  });
});

describe('two people typing into the same empty challenge text at once', () => {
  /** Two replicas of one board, exchanging nothing until `sync` is called. */
  function pair(make: () => Y.Doc): [Y.Doc, Y.Doc, () => void] {
    const a = make();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const sync = (): void => {
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    };
    return [a, b, sync];
  }

  /** Types `text` one character at a time at the end of what this replica shows. */
  function type(doc: Y.Doc, kind: 'rootCauses' | 'details', text: string): void {
    for (const ch of text) {
      const before = readBoard(doc).board.challenges[0]?.[kind] ?? '';
      editChallengeText(doc, kind, 'c1', before, before + ch);
    }
  }

  it('keeps both texts whole: a challenge gets its texts when it is created', () => {
    const [a, b, sync] = pair(boardWithChallenge);
    expect(a.getMap(BOARD_MAPS.rootCauses).get('c1')).toBeInstanceOf(Y.Text);
    expect(a.getMap(BOARD_MAPS.details).get('c1')).toBeInstanceOf(Y.Text);
    type(a, 'rootCauses', 'Budget is fixed');
    type(b, 'rootCauses', 'Nobody owns it');
    sync();
    const text = readBoard(a).board.challenges[0]?.rootCauses;
    expect(readBoard(b).board.challenges[0]?.rootCauses).toBe(text);
    expect(['Budget is fixedNobody owns it', 'Nobody owns itBudget is fixed']).toContain(text);
  });

  it('a board from before (no text yet): the text lost to the other replica is put back by its watcher', () => {
    const legacy = (): Y.Doc => {
      const doc = boardWithChallenge();
      doc.getMap(BOARD_MAPS.rootCauses).delete('c1');
      return doc;
    };
    const [a, b, sync] = pair(legacy);
    const seenA: string[] = [];
    const seenB: string[] = [];
    watchChallengeText(a, 'rootCauses', 'c1', (c) => seenA.push(c.text));
    watchChallengeText(b, 'rootCauses', 'c1', (c) => seenB.push(c.text));
    type(a, 'rootCauses', 'Budget is fixed');
    type(b, 'rootCauses', 'Nobody owns it');
    sync();
    sync();
    const text = readBoard(a).board.challenges[0]?.rootCauses ?? '';
    expect(readBoard(b).board.challenges[0]?.rootCauses).toBe(text);
    expect(text.split('\n').sort()).toEqual(['Budget is fixed', 'Nobody owns it']);
    expect(seenA.at(-1)).toBe(text);
    expect(seenB.at(-1)).toBe(text);
  });

  it('does not put back a text that was replaced on purpose by this same page', () => {
    const doc = boardWithChallenge();
    watchChallengeText(doc, 'rootCauses', 'c1', () => undefined);
    writeRootCauses(doc, 'c1', 'first');
    doc.getMap(BOARD_MAPS.rootCauses).set('c1', new Y.Text('replaced'));
    expect(readBoard(doc).board.challenges[0]?.rootCauses).toBe('replaced');
  });
});
