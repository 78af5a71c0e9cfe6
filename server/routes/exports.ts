/**
 * GET /api/boards/:boardId/export.{md,csv,json}: a board's structured results for download, with the
 * board's token as a bearer token (or `?token=` for a plain download link; tokens are redacted from logs).
 * A workshop's facilitator gets every vote counted; everybody else sees the votes revealed so far.
 */
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { readBoard } from '../../shared/doc/index.ts';
import { renderExport } from '../../shared/export/index.ts';
import { API } from '../../shared/schema/api.ts';
import type { Board } from '../../shared/schema/board.ts';
import type { DocAccess } from '../sync/extensions.ts';
import { HttpError, bearerToken } from '../http-errors.ts';
import type { Storage } from '../storage/types.ts';
import type { LiveDocs } from '../sync/live-docs.ts';
import { docIds } from '../workshops/doc-ids.ts';
import type { WorkshopService } from '../workshops/service.ts';
import { route, typed } from './typed.ts';

export type ExportRoutesOptions = {
  storage: Storage;
  liveDocs: LiveDocs;
  workshops: WorkshopService;
  authorize: (docId: string, token: string | undefined) => Promise<DocAccess>;
};

export async function exportRoutes(app: FastifyInstance, options: ExportRoutesOptions): Promise<void> {
  const { storage, liveDocs, workshops, authorize } = options;
  typed(app).route({
    ...route(API.boardExport),
    handler: async (request, reply) => {
      const { boardId, format } = request.params;
      const query = request.query;
      const token = bearerToken(request.headers.authorization) ?? query.token;
      const access = await authorize(boardId, token);
      if (!access.ok) {
        if (access.code === 4404) throw new HttpError(404, 'not_found', 'no such board');
        if (access.code === 4403) throw new HttpError(403, 'forbidden', access.reason);
        throw new HttpError(401, 'unauthorized', 'a valid board token is needed');
      }
      let board: Board;
      let problems: string[] = [];
      if (access.principal?.role === 'facilitator') {
        board = await workshops.voting.resultsBoard(access.principal.workshopId, boardId, { hiddenVotes: true });
      } else {
        const record = await storage.getBoard(boardId);
        const control = new Y.Doc();
        if (record?.workshopId) {
          await liveDocs.withDoc(docIds.control(record.workshopId), async (live) => Y.applyUpdate(control, Y.encodeStateAsUpdate(live.doc)));
        }
        ({ board, problems } = await liveDocs.withDoc(boardId, async (live) => readBoard(live.doc, control)));
        control.destroy();
      }
      const rendered = renderExport(format, board, { problems, ...(query.template ? { template: query.template } : {}) });
      return reply
        .header('content-type', rendered.contentType)
        .header('content-disposition', `attachment; filename="${rendered.filename}"`)
        .send(rendered.body);
    },
  });
}
