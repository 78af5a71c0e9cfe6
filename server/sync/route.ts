/**
 * GET /sync/:docId?token=... upgrades to a y-websocket connection.
 *
 * The message listener is attached before any await, so frames sent while the token is checked and the
 * board loads wait in the connection's inbox. A wrong token or unknown board gets a close code and no
 * state at all; the live document greets the client only once the board has loaded.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol/messages.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { Connection } from './connection.ts';
import type { SyncExtensions } from './extensions.ts';
import type { LiveDoc } from './live-doc.ts';
import type { LiveDocs } from './live-docs.ts';

export type SyncRouteOptions = {
  /** Who may open which document (and which ids are documents at all). */
  extensions: SyncExtensions;
  liveDocs: LiveDocs;
  /** A client whose unsent backlog exceeds this is dropped rather than buffered without bound. */
  maxBufferedBytes: number;
  /** Counts refused tokens per address; past the limit, even a right token waits for the next window. */
  authLimiter: RateLimiter;
};

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export async function syncRoute(app: FastifyInstance, options: SyncRouteOptions): Promise<void> {
  const { extensions, liveDocs, maxBufferedBytes, authLimiter } = options;

  // An id no extension claims (path tricks like `../x`, `x%00y`, backslashes) is refused over plain HTTP,
  // before the upgrade: no websocket is ever opened for it.
  const preValidation = async (request: FastifyRequest, reply: FastifyReply) => {
    const docId = (request.params as { docId: string }).docId;
    if (!extensions.claims(docId)) return reply.code(404).send({ error: 'not_found', message: 'no such document' });
  };

  // @fastify/websocket routes the upgrade through Fastify with a ServerResponse assigned to the socket, which
  // never finishes: with the plugin's error listener (replaced below) it would keep Fastify's request, reply,
  // child logger and the raw request alive for as long as the websocket lives. The upgrade itself never uses
  // that response (ws writes its 101 on the socket), so it is detached before the upgrade.
  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.raw.detachSocket(request.raw.socket);
  };

  app.get('/sync/:docId', { websocket: true, preValidation, preHandler }, (socket: WebSocket, request) => {
    // Nothing below keeps `request` (with its child logger, headers and raw message): an idle socket holds
    // its connection and these few strings only.
    const docId = (request.params as { docId: string }).docId;
    const token = (request.query as { token?: unknown }).token;
    const ip = request.ip;
    const conn = new Connection(socket, app.log, docId, maxBufferedBytes);
    // The plugin's 'error' listener holds the request and reply for the socket's life; this one holds
    // neither and does what app.ts's websocket errorHandler does.
    socket.removeAllListeners('error');
    socket.on('error', (error: Error) => {
      app.log.warn({ err: error.message, code: (error as { code?: string }).code, docId }, 'websocket error');
      if (socket.readyState === socket.OPEN) socket.close(CloseCode.badMessage, 'bad frame');
    });
    let liveDoc: LiveDoc | null = null;

    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        conn.close(CloseCode.badMessage, 'text frames are not part of the protocol');
        return;
      }
      conn.receive(toBytes(data));
    });
    socket.on('pong', () => {
      conn.awaitingPong = false;
    });
    socket.on('close', (code) => {
      conn.closed = true;
      app.log.debug({ code, docId }, 'connection closed');
      if (liveDoc) liveDocs.leave(liveDoc, conn);
    });

    void (async () => {
      if (authLimiter.isOver(ip)) return conn.close(CloseCode.tooManyRequests, 'too many refused tokens; wait a minute');
      conn.token = typeof token === 'string' ? token : undefined;
      const access = await extensions.authorize(docId, conn.token);
      if (conn.closed) return;
      if (!access.ok) {
        if (access.code === CloseCode.unauthorized) authLimiter.hit(ip);
        return conn.close(access.code, access.reason);
      }
      conn.role = access.role;
      conn.principal = access.principal;
      const joined = liveDocs.join(docId, conn);
      liveDoc = joined;
      await joined.ready;
      if (conn.closed) return;
      await joined.greet(conn);
      conn.start((frame) => joined.handle(conn, frame));
    })().catch((err: unknown) => {
      conn.log.error({ err }, 'could not open the board');
      conn.close(CloseCode.internalError, 'board unavailable');
    });
  });
}
