import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { Connection } from './connection.ts';
import { SyncExtensions, type DocAccess, type SyncExtension } from './extensions.ts';
import type { LiveDocs } from './live-docs.ts';

const edit: DocAccess = { ok: true, role: 'edit', principal: null };
const view: DocAccess = { ok: true, role: 'view', principal: null };
const refused: DocAccess = { ok: false, code: CloseCode.unauthorized, reason: 'no' };

/** An extension that owns ids starting with `prefix` and answers from `table` (token -> access). */
function owner(prefix: string, table: Record<string, DocAccess | undefined>): SyncExtension {
  return {
    claims: (docId) => docId.startsWith(prefix),
    authorize: async (docId, token) => (docId.startsWith(prefix) ? table[token ?? ''] : undefined),
    policyFor: async (docId) => (docId.startsWith(prefix) ? null : undefined),
  };
}

function fakeConn(token: string, role: 'edit' | 'view') {
  const closes: number[] = [];
  const conn = { token, role, closed: false, close: (code: number) => closes.push(code) } as unknown as Connection;
  return { conn, closes };
}

describe('SyncExtensions', () => {
  it('refuses ids nobody claims, and lets the first extension with an answer decide', async () => {
    const extensions = new SyncExtensions([owner('a', { t1: edit }), owner('a', { t1: view, t2: view }), owner('b', { t3: edit })]);
    expect(extensions.claims('zzz')).toBe(false);
    expect((await extensions.authorize('zzz', 't1')).ok).toBe(false);
    expect(await extensions.authorize('a1', 't1')).toEqual(edit);
    expect(await extensions.authorize('a1', 't2')).toEqual(view);
    expect(await extensions.authorize('b1', 't3')).toEqual(edit);
    expect((await extensions.authorize('b1', 'nope')).ok).toBe(false);
  });

  it('recheck closes with 4403 the selected connections whose access ended or shrank, and only those', async () => {
    const table: Record<string, DocAccess | undefined> = { keep: edit, gone: edit, shrunk: edit, other: edit };
    const extensions = new SyncExtensions([owner('a', table)]);
    const keep = fakeConn('keep', 'edit');
    const gone = fakeConn('gone', 'edit');
    const shrunk = fakeConn('shrunk', 'edit');
    const other = fakeConn('other', 'edit');
    const liveDocs = { docs: new Map([['a1', { docId: 'a1', conns: new Set([keep.conn, gone.conn, shrunk.conn, other.conn]) }]]) } as unknown as LiveDocs;
    extensions.attach(liveDocs);
    table['gone'] = refused;
    table['shrunk'] = view;
    table['other'] = refused;
    await extensions.recheck((conn) => conn !== other.conn);
    expect([keep.closes, gone.closes, shrunk.closes, other.closes]).toEqual([[], [CloseCode.forbidden], [CloseCode.forbidden], []]);
  });
});
