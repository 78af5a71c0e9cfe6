/**
 * Breakout-room assignment: evenly, by ranked preference, by hand (one move at a time) or from the
 * themes of the participants' profiles. Everything is deterministic (same input, same rooms) so that
 * the server can recompute an assignment and tests can state it exactly. Rooms keep their members in
 * input order, and an assignment always has a key for every room, even an empty one. Iterate rooms
 * in your own room order, not Object.keys: JS lists integer-like keys ("2") first.
 */

/** Room id -> participant ids, in input order. */
export type Assignment = Record<string, string[]>;

/** A participant's room ids, best first. May be partial or empty; unknown room ids are ignored. */
export type Ranked = { id: string; ranking: readonly string[] };

function checkUnique(ids: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new RangeError(`duplicate ${what} id ${JSON.stringify(id)}`);
    seen.add(id);
  }
}

function checkRooms(participantCount: number, roomIds: readonly string[]): void {
  checkUnique(roomIds, 'room');
  if (participantCount > 0 && roomIds.length === 0) throw new RangeError('participants but no rooms');
}

/** Built with fromEntries so that any room id, "__proto__" included, becomes an own key. */
function emptyAssignment(roomIds: readonly string[]): Assignment {
  return Object.fromEntries(roomIds.map((room) => [room, [] as string[]]));
}

/** Round robin over the given order: participant i goes to room i mod rooms, so sizes differ by at most 1. */
export function assignEvenly(participantIds: readonly string[], roomIds: readonly string[]): Assignment {
  checkUnique(participantIds, 'participant');
  checkRooms(participantIds.length, roomIds);
  const assignment = emptyAssignment(roomIds);
  participantIds.forEach((participant, index) => {
    assignment[roomIds[index % roomIds.length] as string]?.push(participant);
  });
  return assignment;
}

/**
 * Ranked preferences -> rooms, maximising satisfaction under a room capacity.
 *
 * Objective, in order of importance: (1) place as few people as possible in rooms they did not rank,
 * (2) minimise the sum of the 0-based ranks people get, (3) keep rooms as even as possible. It is one
 * integer cost: a room at rank r costs r, an unranked room costs n * rooms + 1 (more than all ranks
 * together); that is scaled by n^2 + 1 and the k-th seat of a room adds k (convex, so the flow fills
 * rooms evenly when preferences do not decide). The capacity defaults to ceil(n / rooms), so nobody's
 * preference can overfill a room; it is a cap, and (3) spreads people below it.
 *
 * Solver: successive shortest paths (exact min-cost flow), adding participants in input order. Each new
 * participant takes the cheapest path: straight into a room with a free seat, or into a full room while
 * a chain of others each move one room on, when that is strictly cheaper. A chain only replaces the
 * direct seat when it is strictly better, so on ties the earlier participants keep their rooms.
 * Rooms are the graph's nodes (an edge r -> r' is the cheapest move of one member of r to r'), so a
 * step costs at most O(rooms^3) plus O(size * rooms) per room it touched: 400 people in 20 rooms take
 * tens of milliseconds, 2,000 in 100 rooms about a second.
 */
export function assignByPreference(
  participants: readonly Ranked[],
  roomIds: readonly string[],
  options: { capacity?: number } = {},
): { assignment: Assignment; rankOf: Record<string, number | null> } {
  // rankOf counts only the known rooms of a ranking (unknown ids and repeats are skipped), so a ranking
  // that still names a deleted room does not shift the others.
  const n = participants.length;
  const roomCount = roomIds.length;
  checkUnique(
    participants.map((p) => p.id),
    'participant',
  );
  checkRooms(n, roomIds);
  if (n === 0) return { assignment: emptyAssignment(roomIds), rankOf: {} };
  const capacity = options.capacity ?? Math.ceil(n / roomCount);
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  if (capacity * roomCount < n) throw new RangeError(`${n} participants do not fit in ${roomCount} rooms of ${capacity}`);

  const roomIndex = new Map(roomIds.map((room, index) => [room, index]));
  const unranked = n * roomCount + 1;
  const scale = n * n + 1;
  if (n * unranked * scale + n * n > Number.MAX_SAFE_INTEGER) throw new RangeError(`${n} participants in ${roomCount} rooms is too large`);
  // rank[p][r]: 0-based rank of room r for participant p, or -1.
  const rank: number[][] = participants.map((participant) => {
    const row = new Array<number>(roomCount).fill(-1);
    let next = 0;
    for (const room of participant.ranking) {
      const index = roomIndex.get(room);
      if (index === undefined || row[index] !== -1) continue;
      row[index] = next++;
    }
    return row;
  });
  const cost = (p: number, r: number): number => {
    const value = rank[p]?.[r] ?? -1;
    return (value < 0 ? unranked : value) * scale;
  };

  const roomOf = new Array<number>(n).fill(-1);
  const members: number[][] = roomIds.map(() => []);

  // Cheapest move of one member of room a to room b: edge a -> b of the room graph. A room's row
  // depends only on its members, so only the rooms an augmentation touched are recomputed.
  const moveCost: number[][] = roomIds.map(() => new Array<number>(roomCount).fill(Infinity));
  const mover: number[][] = roomIds.map(() => new Array<number>(roomCount).fill(-1));
  const refresh = (a: number): void => {
    const costs = new Array<number>(roomCount).fill(Infinity);
    const who = new Array<number>(roomCount).fill(-1);
    for (const q of members[a] as number[]) {
      const here = cost(q, a);
      for (let b = 0; b < roomCount; b++) {
        if (b === a) continue;
        const delta = cost(q, b) - here;
        if (delta < (costs[b] as number)) {
          costs[b] = delta;
          who[b] = q;
        }
      }
    }
    moveCost[a] = costs;
    mover[a] = who;
  };

  for (let p = 0; p < n; p++) {
    // Shortest paths from the new participant (queue-based Bellman-Ford). The current assignment is
    // optimal, so there is no negative cycle; strict improvements keep the predecessor chains simple.
    const dist = roomIds.map((_, r) => cost(p, r));
    const previous = new Array<number>(roomCount).fill(-1);
    const queued = new Array<boolean>(roomCount).fill(true);
    const queue = roomIds.map((_, r) => r);
    let relaxations = 0;
    for (let head = 0; head < queue.length; head++) {
      const a = queue[head] as number;
      queued[a] = false;
      const da = dist[a] as number;
      const row = moveCost[a] as number[];
      for (let b = 0; b < roomCount; b++) {
        const step = row[b] as number;
        if (step === Infinity || !(da + step < (dist[b] as number))) continue;
        dist[b] = da + step;
        previous[b] = a;
        if (++relaxations > roomCount * roomCount * roomCount) throw new Error('assignByPreference: negative cycle');
        if (!queued[b]) {
          queued[b] = true;
          queue.push(b);
        }
      }
    }

    // The path ends by taking the next seat of a room with room left: seat k costs k.
    let target = -1;
    let best = Infinity;
    for (let r = 0; r < roomCount; r++) {
      if ((members[r] as number[]).length >= capacity) continue;
      const total = (dist[r] as number) + (members[r] as number[]).length;
      if (target === -1 || total < best) {
        target = r;
        best = total;
      }
    }

    // Walk the chain back: whoever moves into `room` came from previous[room].
    let room = target;
    for (let guard = 0; previous[room] !== -1; guard++) {
      if (guard > roomCount) throw new Error('assignByPreference: augmenting path does not end');
      const from = previous[room] as number;
      const q = mover[from]?.[room] as number;
      members[from] = (members[from] as number[]).filter((member) => member !== q);
      (members[room] as number[]).push(q);
      roomOf[q] = room;
      refresh(room);
      room = from;
    }
    (members[room] as number[]).push(p);
    roomOf[p] = room;
    refresh(room);
  }

  const assignment = emptyAssignment(roomIds);
  const ranks: [string, number | null][] = participants.map((participant, p) => {
    const r = roomOf[p] as number;
    assignment[roomIds[r] as string]?.push(participant.id);
    const value = rank[p]?.[r] ?? -1;
    return [participant.id, value < 0 ? null : value];
  });
  return { assignment, rankOf: Object.fromEntries(ranks) };
}

/**
 * Moves a participant to another room and returns a new assignment (the input is not touched).
 * A participant found in no room is added, so a latecomer can be placed the same way; they join at
 * the end of the room. Moving someone into the room they are in changes nothing.
 */
export function moveParticipant(assignment: Assignment, participantId: string, toRoomId: string): Assignment {
  if (!Object.hasOwn(assignment, toRoomId)) throw new RangeError(`unknown room ${JSON.stringify(toRoomId)}`);
  const alreadyThere = assignment[toRoomId]?.includes(participantId) ?? false;
  const next: Assignment = Object.fromEntries(
    Object.entries(assignment).map(([room, ids]) => [room, alreadyThere ? [...ids] : ids.filter((id) => id !== participantId)]),
  );
  if (!alreadyThere) next[toRoomId]?.push(participantId);
  return next;
}

/**
 * Rooms from the themes of the participants' profiles (the organisers' "distil the challenges into
 * themes", workshop-formats.md §1). The `roomCount` themes named by most participants become rooms
 * (ties by theme name, so the result does not depend on input order; fewer rooms if there are fewer
 * themes). Each participant joins the first theme they listed among the chosen ones; whoever listed
 * none of them joins the then smallest room (ties: the earlier room), in input order. Themes are
 * trimmed and compared exactly; a participant naming a theme twice counts once. With no theme at all
 * there are no rooms (and nobody is placed): fall back to assignEvenly.
 */
export function roomsFromThemes(
  items: readonly { participantId: string; themes: readonly string[] }[],
  roomCount: number,
): { theme: string; participantIds: string[] }[] {
  if (!Number.isInteger(roomCount) || roomCount < 1) throw new RangeError(`roomCount must be a positive integer, got ${roomCount}`);
  checkUnique(
    items.map((item) => item.participantId),
    'participant',
  );
  const themesOf = items.map((item) => [...new Set(item.themes.map((theme) => theme.trim()).filter((theme) => theme !== ''))]);
  const counts = new Map<string, number>();
  for (const themes of themesOf) for (const theme of themes) counts.set(theme, (counts.get(theme) ?? 0) + 1);
  const chosen = [...counts]
    .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, roomCount)
    .map(([theme]) => theme);
  const rooms = chosen.map((theme) => ({ theme, participantIds: [] as string[] }));
  if (rooms.length === 0) return rooms;
  const roomOfTheme = new Map(chosen.map((theme, index) => [theme, rooms[index] as (typeof rooms)[number]]));

  const leftovers: string[] = [];
  items.forEach((item, index) => {
    const theme = (themesOf[index] as string[]).find((candidate) => roomOfTheme.has(candidate));
    if (theme === undefined) leftovers.push(item.participantId);
    else roomOfTheme.get(theme)?.participantIds.push(item.participantId);
  });
  for (const participantId of leftovers) {
    const smallest = rooms.reduce((best, room) => (room.participantIds.length < best.participantIds.length ? room : best));
    smallest.participantIds.push(participantId);
  }
  return rooms;
}
