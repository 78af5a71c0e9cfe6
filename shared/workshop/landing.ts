/**
 * Where a participant belongs, read from the control document's rooms, so that open pages follow the
 * facilitator when they assign or move people.
 */
import type { RoomEntry } from '../doc/workshop-control.ts';

export function roomsOf(rooms: readonly RoomEntry[], me: string): RoomEntry[] {
  return rooms.filter((room) => room.participantIds.includes(me));
}

/**
 * The room to go to after a change of rooms, seen from a page showing `boardId` (null: a page outside the
 * rooms): a room of the same session that has `me` now when the room of `boardId` no longer does, or, from
 * outside the rooms, a room that has `me` now and did not before. A page outside the rooms reading the
 * rooms for the first time (`before` null: it opened, or was still loading, when the facilitator assigned
 * them) goes to the room it finds them in, the last listed when several. Null when nothing calls them.
 */
export function calledTo(before: readonly RoomEntry[] | null, after: readonly RoomEntry[], me: string, boardId: string | null): RoomEntry | null {
  if (boardId !== null) {
    const here = after.find((room) => room.boardId === boardId);
    if (!here || here.participantIds.includes(me)) return null;
    return after.find((room) => room.session === here.session && room.participantIds.includes(me)) ?? null;
  }
  if (before === null) return roomsOf(after, me).at(-1) ?? null;
  const had = new Set(roomsOf(before, me).map((room) => room.id));
  return roomsOf(after, me).find((room) => !had.has(room.id)) ?? null;
}
