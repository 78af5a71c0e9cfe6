/**
 * The fan-out contract, against the in-process hub and (when it answers) Redis: another member hears a
 * document's messages, the publisher does not hear its own, an unsubscribed document hears nothing. Then
 * two apps on one storage through the in-process hub: clients of one board on both converge, and an app
 * that lost messages converges after it reconnects (the Redis version of these runs in
 * tests/integration/scale-out.test.ts, with real processes).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, synced, waitFor, type Client } from '../../tests/helpers/clients.ts';
import { startServer, type TestServer } from '../../tests/helpers/server.ts';
import { service } from '../../tests/helpers/services.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { FANOUT_KINDS, type Fanout, type FanoutMessage } from './fanout.ts';
import { MemoryFanoutHub, type MemoryFanout } from './memory-fanout.ts';
import { RedisFanout } from './redis-fanout.ts';

const redis = await service('redis');
const quiet = { warn: () => undefined, info: () => undefined } as never;
const open: { close(): Promise<void> }[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const o of open.splice(0).reverse()) await o.close();
});

const factories: [string, boolean, () => Promise<[Fanout, Fanout]>][] = [
  ['in-process hub', true, async () => {
    const hub = new MemoryFanoutHub();
    return [hub.member(), hub.member()];
  }],
  ['Redis', redis.up, async () => {
    const prefix = `plenary-test-${process.pid}-${Date.now().toString(36)}:`;
    const pair = [new RedisFanout({ url: redis.url, prefix, log: quiet }), new RedisFanout({ url: redis.url, prefix, log: quiet })];
    await Promise.all(pair.map((f) => f.ready()));
    return [pair[0]!, pair[1]!] as [Fanout, Fanout];
  }],
];

describe.each(factories)('fan-out contract: %s', (_name, run, make) => {
  it.runIf(run)('another member hears a document, the publisher never hears itself, an unsubscribed document is silent', async () => {
    const [a, b] = await make();
    open.push(a, b);
    const heardA: FanoutMessage[] = [];
    const heardB: FanoutMessage[] = [];
    const onA = (m: FanoutMessage) => heardA.push(m);
    const onB = (m: FanoutMessage) => heardB.push({ ...m, payload: m.payload.slice() });
    await a.subscribe('doc-1', onA);
    await b.subscribe('doc-1', onB);
    const before = Date.now();
    a.publish('doc-1', FANOUT_KINDS.update, new Uint8Array([1, 2, 3]));
    a.publish('doc-2', FANOUT_KINDS.update, new Uint8Array([9]));
    await waitFor(() => heardB.length === 1, 'b hears a');
    expect(heardB[0]).toMatchObject({ kind: FANOUT_KINDS.update, payload: new Uint8Array([1, 2, 3]) });
    expect(heardB[0]!.sentAt).toBeGreaterThanOrEqual(before);
    b.unsubscribe('doc-1', onB);
    a.publish('doc-1', FANOUT_KINDS.awareness, new Uint8Array([4]));
    b.publish('doc-1', FANOUT_KINDS.resync, new Uint8Array(0));
    await waitFor(() => heardA.length === 1, 'a hears b');
    expect(heardA[0]!.kind).toBe(FANOUT_KINDS.resync);
    expect(heardB).toHaveLength(1);
  });
});

describe('two apps on one storage through the in-process hub', () => {
  async function pair(): Promise<[TestServer, TestServer, MemoryFanout, MemoryFanout]> {
    const storage = new MemoryStorage();
    const hub = new MemoryFanoutHub();
    const [fa, fb] = [hub.member(), hub.member()];
    const a = await startServer({ storage, fanout: fa });
    const b = await startServer({ storage, fanout: fb });
    // One storage for both: close the apps, then the storage once.
    open.push({ close: () => storage.close() }, { close: () => b.app.close() }, { close: () => a.app.close() });
    return [a, b, fa, fb];
  }

  it('clients of one board on both converge; an app that missed messages converges once it is back', async () => {
    const [a, b, , fb] = await pair();
    const board = await a.createBoard();
    const [ca, cb] = [connectClient(a.syncUrl, board.boardId, board.editToken), connectClient(b.syncUrl, board.boardId, board.editToken)];
    clients.push(ca, cb);
    await Promise.all([synced(ca), synced(cb)]);
    ca.doc.getArray('notes').push(['from a']);
    cb.doc.getArray('notes').push(['from b']);
    await waitFor(() => ca.doc.getArray('notes').length === 2 && cb.doc.getArray('notes').length === 2, 'both edits on both');
    fb.disconnect();
    ca.doc.getArray('notes').push(['while b was away']);
    cb.doc.getArray('notes').push(['b, alone']);
    await waitFor(() => ca.doc.getArray('notes').length === 3 && cb.doc.getArray('notes').length === 3, 'each its own');
    fb.reconnect();
    // b re-reads what it missed; a re-reads what b could not publish.
    await waitFor(() => ca.doc.getArray('notes').length === 4 && cb.doc.getArray('notes').length === 4, 'both converge');
    expect(ca.doc.getArray('notes').toJSON()).toEqual(cb.doc.getArray('notes').toJSON());
  });
});
