import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, deleteNote, moveNote, notesMap, updateNoteText } from '../../../shared/doc/index.ts';
import { readNote } from '../../../shared/doc/index.ts';
import { NoteStore } from './noteStore.ts';

describe('NoteStore', () => {
  it('tells only the subscribers of the notes a transaction touched, and the list only on add and delete', () => {
    const doc = new Y.Doc();
    const a = addNote(doc, { text: 'a', author: 'ana', x: 0, y: 0, createdAt: 1 });
    const b = addNote(doc, { text: 'b', author: 'ana', x: 0, y: 0, createdAt: 2 });
    const store = new NoteStore(doc);
    const calls: string[] = [];
    store.subscribeNote(a, () => calls.push('a'));
    store.subscribeNote(b, () => calls.push('b'));
    store.subscribeList(() => calls.push('list'));

    updateNoteText(doc, a, 'a, edited');
    moveNote(doc, b, { x: 5, y: 6 });
    expect(calls).toEqual(['a', 'b']);
    expect(store.get(a)?.text).toBe('a, edited');
    expect(store.get(b)).toMatchObject({ x: 5, y: 6 });

    const ids = store.ids();
    const c = addNote(doc, { text: 'c', author: 'ben', x: 0, y: 0, createdAt: 0 });
    expect(calls.slice(2)).toEqual(['list']);
    expect(store.ids()).toEqual([c, a, b]);
    expect(store.ids()).not.toBe(ids);
    updateNoteText(doc, c, 'c!');
    expect(store.ids()).toBe(store.ids()); // unchanged list: same array, no list render
    deleteNote(doc, a);
    expect(calls.slice(3)).toEqual(['a', 'list']);
    expect(store.get(a)).toBeUndefined();
    store.destroy();
  });

  it('keeps a note\'s shape (everything but its text) the same object while only its text changes', () => {
    const doc = new Y.Doc();
    const a = addNote(doc, { text: 'a', author: 'ana', x: 0, y: 0, createdAt: 1 });
    const store = new NoteStore(doc);
    const shape = store.shape(a);
    expect(shape).toBe(store.get(a));
    updateNoteText(doc, a, 'a, typed');
    expect(store.shape(a)).toBe(shape);
    expect(store.get(a)?.text).toBe('a, typed');
    moveNote(doc, a, { x: 7, y: 8 });
    expect(store.shape(a)).toMatchObject({ x: 7, y: 8, text: 'a, typed' });
    expect(store.shape(a)).toBe(store.get(a));
    deleteNote(doc, a);
    expect(store.shape(a)).toBeUndefined();
    store.destroy();
  });

  it("reads an old client's note the way readBoard does: plain string text, missing fields repaired", () => {
    const doc = new Y.Doc();
    const old = new Y.Map<unknown>();
    notesMap(doc).set('n1', old);
    old.set('text', 'plain');
    old.set('x', 'not a number');
    expect(readNote('n1', old).note).toMatchObject({ id: 'n1', text: 'plain', x: 0, y: 0, w: 160, h: 120, zone: null, author: '' });
    expect(readNote('n2', 'not a map').note).toBeNull();
  });
});
