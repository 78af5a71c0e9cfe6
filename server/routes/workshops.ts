/** The workshop API: creating and joining, facilitation, votes, exports. Bodies are zod-validated. */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import { sameSecret } from '../auth/tokens.ts';
import { HttpError, bearerToken, parseOr400 } from '../http-errors.ts';
import type { JoinLimits, JoinVerdict } from '../join-limits.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { workshopExport } from '../workshops/export.ts';
import {
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
  EditDetailsSchema,
  EditSessionSchema,
  AddParticipantsSchema,
  ImportParticipantsSchema,
  EditParticipantSchema,
  AddHintSchema,
} from '../workshops/inputs.ts';
import type { WorkshopService } from '../workshops/service.ts';
import { linksFor } from '../workshops/links.ts';
import type { CreateWorkshopInput } from '../workshops/inputs.ts';
import { sampleTrainingDay } from '../../boards/sample-training-day.ts';

function sampleWorkshopInput(): CreateWorkshopInput {
  const day = sampleTrainingDay;
  return CreateWorkshopSchema.parse({
    title: day.title,
    date: day.date,
    agenda: day.agenda,
    sessions: day.sessions.map((s) => ({ title: s.title, template: s.template, rooms: s.groups.map((g) => ({ name: g.name, challenges: g.challenges })) })),
    participants: day.participants.map(({ id: _id, v: _v, ...profile }) => ({
      name: profile.name,
      cluster: profile.clusterName,
      country: profile.country,
      profile,
    })),
  });
}

export type WorkshopRoutesOptions = {
  workshops: WorkshopService;
  createToken: string | undefined;
  joinLimits: JoinLimits;
  /** Counts workshop creations per address (the app's creation rate limit, shared with boards). */
  limitCreation: onRequestAsyncHookHandler;
  authLimiter: RateLimiter;
};

const Params = z.object({ workshopId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a workshop id') });

export async function workshopRoutes(app: FastifyInstance, options: WorkshopRoutesOptions): Promise<void> {
  const { workshops, createToken, joinLimits, authLimiter, limitCreation } = options;

  function limited(limiter: RateLimiter, request: FastifyRequest, reply: FastifyReply): void {
    if (!limiter.hit(request.ip)) {
      reply.header('retry-after', String(limiter.retryAfter(request.ip)));
      throw new HttpError(429, 'rate_limited', 'too many attempts; wait a little');
    }
  }

  /** The caller's identity in this workshop: 401 without a valid token, 403 for another workshop's. */
  async function principalOf(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    const { workshopId } = parseOr400(Params, request.params);
    const queryToken = (request.query as { token?: unknown } | undefined)?.token;
    const principal = await workshops.authenticate(bearerToken(request.headers.authorization) ?? (typeof queryToken === 'string' ? queryToken : undefined));
    if (!principal) {
      limited(authLimiter, request, reply);
      throw new HttpError(401, 'unauthorized', 'a valid workshop token is needed as a bearer token');
    }
    if (principal.workshopId !== workshopId) throw new HttpError(403, 'forbidden', 'this token belongs to another workshop');
    if (principal.role === 'join') throw new HttpError(403, 'forbidden', 'a join code only joins; use your personal token');
    return principal;
  }

  app.get('/api/time', async () => ({ now: Date.now() }));

  function checkCreateToken(request: FastifyRequest): void {
    if (createToken === undefined) return;
    const given = bearerToken(request.headers.authorization);
    if (!given || !sameSecret(given, createToken)) throw new HttpError(401, 'unauthorized', 'creating workshops needs the create token');
  }

  async function created(reply: FastifyReply, input: CreateWorkshopInput) {
    const tokens = await workshops.create(input);
    const base = `/w/${tokens.workshopId}`;
    return reply.code(201).send({
      ...tokens,
      links: { facilitator: `${base}#token=${tokens.facilitatorToken}`, ...linksFor(tokens.workshopId, tokens) },
    });
  }

  app.post('/api/workshops', { onRequest: limitCreation }, async (request, reply) => {
    checkCreateToken(request);
    return created(reply, parseOr400(CreateWorkshopSchema, request.body ?? {}));
  });

  /** One click to a whole sample training day (boards/sample-training-day.ts), to try the product alone. */
  app.post('/api/workshops/sample', { onRequest: limitCreation }, async (request, reply) => {
    checkCreateToken(request);
    return created(reply, sampleWorkshopInput());
  });

  function admitted(verdict: JoinVerdict, reply: FastifyReply): void {
    if (verdict.ok) return;
    reply.header('retry-after', String(verdict.retryAfter));
    throw new HttpError(429, 'rate_limited', verdict.reason);
  }

  /** A refused join code counts against the address (guessing); a valid one does not. */
  async function checkedCode<T>(request: FastifyRequest, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof HttpError && err.statusCode === 401) await joinLimits.failed(request.ip);
      throw err;
    }
  }

  /** What the join page shows before joining: the title and the pre-registered profiles still free to pick. */
  app.get('/api/workshops/:workshopId/join', async (request, reply) => {
    admitted(await joinLimits.request(request.ip), reply);
    const { workshopId } = parseOr400(Params, request.params);
    const { code } = parseOr400(z.object({ code: z.string().min(1).max(200) }), request.query);
    return checkedCode(request, () => workshops.joinInfo(workshopId, code));
  });

  app.post('/api/workshops/:workshopId/join', async (request, reply) => {
    admitted(await joinLimits.request(request.ip), reply);
    const { workshopId } = parseOr400(Params, request.params);
    const body = parseOr400(JoinSchema, request.body ?? {});
    // Without a join key, the address and the name (or picked profile) stand for the person.
    const identity = body.joinKey ? `key:${body.joinKey}` : `ip:${request.ip}\n${body.participantId ?? body.name ?? ''}`;
    const joined = await checkedCode(request, () =>
      workshops.join(workshopId, body.code, body, async (isNew) => admitted(await joinLimits.join(workshopId, identity, isNew), reply)),
    );
    return reply.code(201).send(joined);
  });

  app.get('/api/workshops/:workshopId', async (request, reply) => workshops.summary(await principalOf(request, reply)));

  app.get('/api/workshops/:workshopId/me/votes', async (request, reply) => workshops.voting.myVotes(await principalOf(request, reply)));

  app.put('/api/workshops/:workshopId/me/ranking', async (request, reply) => {
    const principal = await principalOf(request, reply);
    await workshops.setRanking(principal, parseOr400(RankingSchema, request.body).ranking);
    return reply.code(204).send();
  });

  app.put('/api/workshops/:workshopId/me/profile', async (request, reply) => {
    const principal = await principalOf(request, reply);
    await workshops.setProfile(principal, parseOr400(ProfileSchema, request.body));
    return reply.code(204).send();
  });

  const action = <S extends z.ZodType, R>(
    path: string,
    schema: S,
    run: (principal: Principal, body: z.output<S>) => Promise<R>,
    status = 200,
  ) =>
    app.post(`/api/workshops/:workshopId/${path}`, async (request, reply) => {
      const principal = await principalOf(request, reply);
      const body = parseOr400(schema, request.body ?? {});
      const result = await run(principal, body);
      return reply.code(status).send(result ?? { ok: true });
    });

  action('sessions', SessionInputSchema, (p, b) => workshops.addSession(p, b), 201);
  action('sessions/from-themes', ThemeSessionSchema, (p, b) => workshops.addThemeSession(p, b), 201);
  action('assign', AssignSchema, (p, b) => workshops.assign(p, b));
  action('move', MoveSchema, (p, b) => workshops.move(p, b));
  action('phase', PhaseSchema, (p, b) => workshops.facilitation.setPhase(p, b));
  action('timer', TimerSchema, (p, b) => workshops.facilitation.timer(p, b));
  action('lock', LockSchema, (p, b) => workshops.facilitation.setLock(p, b));
  action('allow-notes', AllowNotesSchema, (p, b) => workshops.facilitation.allowNotes(p, b));
  action('votes', VoteSchema, (p, b) => workshops.voting.vote(p, b));
  action('unvote', VoteSchema, (p, b) => workshops.voting.vote(p, b, true));
  action('reveal', BoardRefSchema, (p, b) => workshops.voting.reveal(p, b));
  action('reveal-drafts', BoardRefSchema, (p, b) => workshops.facilitation.revealDrafts(p, b));
  action('select', SelectSchema, (p, b) => workshops.voting.select(p, b));
  action('hints', HintsSchema, (p, b) => workshops.hints.reveal(p, b));
  action('hints/add', AddHintSchema, (p, b) => workshops.hints.add(p, b), 201);
  app.get('/api/workshops/:workshopId/hints', async (request, reply) => {
    const principal = await principalOf(request, reply);
    const { board } = parseOr400(BoardRefSchema, request.query);
    return workshops.hints.list(principal, board);
  });
  action('present', PresentSchema, (p, b) => workshops.facilitation.present(p, b));
  action('broadcast', BroadcastSchema, (p, b) => workshops.facilitation.broadcast(p, b.text));

  // ---- setting up and editing the day (facilitators) ----
  const SessionParams = Params.extend({ sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a session id') });
  const ParticipantParams = Params.extend({ participantId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a participant id') });

  /** The participant, observer and co-facilitator links, on any facilitator screen. */
  app.get('/api/workshops/:workshopId/links', async (request, reply) => {
    const principal = await principalOf(request, reply);
    const queryToken = (request.query as { token?: unknown } | undefined)?.token;
    const token = bearerToken(request.headers.authorization) ?? (typeof queryToken === 'string' ? queryToken : '');
    return workshops.links(principal, token);
  });
  app.patch('/api/workshops/:workshopId', async (request, reply) => {
    const principal = await principalOf(request, reply);
    return workshops.setup.details(principal, parseOr400(EditDetailsSchema, request.body ?? {}));
  });
  app.patch('/api/workshops/:workshopId/sessions/:sessionId', async (request, reply) => {
    const principal = await principalOf(request, reply);
    const { sessionId } = parseOr400(SessionParams, request.params);
    return workshops.setup.editSession(principal, sessionId, parseOr400(EditSessionSchema, request.body ?? {}));
  });
  app.delete('/api/workshops/:workshopId/sessions/:sessionId', async (request, reply) => {
    const principal = await principalOf(request, reply);
    const { sessionId } = parseOr400(SessionParams, request.params);
    await workshops.setup.deleteSession(principal, sessionId);
    return reply.code(204).send();
  });
  action('participants', AddParticipantsSchema, (p, b) => workshops.setup.addParticipants(p, b), 201);
  action('participants/import', ImportParticipantsSchema, (p, b) => workshops.setup.addParticipants(p, b), 201);
  app.patch('/api/workshops/:workshopId/participants/:participantId', async (request, reply) => {
    const principal = await principalOf(request, reply);
    const { participantId } = parseOr400(ParticipantParams, request.params);
    return workshops.setup.editParticipant(principal, participantId, parseOr400(EditParticipantSchema, request.body ?? {}));
  });
  app.delete('/api/workshops/:workshopId/participants/:participantId', async (request, reply) => {
    const principal = await principalOf(request, reply);
    const { participantId } = parseOr400(ParticipantParams, request.params);
    await workshops.setup.removeParticipant(principal, participantId);
    return reply.code(204).send();
  });

  // ---- matchmaking rounds ----
  app.put('/api/workshops/:workshopId/me/matchmaking', async (request, reply) => {
    const principal = await principalOf(request, reply);
    await workshops.matchmaking.setMyCard(principal, parseOr400(MyMatchmakingSchema, request.body));
    return reply.code(204).send();
  });
  action('matchmaking/requests', RequestSchema, (p, b) => workshops.matchmaking.request(p, b));
  action('matchmaking/requests/respond', RespondSchema, (p, b) => workshops.matchmaking.respond(p, b));
  app.get('/api/workshops/:workshopId/matchmaking/requests', async (request, reply) => workshops.matchmaking.myRequests(await principalOf(request, reply)));
  action('matchmaking/import-requests', ImportRequestsSchema, (p, b) => workshops.matchmaking.importRequests(p, b.csv));
  action('matchmaking/import', ImportWishesSchema, (p, b) => workshops.matchmaking.importWishes(p, b.csv));
  action('matchmaking/plan', PlanMatchmakingSchema, (p, b) => workshops.matchmaking.plan(p, b));
  action('matchmaking/start', StartRoundsSchema, (p, b) => workshops.matchmaking.start(p, b));
  action('matchmaking/away', AwaySchema, (p, b) => workshops.matchmaking.setAway(p, b));
  action('matchmaking/replan', ReplanSchema, (p, b) => workshops.matchmaking.replan(p, b));
  action('matchmaking/edit', EditPlanSchema, (p, b) => workshops.matchmaking.edit(p, b));
  action('matchmaking/cancel', z.object({}).strict(), async (p) => workshops.matchmaking.cancel(p));
  app.get('/api/workshops/:workshopId/matchmaking/progress', async (request, reply) => workshops.matchmaking.progress(await principalOf(request, reply)));
  app.get('/api/workshops/:workshopId/matchmaking/quality', async (request, reply) => workshops.matchmaking.quality(await principalOf(request, reply)));
  app.get('/api/workshops/:workshopId/matchmaking/next', async (request, reply) => workshops.matchmaking.next(await principalOf(request, reply)));
  const text = (type: string, make: (p: Principal, request: FastifyRequest) => Promise<string>) => async (request: FastifyRequest, reply: FastifyReply) => {
    const body = await make(await principalOf(request, reply), request);
    return reply.type(type).send(body);
  };
  // Calendar apps subscribe to a URL without headers: the personal token may come as ?token= (redacted from logs).
  app.get('/api/workshops/:workshopId/matchmaking/me.ics', text('text/calendar; charset=utf-8', (p) => workshops.matchmaking.calendar(p)));
  app.get('/api/workshops/:workshopId/matchmaking/agenda.md', text('text/markdown; charset=utf-8', (p, r) => {
    const { participant } = parseOr400(z.object({ participant: z.string().max(64).optional(), token: z.string().optional() }), r.query);
    return workshops.matchmaking.agenda(p, participant);
  }));
  app.get('/api/workshops/:workshopId/matchmaking/rounds/:slot.md', text('text/markdown; charset=utf-8', (p, r) => {
    const { slot } = parseOr400(z.object({ slot: z.coerce.number().int().min(0).max(200) }), r.params);
    return workshops.matchmaking.slotSheet(p, slot);
  }));
  app.get('/api/workshops/:workshopId/matchmaking/timetable.csv', text('text/csv; charset=utf-8; header=present', (p) => workshops.matchmaking.csv(p)));

  app.get('/api/workshops/:workshopId/export.:format', async (request, reply) => {
    const principal = await principalOf(request, reply);
    const { format } = parseOr400(z.object({ format: z.enum(['md', 'json']) }), request.params);
    const rendered = await workshopExport(workshops, principal.workshopId, format, principal.role === 'facilitator');
    return reply
      .header('content-type', rendered.contentType)
      .header('content-disposition', `attachment; filename="workshop-${principal.workshopId}.${format}"`)
      .send(rendered.body);
  });
}
