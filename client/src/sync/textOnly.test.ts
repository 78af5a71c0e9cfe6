import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addNote, moveNote, updateNoteText, writeRootCauses } from '../../../shared/doc/index.ts';
import { afterTyping, TEXT_READ_EVERY_MS, textOnly } from './textOnly.ts';

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

describe('afterTyping', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs every reader that asked during a tick together, once, a tick after the first asked', () => {
    const runs: string[] = [];
    afterTyping(() => runs.push(`list at ${Date.now()}`));
    vi.advanceTimersByTime(400);
    const board = () => runs.push(`board at ${Date.now()}`);
    afterTyping(board);
    afterTyping(board); // asked twice: read once
    vi.advanceTimersByTime(TEXT_READ_EVERY_MS - 401);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([`list at ${TEXT_READ_EVERY_MS}`, `board at ${TEXT_READ_EVERY_MS}`]);
    vi.advanceTimersByTime(5 * TEXT_READ_EVERY_MS);
    expect(runs).toHaveLength(2);
  });

  it('keeps ticks a full interval apart, and forgets a reader that took its request back', () => {
    const runs: number[] = [];
    afterTyping(() => runs.push(Date.now()));
    vi.advanceTimersByTime(TEXT_READ_EVERY_MS);
    vi.advanceTimersByTime(100);
    afterTyping(() => runs.push(Date.now()));
    const cancel = afterTyping(() => runs.push(-1));
    cancel();
    vi.advanceTimersByTime(TEXT_READ_EVERY_MS);
    expect(runs).toEqual([TEXT_READ_EVERY_MS, 2 * TEXT_READ_EVERY_MS + 100]);
  });

  it("does not let one reader's failure cost the others their read", async () => {
    const runs: string[] = [];
    const failures: unknown[] = [];
    const onError = (error: unknown): void => void failures.push(error);
    process.on('uncaughtException', onError);
    try {
      afterTyping(() => {
        throw new Error('broken reader');
      });
      afterTyping(() => runs.push('read'));
      vi.advanceTimersByTime(TEXT_READ_EVERY_MS);
      expect(runs).toEqual(['read']);
      vi.useRealTimers();
      // The reader's error is rethrown on a later turn: wait for it to arrive.
      await vi.waitFor(() => expect(failures).toEqual([new Error('broken reader')]));
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});
