/**
 * A workshop as the server keeps it (never sent whole to clients): agenda, participants, breakout
 * sessions with their rooms, matchmaking; and the hidden votes (until the facilitator reveals a board's
 * results). It lives in the workshop's server-only state document (shared/doc/workshop-state.ts), the
 * votes one entry each; what clients may see is published in the control document
 * (shared/doc/workshop-control.ts).
 */
import { z } from 'zod';
import { Id, ShortText, Timestamp } from './common.ts';
import { defineRecord } from './migrate.ts';
import { ParticipantProfileSchema } from './profile.ts';

export const WORKSHOP_VERSION = 1;

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const AgendaBlockSchema = z.object({
  start: ClockTime,
  end: ClockTime,
  title: z.string().trim().min(1).max(200),
  interactive: z.boolean().default(false),
});
export type AgendaBlock = z.output<typeof AgendaBlockSchema>;

export const WorkshopParticipantSchema = z.object({
  id: Id,
  name: z.string().trim().min(1).max(120),
  cluster: ShortText.default(''),
  country: ShortText.default(''),
  /** The "get to know me" profile, when filled in. */
  profile: ParticipantProfileSchema.nullable().default(null),
  /** Room ids best first, for assignment by preference. */
  ranking: z.array(Id).max(50).default([]),
  /** Pre-registered by the facilitator (may be claimed by one joiner) or joined through the link. */
  preRegistered: z.boolean().default(false),
  claimed: z.boolean().default(false),
  joinedAt: Timestamp.nullable().default(null),
  /**
   * sha256 of the key the joining browser made up once: a join retried with the same key (after a refusal
   * or a lost answer) is the same person again, never a second entry.
   */
  joinKey: z.string().max(64).nullable().default(null),
});
export type WorkshopParticipant = z.output<typeof WorkshopParticipantSchema>;

export const RoomSchema = z.object({
  id: Id,
  name: z.string().trim().min(1).max(120),
  boardId: Id,
  challenges: z.array(z.string().trim().min(1).max(300)).max(40).default([]),
  participantIds: z.array(Id).default([]),
  /** The room's own board template when it differs from its session's; null: the session's. */
  template: z.string().min(1).max(64).nullable().default(null),
});
export type Room = z.output<typeof RoomSchema>;

export const SessionSchema = z.object({
  id: Id,
  title: z.string().trim().min(1).max(200),
  template: z.string().min(1).max(64),
  rooms: z.array(RoomSchema).max(100),
});
export type Session = z.output<typeof SessionSchema>;

export const HiddenVoteSchema = z.object({
  board: Id,
  voter: Id,
  note: Id,
  challenge: Id,
  at: Timestamp,
});
export type HiddenVote = z.output<typeof HiddenVoteSchema>;

/** Matchmaking rounds of a workshop: what participants said they want, and the current plan with its history. */
export const MatchWishSchema = z.object({
  from: Id,
  to: Id,
  level: z.enum(['must', 'like', 'no']),
  rank: z.number().int().min(1).max(100).optional(),
});
export type MatchWish = z.output<typeof MatchWishSchema>;

export const MatchCardSchema = z.object({
  offers: z.array(ShortText).max(20).default([]),
  seeks: z.array(ShortText).max(20).default([]),
  topics: z.array(ShortText).max(20).default([]),
  sector: ShortText.default(''),
  /** Round indices from which this person is away (left early, arrived late), set by the facilitator. */
  awaySlots: z.array(z.number().int().min(0).max(200)).max(200).default([]),
  /** Slots the person blocked themselves (event mode: busy, at their stand). */
  blockedSlots: z.array(z.number().int().min(0).max(200)).max(200).default([]),
});
export type MatchCard = z.output<typeof MatchCardSchema>;

/** Event mode: a meeting request, accepted or declined by the person asked. */
export const MatchRequestSchema = z.object({
  from: Id,
  to: Id,
  status: z.enum(['pending', 'accepted', 'declined']),
  must: z.boolean().default(false),
});
export type MatchRequest = z.output<typeof MatchRequestSchema>;

export const MatchmakingSchema = z.object({
  wishes: z.array(MatchWishSchema).default([]),
  requests: z.array(MatchRequestSchema).default([]),
  /** Event mode settings of the current plan. */
  event: z.object({ tables: z.number().int().min(1).max(5000), autoAccept: z.boolean() }).nullable().default(null),
  cards: z.record(Id, MatchCardSchema).default({}),
  /** The plan and the plans it replaced (for undo): produced by shared/matchmaking, stored as written. */
  plan: z.unknown().nullable().default(null),
  past: z.array(z.unknown()).max(50).default([]),
  seed: z.number().int().default(1),
});
export type Matchmaking = z.output<typeof MatchmakingSchema>;

export const WorkshopSchema = z.object({
  v: z.literal(WORKSHOP_VERSION).default(WORKSHOP_VERSION),
  id: Id,
  title: z.string().trim().min(1).max(200),
  /** ISO date (yyyy-mm-dd) of the day, if given. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd').nullable().default(null),
  createdAt: Timestamp,
  agenda: z.array(AgendaBlockSchema).max(100).default([]),
  participants: z.array(WorkshopParticipantSchema).max(2000).default([]),
  sessions: z.array(SessionSchema).max(50).default([]),
  /** Dots per person per challenge. */
  voteBudget: z.number().int().min(1).max(20).default(3),
  /** Ideation into private drafts until the facilitator reveals them. */
  privateIdeation: z.boolean().default(false),
  /**
   * The links to hand out (participant, observer, co-facilitator), sealed per facilitator token
   * (server/workshops/links.ts): sha256 of the token -> sealed text. Never sent to clients as stored.
   */
  sealedLinks: z.record(z.string().regex(/^[0-9a-f]{64}$/), z.string().max(4000)).default({}),
  matchmaking: MatchmakingSchema.default({ wishes: [], requests: [], event: null, cards: {}, plan: null, past: [], seed: 1 }),
});
export type Workshop = z.output<typeof WorkshopSchema>;
export type WorkshopInput = z.input<typeof WorkshopSchema>;

/**
 * The JSON record of a workshop as servers before the state document stored it (votes inside, the
 * whole record rewritten per change). Still written once at creation; read to fill an empty state
 * document, so workshops stored by older servers open unchanged.
 */
export const WorkshopRowSchema = WorkshopSchema.extend({ votes: z.array(HiddenVoteSchema).default([]) });
export type WorkshopRow = z.output<typeof WorkshopRowSchema>;

export const workshopRecord = defineRecord({ name: 'workshop', version: WORKSHOP_VERSION, schema: WorkshopSchema });
