/**
 * Plain boards as a sync extension: a board opens with its own edit or view token. A workshop room's
 * board whose tokens were never handed out is left to the workshops extension.
 */
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { Storage } from '../storage/types.ts';
import type { DocAccess, SyncExtension } from '../sync/extensions.ts';
import { parseDocId } from '../workshops/doc-ids.ts';
import { roleFor } from './tokens.ts';

const notFound: DocAccess = { ok: false, code: CloseCode.notFound, reason: 'no such board' };
const unauthorized: DocAccess = { ok: false, code: CloseCode.unauthorized, reason: 'missing or wrong token' };

export function boardTokens(storage: Storage): SyncExtension {
  return {
    claims: (docId) => parseDocId(docId)?.kind === 'board',
    async authorize(docId, token) {
      if (parseDocId(docId)?.kind !== 'board') return undefined;
      const board = await storage.getBoard(docId);
      if (!board) return notFound;
      const role = roleFor(board, token);
      if (role) return { ok: true, role, principal: null };
      return board.workshopId ? undefined : unauthorized;
    },
  };
}
