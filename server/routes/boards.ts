/** Creating boards and reading their metadata. */
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { API } from '../../shared/schema/api.ts';
import { CreateBoardSchema } from '../../shared/schema/requests.ts';
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { DocAccess } from '../sync/extensions.ts';
import { hashToken, newBoardId, newToken, sameSecret } from '../auth/tokens.ts';
import type { WorkshopService } from '../workshops/service.ts';
import { HttpError, bearerToken, parseOr400 } from '../http-errors.ts';
import type { Storage } from '../storage/types.ts';
import type { BoardTemplates } from '../templates.ts';
import { route, typed } from './typed.ts';

export type BoardsRouteOptions = {
  storage: Storage;
  workshops: WorkshopService;
  /** When set, POST /api/boards needs `Authorization: Bearer <createToken>`. */
  createToken: string | undefined;
  templates: BoardTemplates;
  /** Counts board creations per address (the app's creation rate limit). */
  limitCreation: onRequestAsyncHookHandler;
  /** Who may read a board with a token (the sync extensions' verdict). */
  authorize: (docId: string, token: string | undefined) => Promise<DocAccess>;
};

export async function boardsRoutes(app: FastifyInstance, options: BoardsRouteOptions): Promise<void> {
  const { storage, workshops, createToken, templates, authorize, limitCreation } = options;
  const api = typed(app);
  // The checks that need this server's template list, on top of the route's schema.
  const createBody = CreateBoardSchema.superRefine((body, ctx) => {
    if (body.template !== undefined && !templates.ids.includes(body.template)) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: `unknown template; known: ${templates.ids.join(', ')}` });
      return;
    }
    if (!body.challenges) return;
    const range = body.template ? templates.takesChallenges(body.template) : null;
    if (!range) {
      ctx.addIssue({ code: 'custom', path: ['challenges'], message: 'this template takes no challenges' });
    } else if (body.challenges.length < range.min || body.challenges.length > range.max) {
      ctx.addIssue({ code: 'custom', path: ['challenges'], message: `takes ${range.min} to ${range.max} challenges` });
    }
  });
  const checkCreateToken = async (request: FastifyRequest) => {
    if (createToken === undefined) return;
    const given = bearerToken(request.headers.authorization);
    if (!given || !sameSecret(given, createToken)) {
      throw new HttpError(401, 'unauthorized', "creating boards needs the server's create token as a bearer token");
    }
  };

  api.route({ ...route(API.templates), handler: async () => ({ templates: templates.list() }) });

  api.route({
    ...route(API.createBoard),
    onRequest: [limitCreation, checkCreateToken],
    handler: async (request, reply) => {
      const body = parseOr400(createBody, request.body);
      const editToken = newToken();
      const viewToken = newToken();
      const boardId = newBoardId();
      const title = body.title ?? 'Untitled board';
      const template = body.template ?? null;
      const createdAt = Date.now();
      await storage.createBoard(
        {
          id: boardId,
          title,
          template,
          editTokenHash: hashToken(editToken),
          viewTokenHash: hashToken(viewToken),
          createdAt,
        },
        templates.initialUpdate({ boardId, title, template, createdAt, ...(body.challenges ? { challenges: body.challenges } : {}) }),
      );
      request.log.info({ boardId, template }, 'board created');
      return reply.code(201).send({ boardId, editToken, viewToken });
    },
  });

  api.route({
    ...route(API.board),
    handler: async (request) => {
      const { boardId } = request.params;
      const token = bearerToken(request.headers.authorization);
      const board = await storage.getBoard(boardId);
      if (!board) throw new HttpError(404, 'not_found', 'no such board');
      const access = await authorize(boardId, token);
      if (!access.ok) {
        if (access.code === CloseCode.forbidden) throw new HttpError(403, 'forbidden', access.reason);
        throw new HttpError(401, 'unauthorized', 'a valid board token is needed as a bearer token');
      }
      const base = { boardId: board.id, title: board.title, template: board.template, createdAt: board.createdAt, role: access.role };
      if (!access.principal) return base;
      // A workshop room's board: notes carry participant ids as authors; the page shows their names.
      const summary = await workshops.summary(access.principal);
      // The header names the workshop and the room (every screen shows where it is).
      const session = summary.sessions.find((s) => s.rooms.some((r) => r.boardId === board.id));
      const room = session?.rooms.find((r) => r.boardId === board.id);
      return {
        ...base,
        workshopId: access.principal.workshopId,
        workshopTitle: summary.title,
        room: room && session ? { id: room.id, name: room.name, session: session.id, sessionTitle: session.title } : null,
        participantId: access.principal.participantId,
        people: summary.participants.map((p) => ({ id: p.id, name: p.name })),
      };
    },
  });
}
