/**
 * Who may open which document over the websocket. A board opens with its own edit or view token; a
 * workshop's documents (its rooms' boards, its control document, the drafts) with a workshop token,
 * whose role and room membership the workshop service judges.
 */
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { Storage } from '../storage/types.ts';
import type { Role } from '../sync/connection.ts';
import { parseDocId } from '../workshops/doc-ids.ts';
import type { WorkshopService } from '../workshops/service.ts';
import type { Principal } from './principal.ts';
import { roleFor } from './tokens.ts';

export type DocAccess =
  | { ok: true; role: Role; principal: Principal | null }
  | { ok: false; code: number; reason: string };

const notFound: DocAccess = { ok: false, code: CloseCode.notFound, reason: 'no such board' };
const unauthorized: DocAccess = { ok: false, code: CloseCode.unauthorized, reason: 'missing or wrong token' };
const forbidden: DocAccess = { ok: false, code: CloseCode.forbidden, reason: 'this token may not open this document' };

export async function authorizeDoc(
  docId: string,
  token: string | undefined,
  deps: { storage: Storage; workshops: WorkshopService },
): Promise<DocAccess> {
  const parsed = parseDocId(docId);
  if (!parsed) return notFound;
  let workshopId: string;
  if (parsed.kind === 'board') {
    const board = await deps.storage.getBoard(parsed.boardId);
    if (!board) return notFound;
    const role = roleFor(board, token);
    if (role) return { ok: true, role, principal: null };
    if (!board.workshopId) return unauthorized;
    workshopId = board.workshopId;
  } else {
    workshopId = parsed.workshopId;
  }
  const principal = await deps.workshops.authenticate(token);
  if (!principal || principal.workshopId !== workshopId) return unauthorized;
  const verdict = await deps.workshops.authorizeDoc(docId, principal);
  if (verdict === 'not-found') return notFound;
  if (verdict === 'forbidden') return forbidden;
  return { ok: true, role: verdict, principal };
}
