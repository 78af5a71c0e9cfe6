/**
 * The HTTP API as one table: every route's method, URL, who may call it, and the zod schemas of its
 * params, query, body and answers. The server registers each route from its entry (server/routes/*.ts,
 * validated and serialized through fastify-type-provider-zod), the OpenAPI document at /docs/openapi.json
 * is generated from the registered routes, and the browser's one API client (client/src/api.ts) takes its
 * request and answer types from the same entries. A route is added here first.
 */
import { z } from 'zod';
import { ACTION_PLAN_KINDS } from './action-plan-row.ts';
import * as req from './requests.ts';
import * as res from './responses.ts';
import { ROUTES, type Method, type RouteName } from './routes.ts';

/**
 * Who may call a route. 'workshop' is any personal workshop token (facilitator, participant, observer);
 * 'facilitator' and 'participant' name the role the route needs (the workshop service checks it).
 */
export const AUTH = ['none', 'create', 'join', 'board', 'workshop', 'facilitator', 'participant'] as const;
export type Auth = (typeof AUTH)[number];

export type Endpoint = {
  readonly method: Method;
  /** Fastify's form: `:name` parameters. */
  readonly url: string;
  readonly summary: string;
  readonly auth: Auth;
  readonly params?: z.ZodType;
  readonly querystring?: z.ZodType;
  readonly body?: z.ZodType;
  /** Answers by status; errors are always `ErrorSchema` and are added by `routeSchema`. */
  readonly response: { readonly [status: number]: z.ZodType };
  /** Downloads: the content types of the 200 answer (text, not JSON). */
  readonly produces?: readonly string[];
};

const endpoint = <const E extends Endpoint>(e: E): E => e;

const Slug = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, `not a ${what} id`);
const BoardParams = z.object({ boardId: Slug('board') });
const WorkshopParams = z.object({ workshopId: Slug('workshop') });
const SessionParams = WorkshopParams.extend({ sessionId: Slug('session') });
const ParticipantParams = WorkshopParams.extend({ participantId: Slug('participant') });
/** Links that open without headers (downloads, calendar subscriptions) carry the token as `?token=`. */
const TokenQuery = z.object({ token: z.string().optional() });

const ok = { 200: res.OkSchema } as const;

export const API = {
  // ---- boards ----
  templates: endpoint({ ...ROUTES.templates, summary: 'Board templates with descriptions and timings', auth: 'none', response: { 200: res.TemplatesSchema } }),
  time: endpoint({ ...ROUTES.time, summary: "The server's clock, for countdown offsets", auth: 'none', response: { 200: res.TimeSchema } }),
  createBoard: endpoint({
    ...ROUTES.createBoard,
    summary: 'Create a board; answers its edit and view tokens',
    auth: 'create',
    body: req.CreateBoardSchema,
    response: { 201: res.CreatedBoardSchema },
  }),
  board: endpoint({ ...ROUTES.board, summary: "A board's title, template and the token's role", auth: 'board', params: BoardParams, response: { 200: res.BoardInfoSchema } }),
  boardExport: endpoint({
    ...ROUTES.boardExport,
    summary: 'Results as md, csv (?template=) or json',
    auth: 'board',
    params: BoardParams.extend({ format: z.enum(['md', 'csv', 'json']) }),
    querystring: TokenQuery.extend({ template: z.enum(ACTION_PLAN_KINDS).optional() }),
    response: { 200: res.TextSchema },
    produces: ['text/markdown', 'text/csv', 'application/json'],
  }),

  // ---- creating and joining workshops ----
  createWorkshop: endpoint({
    ...ROUTES.createWorkshop,
    summary: 'Create a workshop; answers facilitator, join and observer tokens and links',
    auth: 'create',
    body: req.CreateWorkshopSchema,
    response: { 201: res.CreatedWorkshopSchema },
  }),
  createSample: endpoint({ ...ROUTES.createSample, summary: 'Create the sample training day', auth: 'create', response: { 201: res.CreatedWorkshopSchema } }),
  joinInfo: endpoint({
    ...ROUTES.joinInfo,
    summary: 'What the join page shows: the title and the pre-registered profiles still free to pick',
    auth: 'join',
    params: WorkshopParams,
    querystring: z.object({ code: z.string().min(1).max(200) }),
    response: { 200: res.JoinInfoSchema },
  }),
  join: endpoint({
    ...ROUTES.join,
    summary: 'Join with the participant link code; answers a personal token',
    auth: 'join',
    params: WorkshopParams,
    body: req.JoinSchema,
    response: { 201: res.JoinedSchema },
  }),

  // ---- what a workshop token sees ----
  workshop: endpoint({ ...ROUTES.workshop, summary: 'The workshop as the caller may see it', auth: 'workshop', params: WorkshopParams, response: { 200: res.WorkshopSummarySchema } }),
  myVotes: endpoint({ ...ROUTES.myVotes, summary: "The caller's votes and budget", auth: 'participant', params: WorkshopParams, response: { 200: res.MyVotesSchema } }),
  setRanking: endpoint({ ...ROUTES.setRanking, summary: 'Rank rooms for assignment by preference', auth: 'participant', params: WorkshopParams, body: req.RankingSchema, response: { 204: res.NoContentSchema } }),
  setProfile: endpoint({ ...ROUTES.setProfile, summary: 'Fill in the "get to know me" profile', auth: 'participant', params: WorkshopParams, body: req.ProfileSchema, response: { 204: res.NoContentSchema } }),
  links: endpoint({
    ...ROUTES.links,
    summary: 'The participant, observer and co-facilitator links to hand out',
    auth: 'facilitator',
    params: WorkshopParams,
    response: { 200: res.WorkshopLinksSchema },
  }),

  // ---- setting up and editing the day ----
  editDetails: endpoint({
    ...ROUTES.editDetails,
    summary: 'Change the title, date, agenda, dot budget or private ideation',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.EditDetailsSchema,
    response: { 200: res.DetailsSchema },
  }),
  addSession: endpoint({ ...ROUTES.addSession, summary: 'Add a breakout session with rooms', auth: 'facilitator', params: WorkshopParams, body: req.SessionInputSchema, response: { 201: res.SessionSummarySchema } }),
  addThemeSession: endpoint({
    ...ROUTES.addThemeSession,
    summary: 'Add a session with one room per frequent theme',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.ThemeSessionSchema,
    response: { 201: res.SessionSummarySchema },
  }),
  editSession: endpoint({
    ...ROUTES.editSession,
    summary: "Change a session's title and rooms (rename, challenges, add, remove empty rooms)",
    auth: 'facilitator',
    params: SessionParams,
    body: req.EditSessionSchema,
    response: { 200: z.union([res.SessionSummarySchema, res.OkSchema]) },
  }),
  deleteSession: endpoint({ ...ROUTES.deleteSession, summary: 'Remove a session whose boards hold no notes', auth: 'facilitator', params: SessionParams, response: { 204: res.NoContentSchema } }),
  addParticipants: endpoint({
    ...ROUTES.addParticipants,
    summary: 'Add pre-registered participants',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.AddParticipantsSchema,
    response: { 201: res.ParticipantsAddedSchema },
  }),
  importParticipants: endpoint({
    ...ROUTES.importParticipants,
    summary: 'Add pre-registered participants from CSV (name, cluster, country); every bad row named',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.ImportParticipantsSchema,
    response: { 201: res.ParticipantsAddedSchema },
  }),
  editParticipant: endpoint({
    ...ROUTES.editParticipant,
    summary: "Correct a participant's name, cluster or country",
    auth: 'facilitator',
    params: ParticipantParams,
    body: req.EditParticipantSchema,
    response: { 200: res.ParticipantSchema },
  }),
  removeParticipant: endpoint({
    ...ROUTES.removeParticipant,
    summary: 'Remove a pre-registered participant nobody claimed',
    auth: 'facilitator',
    params: ParticipantParams,
    response: { 204: res.NoContentSchema },
  }),

  // ---- running the day ----
  assign: endpoint({ ...ROUTES.assign, summary: "Assign participants to a session's rooms", auth: 'facilitator', params: WorkshopParams, body: req.AssignSchema, response: { 200: res.AssignedRoomsSchema } }),
  move: endpoint({ ...ROUTES.move, summary: 'Move one participant to another room', auth: 'facilitator', params: WorkshopParams, body: req.MoveSchema, response: ok }),
  phase: endpoint({ ...ROUTES.phase, summary: 'Set the phase of a board or of the whole workshop', auth: 'facilitator', params: WorkshopParams, body: req.PhaseSchema, response: { 200: res.PhaseSetSchema } }),
  timer: endpoint({ ...ROUTES.timer, summary: 'Start, pause, resume, extend or clear a timer', auth: 'facilitator', params: WorkshopParams, body: req.TimerSchema, response: { 200: res.TimerSetSchema } }),
  lock: endpoint({ ...ROUTES.lock, summary: 'Lock or unlock a board', auth: 'facilitator', params: WorkshopParams, body: req.LockSchema, response: ok }),
  allowNotes: endpoint({
    ...ROUTES.allowNotes,
    summary: 'Allow new notes outside the ideation phase, per board',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.AllowNotesSchema,
    response: ok,
  }),
  vote: endpoint({ ...ROUTES.vote, summary: 'Place a dot (voting phase, within budget)', auth: 'participant', params: WorkshopParams, body: req.VoteSchema, response: { 200: res.MyVotesSchema } }),
  unvote: endpoint({ ...ROUTES.unvote, summary: 'Take a dot back', auth: 'participant', params: WorkshopParams, body: req.VoteSchema, response: { 200: res.MyVotesSchema } }),
  reveal: endpoint({ ...ROUTES.reveal, summary: "Reveal a board's votes to everybody", auth: 'facilitator', params: WorkshopParams, body: req.BoardRefSchema, response: { 200: res.RevealedSchema } }),
  revealDrafts: endpoint({
    ...ROUTES.revealDrafts,
    summary: "Move a room's private drafts onto its board",
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.BoardRefSchema,
    response: { 200: res.DraftsRevealedSchema },
  }),
  select: endpoint({
    ...ROUTES.select,
    summary: 'Confirm the winning idea of a challenge (default: most voted)',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.SelectSchema,
    response: { 200: res.SelectedSchema },
  }),
  revealHints: endpoint({
    ...ROUTES.revealHints,
    summary: 'Scavenger hunt: how many hints participants see (reveal the next one)',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.HintsSchema,
    response: { 200: res.HintsRevealedSchema },
  }),
  addHint: endpoint({
    ...ROUTES.addHint,
    summary: 'Scavenger hunt: a new hint, kept on the server until revealed',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.AddHintSchema,
    response: { 201: res.HintAddedSchema },
  }),
  hiddenHints: endpoint({
    ...ROUTES.hiddenHints,
    summary: 'Scavenger hunt: the hidden hints of a board (`?board=`)',
    auth: 'facilitator',
    params: WorkshopParams,
    querystring: req.BoardRefSchema,
    response: { 200: res.HiddenHintsSchema },
  }),
  present: endpoint({
    ...ROUTES.present,
    summary: 'Present a board in the plenary, call back, or send to rooms',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.PresentSchema,
    response: ok,
  }),
  broadcast: endpoint({ ...ROUTES.broadcast, summary: 'Send a message to every room', auth: 'facilitator', params: WorkshopParams, body: req.BroadcastSchema, response: { 200: res.BroadcastSentSchema } }),
  workshopExport: endpoint({
    ...ROUTES.workshopExport,
    summary: "Every room's results, md or json",
    auth: 'workshop',
    params: WorkshopParams.extend({ format: z.enum(['md', 'json']) }),
    querystring: TokenQuery,
    response: { 200: res.TextSchema },
    produces: ['text/markdown', 'application/json'],
  }),

  // ---- matchmaking rounds ----
  setMyMatchmaking: endpoint({
    ...ROUTES.setMyMatchmaking,
    summary: "The caller's matchmaking card and wishes",
    auth: 'participant',
    params: WorkshopParams,
    body: req.MyMatchmakingSchema,
    response: { 204: res.NoContentSchema },
  }),
  requestMeeting: endpoint({
    ...ROUTES.requestMeeting,
    summary: 'Event mode: ask someone for a meeting',
    auth: 'participant',
    params: WorkshopParams,
    body: req.RequestSchema,
    response: { 200: res.MyRequestsSchema },
  }),
  respondMeeting: endpoint({
    ...ROUTES.respondMeeting,
    summary: 'Event mode: accept or decline a request',
    auth: 'participant',
    params: WorkshopParams,
    body: req.RespondSchema,
    response: { 200: res.MyRequestsSchema },
  }),
  myRequests: endpoint({
    ...ROUTES.myRequests,
    summary: "The caller's sent and received requests",
    auth: 'participant',
    params: WorkshopParams,
    response: { 200: res.MyRequestsSchema },
  }),
  importRequests: endpoint({
    ...ROUTES.importRequests,
    summary: 'Event mode: requests from CSV, all rows or none',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.ImportRequestsSchema,
    response: { 200: res.ImportedRequestsSchema },
  }),
  importWishes: endpoint({
    ...ROUTES.importWishes,
    summary: 'Wishes for everybody from CSV (from,to,level|rank), all rows or none',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.ImportWishesSchema,
    response: { 200: res.ImportedWishesSchema },
  }),
  plan: endpoint({
    ...ROUTES.plan,
    summary: 'Plan the rounds; answers the quality report',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.PlanMatchmakingSchema,
    response: { 200: res.PlannedSchema },
  }),
  startRounds: endpoint({
    ...ROUTES.startRounds,
    summary: 'Start the rounds now (or at a time): every round shifts, screens move on together',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.StartRoundsSchema,
    response: { 200: res.StartedSchema },
  }),
  away: endpoint({
    ...ROUTES.away,
    summary: 'Someone leaves (or returns) from a round on',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.AwaySchema,
    response: ok,
  }),
  replan: endpoint({
    ...ROUTES.replan,
    summary: 'Re-plan later rounds; past ones stay; answers what moved',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.ReplanSchema,
    response: { 200: res.PlannedSchema },
  }),
  editPlan: endpoint({
    ...ROUTES.editPlan,
    summary: 'Lock, unlock, swap two meetings, or undo',
    auth: 'facilitator',
    params: WorkshopParams,
    body: req.EditPlanSchema,
    response: { 200: res.PlanEditedSchema },
  }),
  cancelPlan: endpoint({
    ...ROUTES.cancelPlan,
    summary: 'Stop the plan being computed; the timetable from before stays',
    auth: 'facilitator',
    params: WorkshopParams,
    body: z.strictObject({}),
    response: { 200: res.CancelledSchema },
  }),
  planProgress: endpoint({
    ...ROUTES.planProgress,
    summary: 'Whether a plan is being computed, its phase, current round and fraction done',
    auth: 'facilitator',
    params: WorkshopParams,
    response: { 200: res.ProgressSchema },
  }),
  planQuality: endpoint({ ...ROUTES.planQuality, summary: 'Quality report of the current plan', auth: 'facilitator', params: WorkshopParams, response: { 200: res.QualitySchema } }),
  nextMeeting: endpoint({ ...ROUTES.nextMeeting, summary: "The caller's running or next meeting", auth: 'participant', params: WorkshopParams, response: { 200: res.NextMeetingSchema } }),
  calendar: endpoint({
    ...ROUTES.calendar,
    summary: "The caller's iCalendar feed (stable UIDs; ?token= for subscriptions)",
    auth: 'participant',
    params: WorkshopParams,
    querystring: TokenQuery,
    response: { 200: res.TextSchema },
    produces: ['text/calendar'],
  }),
  agenda: endpoint({
    ...ROUTES.agenda,
    summary: 'A printable agenda (?participant= for the facilitator)',
    auth: 'workshop',
    params: WorkshopParams,
    querystring: TokenQuery.extend({ participant: z.string().max(64).optional() }),
    response: { 200: res.TextSchema },
    produces: ['text/markdown'],
  }),
  roundSheet: endpoint({
    ...ROUTES.roundSheet,
    summary: 'Per-round sheet in table order',
    auth: 'facilitator',
    params: WorkshopParams.extend({ slot: z.coerce.number().int().min(0).max(200) }),
    querystring: TokenQuery,
    response: { 200: res.TextSchema },
    produces: ['text/markdown'],
  }),
  timetable: endpoint({
    ...ROUTES.timetable,
    summary: 'The whole timetable as CSV',
    auth: 'facilitator',
    params: WorkshopParams,
    querystring: TokenQuery,
    response: { 200: res.TextSchema },
    produces: ['text/csv'],
  }),
} as const satisfies Record<RouteName, Endpoint>;

export type Api = typeof API;
export type EndpointName = keyof Api;

type Part<E, K extends 'params' | 'querystring' | 'body'> = E extends { readonly [P in K]: infer S extends z.ZodType } ? z.input<S> : undefined;
/** What a caller sends: the schemas' input types (defaults may be left out). */
export type ParamsOf<E extends Endpoint> = Part<E, 'params'>;
export type QueryOf<E extends Endpoint> = Part<E, 'querystring'>;
export type BodyOf<E extends Endpoint> = Part<E, 'body'>;
/** What a caller gets back on success (2xx): the schema's output type. */
export type ResultOf<E extends Endpoint> = {
  [S in keyof E['response']]: S extends 200 | 201 | 204 ? (E['response'][S] extends z.ZodType ? z.output<E['response'][S]> : never) : never;
}[keyof E['response']];
