/** REST routes through inject(): validation, creation, tokens, health. */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { hashToken } from '../../server/auth/tokens.ts';
import { MemoryStorage } from '../../server/storage/memory.ts';
import { rawSocket } from '../helpers/clients.ts';

let app: FastifyInstance;
let storage: MemoryStorage;

async function build(createToken?: string) {
  storage = new MemoryStorage();
  app = await buildApp({ storage, createToken, clientDir: null });
  return app;
}

afterEach(async () => {
  await app.close();
});

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/boards', payload: payload as string, headers });

describe('POST /api/boards', () => {
  it('creates a board with two unguessable tokens and stores only their hashes', async () => {
    await build();
    const res = await post({ title: 'Breakout room 1' });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ boardId: string; editToken: string; viewToken: string }>();
    expect(Object.keys(body).sort()).toEqual(['boardId', 'editToken', 'viewToken']);
    // nanoid's 64-symbol alphabet: 6 bits per character, so 22+ characters carry >= 128 bits.
    expect(body.editToken).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(body.viewToken).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(body.editToken).not.toBe(body.viewToken);
    const record = await storage.getBoard(body.boardId);
    expect(record).toMatchObject({ title: 'Breakout room 1', template: null });
    expect(record?.editTokenHash).toBe(hashToken(body.editToken));
    expect(JSON.stringify(record)).not.toContain(body.editToken);
    expect(JSON.stringify(record)).not.toContain(body.viewToken);
  });

  it('accepts an empty body and gives a default title', async () => {
    await build();
    const res = await app.inject({ method: 'POST', url: '/api/boards' });
    expect(res.statusCode).toBe(201);
    const { boardId } = res.json<{ boardId: string }>();
    expect((await storage.getBoard(boardId))?.title).toBe('Untitled board');
  });

  const invalid: { name: string; payload: unknown; field: string | undefined; status?: number }[] = [
    { name: 'title of the wrong type', payload: { title: 42 }, field: 'title' },
    { name: 'empty title', payload: { title: '   ' }, field: 'title' },
    { name: 'title too long', payload: { title: 'x'.repeat(201) }, field: 'title' },
    { name: 'unknown template', payload: { template: 'no-such-template' }, field: 'template' },
    { name: 'unknown key', payload: { title: 'ok', tempalte: 'x' }, field: 'tempalte' },
    { name: 'an array body', payload: [1, 2], field: undefined },
    { name: 'challenges for a template without any', payload: { template: 'pestel', challenges: ['a'] }, field: 'challenges' },
    { name: 'challenges of the wrong type', payload: { template: 'challenge-board', challenges: 'a' }, field: 'challenges' },
  ];
  for (const c of invalid) {
    it(`400 with the failing field: ${c.name}`, async () => {
      await build();
      const res = await post(c.payload);
      expect(res.statusCode).toBe(400);
      const body = res.json<{ error: string; field?: string; message: string }>();
      expect(body.error).toBe('invalid_request');
      expect(body.field).toBe(c.field);
      expect(body.message.length).toBeGreaterThan(0);
    });
  }

  it('400, not 500, for a body that is not JSON', async () => {
    await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/boards',
      payload: '{"title": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'FST_ERR_CTP_INVALID_JSON_BODY' });
  });

  it('415 for a body that is not JSON at all', async () => {
    await build();
    const res = await app.inject({ method: 'POST', url: '/api/boards', payload: 'title=x', headers: { 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(415);
  });

  it('with CREATE_TOKEN set, needs it as a bearer token', async () => {
    await build('s3cret-create-token-xyz');
    expect((await post({})).statusCode).toBe(401);
    expect((await post({}, { authorization: 'Bearer wrong-token-value' })).statusCode).toBe(401);
    const ok = await post({}, { authorization: 'Bearer s3cret-create-token-xyz' });
    expect(ok.statusCode).toBe(201);
  });
});

describe('templates', () => {
  it('lists every template with its description and timings', async () => {
    await build();
    const res = await app.inject('/api/templates');
    const { templates } = res.json<{ templates: { id: string; description: string }[] }>();
    expect(templates.map((t) => t.id)).toEqual(expect.arrayContaining(['challenge-board', 'business-model-canvas', 'pestel']));
    for (const t of templates) expect(t.description.length).toBeGreaterThan(0);
    // The setup screens ask for challenges only where a template lays them out.
    const ranges = Object.fromEntries((templates as unknown as { id: string; challenges: unknown }[]).map((t) => [t.id, t.challenges]));
    expect(ranges['challenge-board']).toEqual({ min: 1, max: 12 });
    expect(ranges['pestel']).toBeNull();
  });

  it('creates a challenge board laid out with the given challenges', async () => {
    await build();
    const res = await post({
      title: 'Group 1',
      template: 'challenge-board',
      challenges: ['Delivering innovative services', 'Balancing interests'],
    });
    expect(res.statusCode).toBe(201);
    const { boardId } = res.json<{ boardId: string }>();
    expect(await storage.getBoard(boardId)).toMatchObject({ template: 'challenge-board', title: 'Group 1' });
    const stored = await storage.loadDocument(boardId);
    expect(stored.updates).toHaveLength(1);
  });
});

describe('GET /api/boards/:id', () => {
  it('tells the role of a token, 401 for a wrong one, 404 for an unknown board', async () => {
    await build();
    const { boardId, editToken, viewToken } = (await post({ title: 'T' })).json<Record<string, string>>();
    const get = (id: string, token?: string) =>
      app.inject({ method: 'GET', url: `/api/boards/${id}`, headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await get(boardId!, editToken)).json()).toMatchObject({ boardId, title: 'T', role: 'edit' });
    expect((await get(boardId!, viewToken)).json()).toMatchObject({ role: 'view' });
    expect((await get(boardId!, 'nope')).statusCode).toBe(401);
    expect((await get(boardId!)).statusCode).toBe(401);
    expect((await get('unknownboard', editToken)).statusCode).toBe(404);
    expect((await get('bad id!', editToken)).statusCode).toBe(400);
  });
});

describe('operations', () => {
  it('GET /healthz answers 200 when ready', async () => {
    await build();
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', storage: 'memory' });
  });

  it('answers unknown API routes with a JSON 404', async () => {
    await build();
    const res = await app.inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });

  it('keeps tokens out of the request logs', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    storage = new MemoryStorage();
    app = await buildApp({ storage, clientDir: null, logger: { level: 'info', stream } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const created = (await (await fetch(`http://127.0.0.1:${port}/api/boards`, { method: 'POST' })).json()) as Record<string, string>;
    const s = rawSocket(`ws://127.0.0.1:${port}/sync/${created.boardId}?token=${created.editToken}`);
    await s.opened;
    s.ws.close();
    await s.closed;
    const log = lines.join('');
    expect(log).toContain(`/sync/${created.boardId}?token=[redacted]`);
    expect(log).not.toContain(created.editToken);
  });
});
