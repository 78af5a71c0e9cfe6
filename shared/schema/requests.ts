/** Request bodies of the HTTP routes (shared/schema/api.ts lists which route takes which): the routes answer 400 naming the field. */
import { z } from 'zod';
import { PHASES } from './control.ts';
import { NOTE_TEXT_MAX } from './note.ts';
import { AgendaBlockSchema } from './workshop.ts';
import { ParticipantProfileSchema } from './profile.ts';

const Name = z.string().trim().min(1).max(120);
const IdRef = z.string().min(1).max(64);

export const RoomInputSchema = z.strictObject({
  name: Name,
  challenges: z.array(z.string().trim().min(1).max(300)).max(40).default([]),
  /** This room's board template, when it differs from the session's. */
  template: z.string().min(1).max(64).optional(),
});

export const SessionInputSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  template: z.string().min(1).max(64),
  rooms: z.array(RoomInputSchema).min(1).max(50),
});
export type SessionInput = z.output<typeof SessionInputSchema>;

export const CreateWorkshopSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd').nullable().default(null),
  agenda: z.array(AgendaBlockSchema).max(100).default([]),
  voteBudget: z.number().int().min(1).max(20).default(3),
  privateIdeation: z.boolean().default(false),
  /** Pre-registered participants; each joiner may claim one instead of typing a name. */
  participants: z
    .array(
      z.strictObject({
        name: Name,
        cluster: z.string().max(200).default(''),
        country: z.string().max(100).default(''),
        profile: ParticipantProfileSchema.omit({ id: true, v: true }).optional(),
      }),
    )
    .max(500)
    .default([]),
  sessions: z.array(SessionInputSchema).max(20).default([]),
});
export type CreateWorkshopInput = z.output<typeof CreateWorkshopSchema>;

export const JoinSchema = z.strictObject({
  code: z.string().min(1).max(200),
  /** Made up once by the joining browser: retrying with it gives the same participant again. */
  joinKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'expected 16-64 letters, digits, _ or -').optional(),
  name: Name.optional(),
  participantId: IdRef.optional(),
  cluster: z.string().max(200).optional(),
  country: z.string().max(100).optional(),
});

/** Rooms named after the most frequent themes of the participants (from the facilitator's grouping of their challenges). */
export const ThemeSessionSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  template: z.string().min(1).max(64),
  rooms: z.number().int().min(1).max(50),
  themes: z.array(z.strictObject({ participant: IdRef, themes: z.array(z.string().trim().min(1).max(300)).max(10) })).min(1).max(2000),
});

export const AssignSchema = z.strictObject({
  session: IdRef,
  mode: z.enum(['even', 'preference']).default('even'),
  participants: z.array(IdRef).max(2000).optional(),
});

export const RankingSchema = z.strictObject({ ranking: z.array(IdRef).max(50) });
export const MoveSchema = z.strictObject({ participant: IdRef, room: IdRef });

export const PhaseSchema = z.strictObject({
  board: IdRef.nullable().default(null),
  /** A phase, or 'next' to skip ahead in the five-stage flow. */
  phase: z.enum([...PHASES, 'next']),
  /** Start the phase's suggested timer from the template's timings. */
  timer: z.boolean().default(false),
});

export const TimerSchema = z.strictObject({
  board: IdRef.nullable().default(null),
  action: z.enum(['start', 'pause', 'resume', 'extend', 'clear']),
  durationMs: z.number().int().min(1000).max(24 * 3600_000).optional(),
  byMs: z.number().int().min(-3600_000).max(3600_000).optional(),
  label: z.string().max(200).optional(),
});

export const LockSchema = z.strictObject({ board: IdRef, locked: z.boolean() });
export const AllowNotesSchema = z.strictObject({ board: IdRef, allowed: z.boolean() });
export const BoardRefSchema = z.strictObject({ board: IdRef });
/** Scavenger hunt: how many of the board's hints participants see. */
export const HintsSchema = z.strictObject({ board: IdRef, revealed: z.number().int().min(0).max(1000) });
/** A scavenger-hunt hint, kept on the server until revealed. */
export const AddHintSchema = z.strictObject({ board: IdRef, text: z.string().trim().min(1).max(NOTE_TEXT_MAX) });
export const VoteSchema = z.strictObject({ board: IdRef, note: z.string().min(1).max(128) });
export const SelectSchema = z.strictObject({ board: IdRef, challenge: z.string().min(1).max(128), note: z.string().min(1).max(128).optional() });
export const PresentSchema = z.strictObject({
  board: IdRef.nullable(),
  presenter: IdRef.nullable().optional(),
  /** 'plenary' brings everybody back to the main room (following `board` if given); 'rooms' sends them out. */
  mode: z.enum(['plenary', 'rooms']).optional(),
});
export const ProfileSchema = ParticipantProfileSchema.omit({ id: true, v: true });
export const BroadcastSchema = z.strictObject({ text: z.string().trim().min(1).max(1000) });

export const MatchCardInputSchema = z.strictObject({
  offers: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
  seeks: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
  topics: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
  sector: z.string().max(200).optional(),
  /** Event mode: slots (0-based) you cannot meet in. */
  blockedSlots: z.array(z.number().int().min(0).max(200)).max(200).optional(),
});
export const MyMatchmakingSchema = z.strictObject({
  card: MatchCardInputSchema.default({}),
  wishes: z.array(z.strictObject({ to: IdRef, level: z.enum(['must', 'like', 'no']), rank: z.number().int().min(1).max(100).optional() })).max(200).default([]),
});
export const RequestSchema = z.strictObject({ to: IdRef, must: z.boolean().default(false) });
export const RespondSchema = z.strictObject({ from: IdRef, accept: z.boolean() });
export const ImportWishesSchema = z.strictObject({ csv: z.string().min(1).max(2_000_000) });
export const ImportRequestsSchema = ImportWishesSchema;
export const PlanMatchmakingSchema = z.strictObject({
  /** ISO instant of the first round, e.g. 2026-11-23T15:00:00Z. */
  start: z.iso.datetime({ offset: true }),
  rounds: z.number().int().min(1).max(30).default(6),
  minutes: z.number().int().min(1).max(240).default(15),
  breakMinutes: z.number().int().min(0).max(120).default(0),
  odd: z.enum(['bye', 'triad']).default('bye'),
  seed: z.number().int().optional(),
  /** 'workshop': everybody meets somebody every round, from wishes. 'event': accepted requests into slots and tables. */
  mode: z.enum(['workshop', 'event']).default('workshop'),
  tables: z.number().int().min(1).max(5000).optional(),
  /** Event mode: pending requests count as accepted. */
  autoAccept: z.boolean().default(false),
});
export const StartRoundsSchema = z.strictObject({ at: z.iso.datetime({ offset: true }).optional() });
export const AwaySchema = z.strictObject({ participant: IdRef, fromSlot: z.number().int().min(0).max(200), away: z.boolean().default(true) });
export const ReplanSchema = z.strictObject({ fromSlot: z.number().int().min(0).max(200), fillOnly: z.boolean().default(false) });
export const EditPlanSchema = z.strictObject({
  action: z.enum(['lock', 'unlock', 'swap', 'undo']),
  meeting: z.string().max(200).optional(),
  other: z.string().max(200).optional(),
});

// ---- editing the day after creation (the setup screens) ----

const DateOrNull = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd').nullable();

/** Title, date, agenda, dot budget, private ideation: each optional, at least one. */
export const EditDetailsSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    date: DateOrNull.optional(),
    agenda: z.array(AgendaBlockSchema).max(100).optional(),
    voteBudget: z.number().int().min(1).max(20).optional(),
    privateIdeation: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type EditDetails = z.output<typeof EditDetailsSchema>;

/** A session's title and rooms: rooms with an id are kept (renamed, challenges changed), without one added, missing ones removed. */
export const EditSessionSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  rooms: z
    .array(
      z.strictObject({
        id: IdRef.optional(),
        name: Name,
        challenges: z.array(z.string().trim().min(1).max(300)).max(40).default([]),
        /** New rooms only: their template when it differs from the session's (a board keeps the template it was made with). */
        template: z.string().min(1).max(64).optional(),
      }),
    )
    .min(1)
    .max(50)
    .optional(),
});
export type EditSession = z.output<typeof EditSessionSchema>;

export const ParticipantInputSchema = z.strictObject({
  name: Name,
  cluster: z.string().trim().max(200).default(''),
  country: z.string().trim().max(100).default(''),
});
export type ParticipantInput = z.output<typeof ParticipantInputSchema>;

/** Pre-registered participants as a list. */
export const AddParticipantsSchema = z.strictObject({ participants: z.array(ParticipantInputSchema).min(1).max(500) });
/** Pre-registered participants as CSV text: name, cluster, country (a header row naming them is optional). */
export const ImportParticipantsSchema = z.strictObject({ csv: z.string().min(1).max(500_000) });

export const EditParticipantSchema = z.strictObject({
  name: Name.optional(),
  cluster: z.string().trim().max(200).optional(),
  country: z.string().trim().max(100).optional(),
});

// ---- boards ----

/** A new board. The server also checks `template` against its template list and `challenges` against the template. */
export const CreateBoardSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  template: z.string().optional(),
  /** Challenge titles, for templates that lay out challenge columns. */
  challenges: z.array(z.string().trim().min(1).max(300)).min(1).max(40).optional(),
});
