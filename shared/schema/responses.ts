/**
 * What the HTTP routes answer. The server serializes every JSON answer through these schemas (keys not
 * listed here are dropped, so a new field is added here first), the OpenAPI document describes them, and
 * the client's `api.ts` takes its answer types from them. Parts that other modules own and describe in
 * TypeScript only (the matchmaking quality report, its slots) are open objects here.
 */
import { z } from 'zod';
import { PHASES } from './control.ts';
import { AgendaBlockSchema } from './workshop.ts';
import { TimingSchema } from './template.ts';

/** An object whose fields are described elsewhere (its module's TypeScript types): passed through whole. */
const Described = (where: string) => z.looseObject({}).describe(`an object, described in ${where}`) as unknown as z.ZodType<object, object>;

export const ErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  /** The request field at fault (a 400's first failing field, a join's participantId, ...). */
  field: z.string().optional(),
});
export type ApiErrorBody = z.output<typeof ErrorSchema>;

export const OkSchema = z.object({ ok: z.literal(true) });
export const NoContentSchema = z.null().describe('no content');

// ---- boards ----

export const CreatedBoardSchema = z.object({ boardId: z.string(), editToken: z.string(), viewToken: z.string() });
export type CreatedBoard = z.output<typeof CreatedBoardSchema>;

export const BoardInfoSchema = z.object({
  boardId: z.string(),
  title: z.string(),
  template: z.string().nullable(),
  createdAt: z.number(),
  role: z.enum(['edit', 'view']),
  /** Set when the board is a workshop room and the token a workshop token. */
  workshopId: z.string().optional(),
  workshopTitle: z.string().optional(),
  /** The breakout room this board belongs to (null when the board is in no room). */
  room: z.object({ id: z.string(), name: z.string(), session: z.string(), sessionTitle: z.string() }).nullable().optional(),
  participantId: z.string().nullable().optional(),
  people: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});
export type BoardInfo = z.output<typeof BoardInfoSchema>;

export const TemplateSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  timings: z.array(TimingSchema),
  /** How many challenges the template lays out, when it takes any. */
  challenges: z.object({ min: z.number(), max: z.number() }).nullable(),
});
export type TemplateSummary = z.output<typeof TemplateSummarySchema>;
export const TemplatesSchema = z.object({ templates: z.array(TemplateSummarySchema) });

export const TimeSchema = z.object({ now: z.number() });

// ---- workshops ----

export const WorkshopLinksSchema = z.object({ participant: z.string(), observer: z.string(), coFacilitator: z.string() });
export type WorkshopLinks = z.output<typeof WorkshopLinksSchema>;

export const CreatedWorkshopSchema = z.object({
  workshopId: z.string(),
  facilitatorToken: z.string(),
  joinToken: z.string(),
  observerToken: z.string(),
  coFacilitatorToken: z.string(),
  links: WorkshopLinksSchema.extend({ facilitator: z.string() }),
});
export type CreatedWorkshop = z.output<typeof CreatedWorkshopSchema>;

const PersonSchema = z.object({ id: z.string(), name: z.string(), cluster: z.string(), country: z.string() });

export const JoinInfoSchema = z.object({ title: z.string(), date: z.string().nullable(), profiles: z.array(PersonSchema) });
export type JoinInfo = z.output<typeof JoinInfoSchema>;

export const JoinedSchema = z.object({ participantId: z.string(), name: z.string(), token: z.string() });

export const RoomSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  boardId: z.string(),
  challenges: z.array(z.string()),
  participantIds: z.array(z.string()),
  /** The room's board template when the session's is not meant (null: the session's). */
  template: z.string().nullable().optional(),
});
export const SessionSummarySchema = z.object({ id: z.string(), title: z.string(), template: z.string(), rooms: z.array(RoomSummarySchema) });

export const WorkshopSummarySchema = z.object({
  workshopId: z.string(),
  title: z.string(),
  date: z.string().nullable(),
  agenda: z.array(AgendaBlockSchema),
  role: z.enum(['facilitator', 'participant', 'observer', 'join']),
  me: z.object({ id: z.string(), name: z.string() }).nullable(),
  myRooms: z.array(z.object({ session: z.string(), room: z.string(), boardId: z.string() })),
  controlDoc: z.string(),
  draftDoc: z.string().nullable(),
  voteBudget: z.number(),
  privateIdeation: z.boolean(),
  sessions: z.array(SessionSummarySchema),
  /** `preRegistered` and `claimed` for the facilitator only. */
  participants: z.array(PersonSchema.extend({ preRegistered: z.boolean().optional(), claimed: z.boolean().optional() })),
});
export type WorkshopSummary = z.output<typeof WorkshopSummarySchema>;

export const MyVotesSchema = z.object({
  budget: z.number(),
  votes: z.array(z.object({ board: z.string(), note: z.string(), challenge: z.string(), at: z.number() })),
  /** Dots used per challenge. */
  used: z.record(z.string(), z.number()),
});
export type MyVotes = z.output<typeof MyVotesSchema>;

export const AssignedRoomsSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    session: z.string(),
    sessionTitle: z.string(),
    boardId: z.string(),
    challenges: z.array(z.string()),
    participantIds: z.array(z.string()),
  }),
);
export const PhaseSetSchema = z.object({ board: z.string().nullable(), phase: z.enum(PHASES) });
export const TimerSetSchema = z.object({
  id: z.string(),
  serverNow: z.number(),
  cleared: z.boolean().optional(),
  endsAt: z.number().nullable().optional(),
  remainingMs: z.number().nullable().optional(),
  board: z.string().nullable().optional(),
  label: z.string().optional(),
});
export const BroadcastSentSchema = z.object({ id: z.string(), text: z.string(), at: z.number() });
export const RevealedSchema = z.object({ board: z.string(), votes: z.number() });
export const DraftsRevealedSchema = z.object({ board: z.string(), moved: z.number() });
export const SelectedSchema = z.object({ board: z.string(), challenge: z.string(), note: z.string() });
export const HintsRevealedSchema = z.object({ board: z.string(), revealed: z.number(), total: z.number() });
export const HintAddedSchema = z.object({ board: z.string(), id: z.string(), total: z.number() });
export const HiddenHintsSchema = z.object({ board: z.string(), hidden: z.array(z.object({ id: z.string(), text: z.string() })) });

export const DetailsSchema = z.object({
  title: z.string(),
  date: z.string().nullable(),
  agenda: z.array(AgendaBlockSchema),
  voteBudget: z.number(),
  privateIdeation: z.boolean(),
});
export const ParticipantsAddedSchema = z.object({ added: z.array(PersonSchema) });
export const ParticipantSchema = PersonSchema;

// ---- matchmaking ----

const MeetingRequestSchema = z.object({ from: z.string(), to: z.string(), status: z.enum(['pending', 'accepted', 'declined']), must: z.boolean() });
export const MyRequestsSchema = z.object({ sent: z.array(MeetingRequestSchema), received: z.array(MeetingRequestSchema) });
export const ImportedRequestsSchema = z.object({ requests: z.number() });
export const ImportedWishesSchema = z.object({ wishes: z.number() });
export const QualitySchema = z.object({
  rounds: z.number(),
  meetings: z.number(),
  byes: z.number(),
  notes: z.array(z.string()).readonly(),
  quality: Described('shared/matchmaking (QualityReport)'),
});
export const PlannedSchema = QualitySchema.extend({ changes: z.array(z.string()) });
export const StartedSchema = z.object({ slots: z.array(Described('shared/matchmaking/model.ts (Slot)')).readonly() });
export const PlanEditedSchema = z.object({ changes: z.array(z.string()) });
export const CancelledSchema = z.object({ cancelled: z.boolean() });
export const ProgressSchema = z.object({
  running: z.boolean(),
  kind: z.enum(['plan', 'replan']).optional(),
  elapsedMs: z.number().optional(),
  progress: z
    .object({ phase: z.enum(['slots', 'improving']), slot: z.number().nullable(), slots: z.number(), fraction: z.number() })
    .nullable()
    .optional(),
});
export type PlanProgressView = z.output<typeof ProgressSchema>;
export const NextMeetingSchema = z.object({ next: Described('shared/matchmaking/agenda.ts (NextUp)').nullable() });

/** Downloads (Markdown, CSV, iCalendar, the JSON export) are sent as text in their own content type. */
export const TextSchema = z.string();
