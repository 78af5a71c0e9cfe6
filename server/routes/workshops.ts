/** The workshop API: creating and joining, facilitation, votes, exports. Bodies are zod-validated. */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { API, type Endpoint } from '../../shared/schema/api.ts';
import { CreateWorkshopSchema, type CreateWorkshopInput } from '../../shared/schema/requests.ts';
import type { Principal } from '../auth/principal.ts';
import { sameSecret } from '../auth/tokens.ts';
import { HttpError, bearerToken } from '../http-errors.ts';
import type { JoinLimits, JoinVerdict } from '../join-limits.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { workshopExport } from '../workshops/export.ts';
import type { WorkshopService } from '../workshops/service.ts';
import { linksFor } from '../workshops/links.ts';
import { sampleTrainingDay } from '../../boards/sample-training-day.ts';
import { route, typed } from './typed.ts';

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

export async function workshopRoutes(app: FastifyInstance, options: WorkshopRoutesOptions): Promise<void> {
  const { workshops, createToken, joinLimits, authLimiter, limitCreation } = options;
  const api = typed(app);

  function limited(limiter: RateLimiter, request: FastifyRequest, reply: FastifyReply): void {
    if (!limiter.hit(request.ip)) {
      reply.header('retry-after', String(limiter.retryAfter(request.ip)));
      throw new HttpError(429, 'rate_limited', 'too many attempts; wait a little');
    }
  }

  /** The caller's token: a bearer token, or `?token=` on links opened without headers (redacted from logs). */
  function tokenOf(request: FastifyRequest): string | undefined {
    const queryToken = (request.query as { token?: unknown } | undefined)?.token;
    return bearerToken(request.headers.authorization) ?? (typeof queryToken === 'string' ? queryToken : undefined);
  }

  const principals = new WeakMap<FastifyRequest, Principal>();

  /**
   * Runs before the request is validated (an unknown caller learns nothing about the body it should send):
   * 401 without a valid token, 403 for another workshop's token or a join code.
   */
  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { workshopId } = request.params as { workshopId?: string };
    const principal = await workshops.authenticate(tokenOf(request));
    if (!principal) {
      limited(authLimiter, request, reply);
      throw new HttpError(401, 'unauthorized', 'a valid workshop token is needed as a bearer token');
    }
    if (principal.workshopId !== workshopId) throw new HttpError(403, 'forbidden', 'this token belongs to another workshop');
    if (principal.role === 'join') throw new HttpError(403, 'forbidden', 'a join code only joins; use your personal token');
    principals.set(request, principal);
  }
  const caller = (request: FastifyRequest): Principal => principals.get(request)!;
  /** A route of the table for a personal workshop token. */
  const withCaller = <E extends Endpoint>(e: E) => ({ ...route(e), preValidation: authenticate });
  const created = <T>(reply: FastifyReply, value: T) => reply.code(201).send(value);
  /** Routes that answer 204 once their work is done. */
  const noContent = async (reply: FastifyReply, work: Promise<unknown>) => {
    await work;
    return reply.code(204).send();
  };
  const ok = { ok: true } as const;

  api.route({ ...route(API.time), handler: async () => ({ now: Date.now() }) });

  function checkCreateToken(request: FastifyRequest): void {
    if (createToken === undefined) return;
    const given = bearerToken(request.headers.authorization);
    if (!given || !sameSecret(given, createToken)) throw new HttpError(401, 'unauthorized', 'creating workshops needs the create token');
  }

  async function createdWorkshop(reply: FastifyReply, input: CreateWorkshopInput) {
    const tokens = await workshops.create(input);
    const base = `/w/${tokens.workshopId}`;
    return created(reply, { ...tokens, links: { facilitator: `${base}#token=${tokens.facilitatorToken}`, ...linksFor(tokens.workshopId, tokens) } });
  }

  api.route({
    ...route(API.createWorkshop),
    onRequest: [limitCreation, async (request) => checkCreateToken(request)],
    handler: async (request, reply) => createdWorkshop(reply, request.body),
  });
  /** One click to a whole sample training day (boards/sample-training-day.ts), to try the product alone. */
  api.route({
    ...route(API.createSample),
    onRequest: [limitCreation, async (request) => checkCreateToken(request)],
    handler: async (_request, reply) => createdWorkshop(reply, sampleWorkshopInput()),
  });

  function admitted(verdict: JoinVerdict, reply: FastifyReply): void {
    if (verdict.ok) return;
    reply.header('retry-after', String(verdict.retryAfter));
    throw new HttpError(429, 'rate_limited', verdict.reason);
  }
  /** Joins are limited per address before anything else is looked at. */
  const joinAdmission = async (request: FastifyRequest, reply: FastifyReply) => admitted(await joinLimits.request(request.ip), reply);

  /** A refused join code counts against the address (guessing); a valid one does not. */
  async function checkedCode<T>(request: FastifyRequest, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof HttpError && err.statusCode === 401) await joinLimits.failed(request.ip);
      throw err;
    }
  }

  api.route({
    ...route(API.joinInfo),
    onRequest: joinAdmission,
    handler: async (request) => checkedCode(request, () => workshops.joinInfo(request.params.workshopId, request.query.code)),
  });
  api.route({
    ...route(API.join),
    onRequest: joinAdmission,
    handler: async (request, reply) => {
      const { workshopId } = request.params;
      const body = request.body;
      // Without a join key, the address and the name (or picked profile) stand for the person.
      const identity = body.joinKey ? `key:${body.joinKey}` : `ip:${request.ip}\n${body.participantId ?? body.name ?? ''}`;
      const joined = await checkedCode(request, () =>
        workshops.join(workshopId, body.code, body, async (isNew) => admitted(await joinLimits.join(workshopId, identity, isNew), reply)),
      );
      return created(reply, joined);
    },
  });

  api.route({ ...withCaller(API.workshop), handler: async (request) => workshops.summary(caller(request)) });
  api.route({ ...withCaller(API.myVotes), handler: async (request) => workshops.voting.myVotes(caller(request)) });
  api.route({
    ...withCaller(API.setRanking),
    handler: async (request, reply) => noContent(reply, workshops.setRanking(caller(request), request.body.ranking)),
  });
  api.route({
    ...withCaller(API.setProfile),
    handler: async (request, reply) => noContent(reply, workshops.setProfile(caller(request), request.body)),
  });

  // ---- running the day (facilitators; votes by participants) ----
  api.route({ ...withCaller(API.assign), handler: async (request) => workshops.assign(caller(request), request.body) });
  api.route({ ...withCaller(API.move), handler: async (request) => workshops.move(caller(request), request.body).then(() => ok) });
  api.route({ ...withCaller(API.phase), handler: async (request) => workshops.facilitation.setPhase(caller(request), request.body) });
  api.route({ ...withCaller(API.timer), handler: async (request) => workshops.facilitation.timer(caller(request), request.body) });
  api.route({ ...withCaller(API.lock), handler: async (request) => workshops.facilitation.setLock(caller(request), request.body).then(() => ok) });
  api.route({ ...withCaller(API.allowNotes), handler: async (request) => workshops.facilitation.allowNotes(caller(request), request.body).then(() => ok) });
  api.route({ ...withCaller(API.vote), handler: async (request) => workshops.voting.vote(caller(request), request.body) });
  api.route({ ...withCaller(API.unvote), handler: async (request) => workshops.voting.vote(caller(request), request.body, true) });
  api.route({ ...withCaller(API.reveal), handler: async (request) => workshops.voting.reveal(caller(request), request.body) });
  api.route({ ...withCaller(API.revealDrafts), handler: async (request) => workshops.facilitation.revealDrafts(caller(request), request.body) });
  api.route({ ...withCaller(API.select), handler: async (request) => workshops.voting.select(caller(request), request.body) });
  api.route({ ...withCaller(API.revealHints), handler: async (request) => workshops.hints.reveal(caller(request), request.body) });
  api.route({ ...withCaller(API.addHint), handler: async (request, reply) => created(reply, await workshops.hints.add(caller(request), request.body)) });
  api.route({ ...withCaller(API.hiddenHints), handler: async (request) => workshops.hints.list(caller(request), request.query.board) });
  api.route({ ...withCaller(API.present), handler: async (request) => workshops.facilitation.present(caller(request), request.body).then(() => ok) });
  api.route({ ...withCaller(API.broadcast), handler: async (request) => workshops.facilitation.broadcast(caller(request), request.body.text) });

  // ---- setting up and editing the day (facilitators) ----
  /** The participant, observer and co-facilitator links, on any facilitator screen. */
  api.route({ ...withCaller(API.links), handler: async (request) => workshops.links(caller(request), tokenOf(request) ?? '') });
  api.route({ ...withCaller(API.editDetails), handler: async (request) => workshops.setup.details(caller(request), request.body) });
  api.route({ ...withCaller(API.addSession), handler: async (request, reply) => created(reply, await workshops.addSession(caller(request), request.body)) });
  api.route({ ...withCaller(API.addThemeSession), handler: async (request, reply) => created(reply, await workshops.addThemeSession(caller(request), request.body)) });
  api.route({
    ...withCaller(API.editSession),
    handler: async (request) => (await workshops.setup.editSession(caller(request), request.params.sessionId, request.body)) ?? ok,
  });
  api.route({
    ...withCaller(API.deleteSession),
    handler: async (request, reply) => noContent(reply, workshops.setup.deleteSession(caller(request), request.params.sessionId)),
  });
  api.route({ ...withCaller(API.addParticipants), handler: async (request, reply) => created(reply, await workshops.setup.addParticipants(caller(request), request.body)) });
  api.route({ ...withCaller(API.importParticipants), handler: async (request, reply) => created(reply, await workshops.setup.addParticipants(caller(request), request.body)) });
  api.route({
    ...withCaller(API.editParticipant),
    handler: async (request) => workshops.setup.editParticipant(caller(request), request.params.participantId, request.body),
  });
  api.route({
    ...withCaller(API.removeParticipant),
    handler: async (request, reply) => noContent(reply, workshops.setup.removeParticipant(caller(request), request.params.participantId)),
  });

  // ---- matchmaking rounds ----
  const mm = workshops.matchmaking;
  api.route({ ...withCaller(API.setMyMatchmaking), handler: async (request, reply) => noContent(reply, mm.setMyCard(caller(request), request.body)) });
  api.route({ ...withCaller(API.requestMeeting), handler: async (request) => mm.request(caller(request), request.body) });
  api.route({ ...withCaller(API.respondMeeting), handler: async (request) => mm.respond(caller(request), request.body) });
  api.route({ ...withCaller(API.myRequests), handler: async (request) => mm.myRequests(caller(request)) });
  api.route({ ...withCaller(API.importRequests), handler: async (request) => mm.importRequests(caller(request), request.body.csv) });
  api.route({ ...withCaller(API.importWishes), handler: async (request) => mm.importWishes(caller(request), request.body.csv) });
  api.route({ ...withCaller(API.plan), handler: async (request) => mm.plan(caller(request), request.body) });
  api.route({ ...withCaller(API.startRounds), handler: async (request) => mm.start(caller(request), request.body) });
  api.route({ ...withCaller(API.away), handler: async (request) => mm.setAway(caller(request), request.body).then(() => ok) });
  api.route({ ...withCaller(API.replan), handler: async (request) => mm.replan(caller(request), request.body) });
  api.route({ ...withCaller(API.editPlan), handler: async (request) => mm.edit(caller(request), request.body) });
  api.route({ ...withCaller(API.cancelPlan), handler: async (request) => mm.cancel(caller(request)) });
  api.route({ ...withCaller(API.planProgress), handler: async (request) => mm.progress(caller(request)) });
  api.route({ ...withCaller(API.planQuality), handler: async (request) => mm.quality(caller(request)) });
  api.route({ ...withCaller(API.nextMeeting), handler: async (request) => mm.next(caller(request)) });
  // Calendar apps subscribe to a URL without headers: the personal token may come as ?token= (redacted from logs).
  const text = (reply: FastifyReply, type: string, body: string) => reply.type(type).send(body);
  api.route({ ...withCaller(API.calendar), handler: async (request, reply) => text(reply, 'text/calendar; charset=utf-8', await mm.calendar(caller(request))) });
  api.route({
    ...withCaller(API.agenda),
    handler: async (request, reply) => text(reply, 'text/markdown; charset=utf-8', await mm.agenda(caller(request), request.query.participant)),
  });
  api.route({
    ...withCaller(API.roundSheet),
    handler: async (request, reply) => text(reply, 'text/markdown; charset=utf-8', await mm.slotSheet(caller(request), request.params.slot)),
  });
  api.route({ ...withCaller(API.timetable), handler: async (request, reply) => text(reply, 'text/csv; charset=utf-8; header=present', await mm.csv(caller(request))) });

  api.route({
    ...withCaller(API.workshopExport),
    handler: async (request, reply) => {
      const principal = caller(request);
      const { format } = request.params;
      const rendered = await workshopExport(workshops, principal.workshopId, format, principal.role === 'facilitator');
      return reply
        .header('content-type', rendered.contentType)
        .header('content-disposition', `attachment; filename="workshop-${principal.workshopId}.${format}"`)
        .send(rendered.body);
    },
  });
}
