/**
 * The board's notes as plain data, kept up to date incrementally: one deep observer on the notes map
 * re-reads only the notes a transaction touched, and only their subscribers are told. A remote keystroke
 * in one note re-renders that note, not the thousand others; the id list changes (and its subscribers
 * re-render) only when notes are added or deleted.
 */
import type * as Y from 'yjs';
import { notesMap, readNote } from '../../../shared/doc/index.ts';
import type { Note } from '../../../shared/schema/note.ts';

/** One note as readBoard reads it (shared/doc's `readNote`: same repairs, same memo), or null if it cannot be read. */
function noteOf(id: string, value: unknown): Note | null {
  return value === undefined ? null : readNote(id, value).note;
}

type Listener = () => void;

/** Whether two readings of a note differ in their text at most (a keystroke). */
export function sameExceptText(a: Note, b: Note): boolean {
  for (const key of Object.keys(a) as (keyof Note)[]) if (key !== 'text' && a[key] !== b[key]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

function compareNotes(a: Note, b: Note): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class NoteStore {
  readonly doc: Y.Doc;
  #notes = new Map<string, Note>();
  #shapes = new Map<string, Note>();
  #ids: readonly string[] = [];
  #noteListeners = new Map<string, Set<Listener>>();
  #listListeners = new Set<Listener>();
  #changeListeners = new Set<(ids: ReadonlySet<string>) => void>();
  #map: Y.Map<unknown>;

  constructor(doc: Y.Doc) {
    this.doc = doc;
    this.#map = notesMap(doc);
    for (const [id, value] of this.#map.entries()) {
      const note = noteOf(id, value);
      if (note) {
        this.#notes.set(id, note);
        this.#shapes.set(id, note);
      }
    }
    this.#sortIds();
    this.#map.observeDeep(this.#onEvents);
  }

  destroy(): void {
    this.#map.unobserveDeep(this.#onEvents);
  }

  get(id: string): Note | undefined {
    return this.#notes.get(id);
  }

  /**
   * The note as of its last change other than to its text: the same object while only its text changes,
   * so that what draws a note's card (position, size, colour, author, dots) can skip the keystrokes.
   * Its `text` may be stale: read the text with `get`.
   */
  shape(id: string): Note | undefined {
    return this.#shapes.get(id);
  }

  /** Note ids in board order (created time, then id); a new array only when the set of notes changes. */
  ids(): readonly string[] {
    return this.#ids;
  }

  all(): IterableIterator<Note> {
    return this.#notes.values();
  }

  get size(): number {
    return this.#notes.size;
  }

  subscribeNote(id: string, listener: Listener): () => void {
    let set = this.#noteListeners.get(id);
    if (!set) this.#noteListeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#noteListeners.delete(id);
    };
  }

  subscribeList(listener: Listener): () => void {
    this.#listListeners.add(listener);
    return () => this.#listListeners.delete(listener);
  }

  /** Told after each transaction with the ids it touched (added, changed or deleted). */
  subscribeChanges(listener: (ids: ReadonlySet<string>) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  #sortIds(): void {
    this.#ids = [...this.#notes.values()].sort(compareNotes).map((note) => note.id);
  }

  #onEvents = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === this.#map) {
        for (const key of event.changes.keys.keys()) touched.add(key);
      } else {
        const first = event.path[0];
        if (typeof first === 'string') touched.add(first);
      }
    }
    let listChanged = false;
    for (const id of touched) {
      const before = this.#notes.get(id);
      const after = noteOf(id, this.#map.get(id));
      if (after) this.#notes.set(id, after);
      else this.#notes.delete(id);
      const shape = this.#shapes.get(id);
      if (!after) this.#shapes.delete(id);
      else if (!shape || !sameExceptText(shape, after)) this.#shapes.set(id, after);
      if (!before !== !after || (before && after && before.createdAt !== after.createdAt)) listChanged = true;
    }
    if (listChanged) this.#sortIds();
    for (const id of touched) {
      for (const listener of this.#noteListeners.get(id) ?? []) listener();
    }
    if (listChanged) for (const listener of this.#listListeners) listener();
    for (const listener of this.#changeListeners) listener(touched);
  };
}
