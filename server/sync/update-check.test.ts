import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { craftUpdate } from '../../tests/helpers/craft.ts';
import { prng } from '../../tests/helpers/clients.ts';
import { MAX_CONTENT, checkUpdate, hasPending } from './update-check.ts';

/** A doc with a title (client 1, clocks 0..) and one note text. */
function base(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  doc.getMap('meta').set('title', 'Board');
  doc.getText('text').insert(0, 'hello');
  return doc;
}

function copy(doc: Y.Doc): Y.Doc {
  const c = new Y.Doc();
  Y.applyUpdate(c, Y.encodeStateAsUpdate(doc));
  return c;
}

/** What Yjs itself does with the update on a copy of the doc. */
function yjsOutcome(doc: Y.Doc, update: Uint8Array): 'integrated' | 'pending' | 'throws' {
  const c = copy(doc);
  try {
    Y.applyUpdate(c, update);
  } catch {
    return 'throws';
  }
  return hasPending(c) ? 'pending' : 'integrated';
}

describe('checkUpdate', () => {
  it('lets an honest update through, and calls one without structs or deletions empty', () => {
    const doc = base();
    const peer = copy(doc);
    const sv = Y.encodeStateVector(peer);
    peer.getText('text').insert(5, ' world');
    expect(checkUpdate(doc, Y.encodeStateAsUpdate(peer, sv))).toEqual({ kind: 'apply' });
    expect(checkUpdate(doc, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc))).kind).toBe('empty');
  });

  it('calls bytes that do not decode malformed', () => {
    expect(checkUpdate(base(), new Uint8Array([1, 2, 3, 250, 250])).kind).toBe('malformed');
  });

  it('refuses a struct whose origin is another client’s future clock (Yjs would keep it pending)', () => {
    const doc = base();
    const update = craftUpdate([{ client: 9, clock: 0, structs: [{ origin: { client: 1, clock: 50 }, content: { string: 'x' } }] }]);
    expect(yjsOutcome(doc, update)).toBe('pending');
    expect(checkUpdate(doc, update).kind).toBe('unresolved');
  });

  it('refuses a delete range on clocks the document lacks (Yjs would keep it pending)', () => {
    const doc = base();
    const update = craftUpdate([], [{ client: 1, ranges: [[3, 100]] }]);
    expect(yjsOutcome(doc, update)).toBe('pending');
    expect(checkUpdate(doc, update).kind).toBe('unresolved');
  });

  it('refuses a run that starts after the clocks the document has for that client', () => {
    const doc = base();
    const update = craftUpdate([{ client: 1, clock: 40, structs: [{ parent: 'meta', key: 'title', content: { any: ['late'] } }] }]);
    expect(yjsOutcome(doc, update)).toBe('pending');
    expect(checkUpdate(doc, update).kind).toBe('unresolved');
  });

  it('refuses skip structs (gaps inside a run)', () => {
    const update = craftUpdate([{ client: 9, clock: 0, structs: [{ parent: 'meta', key: 'a', content: { any: [1] } }, { content: { skip: 5 } }, { parent: 'meta', key: 'b', content: { any: [2] } }] }]);
    expect(checkUpdate(base(), update).kind).toBe('unresolved');
  });

  it('calls a struct that refers to its own client after itself malformed (Yjs throws half-way)', () => {
    const doc = base();
    const update = craftUpdate([
      {
        client: 9,
        clock: 0,
        structs: [
          { parent: 'meta', key: 'title', content: { any: ['pwned'] } },
          { origin: { client: 9, clock: 7 }, content: { string: 'boom' } },
        ],
      },
    ]);
    expect(yjsOutcome(doc, update)).toBe('throws');
    expect(checkUpdate(doc, update).kind).toBe('malformed');
  });

  it('accepts dependencies that the same update supplies, across clients', () => {
    const doc = base();
    const update = craftUpdate([
      { client: 8, clock: 0, structs: [{ origin: { client: 9, clock: 0 }, content: { string: 'b' } }] },
      { client: 9, clock: 0, structs: [{ parent: 'text2', content: { string: 'a' } }] },
    ]);
    expect(yjsOutcome(doc, update)).toBe('integrated');
    expect(checkUpdate(doc, update)).toEqual({ kind: 'apply' });
  });

  it('refuses a dependency cycle between two clients', () => {
    const doc = base();
    const update = craftUpdate([
      { client: 8, clock: 0, structs: [{ origin: { client: 9, clock: 0 }, content: { string: 'b' } }] },
      { client: 9, clock: 0, structs: [{ origin: { client: 8, clock: 0 }, content: { string: 'a' } }] },
    ]);
    expect(yjsOutcome(doc, update)).not.toBe('integrated');
    expect(checkUpdate(doc, update).kind).toBe('unresolved');
  });

  it('calls a client listed twice, out of step with itself, malformed', () => {
    const update = craftUpdate([
      { client: 9, clock: 0, structs: [{ parent: 'meta', key: 'a', content: { any: [1] } }] },
      { client: 9, clock: 3, structs: [{ parent: 'meta', key: 'b', content: { any: [2] } }] },
    ]);
    expect(checkUpdate(base(), update).kind).toBe('malformed');
  });

  it('agrees with Yjs on honest updates delivered in random order (seeded)', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const random = prng(seed);
      const peers = [0, 1, 2].map((i) => {
        const d = new Y.Doc();
        d.clientID = 100 + i;
        return d;
      });
      const updates: Uint8Array[] = [];
      for (const p of peers) p.on('update', (u: Uint8Array) => updates.push(u));
      for (let step = 0; step < 40; step++) {
        const from = peers[Math.floor(random() * peers.length)]!;
        const to = peers[Math.floor(random() * peers.length)]!;
        if (random() < 0.3 && from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
        const text = from.getText('t');
        if (random() < 0.7 || text.length === 0) text.insert(Math.floor(random() * (text.length + 1)), String.fromCharCode(97 + step % 26));
        else text.delete(Math.floor(random() * text.length), 1);
      }
      const server = new Y.Doc();
      const shuffled = updates.map((u) => ({ u, k: random() })).sort((a, b) => a.k - b.k).map((x) => x.u);
      for (let round = 0; round < 100 && shuffled.length > 0; round++) {
        const u = shuffled.shift()!;
        const verdict = checkUpdate(server, u);
        const outcome = yjsOutcome(server, u);
        expect(verdict.kind === 'apply' || verdict.kind === 'empty', `seed ${seed}`).toBe(outcome === 'integrated');
        if (verdict.kind === 'apply') Y.applyUpdate(server, u);
        else if (verdict.kind === 'unresolved') shuffled.push(u);
        expect(hasPending(server)).toBe(false);
      }
    }
  });

  it('refuses a struct carrying more than MAX_CONTENT characters, as text or as a value', () => {
    const doc = base();
    const text = craftUpdate([{ client: 9, clock: 0, structs: [{ parent: 'text', content: { string: 'x'.repeat(MAX_CONTENT + 1) } }] }]);
    const value = craftUpdate([{ client: 9, clock: 0, structs: [{ parent: 'meta', key: 'v', content: { any: [{ a: 'x'.repeat(MAX_CONTENT) }] } }] }]);
    const fine = craftUpdate([{ client: 9, clock: 0, structs: [{ parent: 'text', content: { string: 'x'.repeat(1000) } }] }]);
    expect(checkUpdate(doc, text).kind).toBe('malformed');
    expect(checkUpdate(doc, value).kind).toBe('malformed');
    expect(checkUpdate(doc, fine).kind).toBe('apply');
  });
});
