/**
 * The typed API: the OpenAPI document is generated from the routes as registered (every /api route, with
 * its methods, and nothing else), is structurally OpenAPI 3.1, and the route schemas check requests with
 * the project's error body.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/schema/api.ts';
import { ROUTES } from '../../shared/schema/routes.ts';
import { buildApp } from '../../server/app.ts';
import { MemoryStorage } from '../../server/storage/memory.ts';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ storage: new MemoryStorage(), clientDir: null });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

/** Method and path of every registered route, read from Fastify's own route tree (HEAD is added by Fastify). */
function registeredRoutes(): { method: string; path: string }[] {
  const found: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') found.push({ method, path: stack.join('') });
  }
  return found;
}

const openApiPath = (fastifyPath: string) => fastifyPath.replace(/:(\w+)/g, '{$1}');

type Operation = {
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
};
type Document = { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Operation>> };

async function openApi(): Promise<Document> {
  const res = await app.inject({ method: 'GET', url: '/docs/openapi.json' });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('the OpenAPI document', () => {
  it('describes every registered /api route with its methods, and only those', async () => {
    const doc = await openApi();
    const registered = registeredRoutes().filter((r) => r.path.startsWith('/api/'));
    expect(registered.length).toBe(Object.keys(ROUTES).length);
    const described = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(described.sort()).toEqual(registered.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
    // The API table and the server agree: every entry is a registered route.
    for (const [name, { method, url }] of Object.entries(ROUTES)) {
      expect(app.hasRoute({ method, url }), name).toBe(true);
    }
  });

  it('is structurally OpenAPI 3.1: path parameters declared, every answer described, bodies and answers with schemas', async () => {
    const doc = await openApi();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    for (const [path, ops] of Object.entries(doc.paths)) {
      expect(path.startsWith('/api/')).toBe(true);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        expect(['get', 'post', 'put', 'patch', 'delete'], where).toContain(method);
        expect(op.summary, where).toBeTruthy();
        const params = op.parameters ?? [];
        for (const p of params) expect(['path', 'query', 'header', 'cookie'], where).toContain(p.in);
        const pathParams = params.filter((p) => p.in === 'path');
        expect(pathParams.map((p) => p.name).sort(), where).toEqual(templated);
        for (const p of pathParams) expect(p.required, where).toBe(true);
        if (op.requestBody) for (const media of Object.values(op.requestBody.content)) expect(typeof media.schema, where).toBe('object');
        expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(op.responses)) {
          expect(status, where).toMatch(/^[1-5]\d\d$/);
          expect(typeof response.description, where).toBe('string');
          for (const media of Object.values(response.content ?? {})) expect(typeof media.schema, where).toBe('object');
        }
        expect(Object.keys(op.responses).some((s) => s.startsWith('2')), where).toBe(true);
        expect(op.responses['400']?.content?.['application/json']?.schema, where).toMatchObject({ properties: { error: {}, message: {}, field: {} } });
      }
    }
    // Answers are described from their schemas, downloads with their own media type.
    const votes = doc.paths['/api/workshops/{workshopId}/votes']!['post']!;
    expect(Object.keys((votes.responses['200']!.content!['application/json']!.schema as { properties: object }).properties).sort()).toEqual(['budget', 'used', 'votes']);
    expect(Object.keys(doc.paths['/api/workshops/{workshopId}/matchmaking/me.ics']!['get']!.responses['200']!.content!)).toEqual(['text/calendar']);
    expect(doc.paths['/api/workshops/{workshopId}/me/ranking']!['put']!.responses['204']!.content).toBeUndefined();
  });

  it('lists every operation on the /docs page', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.headers['content-type']).toContain('text/html');
    for (const { url } of Object.values(API)) expect(page.body).toContain(`<code>${openApiPath(url)}</code>`);
  });
});

describe('requests checked by the route schemas', () => {
  it('answers 400 with the error body naming the field, for params, query and body', async () => {
    const badParam = await app.inject({ method: 'GET', url: '/api/boards/not%20an%20id' });
    expect(badParam.statusCode).toBe(400);
    expect(badParam.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(/^boardId: not a board id/), field: 'boardId' });

    const badQuery = await app.inject({ method: 'GET', url: '/api/workshops/w1/join' });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json()).toMatchObject({ error: 'invalid_request', field: 'code' });

    const badBody = await app.inject({ method: 'POST', url: '/api/boards', payload: { title: 'x', colour: 'red' } });
    expect(badBody.statusCode).toBe(400);
    expect(badBody.json()).toMatchObject({ error: 'invalid_request', field: 'colour' });

    const nested = await app.inject({ method: 'POST', url: '/api/workshops', payload: { title: 'Day', sessions: [{ title: 'S', template: 'challenge-board', rooms: [] }] } });
    expect(nested.statusCode).toBe(400);
    expect(nested.json()).toMatchObject({ error: 'invalid_request', field: 'sessions.0.rooms' });
  });

  it('a missing body counts as {}, and the defaults of the schema apply', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/boards' });
    expect(res.statusCode).toBe(201);
    const board = (await app.inject({ method: 'GET', url: `/api/boards/${res.json().boardId}`, headers: { authorization: `Bearer ${res.json().viewToken}` } })).json();
    expect(board).toMatchObject({ title: 'Untitled board', template: null, role: 'view' });
  });

  it('checks the workshop token before the body: an unknown caller learns nothing about the body', async () => {
    const created = (await app.inject({ method: 'POST', url: '/api/workshops', payload: { title: 'Day' } })).json();
    const url = `/api/workshops/${created.workshopId}/votes`;
    const anonymous = await app.inject({ method: 'POST', url, payload: { nonsense: true } });
    expect(anonymous.statusCode).toBe(401);
    const facilitator = await app.inject({ method: 'POST', url, payload: { board: 'b1', note: 'n1', nonsense: true }, headers: { authorization: `Bearer ${created.facilitatorToken}` } });
    expect(facilitator.statusCode).toBe(400);
    expect(facilitator.json()).toMatchObject({ error: 'invalid_request', field: 'nonsense' });
  });

  it("answers only what the answer's schema describes", async () => {
    const created = await app.inject({ method: 'POST', url: '/api/workshops', payload: { title: 'Day' } });
    expect(created.statusCode).toBe(201);
    expect(Object.keys(created.json()).sort()).toEqual(['coFacilitatorToken', 'facilitatorToken', 'joinToken', 'links', 'observerToken', 'workshopId']);
    const summary = await app.inject({ method: 'GET', url: `/api/workshops/${created.json().workshopId}`, headers: { authorization: `Bearer ${created.json().facilitatorToken}` } });
    expect(API.workshop.response[200].safeParse(summary.json()).success).toBe(true);
  });
});
