/**
 * GET /docs/openapi.json: an OpenAPI 3.1 description of the HTTP API, with request bodies generated
 * from the same zod schemas the routes validate with (so the two cannot drift), and GET /docs: a
 * plain page listing it. No UI bundle: the JSON loads into any OpenAPI viewer.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AddParticipantsSchema,
  EditDetailsSchema,
  EditParticipantSchema,
  EditSessionSchema,
  ImportParticipantsSchema,
  AllowNotesSchema,
  AssignSchema,
  BoardRefSchema,
  BroadcastSchema,
  CreateWorkshopSchema,
  JoinSchema,
  LockSchema,
  MoveSchema,
  PhaseSchema,
  PresentSchema,
  ProfileSchema,
  RankingSchema,
  SelectSchema,
  SessionInputSchema,
  ThemeSessionSchema,
  TimerSchema,
  VoteSchema,
  MyMatchmakingSchema,
  ImportWishesSchema,
  ImportRequestsSchema,
  RequestSchema,
  RespondSchema,
  PlanMatchmakingSchema,
  AwaySchema,
  StartRoundsSchema,
  ReplanSchema,
  EditPlanSchema,
  HintsSchema,
  AddHintSchema,
} from '../workshops/inputs.ts';
import { CreateBoardBodySchema } from './boards.ts';

type Op = { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; summary: string; auth: string; body?: z.ZodType; status?: number };

const W = '/api/workshops/{workshopId}';
const OPERATIONS: Op[] = [
  { method: 'post', path: '/api/boards', summary: 'Create a board; answers its edit and view tokens', auth: 'CREATE_TOKEN if set', body: CreateBoardBodySchema, status: 201 },
  { method: 'get', path: '/api/boards/{boardId}', summary: "A board's title, template and the token's role", auth: 'board token' },
  { method: 'get', path: '/api/boards/{boardId}/export.{format}', summary: 'Results as md, csv (?template=) or json', auth: 'board or workshop token' },
  { method: 'get', path: '/api/templates', summary: 'Board templates with descriptions and timings', auth: 'none' },
  { method: 'get', path: '/api/time', summary: "The server's clock, for countdown offsets", auth: 'none' },
  { method: 'post', path: '/api/workshops', summary: 'Create a workshop; answers facilitator, join and observer tokens and links', auth: 'CREATE_TOKEN if set', body: CreateWorkshopSchema, status: 201 },
  { method: 'post', path: '/api/workshops/sample', summary: 'Create the sample training day', auth: 'CREATE_TOKEN if set', status: 201 },
  { method: 'post', path: `${W}/join`, summary: 'Join with the participant link code; answers a personal token', auth: 'join code in body', body: JoinSchema, status: 201 },
  { method: 'get', path: W, summary: 'The workshop as the caller may see it', auth: 'workshop token' },
  { method: 'get', path: `${W}/me/votes`, summary: "The caller's votes and budget", auth: 'participant' },
  { method: 'put', path: `${W}/me/ranking`, summary: 'Rank rooms for assignment by preference', auth: 'participant', body: RankingSchema, status: 204 },
  { method: 'put', path: `${W}/me/profile`, summary: 'Fill in the "get to know me" profile', auth: 'participant', body: ProfileSchema, status: 204 },
  { method: 'get', path: `${W}/links`, summary: 'The participant, observer and co-facilitator links to hand out', auth: 'facilitator' },
  { method: 'patch', path: W, summary: 'Change the title, date, agenda, dot budget or private ideation', auth: 'facilitator', body: EditDetailsSchema },
  { method: 'patch', path: `${W}/sessions/{sessionId}`, summary: "Change a session's title and rooms (rename, challenges, add, remove empty rooms)", auth: 'facilitator', body: EditSessionSchema },
  { method: 'delete', path: `${W}/sessions/{sessionId}`, summary: 'Remove a session whose boards hold no notes', auth: 'facilitator', status: 204 },
  { method: 'post', path: `${W}/participants`, summary: 'Add pre-registered participants', auth: 'facilitator', body: AddParticipantsSchema, status: 201 },
  { method: 'post', path: `${W}/participants/import`, summary: 'Add pre-registered participants from CSV (name, cluster, country); every bad row named', auth: 'facilitator', body: ImportParticipantsSchema, status: 201 },
  { method: 'patch', path: `${W}/participants/{participantId}`, summary: "Correct a participant's name, cluster or country", auth: 'facilitator', body: EditParticipantSchema },
  { method: 'delete', path: `${W}/participants/{participantId}`, summary: 'Remove a pre-registered participant nobody claimed', auth: 'facilitator', status: 204 },
  { method: 'post', path: `${W}/sessions`, summary: 'Add a breakout session with rooms', auth: 'facilitator', body: SessionInputSchema, status: 201 },
  { method: 'post', path: `${W}/sessions/from-themes`, summary: 'Add a session with one room per frequent theme', auth: 'facilitator', body: ThemeSessionSchema, status: 201 },
  { method: 'post', path: `${W}/assign`, summary: 'Assign participants to a session\'s rooms', auth: 'facilitator', body: AssignSchema },
  { method: 'post', path: `${W}/move`, summary: 'Move one participant to another room', auth: 'facilitator', body: MoveSchema },
  { method: 'post', path: `${W}/phase`, summary: 'Set the phase of a board or of the whole workshop', auth: 'facilitator', body: PhaseSchema },
  { method: 'post', path: `${W}/timer`, summary: 'Start, pause, resume, extend or clear a timer', auth: 'facilitator', body: TimerSchema },
  { method: 'post', path: `${W}/lock`, summary: 'Lock or unlock a board', auth: 'facilitator', body: LockSchema },
  { method: 'post', path: `${W}/allow-notes`, summary: 'Allow new notes outside the ideation phase, per board', auth: 'facilitator', body: AllowNotesSchema },
  { method: 'post', path: `${W}/votes`, summary: 'Place a dot (voting phase, within budget)', auth: 'participant', body: VoteSchema },
  { method: 'post', path: `${W}/unvote`, summary: 'Take a dot back', auth: 'participant', body: VoteSchema },
  { method: 'post', path: `${W}/reveal`, summary: "Reveal a board's votes to everybody", auth: 'facilitator', body: BoardRefSchema },
  { method: 'post', path: `${W}/reveal-drafts`, summary: "Move a room's private drafts onto its board", auth: 'facilitator', body: BoardRefSchema },
  { method: 'post', path: `${W}/select`, summary: 'Confirm the winning idea of a challenge (default: most voted)', auth: 'facilitator', body: SelectSchema },
  { method: 'post', path: `${W}/hints`, summary: 'Scavenger hunt: how many hints participants see (reveal the next one)', auth: 'facilitator', body: HintsSchema },
  { method: 'post', path: `${W}/hints/add`, summary: 'Scavenger hunt: a new hint, kept on the server until revealed', auth: 'facilitator', body: AddHintSchema },
  { method: 'get', path: `${W}/hints`, summary: 'Scavenger hunt: the hidden hints of a board (`?board=`)', auth: 'facilitator' },
  { method: 'post', path: `${W}/present`, summary: 'Present a board in the plenary, call back, or send to rooms', auth: 'facilitator', body: PresentSchema },
  { method: 'post', path: `${W}/broadcast`, summary: 'Send a message to every room', auth: 'facilitator', body: BroadcastSchema },
  { method: 'put', path: `${W}/me/matchmaking`, summary: "The caller's matchmaking card and wishes", auth: 'participant', body: MyMatchmakingSchema, status: 204 },
  { method: 'post', path: `${W}/matchmaking/requests`, summary: 'Event mode: ask someone for a meeting', auth: 'participant', body: RequestSchema },
  { method: 'post', path: `${W}/matchmaking/requests/respond`, summary: 'Event mode: accept or decline a request', auth: 'participant', body: RespondSchema },
  { method: 'get', path: `${W}/matchmaking/requests`, summary: "The caller's sent and received requests", auth: 'participant' },
  { method: 'post', path: `${W}/matchmaking/import-requests`, summary: 'Event mode: requests from CSV, all rows or none', auth: 'facilitator', body: ImportRequestsSchema },
  { method: 'post', path: `${W}/matchmaking/import`, summary: 'Wishes for everybody from CSV (from,to,level|rank), all rows or none', auth: 'facilitator', body: ImportWishesSchema },
  { method: 'post', path: `${W}/matchmaking/plan`, summary: 'Plan the rounds; answers the quality report', auth: 'facilitator', body: PlanMatchmakingSchema },
  { method: 'post', path: `${W}/matchmaking/start`, summary: 'Start the rounds now (or at a time): every round shifts, screens move on together', auth: 'facilitator', body: StartRoundsSchema },
  { method: 'post', path: `${W}/matchmaking/away`, summary: 'Someone leaves (or returns) from a round on', auth: 'facilitator', body: AwaySchema },
  { method: 'post', path: `${W}/matchmaking/replan`, summary: 'Re-plan later rounds; past ones stay; answers what moved', auth: 'facilitator', body: ReplanSchema },
  { method: 'post', path: `${W}/matchmaking/edit`, summary: 'Lock, unlock, swap two meetings, or undo', auth: 'facilitator', body: EditPlanSchema },
  { method: 'post', path: `${W}/matchmaking/cancel`, summary: 'Stop the plan being computed; the timetable from before stays', auth: 'facilitator' },
  { method: 'get', path: `${W}/matchmaking/progress`, summary: 'Whether a plan is being computed, its phase, current round and fraction done', auth: 'facilitator' },
  { method: 'get', path: `${W}/matchmaking/quality`, summary: 'Quality report of the current plan', auth: 'facilitator' },
  { method: 'get', path: `${W}/matchmaking/next`, summary: "The caller's running or next meeting", auth: 'participant' },
  { method: 'get', path: `${W}/matchmaking/me.ics`, summary: "The caller's iCalendar feed (stable UIDs; ?token= for subscriptions)", auth: 'participant' },
  { method: 'get', path: `${W}/matchmaking/agenda.md`, summary: 'A printable agenda (?participant= for the facilitator)', auth: 'workshop token' },
  { method: 'get', path: `${W}/matchmaking/rounds/{slot}.md`, summary: 'Per-round sheet in table order', auth: 'facilitator' },
  { method: 'get', path: `${W}/matchmaking/timetable.csv`, summary: 'The whole timetable as CSV', auth: 'facilitator' },
  { method: 'get', path: `${W}/export.{format}`, summary: 'Every room\'s results, md or json', auth: 'workshop token' },
];

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      description: `Authorization: ${op.auth}.`,
      parameters: params,
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) } } } }
        : {}),
      responses: {
        [String(op.status ?? 200)]: { description: 'success' },
        '400': { description: 'invalid body: { error, message, field }' },
        '401': { description: 'missing or wrong token' },
        '403': { description: 'the token may not do this' },
        '404': { description: 'not found' },
        '409': { description: 'conflicts with the current state (phase, budget, ...)' },
        '429': { description: 'rate limited' },
      },
    };
  }
  cached = {
    openapi: '3.1.0',
    info: { title: 'Plenary API', version: '0.1.0', description: 'Bearer tokens: board tokens, or workshop tokens (facilitator, participant, observer).' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
  return cached;
}

export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  app.get('/docs/openapi.json', async () => openApiDocument());
  app.get('/docs', async (_request, reply) => {
    const rows = OPERATIONS.map(
      (op) => `<tr><td><code>${op.method.toUpperCase()}</code></td><td><code>${op.path}</code></td><td>${op.summary}</td><td>${op.auth}</td></tr>`,
    ).join('\n');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plenary API</title></head><body>` +
          `<h1>Plenary API</h1><p>Machine-readable: <a href="/docs/openapi.json">openapi.json</a> (OpenAPI 3.1).</p>` +
          `<table><thead><tr><th>method</th><th>path</th><th>what</th><th>who</th></tr></thead><tbody>${rows}</tbody></table></body></html>`,
      );
  });
}
