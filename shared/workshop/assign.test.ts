import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignByPreference, assignEvenly, moveParticipant, roomsFromThemes, type Assignment, type Ranked } from './assign.ts';

const ids = (spec: string): string[] => (spec === '' ? [] : spec.split(' '));
/** "a:AB b: c:B" -> a ranks A then B, b ranks nothing, c ranks B. */
const ranked = (spec: string): Ranked[] =>
  ids(spec).map((item) => {
    const [id = '', ranking = ''] = item.split(':');
    return { id, ranking: [...ranking] };
  });
/** { A: [a, b], B: [c] } -> "A=ab B=c" */
const show = (assignment: Assignment): string =>
  Object.entries(assignment)
    .map(([room, members]) => `${room}=${members.join('')}`)
    .join(' ');
const sizes = (assignment: Assignment): number[] => Object.values(assignment).map((members) => members.length);
const placed = (assignment: Assignment): string[] => Object.values(assignment).flat();

describe('assignEvenly', () => {
  it.each([
    ['nobody: every room still listed', '', 'A B', 'A= B='],
    ['round robin in input order', 'a b c d e', 'A B', 'A=ace B=bd'],
    ['more rooms than people', 'a b', 'A B C', 'A=a B=b C='],
    ['one room', 'a b c', 'A', 'A=abc'],
    ['sizes 3,3,2 for 8 in 3', 'a b c d e f g h', 'A B C', 'A=adg B=beh C=cf'],
  ])('%s', (_name, people, rooms, expected) => {
    expect(show(assignEvenly(ids(people), ids(rooms)))).toBe(expected);
  });

  it.each([
    ['people but no rooms', 'a', ''],
    ['duplicate participant', 'a a', 'A'],
    ['duplicate room', 'a', 'A A'],
  ])('throws: %s', (_name, people, rooms) => {
    expect(() => assignEvenly(ids(people), ids(rooms))).toThrow(RangeError);
  });

  it('places everyone exactly once, sizes differ by at most 1', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 60 }), fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 9 }), (people, rooms) => {
        const assignment = assignEvenly(people, rooms);
        expect(Object.keys(assignment).sort()).toEqual([...rooms].sort());
        expect(placed(assignment).sort()).toEqual([...people].sort());
        expect(Math.max(...sizes(assignment)) - Math.min(...sizes(assignment))).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('assignByPreference', () => {
  it.each([
    // name, participants, rooms, capacity, assignment, ranks in input order (- = unranked)
    ['nobody', '', 'A B', undefined, 'A= B=', ''],
    ['everyone gets their first choice', 'a:A b:B c:A d:B', 'A B', undefined, 'A=ac B=bd', '0 0 0 0'],
    ['capacity ceil(4/2)=2: the third fan of A goes to their second choice', 'a:AB b:AB c:AB d:BA', 'A B', undefined, 'A=ab B=cd', '0 0 1 0'],
    ['ties: earlier participants keep their room', 'a:AB b:AB c:BA d:AB', 'A B', undefined, 'A=ab B=cd', '0 0 0 1'],
    ['a later strong preference moves an indifferent earlier one', 'a: b:A c:A', 'A B', 2, 'A=bc B=a', '- 0 0'],
    ['unranked rooms are avoided before ranks are minimised', 'a:AB b:A c:A', 'A B', 2, 'A=bc B=a', '1 0 0'],
    ['chain of moves: c takes A, b moves to B, a moves to C', 'a:BC b:AB c:A', 'A B C', 1, 'A=c B=b C=a', '1 1 0'],
    ['no preferences: as even as capacity allows', 'a: b: c: d: e: f: g:', 'A B C', undefined, 'A=adg B=be C=cf', '- - - - - - -'],
    ['explicit capacity lets a room fill up', 'a:A b:A c:A', 'A B', 3, 'A=abc B=', '0 0 0'],
    ['unknown rooms and repeats in a ranking are skipped', 'a:XAA b:B', 'A B', undefined, 'A=a B=b', '0 0'],
  ])('%s', (_name, people, rooms, capacity, expected, expectedRanks) => {
    const participants = ranked(people);
    const { assignment, rankOf } = assignByPreference(participants, ids(rooms), capacity === undefined ? {} : { capacity });
    expect(show(assignment)).toBe(expected);
    expect(participants.map((p) => rankOf[p.id] ?? '-').join(' ')).toBe(expectedRanks);
  });

  it.each([
    ['no rooms', 'a:A', '', undefined],
    ['capacity too small', 'a: b: c:', 'A', 2],
    ['capacity not a positive integer', 'a:', 'A', 0],
    ['fractional capacity', 'a:', 'A', 1.5],
    ['duplicate participant', 'a:A a:B', 'A B', undefined],
  ])('throws: %s', (_name, people, rooms, capacity) => {
    expect(() => assignByPreference(ranked(people), ids(rooms), capacity === undefined ? {} : { capacity })).toThrow(RangeError);
  });

  const instance = fc
    .record({ rooms: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 0, max: 6 }), extra: fc.integer({ min: 0, max: 2 }) })
    .chain(({ rooms, n, extra }) => {
      const roomIds = ['A', 'B', 'C'].slice(0, rooms);
      const ranking = fc.shuffledSubarray(roomIds);
      return fc.record({
        roomIds: fc.constant(roomIds),
        rankings: fc.array(ranking, { minLength: n, maxLength: n }),
        capacity: fc.constant(n === 0 ? 1 : Math.ceil(n / rooms) + extra),
        useDefault: fc.boolean(),
      });
    });

  /** [unranked placements, sum of ranks, sum over rooms of size*(size-1)/2]: the solver's objective, in order. */
  function score(rankings: readonly (readonly string[])[], roomIds: readonly string[], roomOf: readonly string[]): [number, number, number] {
    let unranked = 0;
    let ranks = 0;
    rankings.forEach((ranking, p) => {
      const rank = ranking.indexOf(roomOf[p] as string);
      if (rank < 0) unranked++;
      else ranks += rank;
    });
    const seats = roomIds.map((room) => roomOf.filter((r) => r === room).length);
    return [unranked, ranks, seats.reduce((sum, k) => sum + (k * (k - 1)) / 2, 0)];
  }

  function bruteForce(rankings: readonly (readonly string[])[], roomIds: readonly string[], capacity: number): [number, number, number] {
    let best: [number, number, number] = [Infinity, Infinity, Infinity];
    const roomOf: string[] = [];
    const go = (p: number): void => {
      if (p === rankings.length) {
        const s = score(rankings, roomIds, roomOf);
        if (s[0] < best[0] || (s[0] === best[0] && (s[1] < best[1] || (s[1] === best[1] && s[2] < best[2])))) best = s;
        return;
      }
      for (const room of roomIds) {
        if (roomOf.filter((r) => r === room).length >= capacity) continue;
        roomOf[p] = room;
        go(p + 1);
      }
      roomOf.length = p;
    };
    go(0);
    return best;
  }

  it('never exceeds capacity, places everyone once, reports ranks, and is optimal (vs brute force)', () => {
    fc.assert(
      fc.property(instance, ({ roomIds, rankings, capacity, useDefault }) => {
        const participants = rankings.map((ranking, i) => ({ id: `p${i}`, ranking }));
        const cap = useDefault ? Math.max(1, Math.ceil(rankings.length / roomIds.length)) : capacity;
        const { assignment, rankOf } = assignByPreference(participants, roomIds, useDefault ? {} : { capacity });
        expect(Object.keys(assignment)).toEqual(roomIds);
        expect(Math.max(...sizes(assignment))).toBeLessThanOrEqual(cap);
        expect(placed(assignment).sort()).toEqual(participants.map((p) => p.id).sort());
        const roomOf = participants.map((p) => roomIds.find((room) => assignment[room]?.includes(p.id)) as string);
        participants.forEach((p, i) => {
          const rank = p.ranking.indexOf(roomOf[i] as string);
          expect(rankOf[p.id]).toBe(rank < 0 ? null : rank);
        });
        expect(score(rankings, roomIds, roomOf)).toEqual(bruteForce(rankings, roomIds, cap));
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and keeps input order inside rooms', () => {
    fc.assert(
      fc.property(instance, ({ roomIds, rankings }) => {
        const participants = rankings.map((ranking, i) => ({ id: `p${i}`, ranking }));
        const first = assignByPreference(participants, roomIds);
        expect(assignByPreference(participants, roomIds)).toEqual(first);
        for (const members of Object.values(first.assignment)) {
          expect(members).toEqual([...members].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
        }
      }),
    );
  });

  it('handles 400 participants in 20 rooms quickly and evenly', () => {
    const roomIds = Array.from({ length: 20 }, (_, r) => `room-${r}`);
    // Everybody ranks 3 rooms, skewed toward the first few.
    const participants = Array.from({ length: 400 }, (_, i) => ({
      id: `p${i}`,
      ranking: [roomIds[(i * 7) % 5], roomIds[(i * 3) % 20], roomIds[(i * 11) % 20]].filter((r): r is string => r !== undefined),
    }));
    const started = performance.now();
    const { assignment, rankOf } = assignByPreference(participants, roomIds);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(sizes(assignment).every((size) => size === 20)).toBe(true);
    expect(Object.values(rankOf).filter((rank) => rank === 0).length).toBeGreaterThanOrEqual(100);
  });
});

describe('moveParticipant', () => {
  it.each([
    ['moves to the end of the target room', { A: ['a', 'b'], B: ['c'] }, 'a', 'B', 'A=b B=ca'],
    ['into the room they are in: unchanged', { A: ['a', 'b'], B: ['c'] }, 'a', 'A', 'A=ab B=c'],
    ['a participant in no room is added (latecomer)', { A: ['a'], B: [] }, 'z', 'B', 'A=a B=z'],
    ['an empty room stays listed', { A: ['a'], B: [] }, 'a', 'B', 'A= B=a'],
  ])('%s', (_name, assignment, participant, room, expected) => {
    expect(show(moveParticipant(assignment, participant, room))).toBe(expected);
  });

  it('throws on an unknown room (including inherited keys)', () => {
    expect(() => moveParticipant({ A: ['a'] }, 'a', 'B')).toThrow(RangeError);
    expect(() => moveParticipant({ A: ['a'] }, 'a', 'toString')).toThrow(RangeError);
  });

  it('leaves its input unmutated and shares no arrays with it', () => {
    const assignmentArb = fc
      .uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 })
      .chain((rooms) => fc.tuple(fc.constant(rooms), fc.uniqueArray(fc.string({ maxLength: 3 }), { maxLength: 12 })))
      .map(([rooms, people]) => assignEvenly(people, rooms));
    fc.assert(
      fc.property(assignmentArb, fc.string({ maxLength: 3 }), fc.nat(), (assignment, extra, pick) => {
        const before = structuredClone(assignment);
        const people = [...placed(assignment), extra];
        const rooms = Object.keys(assignment);
        const participant = people[pick % people.length] as string;
        const room = rooms[pick % rooms.length] as string;
        const after = moveParticipant(assignment, participant, room);
        expect(assignment).toEqual(before);
        for (const key of rooms) expect(after[key]).not.toBe(assignment[key]);
        expect(placed(after).filter((id) => id === participant)).toEqual([participant]);
        expect(after[room]).toContain(participant);
      }),
    );
  });
});

describe('roomsFromThemes', () => {
  const items = (spec: string) =>
    ids(spec).map((item) => {
      const [participantId = '', themes = ''] = item.split(':');
      return { participantId, themes: themes === '' ? [] : themes.split(',') };
    });
  const showRooms = (rooms: { theme: string; participantIds: string[] }[]): string =>
    rooms.map((room) => `${room.theme}=${room.participantIds.join('')}`).join(' ');

  it.each([
    ['nobody: no rooms', '', 2, ''],
    ['most frequent themes, most frequent first', 'a:T,F b:F c:F,T d:M', 2, 'F=bc T=ad'],
    ['ties by theme name', 'a:Y b:X c:Z', 2, 'X=bc Y=a'],
    ['first-listed chosen theme wins', 'a:M,T,F b:T c:F d:T,F e:F', 2, 'F=ce T=abd'],
    ['leftovers go to the smallest room, in order', 'a:F b:F c:F d:T e:X f:Y g:Z', 2, 'F=abcg T=def'],
    ['fewer themes than rooms', 'a:F b:F', 3, 'F=ab'],
  ])('%s', (_name, spec, roomCount, expected) => {
    expect(showRooms(roomsFromThemes(items(spec), roomCount))).toBe(expected);
  });

  it('trims themes, ignores blanks and counts a repeated theme once', () => {
    const input = [
      { participantId: 'a', themes: ['G', 'G', 'G'] },
      { participantId: 'b', themes: [' F ', ''] },
      { participantId: 'c', themes: ['F'] },
      { participantId: 'd', themes: ['  '] },
    ];
    expect(showRooms(roomsFromThemes(input, 1))).toBe('F=bcad');
    expect(showRooms(roomsFromThemes(input, 2))).toBe('F=bc G=ad');
  });

  it.each([
    ['zero rooms', 0],
    ['fractional rooms', 1.5],
  ])('throws: %s', (_name, roomCount) => {
    expect(() => roomsFromThemes([], roomCount)).toThrow(RangeError);
  });

  it('places every participant exactly once when there is a room', () => {
    const item = fc.record({ themes: fc.array(fc.constantFrom('A', 'B', 'C', 'D', 'E', ' ', ''), { maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), fc.integer({ min: 1, max: 6 }), (raw, roomCount) => {
        const input = raw.map((entry, i) => ({ participantId: `p${i}`, themes: entry.themes }));
        const rooms = roomsFromThemes(input, roomCount);
        expect(rooms.length).toBeLessThanOrEqual(roomCount);
        const everyone = rooms.flatMap((room) => room.participantIds).sort();
        const anyTheme = input.some((entry) => entry.themes.some((theme) => theme.trim() !== ''));
        expect(everyone).toEqual(anyTheme ? input.map((entry) => entry.participantId).sort() : []);
      }),
    );
  });
});
