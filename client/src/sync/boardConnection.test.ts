import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addNote, readNoteTexts, updateNoteText } from '../../../shared/doc/index.ts';

// The module reads `window` only inside functions; a bare EventTarget stands in for it here.
(globalThis as unknown as { window: EventTarget }).window ??= new EventTarget();
const { batchRemoteWrites } = await import('./boardConnection.ts');

describe('batchRemoteWrites', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const doc = new Y.Doc();
    const stored: { update: Uint8Array; origin: unknown }[] = [];
    const persistence = { _storeUpdate: (update: Uint8Array, origin: unknown) => void stored.push({ update, origin }) };
    doc.on('update', persistence._storeUpdate); // as y-indexeddb's constructor does
    const stop = batchRemoteWrites(doc, persistence);
    const remote = new Y.Doc();
    const note = addNote(remote, { text: '', author: 'ben', x: 0, y: 0, createdAt: 1 });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), 'provider');
    const type = (text: string) => {
      const before = Y.encodeStateVector(remote);
      updateNoteText(remote, note, text);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, before), 'provider');
    };
    return { doc, stored, stop, type, note };
  }

  /** What IndexedDB would hold after replaying the stored updates into a fresh doc. */
  function replay(stored: { update: Uint8Array }[]): Y.Doc {
    const doc = new Y.Doc();
    for (const { update } of stored) Y.applyUpdate(doc, update);
    return doc;
  }

  it('writes keystrokes from the server merged, once per interval, and loses none', () => {
    const { stored, type } = setup();
    for (const text of ['i', 'id', 'ide', 'idea']) type(text);
    expect(stored).toHaveLength(0);
    vi.advanceTimersByTime(800);
    expect(stored).toHaveLength(1);
    expect(readNoteTexts(replay(stored))).toEqual(['idea']);
    type('idea!');
    vi.advanceTimersByTime(799);
    expect(stored).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(readNoteTexts(replay(stored))).toEqual(['idea!']);
  });

  it('writes a big update from the server (a first sync) at once', () => {
    const { doc, stored } = setup();
    const remote = new Y.Doc();
    addNote(remote, { text: 'x'.repeat(5000), author: 'ben', x: 0, y: 0, createdAt: 2 });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), 'provider');
    expect(stored.length).toBeGreaterThan(0);
  });

  it("writes this page's own edits at once, after what was pending, and flushes on pagehide and on stop", () => {
    const { doc, stored, stop, type, note } = setup();
    type('a');
    updateNoteText(doc, note, 'ab'); // local
    expect(stored.map((s) => s.origin)).toEqual([null, null]); // the pending batch first, then the local edit
    type('abc');
    window.dispatchEvent(new Event('pagehide'));
    expect(stored).toHaveLength(3);
    type('abcd');
    stop();
    expect(stored).toHaveLength(4);
    expect(readNoteTexts(replay(stored))).toEqual(readNoteTexts(doc)); // everything this page holds
    type('abcde');
    vi.advanceTimersByTime(2000);
    expect(stored).toHaveLength(4); // stopped: nothing more
  });
});
