import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mapThroughDelta, type Delta } from './caretDelta.ts';

describe('mapThroughDelta', () => {
  it.each([
    ['insert before the caret pushes it', [{ insert: 'ab' }], 3, 5],
    ['insert after the caret leaves it', [{ retain: 5 }, { insert: 'ab' }], 3, 3],
    ['insert exactly at the caret leaves it (the typist keeps their place)', [{ retain: 3 }, { insert: 'ab' }], 3, 3],
    ['delete before the caret pulls it', [{ delete: 2 }], 3, 1],
    ['delete around the caret puts it at the deletion', [{ retain: 1 }, { delete: 4 }], 3, 1],
    ['delete after the caret leaves it', [{ retain: 3 }, { delete: 4 }], 3, 3],
    ['replace before the caret', [{ retain: 1 }, { delete: 1 }, { insert: 'xyz' }], 4, 6],
    ['no change', [], 7, 7],
  ] as const)('%s', (_name, delta, caret, expected) => {
    expect(mapThroughDelta(delta as Delta, caret)).toBe(expected);
  });

  it('agrees with Yjs relative positions for edits away from the caret', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'hello wonderful world');
    const caret = 11;
    const relative = Y.createRelativePositionFromTypeIndex(text, caret);
    let delta: Delta = [];
    text.observe((event) => (delta = event.delta as Delta));
    doc.transact(() => {
      text.delete(0, 6);
      text.insert(0, 'dear ');
      text.insert(text.length, '!');
    });
    expect(mapThroughDelta(delta, caret)).toBe(Y.createAbsolutePositionFromRelativePosition(relative, doc)?.index);
  });
});
