/**
 * A sticky note. In the board document each note is a Y.Map whose `text` is a Y.Text (see
 * shared/doc/layout.ts); this is its plain, validated form.
 */
import { z } from 'zod';
import { Coordinate, Id, ShortText, Size, Timestamp } from './common.ts';
import { defineRecord } from './migrate.ts';

export const NOTE_STATUSES = ['not-started', 'in-progress', 'done'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

export const NOTE_DEFAULTS = { color: '#fde68a', w: 160, h: 120 } as const;
export const NOTE_TEXT_MAX = 10_000;

export const NOTE_VERSION = 1;

export const NoteSchema = z.object({
  v: z.literal(NOTE_VERSION).default(NOTE_VERSION),
  id: Id,
  text: z.string().max(NOTE_TEXT_MAX),
  author: ShortText,
  color: z.string().min(1).max(32),
  x: Coordinate,
  y: Coordinate,
  w: Size,
  h: Size,
  /** The zone the note was placed in; null when it floats on the board. */
  zone: Id.nullable(),
  createdAt: Timestamp,
  /** Action priority matrix: progress of the action the note stands for. */
  status: z.enum(NOTE_STATUSES).optional(),
});
export type Note = z.output<typeof NoteSchema>;
export type NoteInput = z.input<typeof NoteSchema>;

/** What `readBoard` puts in place of a missing or invalid field instead of dropping the note. */
export const NOTE_REPAIRS = {
  author: '',
  color: NOTE_DEFAULTS.color,
  x: 0,
  y: 0,
  w: NOTE_DEFAULTS.w,
  h: NOTE_DEFAULTS.h,
  zone: null,
  createdAt: 0,
  status: undefined,
} as const satisfies Partial<Record<keyof Note, unknown>>;

export const noteRecord = defineRecord({ name: 'note', version: NOTE_VERSION, schema: NoteSchema });
