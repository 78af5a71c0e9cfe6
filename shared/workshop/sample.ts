/**
 * The shape of a ready-made workshop (boards/sample-training-day.ts): what the server needs to create a
 * workshop in one click - the day's agenda, the sessions with their board template and groups, and
 * pre-registered participant profiles. Which template ids exist is checked where the templates are
 * (boards/), not here: shared/ does not import boards/.
 */
import { z } from 'zod';
import { ShortText } from '../schema/common.ts';
import { ParticipantProfileSchema } from '../schema/profile.ts';

/** "HH:MM", 24-hour clock, local time of the venue. */
export const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (00:00-23:59)');

export const AgendaBlockSchema = z
  .object({
    start: ClockTime,
    end: ClockTime,
    title: ShortText.min(1),
    /** Participants work on a board (or in conversations) rather than listen. */
    interactive: z.boolean(),
  })
  // Zero-padded HH:MM strings compare like the times they name.
  .refine((block) => block.start < block.end, { message: 'a block ends after it starts', path: ['end'] });
export type AgendaBlock = z.output<typeof AgendaBlockSchema>;

export const SessionGroupSchema = z.object({
  name: ShortText.min(1),
  /** Challenge titles, one column each on a challenge board; empty for boards without challenges. */
  challenges: z.array(ShortText.min(1)).max(40),
});

export const SessionSchema = z.object({
  /** The agenda block the session runs in, by its exact title. */
  title: ShortText.min(1),
  /** A template id from boards/index.ts; each group gets one room with a board made from it. */
  template: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(64),
  groups: z.array(SessionGroupSchema).min(1).max(50),
});
export type Session = z.output<typeof SessionSchema>;

export const SampleWorkshopSchema = z
  .object({
    title: ShortText.min(1),
    date: z.iso.date(),
    agenda: z.array(AgendaBlockSchema).min(1).max(100),
    sessions: z.array(SessionSchema).max(50),
    participants: z.array(ParticipantProfileSchema).max(1000),
  })
  .superRefine((workshop, ctx) => {
    workshop.agenda.forEach((block, index) => {
      const previous = workshop.agenda[index - 1];
      if (previous !== undefined && block.start < previous.end) {
        ctx.addIssue({ code: 'custom', message: `"${block.title}" starts before "${previous.title}" ends`, path: ['agenda', index, 'start'] });
      }
    });
    const blockTitles = new Set(workshop.agenda.map((block) => block.title));
    workshop.sessions.forEach((session, index) => {
      if (!blockTitles.has(session.title)) {
        ctx.addIssue({ code: 'custom', message: `no agenda block titled "${session.title}"`, path: ['sessions', index, 'title'] });
      }
      const names = session.groups.map((group) => group.name);
      if (new Set(names).size !== names.length) {
        ctx.addIssue({ code: 'custom', message: 'group names repeat', path: ['sessions', index, 'groups'] });
      }
    });
    const ids = new Set<string>();
    workshop.participants.forEach((participant, index) => {
      if (ids.has(participant.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate participant id ${participant.id}`, path: ['participants', index, 'id'] });
      }
      ids.add(participant.id);
    });
  });
export type SampleWorkshop = z.output<typeof SampleWorkshopSchema>;
export type SampleWorkshopInput = z.input<typeof SampleWorkshopSchema>;
