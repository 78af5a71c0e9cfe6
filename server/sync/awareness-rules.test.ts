import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { AWARENESS_LIMITS, AwarenessLimitError, awarenessClientIds, vetAwarenessUpdate } from './awareness-rules.ts';

function updateOf(states: Record<string, unknown>[]): { update: Uint8Array; ids: number[] } {
  const awarenesses = states.map((state) => {
    const a = new awarenessProtocol.Awareness(new Y.Doc());
    a.setLocalState(state);
    return a;
  });
  // One update carrying every client's entry, as a relay would send it.
  const target = new awarenessProtocol.Awareness(new Y.Doc());
  for (const a of awarenesses) awarenessProtocol.applyAwarenessUpdate(target, awarenessProtocol.encodeAwarenessUpdate(a, [a.clientID]), null);
  const ids = awarenesses.map((a) => a.clientID);
  return { update: awarenessProtocol.encodeAwarenessUpdate(target, ids), ids };
}

function statesAfter(update: Uint8Array | null): Map<number, Record<string, unknown>> {
  const seen = new awarenessProtocol.Awareness(new Y.Doc());
  seen.setLocalState(null);
  if (update) awarenessProtocol.applyAwarenessUpdate(seen, update, null);
  return seen.getStates();
}

const lead = { user: { name: 'Trainer' }, view: { cx: 1, cy: 2, scale: 1 }, presenting: { w: 800, h: 600 } };

describe('vetAwarenessUpdate', () => {
  it('passes a facilitator\'s update untouched', () => {
    const { update } = updateOf([lead]);
    expect(vetAwarenessUpdate(update, { mayPresent: true, ownedByOther: () => false })).toBe(update);
  });

  it('drops `presenting` from anybody else, keeping the rest of their state', () => {
    const { update, ids } = updateOf([lead]);
    const states = statesAfter(vetAwarenessUpdate(update, { mayPresent: false, ownedByOther: () => false }));
    expect(states.get(ids[0]!)).toEqual({ user: { name: 'Trainer' }, view: { cx: 1, cy: 2, scale: 1 } });
  });

  it('leaves out entries for client ids another connection introduced', () => {
    const { update, ids } = updateOf([{ cursor: { x: 1, y: 1 } }, { cursor: { x: 2, y: 2 } }]);
    const states = statesAfter(vetAwarenessUpdate(update, { mayPresent: true, ownedByOther: (id) => id === ids[0] }));
    expect([...states.keys()]).toEqual([ids[1]]);
    expect(vetAwarenessUpdate(update, { mayPresent: true, ownedByOther: () => true })).toBeNull();
  });

  it('throws on bytes that do not decode (the live document closes the connection with 4400)', () => {
    expect(() => vetAwarenessUpdate(new Uint8Array([5, 1]), { mayPresent: false, ownedByOther: () => false })).toThrow();
  });

  it('refuses more entries in one update than the cap, and states over the size cap; the live document counts the ids a connection keeps', () => {
    const speaker = { mayPresent: true, ownedByOther: () => false };
    const flood = updateOf(Array.from({ length: AWARENESS_LIMITS.entriesPerUpdate + 1 }, (_, i) => ({ user: { name: `p${i}` } })));
    expect(() => vetAwarenessUpdate(flood.update, speaker)).toThrow(AwarenessLimitError);
    // A provider's echo of everybody present names more ids than one connection may own: passed on here,
    // with the others' ids dropped by ownedByOther; the live document counts what a connection keeps (live-doc.ts).
    const echo = updateOf(Array.from({ length: AWARENESS_LIMITS.idsPerConnection + 3 }, (_, i) => ({ user: { name: `p${i}` } })));
    expect(awarenessClientIds(vetAwarenessUpdate(echo.update, speaker)!)).toEqual(echo.ids);
    const others = new Set(echo.ids.slice(1));
    expect(awarenessClientIds(vetAwarenessUpdate(echo.update, { mayPresent: true, ownedByOther: (id) => others.has(id) })!)).toEqual(echo.ids.slice(0, 1));
    const big = updateOf([{ user: { name: 'x'.repeat(AWARENESS_LIMITS.stateBytes) } }]);
    expect(() => vetAwarenessUpdate(big.update, speaker)).toThrow(AwarenessLimitError);
  });
});
