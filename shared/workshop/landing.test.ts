import { describe, expect, it } from 'vitest';
import type { RoomEntry } from '../doc/workshop-control.ts';
import { calledTo, roomsOf } from './landing.ts';

const room = (id: string, session: string, participantIds: string[]): RoomEntry => ({
  id,
  name: `Room ${id}`,
  session,
  sessionTitle: '',
  boardId: `board-${id}`,
  challenges: [],
  participantIds,
});

const g1 = room('g1', 's1', ['ana', 'ben']);
const g2 = room('g2', 's1', ['cleo']);
const bmc = room('bmc', 's2', ['ana']);

describe('roomsOf', () => {
  it.each([
    ['ana', [g1, g2, bmc], ['g1', 'bmc']],
    ['cleo', [g1, g2, bmc], ['g2']],
    ['dan', [g1, g2, bmc], []],
  ])('%s is in %j', (me, rooms, ids) => {
    expect(roomsOf(rooms, me).map((r) => r.id)).toEqual(ids);
  });
});

describe('calledTo', () => {
  const ben2 = [room('g1', 's1', ['ana']), room('g2', 's1', ['cleo', 'ben']), bmc];
  it.each([
    // [case, before, after, me, boardId, expected room id]
    ['moved out of the room on screen: the room of the same session', [g1, g2], ben2, 'ben', 'board-g1', 'g2'],
    ['still in the room on screen', [g1, g2], ben2, 'ana', 'board-g1', null],
    ['someone else moved', [g1, g2], ben2, 'cleo', 'board-g2', null],
    ['removed from every room of the session', [g1, g2], [room('g1', 's1', ['ana']), g2], 'ben', 'board-g1', null],
    ['a board that is no room', [g1, g2], ben2, 'ben', 'board-x', null],
    ['outside the rooms, newly assigned', [room('g1', 's1', []), g2], [g1, g2], 'ana', null, 'g1'],
    ['outside the rooms, already assigned before', [g1, g2], [g1, g2, bmc], 'ben', null, null],
    ['outside the rooms, assigned in a second session', [g1, g2], [g1, g2, bmc], 'ana', null, 'bmc'],
    ['outside the rooms, opened after the assignment: lands on the room', null, [g1, g2], 'ana', null, 'g1'],
    ['outside the rooms, opened after assignments in two sessions: the last', null, [g1, g2, bmc], 'ana', null, 'bmc'],
    ['outside the rooms, opened before any assignment', null, [room('g1', 's1', []), g2], 'ana', null, null],
    ['on a board, the first reading is no change', null, [g1, g2], 'ana', 'board-g1', null],
  ] as const)('%s', (_case, before, after, me, boardId, expected) => {
    expect(calledTo(before as RoomEntry[] | null, after as unknown as RoomEntry[], me, boardId)?.id ?? null).toBe(expected);
  });
});
