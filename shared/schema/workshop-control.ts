/**
 * Records of a workshop's control document beyond control.ts (roster, rooms, plenary, messages, the
 * matchmaking timetable, board options): written only by the server through shared/doc/workshop-control.ts,
 * read by every client of the workshop.
 */
import { z } from 'zod';

export const BoardOptionsSchema = z.object({ allowNotes: z.boolean().default(false) });
export type BoardOptions = z.output<typeof BoardOptionsSchema>;

export const RosterEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  cluster: z.string().default(''),
  country: z.string().default(''),
});
export type RosterEntry = z.output<typeof RosterEntrySchema>;

export const RoomEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  session: z.string(),
  sessionTitle: z.string().default(''),
  boardId: z.string(),
  challenges: z.array(z.string()).default([]),
  participantIds: z.array(z.string()).default([]),
});
export type RoomEntry = z.output<typeof RoomEntrySchema>;

export const PlenaryStateSchema = z.object({
  /** 'rooms': everybody works in their breakout room; 'plenary': everybody follows `board`. */
  mode: z.enum(['rooms', 'plenary']).default('rooms'),
  board: z.string().nullable().default(null),
  presenter: z.string().nullable().default(null),
  at: z.number().default(0),
});
export type PlenaryState = z.output<typeof PlenaryStateSchema>;

export const MessageSchema = z.object({ id: z.string(), text: z.string(), at: z.number() });
export type Message = z.output<typeof MessageSchema>;

export const TimetableSchema = z.object({
  slots: z.array(z.object({ index: z.number(), start: z.string(), end: z.string() })),
  meetings: z.array(z.object({ id: z.string(), slot: z.number(), people: z.array(z.string()), table: z.number().nullable(), reason: z.string(), locked: z.boolean().default(false) })),
  byes: z.array(z.object({ slot: z.number(), person: z.string(), reason: z.string() })).default([]),
});
export type Timetable = z.output<typeof TimetableSchema>;
