/**
 * What the sync core asks of the features that own documents, Hocuspocus-extension style: the core
 * (route, live documents) knows websockets, Yjs and storage, and nothing of boards' tokens or workshops. Each
 * extension may say, for the documents it owns:
 *   - `claims`: the id is one of its documents' ids (an id nobody claims is refused at the HTTP upgrade);
 *   - `authorize`: whether a token may open the document, and how;
 *   - `policyFor`: the write rules of the document;
 *   - `onServerChange`: the server itself changed a document (a facilitator's action), for instance to
 *     re-check who may still look at what.
 * The first extension with an answer decides; `undefined` means "not mine".
 */
import type * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { Principal } from '../auth/principal.ts';
import type { Connection, Role } from './connection.ts';
import type { WritePolicy } from './live-doc.ts';
import type { LiveDocs } from './live-docs.ts';

export type DocAccess = { ok: true; role: Role; principal: Principal | null } | { ok: false; code: number; reason: string };

export type SyncCore = {
  /**
   * Asks again, for every open connection `which` selects, whether its token may still open its document,
   * and closes (4403) those whose access ended or shrank.
   */
  recheck(which: (conn: Connection, docId: string) => boolean): Promise<void>;
};

export type SyncExtension = {
  claims?(docId: string): boolean;
  authorize?(docId: string, token: string | undefined): Promise<DocAccess | undefined>;
  policyFor?(docId: string): Promise<WritePolicy | null | undefined>;
  onServerChange?(docId: string, transaction: Y.Transaction, core: SyncCore): void;
};

const notFound: DocAccess = { ok: false, code: CloseCode.notFound, reason: 'no such board' };

export class SyncExtensions implements SyncCore {
  readonly #list: readonly SyncExtension[];
  #liveDocs: LiveDocs | null = null;

  constructor(list: readonly SyncExtension[]) {
    this.#list = list;
  }

  /** The live documents to re-check; set once they exist (they take this object's policies). */
  attach(liveDocs: LiveDocs): void {
    this.#liveDocs = liveDocs;
  }

  claims(docId: string): boolean {
    return this.#list.some((e) => e.claims?.(docId) === true);
  }

  async authorize(docId: string, token: string | undefined): Promise<DocAccess> {
    if (!this.claims(docId)) return notFound;
    for (const extension of this.#list) {
      const access = await extension.authorize?.(docId, token);
      if (access) return access;
    }
    return notFound;
  }

  async policyFor(docId: string): Promise<WritePolicy | null> {
    for (const extension of this.#list) {
      const policy = await extension.policyFor?.(docId);
      if (policy !== undefined) return policy;
    }
    return null;
  }

  serverChanged(docId: string, transaction: Y.Transaction): void {
    for (const extension of this.#list) extension.onServerChange?.(docId, transaction, this);
  }

  async recheck(which: (conn: Connection, docId: string) => boolean): Promise<void> {
    const liveDocs = this.#liveDocs;
    if (!liveDocs) return;
    const checks: Promise<void>[] = [];
    for (const liveDoc of liveDocs.docs.values()) {
      for (const conn of liveDoc.conns) {
        if (conn.closed || !which(conn, liveDoc.docId)) continue;
        checks.push(
          this.authorize(liveDoc.docId, conn.token).then((access) => {
            if (!access.ok) conn.close(CloseCode.forbidden, 'access ended');
            else if (conn.role === 'edit' && access.role === 'view') conn.close(CloseCode.forbidden, 'access changed; reconnect');
          }),
        );
      }
    }
    await Promise.all(checks);
  }
}
