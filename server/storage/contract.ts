/**
 * The behaviour every Storage adapter must have. Each adapter's test file calls
 * `describeStorageContract` with a factory; add a new adapter, add one call.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BoardRecord, Storage } from './types.ts';

export type StorageFactory = {
  open: () => Promise<Storage>;
  /** Opens the same backing store again after close(), when the adapter is durable. */
  reopen?: () => Promise<Storage>;
};

export function board(id: string, overrides: Partial<BoardRecord> = {}): BoardRecord {
  return {
    id,
    title: `Board ${id}`,
    template: null,
    editTokenHash: 'e'.repeat(64),
    viewTokenHash: 'v'.repeat(64),
    createdAt: 1_700_000_000_000,
    workshopId: null,
    ...overrides,
  };
}

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array) => {
    update = u;
  };
  doc.on('update', capture);
  doc.getArray<string>('items').push([text]);
  doc.off('update', capture);
  if (!update) throw new Error('no update');
  return update;
}

function contentOf(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string[] {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc.getArray<string>('items').toArray();
}

export function describeStorageContract(name: string, factory: StorageFactory): void {
  describe(`storage contract: ${name}`, () => {
    it('stores and returns board records, and null for unknown ids', async () => {
      const s = await factory.open();
      await s.createBoard(board('b1', { title: 'Café ☕', template: 'challenge-board' }));
      expect(await s.getBoard('b1')).toEqual(board('b1', { title: 'Café ☕', template: 'challenge-board' }));
      expect(await s.getBoard('nope')).toBeNull();
      await s.close();
    });

    it('refuses a second board with the same id and keeps the first', async () => {
      const s = await factory.open();
      await s.createBoard(board('dup', { title: 'first' }));
      await expect(s.createBoard(board('dup', { title: 'second' }))).rejects.toThrow();
      expect((await s.getBoard('dup'))?.title).toBe('first');
      await s.close();
    });

    it('stores the initial update together with the board', async () => {
      const s = await factory.open();
      const doc = new Y.Doc();
      await s.createBoard(board('init'), textUpdate(doc, 'from template'));
      expect(contentOf(await s.loadDocument('init'))).toEqual(['from template']);
      await s.close();
    });

    it('returns an empty document for a board without content', async () => {
      const s = await factory.open();
      expect(await s.loadDocument('empty')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      await s.close();
    });

    it('appends updates in order with growing sequence numbers, per board', async () => {
      const s = await factory.open();
      const a = new Y.Doc();
      const b = new Y.Doc();
      const seqs = [
        await s.appendUpdate('a', textUpdate(a, 'a1')),
        await s.appendUpdate('b', textUpdate(b, 'b1')),
        await s.appendUpdate('a', textUpdate(a, 'a2')),
      ];
      expect(seqs[1]!).toBeGreaterThan(seqs[0]!);
      expect(seqs[2]!).toBeGreaterThan(seqs[1]!);
      const loaded = await s.loadDocument('a');
      expect(contentOf(loaded)).toEqual(['a1', 'a2']);
      expect(loaded.lastSeq).toBe(seqs[2]);
      expect(contentOf(await s.loadDocument('b'))).toEqual(['b1']);
      await s.close();
    });

    it('appends to several boards made together (one turn of the event loop) all land, each board in order', async () => {
      const s = await factory.open();
      const a = new Y.Doc();
      const b = new Y.Doc();
      const c = new Y.Doc();
      let last = 0;
      for (const round of ['1', '2', '3']) {
        const seqs = await Promise.all([
          s.appendUpdate('together-a', textUpdate(a, `a${round}`)),
          s.appendUpdate('together-b', textUpdate(b, `b${round}`)),
          s.appendUpdate('together-c', textUpdate(c, `c${round}`)),
        ]);
        expect(new Set(seqs).size).toBe(3);
        for (const seq of seqs) expect(seq).toBeGreaterThan(last);
        last = Math.max(...seqs);
      }
      expect(contentOf(await s.loadDocument('together-a'))).toEqual(['a1', 'a2', 'a3']);
      expect(contentOf(await s.loadDocument('together-b'))).toEqual(['b1', 'b2', 'b3']);
      expect(contentOf(await s.loadDocument('together-c'))).toEqual(['c1', 'c2', 'c3']);
      await s.close();
    });

    it('does not keep a reference to the caller\'s buffer', async () => {
      const s = await factory.open();
      const doc = new Y.Doc();
      const update = textUpdate(doc, 'x');
      const copy = update.slice();
      await s.appendUpdate('buf', update);
      update.fill(0);
      expect((await s.loadDocument('buf')).updates[0]).toEqual(copy);
      await s.close();
    });

    it('folds exactly the updates it read into a snapshot, and keeps one appended after', async () => {
      const s = await factory.open();
      const doc = new Y.Doc();
      let upTo = 0;
      for (let i = 0; i < 5; i++) upTo = await s.appendUpdate('c', textUpdate(doc, `n${i}`));
      let handed = 0;
      await s.compact('c', (stored) => {
        handed = stored.updates.length;
        expect(stored.lastSeq).toBe(upTo);
        const folded = new Y.Doc();
        for (const u of stored.updates) Y.applyUpdate(folded, u);
        return Y.encodeStateAsUpdate(folded);
      });
      expect(handed).toBe(5);
      const later = await s.appendUpdate('c', textUpdate(doc, 'after'));
      const loaded = await s.loadDocument('c');
      expect(loaded.snapshot).not.toBeNull();
      expect(loaded.updates).toHaveLength(1);
      expect(loaded.lastSeq).toBe(later);
      expect(contentOf(loaded)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'after']);
      // Nothing new to fold: no call, nothing changes.
      await s.compact('nothing', () => {
        throw new Error('not called');
      });
      await s.close();
    });

    it('a failing fold changes nothing', async () => {
      const s = await factory.open();
      const doc = new Y.Doc();
      await s.appendUpdate('f', textUpdate(doc, 'kept'));
      await expect(s.compact('f', () => { throw new Error('fold failed'); })).rejects.toThrow('fold failed');
      const loaded = await s.loadDocument('f');
      expect(loaded.snapshot).toBeNull();
      expect(contentOf(loaded)).toEqual(['kept']);
      await s.close();
    });

    it('reports the snapshot sequence once every update is compacted', async () => {
      const s = await factory.open();
      const doc = new Y.Doc();
      const seq = await s.appendUpdate('d', textUpdate(doc, 'only'));
      await s.compact('d', () => Y.encodeStateAsUpdate(doc));
      const loaded = await s.loadDocument('d');
      expect(loaded.updates).toEqual([]);
      expect(loaded.lastSeq).toBe(seq);
      expect(contentOf(loaded)).toEqual(['only']);
      await s.close();
    });

    it('hands a reader what was appended after its sequence, and the snapshot once compaction folded some of it', async () => {
      const s = await factory.open();
      const doc = new Y.Doc();
      const reader = new Y.Doc();
      const ua = textUpdate(doc, 'a');
      const first = await s.appendUpdate('since', ua);
      Y.applyUpdate(reader, ua);
      const second = await s.appendUpdate('since', textUpdate(doc, 'b'));
      await s.appendUpdate('other', textUpdate(new Y.Doc(), 'elsewhere'));
      const third = await s.appendUpdate('since', textUpdate(doc, 'c'));
      const catchUp = (target: Y.Doc, stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }) => {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(target));
        if (stored.snapshot) Y.applyUpdate(copy, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(copy, u);
        return copy.getArray<string>('items').toArray();
      };
      const tail = await s.loadUpdatesSince('since', first);
      expect(tail.snapshot).toBeNull();
      expect(tail.updates.length).toBe(2);
      expect(catchUp(reader, tail)).toEqual(['a', 'b', 'c']);
      expect(tail.lastSeq).toBe(third);
      expect(await s.loadUpdatesSince('since', third)).toEqual({ snapshot: null, updates: [], lastSeq: third });
      // A reader at `first` after a compaction (of everything up to `third`) and one more update: the snapshot, then the rest.
      const snapshotDoc = new Y.Doc();
      const stored = await s.loadDocument('since');
      if (stored.snapshot) Y.applyUpdate(snapshotDoc, stored.snapshot);
      await s.compact('since', () => Y.encodeStateAsUpdate(doc));
      const fourth = await s.appendUpdate('since', textUpdate(doc, 'd'));
      const later = await s.loadUpdatesSince('since', first);
      expect(later.snapshot).not.toBeNull();
      expect(catchUp(reader, later)).toEqual(['a', 'b', 'c', 'd']);
      expect(later.lastSeq).toBe(fourth);
      // A reader already past the snapshot gets no snapshot.
      const past = await s.loadUpdatesSince('since', third);
      expect(past.snapshot).toBeNull();
      expect(past.updates).toHaveLength(1);
      expect(second).toBeLessThan(third);
      expect((await s.loadUpdatesSince('nothing-here', 7)).lastSeq).toBe(7);
      snapshotDoc.destroy();
      reader.destroy();
      await s.close();
    });

    it('lists the most recently written documents first, with their tails and sizes', async () => {
      const s = await factory.open();
      const a = new Y.Doc();
      const b = new Y.Doc();
      const c = new Y.Doc();
      // a: snapshot only; b: a snapshot and a tail of two; c: a tail alone, written last.
      const ua = textUpdate(a, 'a1');
      await s.appendUpdate('a', ua);
      await s.compact('a', () => Y.encodeStateAsUpdate(a));
      await s.appendUpdate('b', textUpdate(b, 'b1'));
      await s.compact('b', () => Y.encodeStateAsUpdate(b));
      const snapshotB = (await s.loadDocument('b')).snapshot as Uint8Array;
      const b2 = textUpdate(b, 'b2');
      const b3 = textUpdate(b, 'b3');
      await s.appendUpdate('b', b2);
      const lastB = await s.appendUpdate('b', b3);
      const c1 = textUpdate(c, 'c1');
      const lastC = await s.appendUpdate('c', c1);
      const snapshotA = (await s.loadDocument('a')).snapshot as Uint8Array;
      expect(await s.recentDocuments(10)).toEqual([
        { docId: 'c', lastSeq: lastC, tail: 1, bytes: c1.byteLength },
        { docId: 'b', lastSeq: lastB, tail: 2, bytes: snapshotB.byteLength + b2.byteLength + b3.byteLength },
        { docId: 'a', lastSeq: (await s.loadDocument('a')).lastSeq, tail: 0, bytes: snapshotA.byteLength },
      ]);
      expect((await s.recentDocuments(2)).map((d) => d.docId)).toEqual(['c', 'b']);
      // Compacting b makes it a snapshot alone, still newer than a.
      await s.compact('b', () => Y.encodeStateAsUpdate(b));
      const listed = await s.recentDocuments(10);
      expect(listed.map((d) => [d.docId, d.tail])).toEqual([['c', 1], ['b', 0], ['a', 0]]);
      expect(listed[1]?.lastSeq).toBe(lastB);
      await s.close();
    });

    it('runs exclusive work for one key one at a time, other keys alongside, and goes on after a failure', async () => {
      const s = await factory.open();
      const log: string[] = [];
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const a1 = s.exclusive('k', async () => {
        log.push('a1 start');
        await gate;
        log.push('a1 end');
        throw new Error('a1 fails');
      });
      const a2 = s.exclusive('k', async () => {
        log.push('a2');
        return 2;
      });
      const b = s.exclusive('other', async () => {
        log.push('b');
        return 'b';
      });
      expect(await b).toBe('b');
      release();
      await expect(a1).rejects.toThrow('a1 fails');
      expect(await a2).toBe(2);
      expect(log.indexOf('a2')).toBeGreaterThan(log.indexOf('a1 end'));
      expect(log.indexOf('b')).toBeLessThan(log.indexOf('a1 end'));
      await s.close();
    });

    it('stores workshops with optimistic versions', async () => {
      const s = await factory.open();
      await s.createWorkshop({ id: 'w1', data: '{"a":1}', createdAt: 5 }, []);
      expect(await s.getWorkshop('w1')).toEqual({ id: 'w1', data: '{"a":1}', version: 1, createdAt: 5 });
      expect(await s.updateWorkshop('w1', '{"a":2}', 1)).toBe(true);
      expect(await s.updateWorkshop('w1', '{"a":3}', 1)).toBe(false);
      expect(await s.getWorkshop('w1')).toMatchObject({ data: '{"a":2}', version: 2 });
      expect(await s.updateWorkshop('nope', '{}', 1)).toBe(false);
      expect(await s.getWorkshop('nope')).toBeNull();
      await s.close();
    });

    it('finds principals by token hash, refuses a hash twice, and links boards to workshops', async () => {
      const s = await factory.open();
      const facilitator = { tokenHash: 'f'.repeat(64), workshopId: 'w2', role: 'facilitator' as const, participantId: null, createdAt: 1 };
      await s.createWorkshop({ id: 'w2', data: '{}', createdAt: 1 }, [facilitator]);
      const ana = { tokenHash: 'a'.repeat(64), workshopId: 'w2', role: 'participant' as const, participantId: 'p1', createdAt: 2 };
      await s.addPrincipal(ana);
      expect(await s.findPrincipal('a'.repeat(64))).toEqual(ana);
      expect(await s.findPrincipal('f'.repeat(64))).toEqual(facilitator);
      expect(await s.findPrincipal('0'.repeat(64))).toBeNull();
      await expect(s.addPrincipal({ ...ana, participantId: 'p2' })).rejects.toThrow();
      await s.createBoard(board('room-board', { workshopId: 'w2' }));
      expect((await s.getBoard('room-board'))?.workshopId).toBe('w2');
      await s.close();
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps boards, updates and snapshots across close and reopen', async () => {
        const s = await factory.open();
        const doc = new Y.Doc();
        await s.createBoard(board('durable'));
        await s.appendUpdate('durable', textUpdate(doc, 'one'));
        await s.compact('durable', () => Y.encodeStateAsUpdate(doc));
        await s.appendUpdate('durable', textUpdate(doc, 'two'));
        await s.close();
        const again = await reopen();
        expect((await again.getBoard('durable'))?.title).toBe('Board durable');
        expect(contentOf(await again.loadDocument('durable'))).toEqual(['one', 'two']);
        await again.close();
      });
    }
  });
}
