/**
 * The parts of a workshop's control document that control-doc.ts does not cover: who is in the
 * workshop, the rooms, what the plenary shows, and broadcast messages. Written only by the server;
 * every client of the workshop reads them.
 *
 *   roster    Y.Map  participant id -> { id, name, cluster, country }
 *   rooms     Y.Map  room id -> { id, name, session, sessionTitle, boardId, challenges, participantIds }
 *   plenary   Y.Map  'state' -> { mode: 'rooms' | 'plenary', board: string | null, presenter: string | null, at }
 *   messages  Y.Map  message id -> { id, text, at }
 *   boardOptions Y.Map board id -> { allowNotes }  (new notes allowed outside the ideation phase)
 *   timetable Y.Map  'plan' -> { slots: [{ index, start, end }], meetings: [{ id, slot, people, table, reason, locked }], byes: [{ slot, person, reason }] }
 */
import * as Y from 'yjs';
import type { z } from 'zod';
import {
  BoardOptionsSchema,
  MessageSchema,
  PlenaryStateSchema,
  RoomEntrySchema,
  RosterEntrySchema,
  TimetableSchema,
  type BoardOptions,
  type Message,
  type PlenaryState,
  type RoomEntry,
  type RosterEntry,
  type Timetable,
} from '../schema/workshop-control.ts';

// The schemas live in shared/schema; readers that import them from here keep working.
export { BoardOptionsSchema, MessageSchema, PlenaryStateSchema, RoomEntrySchema, RosterEntrySchema, TimetableSchema };
export type { BoardOptions, Message, PlenaryState, RoomEntry, RosterEntry, Timetable };

export const WORKSHOP_CONTROL_MAPS = {
  roster: 'roster',
  rooms: 'rooms',
  plenary: 'plenary',
  messages: 'messages',
  timetable: 'timetable',
  boardOptions: 'boardOptions',
} as const;

export function setBoardOptions(control: Y.Doc, board: string, options: BoardOptions, origin?: unknown): void {
  const parsed = BoardOptionsSchema.parse(options);
  control.transact(() => control.getMap<unknown>(WORKSHOP_CONTROL_MAPS.boardOptions).set(board, { ...parsed }), origin);
}

/** The matchmaking timetable every screen shows (rounds x tables), or null to clear it. */
export function setTimetable(control: Y.Doc, timetable: Timetable | null, origin?: unknown): void {
  const parsed = timetable === null ? null : TimetableSchema.parse(timetable);
  control.transact(() => {
    const map = control.getMap<unknown>(WORKSHOP_CONTROL_MAPS.timetable);
    if (parsed) map.set('plan', parsed);
    else map.delete('plan');
  }, origin);
}

export function setRosterEntry(control: Y.Doc, entry: RosterEntry, origin?: unknown): void {
  const parsed = RosterEntrySchema.parse(entry);
  control.transact(() => control.getMap<unknown>(WORKSHOP_CONTROL_MAPS.roster).set(parsed.id, { ...parsed }), origin);
}

export function removeRosterEntry(control: Y.Doc, id: string, origin?: unknown): void {
  control.transact(() => control.getMap<unknown>(WORKSHOP_CONTROL_MAPS.roster).delete(id), origin);
}

/** Replaces the whole room list (rooms are few; writing them together keeps assignments consistent). */
export function setRooms(control: Y.Doc, rooms: readonly RoomEntry[], origin?: unknown): void {
  const parsed = rooms.map((room) => RoomEntrySchema.parse(room));
  control.transact(() => {
    const map = control.getMap<unknown>(WORKSHOP_CONTROL_MAPS.rooms);
    const keep = new Set(parsed.map((room) => room.id));
    for (const key of [...map.keys()]) if (!keep.has(key)) map.delete(key);
    for (const room of parsed) map.set(room.id, { ...room });
  }, origin);
}

export function setPlenary(control: Y.Doc, state: z.input<typeof PlenaryStateSchema>, origin?: unknown): void {
  const parsed = PlenaryStateSchema.parse(state);
  control.transact(() => control.getMap<unknown>(WORKSHOP_CONTROL_MAPS.plenary).set('state', { ...parsed }), origin);
}

export function addMessage(control: Y.Doc, message: Message, origin?: unknown): void {
  const parsed = MessageSchema.parse(message);
  control.transact(() => control.getMap<unknown>(WORKSHOP_CONTROL_MAPS.messages).set(parsed.id, { ...parsed }), origin);
}

export type WorkshopControlView = {
  roster: RosterEntry[];
  rooms: RoomEntry[];
  plenary: PlenaryState;
  messages: Message[];
  timetable: Timetable | null;
  boardOptions: Record<string, BoardOptions>;
};

/** Reads what it can; entries that do not validate are skipped, never thrown. */
export function readWorkshopControl(control: Y.Doc): WorkshopControlView {
  const valid = <T>(schema: z.ZodType<T>, map: Y.Map<unknown>): T[] => {
    const out: T[] = [];
    for (const value of map.values()) {
      const parsed = schema.safeParse(value);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  };
  const plenary = PlenaryStateSchema.safeParse(control.getMap<unknown>(WORKSHOP_CONTROL_MAPS.plenary).get('state'));
  return {
    roster: valid(RosterEntrySchema, control.getMap(WORKSHOP_CONTROL_MAPS.roster)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    rooms: valid(RoomEntrySchema, control.getMap(WORKSHOP_CONTROL_MAPS.rooms)).sort((a, b) => a.session.localeCompare(b.session) || a.name.localeCompare(b.name)),
    plenary: plenary.success ? plenary.data : PlenaryStateSchema.parse({}),
    messages: valid(MessageSchema, control.getMap(WORKSHOP_CONTROL_MAPS.messages)).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id)),
    boardOptions: Object.fromEntries(
      [...control.getMap<unknown>(WORKSHOP_CONTROL_MAPS.boardOptions).entries()].flatMap(([board, value]) => {
        const parsed = BoardOptionsSchema.safeParse(value);
        return parsed.success ? [[board, parsed.data] as const] : [];
      }),
    ),
    timetable: ((t) => (t.success ? t.data : null))(TimetableSchema.safeParse(control.getMap<unknown>(WORKSHOP_CONTROL_MAPS.timetable).get('plan'))),
  };
}
