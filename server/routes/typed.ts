/**
 * From an entry of the API table (shared/schema/api.ts) to Fastify route options: the method, the URL and
 * a schema whose zod parts the type provider types the handler with (request.params, .query, .body and
 * the answer), the validator checks, the serializer writes the answer through, and @fastify/swagger
 * describes. `typed(app)` is the route plugin's instance with that type provider.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Auth, Endpoint } from '../../shared/schema/api.ts';

export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

const AUTH_TEXT: Record<Auth, string> = {
  none: 'none',
  create: "the server's CREATE_TOKEN as a bearer token, when it is set",
  join: "the participant link's join code",
  board: 'a board token, or a workshop token of a room the board belongs to',
  workshop: 'a personal workshop token (facilitator, participant or observer)',
  facilitator: "a facilitator's workshop token",
  participant: "a participant's workshop token",
};

type Part<E, K extends string> = E extends { readonly [P in K]: infer S } ? S : undefined;

export type RouteSchema<E extends Endpoint> = {
  summary: string;
  description: string;
  tags: string[];
  security?: { bearer: string[] }[];
  produces?: string[];
  params: Part<E, 'params'>;
  querystring: Part<E, 'querystring'>;
  body: Part<E, 'body'>;
  response: E['response'];
};

export function route<E extends Endpoint>(e: E): { method: E['method']; url: E['url']; schema: RouteSchema<E> } {
  const schema = {
    summary: e.summary,
    description: `Authorization: ${AUTH_TEXT[e.auth]}.`,
    tags: [e.url.startsWith('/api/workshops') ? 'workshops' : 'boards'],
    ...(e.auth === 'none' || e.auth === 'join' ? { security: [] } : {}),
    ...(e.produces ? { produces: [...e.produces] } : {}),
    ...(e.params ? { params: e.params } : {}),
    ...(e.querystring ? { querystring: e.querystring } : {}),
    ...(e.body ? { body: e.body } : {}),
    response: e.response,
  };
  return { method: e.method, url: e.url, schema: schema as RouteSchema<E> };
}

/** Whether a route needs a personal workshop token (the workshop routes check it before validating the request). */
export const needsPrincipal = (e: Endpoint): boolean => e.auth === 'workshop' || e.auth === 'facilitator' || e.auth === 'participant';
