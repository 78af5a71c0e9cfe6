/**
 * Workshops as a sync extension: who may open a workshop's documents (its rooms' boards, its control
 * document, the drafts) with a workshop token, their write rules, and closing the sockets whose access
 * ended when the facilitator ends a presentation or moves people between rooms.
 */
import type * as Y from 'yjs';
import { WORKSHOP_CONTROL_MAPS } from '../../shared/doc/workshop-control.ts';
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { Storage } from '../storage/types.ts';
import type { DocAccess, SyncExtension } from '../sync/extensions.ts';
import { notesMap } from '../../shared/doc/index.ts';
import type { LiveDocs } from '../sync/live-docs.ts';
import { parseDocId } from './doc-ids.ts';
import { unrevealedOnBoard } from './hints.ts';
import type { WorkshopService } from './service.ts';

const notFound: DocAccess = { ok: false, code: CloseCode.notFound, reason: 'no such board' };
const unauthorized: DocAccess = { ok: false, code: CloseCode.unauthorized, reason: 'missing or wrong token' };
const forbidden: DocAccess = { ok: false, code: CloseCode.forbidden, reason: 'this token may not open this document' };

/** Control maps whose change can end someone's access: who is in which room, what the plenary shows. */
const ACCESS_MAPS: ReadonlySet<string> = new Set([WORKSHOP_CONTROL_MAPS.rooms, WORKSHOP_CONTROL_MAPS.plenary]);

export function workshopDocuments(workshops: WorkshopService, storage: Storage, liveDocs: LiveDocs): SyncExtension {
  async function workshopOf(docId: string): Promise<string | null> {
    const parsed = parseDocId(docId);
    if (!parsed) return null;
    if (parsed.kind !== 'board') return parsed.workshopId;
    return (await storage.getBoard(parsed.boardId))?.workshopId ?? null;
  }
  return {
    claims: (docId) => parseDocId(docId) !== null,
    async authorize(docId, token) {
      const workshopId = await workshopOf(docId);
      if (!workshopId) return undefined;
      const principal = await workshops.authenticate(token);
      if (!principal || principal.workshopId !== workshopId) return unauthorized;
      const verdict = await workshops.authorizeDoc(docId, principal);
      if (verdict === 'not-found') return notFound;
      if (verdict === 'forbidden') return forbidden;
      return { ok: true, role: verdict, principal };
    },
    async policyFor(docId) {
      const parsed = parseDocId(docId);
      if (!parsed || parsed.kind === 'control') return undefined;
      const workshopId = parsed.kind === 'board' ? await workshopOf(docId) : parsed.workshopId;
      const policy = workshopId ? await workshops.policyFor(docId, workshopId) : null;
      if (!policy || !workshopId || parsed.kind !== 'board') return policy ?? undefined;
      // Hidden scavenger-hunt hints written into the board before they were kept apart (hints.ts).
      const hidden = await unrevealedOnBoard(storage, liveDocs, docId, workshopId);
      return hidden.length === 0 ? policy : { ...policy, migrate: (doc) => hidden.forEach((id) => notesMap(doc).delete(id)) };
    },
    onServerChange(docId, transaction: Y.Transaction, core) {
      const parsed = parseDocId(docId);
      if (parsed?.kind !== 'control') return;
      const touched = [...transaction.changed.keys()].some((type) => type._item === null && ACCESS_MAPS.has(rootName(transaction.doc, type)));
      if (!touched) return;
      // After the facilitator's action has finished updating the workshop's in-memory state (it does so
      // right after the control write resolves), not in the middle of it.
      setTimeout(() => void core.recheck((conn) => conn.principal?.workshopId === parsed.workshopId), 0);
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its roots as AbstractType<any>
function rootName(doc: Y.Doc, type: Y.AbstractType<any>): string {
  for (const [name, root] of doc.share) if (root === type) return name;
  return '';
}
