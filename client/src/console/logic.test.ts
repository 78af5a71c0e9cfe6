import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RoomEntry, RosterEntry } from '../../../shared/doc/workshop-control.ts';
import type { Timer } from '../../../shared/schema/control.ts';
import {
  applyTransform,
  bannerMessage,
  contentBounds,
  fitTransform,
  groupBySession,
  minutesToMs,
  onlinePeople,
  peopleOf,
  rankIdeas,
  foldIdeas,
  roomOf,
  roomTimer,
  throttle,
  unassigned,
} from './logic.ts';

const room = (id: string, session: string, name: string, participantIds: string[] = []): RoomEntry => ({
  id,
  name,
  session,
  sessionTitle: `Session ${session}`,
  boardId: `b-${id}`,
  challenges: [],
  participantIds,
});
const person = (id: string, name: string): RosterEntry => ({ id, name, cluster: '', country: '' });

describe('contentBounds', () => {
  it.each([
    ['nothing', [], null],
    ['one box', [{ x: 10, y: 20, w: 30, h: 40 }], { x: 10, y: 20, w: 30, h: 40 }],
    ['two boxes', [{ x: 0, y: 0, w: 10, h: 10 }, { x: -5, y: 50, w: 10, h: 10 }], { x: -5, y: 0, w: 15, h: 60 }],
    ['a broken box is ignored', [{ x: Number.NaN, y: 0, w: 10, h: 10 }, { x: 1, y: 2, w: 3, h: 4 }], { x: 1, y: 2, w: 3, h: 4 }],
    ['a negative size is ignored', [{ x: 0, y: 0, w: -10, h: 10 }], null],
  ])('%s', (_name, boxes, expected) => {
    expect(contentBounds(boxes)).toEqual(expected);
  });
});

describe('fitTransform', () => {
  it('fits a wide board to the width and centres it vertically', () => {
    const t = fitTransform({ x: 0, y: 0, w: 1000, h: 100 }, 200, 100, 0);
    expect(t.scale).toBe(0.2);
    expect(applyTransform(t, { x: 0, y: 0, w: 1000, h: 100 })).toEqual({ x: 0, y: 40, w: 200, h: 20 });
  });
  it('fits a tall board to the height, keeps the padding and centres it horizontally', () => {
    const t = fitTransform({ x: 100, y: 100, w: 100, h: 1000 }, 200, 110, 5);
    expect(t.scale).toBe(0.1);
    expect(applyTransform(t, { x: 100, y: 100, w: 100, h: 1000 })).toEqual({ x: 95, y: 5, w: 10, h: 100 });
  });
  it('does not blow a tiny board up beyond maxScale', () => {
    const t = fitTransform({ x: 0, y: 0, w: 10, h: 10 }, 200, 100, 0, 1);
    expect(t.scale).toBe(1);
    expect(applyTransform(t, { x: 0, y: 0, w: 10, h: 10 })).toEqual({ x: 95, y: 45, w: 10, h: 10 });
  });
  it('an empty board puts the origin in the middle', () => {
    expect(fitTransform(null, 200, 100)).toEqual({ scale: 1, dx: 100, dy: 50 });
  });
  it('a zero-size board is centred, not divided by zero', () => {
    const t = fitTransform({ x: 10, y: 10, w: 0, h: 0 }, 200, 100);
    expect([t.scale, t.dx, t.dy].every(Number.isFinite)).toBe(true);
  });
});

describe('grouping people and rooms', () => {
  const rooms = [room('r2', 's1', 'Group 10', ['c']), room('r1', 's1', 'Group 2', ['a', 'zz']), room('r3', 's2', 'Table A', ['a'])];
  const roster = [person('a', 'Ana'), person('b', 'Ben'), person('c', 'Cleo')];

  it('groups rooms by session, rooms in numeric name order', () => {
    expect(groupBySession(rooms).map((g) => [g.session, g.title, g.rooms.map((r) => r.name)])).toEqual([
      ['s1', 'Session s1', ['Group 2', 'Group 10']],
      ['s2', 'Session s2', ['Table A']],
    ]);
  });
  it("lists a room's people from the roster, an unknown id as itself", () => {
    expect(peopleOf(rooms[1]!, roster).map((p) => p.name)).toEqual(['Ana', 'zz']);
  });
  it('finds who is in no room of a session, and where someone is', () => {
    const [s1, s2] = groupBySession(rooms);
    expect(unassigned(s1!, roster).map((p) => p.id)).toEqual(['b']);
    expect(unassigned(s2!, roster).map((p) => p.id)).toEqual(['b', 'c']);
    expect(roomOf(s1!, 'c')?.id).toBe('r2');
    expect(roomOf(s1!, 'b')).toBeNull();
  });
});

describe('roomTimer', () => {
  const t = (id: string, board: string | null): Timer => ({ v: 1, id, board, label: '', endsAt: 1, remainingMs: null });
  it.each([
    ['its own first', [t('workshop', null), t('b1', 'b1')], 'b1', 'b1', 'room'],
    ['else the workshop one', [t('workshop', null), t('b2', 'b2')], 'b1', 'workshop', 'all'],
    ['else none', [t('b2', 'b2')], 'b1', null, null],
  ])('%s', (_name, timers, board, id, scope) => {
    const found = roomTimer(timers, board);
    expect(found?.timer.id ?? null).toBe(id);
    expect(found?.scope ?? null).toBe(scope);
  });
});

describe('onlinePeople', () => {
  const people = [person('a', 'Ana Silva'), person('b', 'Ben'), person('b2', 'Ben')];
  it('matches by participant id, else by unique name; counts the rest', () => {
    const { online, others } = onlinePeople(
      [
        { user: { name: 'whatever' }, participant: 'a' },
        { user: { name: '  ana   SILVA ' } },
        { user: { name: 'Ben' } }, // two Bens: ambiguous, not matched
        { user: { name: 'Facilitator' } },
        { participant: 'someone-else', user: { name: 'Ana Silva' } },
        {},
      ],
      people,
    );
    expect([...online]).toEqual(['a']);
    expect(others).toBe(3);
  });
});

describe('rankIdeas', () => {
  const idea = (note: string, votes: number, rank: number) => ({ note, text: note, author: 'x', votes, rank });
  it('orders by rank, marks the leaders and the facilitator pick', () => {
    const ranked = rankIdeas({
      ideas: [idea('c', 0, 3), idea('a', 2, 1), idea('b', 2, 2)],
      selected: { note: 'b', text: 'b', votes: 2, by: 'facilitator', tiedWith: [] },
    });
    expect(ranked.map((i) => [i.note, i.leading, i.selected])).toEqual([
      ['a', true, false],
      ['b', true, true],
      ['c', false, false],
    ]);
  });
  it('a top-voted stand-in is not a pick, and no votes means nobody leads', () => {
    const ranked = rankIdeas({ ideas: [idea('a', 0, 1)], selected: { note: 'a', text: 'a', votes: 0, by: 'top-voted', tiedWith: [] } });
    expect(ranked.map((i) => [i.selected, i.leading])).toEqual([[false, false]]);
  });
});

describe('minutesToMs', () => {
  it.each([
    ['5', 300_000],
    ['1.5', 90_000],
    ['2,5', 150_000],
    ['0', null],
    ['-3', null],
    ['abc', null],
    ['', null],
    ['2000', null],
  ])('%s minutes', (input, expected) => {
    expect(minutesToMs(input)).toBe(expected);
  });
});

describe('throttle', () => {
  afterEach(() => vi.useRealTimers());
  it('runs at once, then at most once per interval, with a trailing call', () => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
    const fn = vi.fn();
    const t = throttle(fn, 100);
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    t();
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    expect(fn).toHaveBeenCalledTimes(2);
    t();
    t.cancel();
    vi.advanceTimersByTime(500);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe('bannerMessage', () => {
  const m = (id: string, at: number) => ({ id, text: id, at });
  it.each([
    ['none', [], null, null],
    ['the newest by time, whatever the order', [m('b', 2), m('a', 1)], null, 'b'],
    ['same time: the larger id', [m('a', 5), m('c', 5), m('b', 5)], null, 'c'],
    ['dismissed newest: nothing', [m('a', 1), m('b', 2)], 'b', null],
    ['a newer one after a dismissal shows', [m('a', 1), m('b', 2)], 'a', 'b'],
  ])('%s', (_name, messages, dismissed, expected) => {
    expect(bannerMessage(messages, dismissed)?.id ?? null).toBe(expected);
  });
});

describe('foldIdeas', () => {
  const idea = (note: string, votes: number, selected = false) => ({ note, votes, selected });
  it.each([
    ['no ideas', [], [], 0],
    ['fewer than the top', [idea('a', 2), idea('b', 0)], ['a', 'b'], 0],
    ['exactly the top', [idea('a', 3), idea('b', 2), idea('c', 1)], ['a', 'b', 'c'], 0],
    ['the rest folded', [idea('a', 3), idea('b', 2), idea('c', 1), idea('d', 0), idea('e', 0)], ['a', 'b', 'c'], 2],
    ['a tie with the third is kept whole', [idea('a', 3), idea('b', 2), idea('c', 1), idea('d', 1), idea('e', 0)], ['a', 'b', 'c', 'd'], 1],
    ['no votes yet: no tie to keep', [idea('a', 0), idea('b', 0), idea('c', 0), idea('d', 0)], ['a', 'b', 'c'], 1],
    ['the pick far down stays visible', [idea('a', 3), idea('b', 2), idea('c', 1), idea('d', 0), idea('e', 0, true)], ['a', 'b', 'c', 'e'], 1],
  ] as const)('%s', (_name, ranked, shown, hidden) => {
    const folded = foldIdeas(ranked);
    expect(folded.shown.map((i) => i.note)).toEqual(shown);
    expect(folded.hidden).toBe(hidden);
  });
});
