import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from './app.ts';
import { MemoryStorage } from './storage/memory.ts';
import { RedisFanout } from './sync/redis-fanout.ts';
import { connectClient, handledAll, synced, waitFor } from '../tests/helpers/clients.ts';
import { startServer } from '../tests/helpers/server.ts';

let app: FastifyInstance | null = null;
let fanout: RedisFanout | null = null;
afterEach(async () => {
  await app?.close();
  await fanout?.close();
  app = null;
  fanout = null;
});

describe('/healthz and /metrics', () => {
  it('one process: healthz says storage answers and there is no Redis; metrics are Prometheus text', async () => {
    app = await buildApp({ storage: new MemoryStorage(), clientDir: null });
    const health = await app.inject('/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', storage: 'memory', storageStatus: 'ok', redis: 'none' });
    const metrics = await app.inject('/metrics');
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of ['plenary_open_documents 0', 'plenary_sockets 0', '# TYPE plenary_updates_in_total counter', '# TYPE plenary_relay_lag_seconds histogram', '# TYPE plenary_storage_write_seconds histogram', '# TYPE plenary_refused_writes_total counter']) {
      expect(metrics.body).toContain(name);
    }
  });

  it('Redis down is reported as degraded with 200 (every process would go at once); storage down is 503, out of rotation', async () => {
    const storage = new MemoryStorage();
    // Nothing listens on port 1: the fan-out keeps trying to connect.
    fanout = new RedisFanout({ url: 'redis://127.0.0.1:1', log: { warn: () => undefined, info: () => undefined } });
    app = await buildApp({ storage, clientDir: null, fanout });
    const health = await app.inject('/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'degraded', redis: 'down', storageStatus: 'ok' });
    await storage.close();
    const down = await app.inject('/healthz');
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'down', storageStatus: 'down' });
  });

  it('creating a board still works while the Redis behind the creation limit does not answer', async () => {
    // Nothing listens on port 1; as main.ts builds it: fail fast instead of queueing commands.
    const redis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      app = await buildApp({ storage: new MemoryStorage(), clientDir: null, createRateLimit: { max: 2, windowMs: 60_000, redis } });
      const created = await app.inject({ method: 'POST', url: '/api/boards', payload: {} });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toHaveProperty('boardId');
    } finally {
      redis.disconnect();
    }
  });

  it('counts updates in and out, store latency, and a refused write by its reason', async () => {
    const server = await startServer();
    try {
      const board = await server.createBoard();
      const [editor, viewer] = [connectClient(server.syncUrl, board.boardId, board.editToken), connectClient(server.syncUrl, board.boardId, board.viewToken)];
      await Promise.all([synced(editor), synced(viewer)]);
      editor.doc.getArray('notes').push(['a']);
      await waitFor(() => viewer.doc.getArray('notes').length === 1, 'relayed');
      viewer.doc.getArray('notes').push(['from a view link']);
      await handledAll(viewer);
      const text = (await server.app.inject('/metrics')).body;
      expect(text).toMatch(/plenary_updates_in_total\{source="client"\} 1\n/);
      expect(text).toMatch(/plenary_updates_out_total [1-9]/);
      expect(text).toMatch(/plenary_storage_write_seconds_count [1-9]/);
      expect(text).toMatch(/plenary_refused_writes_total\{reason="read-only"\} 1/);
      expect(text).toMatch(/plenary_sockets 2/);
      editor.destroy();
      viewer.destroy();
    } finally {
      await server.close();
    }
  });
});
