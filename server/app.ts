/**
 * buildApp(options) wires storage, live documents and routes into a Fastify instance and never listens, so tests
 * can use inject() or listen on port 0 themselves. main.ts is the only caller that reads the environment.
 */
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol/messages.ts';
import { HttpError, zodValidator } from './http-errors.ts';
import { JoinLimits, type JoinLimitOptions } from './join-limits.ts';
import { Metrics } from './metrics.ts';
import { RateLimiter } from './rate-limit.ts';
import { boardsRoutes } from './routes/boards.ts';
import { exportRoutes } from './routes/exports.ts';
import { openApiRoutes, swaggerOptions } from './routes/openapi.ts';
import { workshopRoutes } from './routes/workshops.ts';
import type { Storage } from './storage/types.ts';
import type { CompactionPolicy, WritePolicy } from './sync/live-doc.ts';
import { SyncExtensions } from './sync/extensions.ts';
import type { Fanout } from './sync/fanout.ts';
import { syncRoute } from './sync/route.ts';
import { LiveDocs } from './sync/live-docs.ts';
import { warmStart, type WarmStartReport } from './sync/warm-start.ts';
import { boardTemplates } from './templates.ts';
import { WorkshopService } from './workshops/service.ts';
import { workshopDocuments } from './workshops/sync-extension.ts';
import { boardTokens } from './auth/access.ts';

export type AppOptions = {
  storage: Storage;
  logger?: FastifyServerOptions['logger'];
  /** When set, creating a board needs it as a bearer token (CREATE_TOKEN). */
  createToken?: string;
  /** Largest websocket frame accepted. 8 MiB: a big board's full sync fits; a 64 MiB frame is refused unread. */
  maxMessageBytes?: number;
  /** Longest silence on a socket. 10 s: y-websocket's provider gives up after 30 s without a message. */
  keepaliveMs?: number;
  /** How long an empty board stays in memory. 10 s: a page reload finds it still loaded. */
  unloadDelayMs?: number;
  /** Default 500 updates or 1 MiB: loading stays a snapshot plus a short tail, compaction stays rare. */
  compaction?: CompactionPolicy;
  /** A client's unsent backlog before it is dropped. 32 MiB: several full syncs of a large board. */
  maxBufferedBytes?: number;
  /** Join rate limits (server/join-limits.ts, where each default is explained). */
  joinLimits?: Partial<JoinLimitOptions>;
  /** Refused tokens per minute and address, over HTTP and websocket together. */
  authRateLimit?: number;
  /**
   * Boards and workshops created per address and window (POST /api/boards, /api/workshops, /api/workshops/sample
   * together). 20 a minute: a facilitator preparing a day creates a handful; a script filling the disk is
   * stopped after 20. With `redis`, every server process counts in the same place.
   */
  createRateLimit?: { max: number; windowMs: number; redis?: import('ioredis').Redis };
  /** Built client to serve (client/dist). Null to serve none. */
  clientDir?: string | null;
  /** /metrics also reports the process (CPU, memory, event loop, GC): once per process, so main.ts sets it. */
  processMetrics?: boolean;
  /** Prefix of the Redis keys of the join limits (with `createRateLimit.redis`). */
  redisPrefix?: string;
  /** Changes and presence of other server processes on the same storage (REDIS_URL: sync/redis-fanout.ts). */
  fanout?: Fanout;
  /**
   * Bytes of snapshots `app.warmStart()` may read ahead for first visits after a restart. 64 MiB: the
   * newest 25 boards of 10,000 notes, or thousands of ordinary ones; freed as they are opened, and after
   * WARM_HOLD_MS. Ignored with a fan-out (warm-snapshots.ts).
   */
  warmBytes?: number;
};

export const DEFAULTS = {
  maxMessageBytes: 8 * 1024 * 1024,
  keepaliveMs: 10_000,
  unloadDelayMs: 10_000,
  compaction: { afterUpdates: 500, afterBytes: 1024 * 1024 },
  maxBufferedBytes: 32 * 1024 * 1024,
  createRateLimit: { max: 20, windowMs: 60_000 },
  warmBytes: 64 * 1024 * 1024,
} as const;

/**
 * How long snapshots read ahead at start-up wait for their first visit. 5 minutes: clients of a restarted
 * server reconnect within seconds, and people who reopen a board after a crash within minutes.
 */
export const WARM_HOLD_MS = 5 * 60_000;
/** How many of the most recently written documents a warm start looks at. */
const WARM_START_DOCUMENTS = 1000;

export const DEFAULT_CLIENT_DIR = resolve(import.meta.dirname, '../client/dist');

declare module 'fastify' {
  interface FastifyInstance {
    liveDocs: LiveDocs;
    workshops: WorkshopService;
    /** Compacts crash tails and reads snapshots ahead, for `budgetMs`; call before listening (warm-start.ts). */
    warmStart: (budgetMs: number) => Promise<WarmStartReport>;
  }
}

/** Keeps tokens out of logs: they travel in the websocket URL's query string. */
function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}

function withRedactedUrls(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  return {
    ...base,
    serializers: {
      ...base.serializers,
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), ip: req.ip }),
    },
  };
}

/** A board id that passes the id check and names no board (board ids are 12 characters: auth/tokens.ts). */
const WARM_UP_DOC = 'plenary-warm-up-visit';

/**
 * One websocket visit before the server listens, over a real loopback socket handed to the app's HTTP server,
 * through the whole upgrade path (Node's HTTP parser, Fastify's routing and hooks, the ws handshake, our
 * route, the token check against storage) for a board that does not exist; and one Y.Doc (its random client
 * id loads Node's WebCrypto). Without it the first real visitor after a start runs all of that for the first
 * time: about 15 ms of CPU more than the next one (BENCHMARKS.md, issue 12). Its "no such board" close is not
 * logged, and it never holds the start back more than 2 s.
 */
async function warmUpVisit(app: FastifyInstance): Promise<void> {
  new Y.Doc().destroy();
  // Routes and hooks are in place only once the app is ready (listen() would make it so anyway).
  await app.ready();
  const level = app.log.level;
  app.log.level = 'error';
  const before = new Set(app.websocketServer.clients);
  const relay = createServer();
  let client: WebSocket | null = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    const visit = (async () => {
      await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
      const accepted = new Promise<Socket>((resolve) => relay.once('connection', resolve));
      const { port } = relay.address() as AddressInfo;
      const ws = new WebSocket(`ws://127.0.0.1:${port}/sync/${WARM_UP_DOC}`);
      client = ws;
      const closed = new Promise((resolve) => ws.once('close', resolve));
      ws.on('error', () => undefined);
      app.server.emit('connection', await accepted);
      await closed;
    })();
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000)));
    await Promise.race([visit, late]);
  } catch (err) {
    app.log.warn({ err }, 'warm-up visit failed; listening anyway');
  } finally {
    clearTimeout(timer);
    (client as WebSocket | null)?.terminate();
    relay.close();
    // Ends the server's side of the visit too, rather than leave it to finish its close handshake alone.
    const left = [...app.websocketServer.clients].filter((ws) => !before.has(ws));
    await Promise.all(left.map((ws) => new Promise((resolve) => ws.once('close', resolve).terminate())));
    app.log.level = level;
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withRedactedUrls(options.logger ?? false),
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
  });

  const metrics = new Metrics(() => liveDocs, { processMetrics: options.processMetrics === true });
  const liveDocs: LiveDocs = new LiveDocs({
    storage: options.storage,
    log: app.log,
    compaction: options.compaction ?? DEFAULTS.compaction,
    unloadDelayMs: options.unloadDelayMs ?? DEFAULTS.unloadDelayMs,
    keepaliveMs: options.keepaliveMs ?? DEFAULTS.keepaliveMs,
    policyFor: (docId): Promise<WritePolicy | null> => extensions.policyFor(docId),
    onServerChange: (docId, transaction) => extensions.serverChanged(docId, transaction),
    metrics,
    ...(options.fanout ? { fanout: options.fanout } : {}),
    warmBytes: options.warmBytes ?? DEFAULTS.warmBytes,
  });
  const workshops: WorkshopService = new WorkshopService({ storage: options.storage, liveDocs, log: app.log, idleMs: options.unloadDelayMs ?? DEFAULTS.unloadDelayMs });
  // Plain boards first (their own tokens), then workshops (workshop tokens on their rooms' boards and documents).
  const extensions: SyncExtensions = new SyncExtensions([boardTokens(options.storage), workshopDocuments(workshops, options.storage, liveDocs)]);
  extensions.attach(liveDocs);
  app.decorate('liveDocs', liveDocs);
  app.decorate('workshops', workshops);
  app.decorate('warmStart', async (budgetMs: number) => {
    const report = await warmStart({
      storage: options.storage,
      log: app.log,
      claims: (docId) => extensions.claims(docId),
      snapshots: liveDocs.warm,
      budgetMs,
      maxDocuments: WARM_START_DOCUMENTS,
    });
    liveDocs.warm.holdFor(WARM_HOLD_MS);
    if (budgetMs > 0) await warmUpVisit(app);
    return report;
  });
  let closing = false;

  await app.register(fastifyWebsocket, {
    options: { maxPayload: options.maxMessageBytes ?? DEFAULTS.maxMessageBytes },
    errorHandler(error, socket, request) {
      // ws has already sent the close frame (1009 for an oversized frame, 1002 for a protocol error).
      request.log.warn({ err: error.message, code: (error as { code?: string }).code }, 'websocket error');
      if (socket.readyState === socket.OPEN) socket.close(CloseCode.badMessage, 'bad frame');
    },
    async preClose() {
      closing = true;
      await liveDocs.shutdown();
      for (const client of app.websocketServer.clients) client.close(CloseCode.goingAway, 'server shutting down');
      // Give clients half a second to answer the close handshake, then cut the rest.
      const clients = app.websocketServer.clients;
      for (let waited = 0; clients.size > 0 && waited < 500; waited += 10) {
        await new Promise((r) => setTimeout(r, 10));
      }
      for (const client of clients) client.terminate();
    },
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send({ error: error.error, message: error.message, field: error.field });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.code(status).send({ error: error.code ?? 'bad_request', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal server error' });
  });

  app.get('/healthz', async (_request, reply) => {
    if (closing) return reply.code(503).send({ status: 'shutting-down' });
    const storage = await options.storage.ping().then(
      () => 'ok' as const,
      () => 'down' as const,
    );
    const redis = options.fanout ? (options.fanout.healthy ? 'ok' : 'down') : 'none';
    // 503 takes a process whose storage is gone out of a load balancer's rotation: it can store nothing. Redis
    // down is reported but keeps 200: every process loses it at once, so a 503 would take all of them out
    // together, while each can still store and serve its own clients (other processes' edits arrive once
    // Redis is back and every open document re-reads storage).
    const status = storage !== 'ok' ? 'down' : redis === 'down' ? 'degraded' : 'ok';
    return reply
      .code(storage === 'ok' ? 200 : 503)
      .send({ status, storage: options.storage.kind, storageStatus: storage, redis, openBoards: liveDocs.docs.size });
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  // Routes declare zod schemas (shared/schema/api.ts): checked on the way in (a 400 naming the field),
  // answers written through them on the way out, and described in the OpenAPI document.
  app.setValidatorCompiler(zodValidator);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifySwagger, swaggerOptions);

  const createLimit = options.createRateLimit ?? DEFAULTS.createRateLimit;
  await app.register(fastifyRateLimit, {
    global: false,
    // Redis not answering lets creations through (counted by nobody) rather than failing them with 500, as the
    // join limits count alone then: a Redis outage must not stop a facilitator setting up the day.
    skipOnError: true,
    ...('redis' in createLimit && createLimit.redis ? { redis: createLimit.redis, nameSpace: 'plenary-create-' } : {}),
  });
  // One budget for every kind of creation: boards and workshops both write new documents to storage.
  const limitCreation = app.rateLimit({
    max: createLimit.max,
    timeWindow: createLimit.windowMs,
    keyGenerator: (request) => `create:${request.ip}`,
    errorResponseBuilder: (_request, context) => {
      metrics.refused('rate-limit-create');
      return new HttpError(429, 'too_many_requests', `too many boards or workshops created from this address; try again in ${Math.ceil(context.ttl / 1000)} s`);
    },
  });

  await app.register(boardsRoutes, {
    limitCreation,
    storage: options.storage,
    workshops,
    authorize: (docId, token) => extensions.authorize(docId, token),
    createToken: options.createToken,
    templates: boardTemplates,
  });
  // 60 refused tokens per minute and address: far too few to guess a 144-bit token. Joins are limited
  // per workshop link and per person rather than per address (a whole room joins from one venue NAT).
  const authLimiter = new RateLimiter({ windowMs: 60_000, max: options.authRateLimit ?? 60 });
  await app.register(workshopRoutes, {
    workshops,
    limitCreation,
    createToken: options.createToken,
    // Counted in Redis when there is one, so that every process behind one address counts together.
    joinLimits: new JoinLimits({
      ...options.joinLimits,
      ...(options.createRateLimit?.redis ? { redis: { client: options.createRateLimit.redis, prefix: options.redisPrefix ?? 'plenary:' } } : {}),
    }),
    authLimiter,
  });
  await app.register(exportRoutes, { storage: options.storage, liveDocs, workshops, authorize: (docId, token) => extensions.authorize(docId, token) });
  await app.register(openApiRoutes);
  await app.register(syncRoute, {
    extensions,
    liveDocs,
    authLimiter,
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
  });

  const clientDir = options.clientDir === undefined ? DEFAULT_CLIENT_DIR : options.clientDir;
  const hasClient = clientDir !== null && existsSync(join(clientDir, 'index.html'));
  if (hasClient) {
    await app.register(fastifyStatic, { root: clientDir, wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/sync/');
    if (hasClient && isPage) return reply.sendFile('index.html');
    return reply.code(404).send({ error: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });

  return app;
}
