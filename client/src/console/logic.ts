/**
 * The facilitator console's pure logic: fitting a board into a thumbnail, grouping rooms and people,
 * which timer a room counts down, who is online, and ideas ranked for the "select a winner" list.
 * No DOM, no I/O; table tests in logic.test.ts.
 */
import type { RoomEntry, RosterEntry } from '../../../shared/doc/workshop-control.ts';
import type { Timer } from '../../../shared/schema/control.ts';
import type { ChallengeSolution } from '../../../shared/schema/results.ts';

export type Rect = { x: number; y: number; w: number; h: number };
export type Transform = { scale: number; dx: number; dy: number };

/** The smallest rectangle around every zone and note; null for an empty board. Non-finite boxes are ignored. */
export function contentBounds(boxes: readonly Rect[]): Rect | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    if (![b.x, b.y, b.w, b.h].every(Number.isFinite) || b.w < 0 || b.h < 0) continue;
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w);
    maxY = Math.max(maxY, b.y + b.h);
  }
  if (minX === Infinity) return null;
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/**
 * Scale and offset that put `bounds` inside a `width` x `height` thumbnail, `padding` pixels from the
 * edges, aspect kept, centred: screen = board * scale + d. An empty or degenerate board maps its
 * origin to the centre at scale 1 (capped so a tiny board is not blown up beyond `maxScale`).
 */
export function fitTransform(bounds: Rect | null, width: number, height: number, padding = 4, maxScale = 1): Transform {
  const innerW = Math.max(1, width - 2 * padding);
  const innerH = Math.max(1, height - 2 * padding);
  if (!bounds || bounds.w <= 0 || bounds.h <= 0) {
    const scale = Math.min(maxScale, 1);
    const cx = bounds ? bounds.x + bounds.w / 2 : 0;
    const cy = bounds ? bounds.y + bounds.h / 2 : 0;
    return { scale, dx: width / 2 - cx * scale, dy: height / 2 - cy * scale };
  }
  const scale = Math.min(maxScale, innerW / bounds.w, innerH / bounds.h);
  return {
    scale,
    dx: (width - bounds.w * scale) / 2 - bounds.x * scale,
    dy: (height - bounds.h * scale) / 2 - bounds.y * scale,
  };
}

export function applyTransform(t: Transform, r: Rect): Rect {
  return { x: r.x * t.scale + t.dx, y: r.y * t.scale + t.dy, w: r.w * t.scale, h: r.h * t.scale };
}

export type SessionGroup = { session: string; title: string; rooms: RoomEntry[] };

/** Rooms grouped by session, sessions in the order their first room appears, rooms by name (numeric aware). */
export function groupBySession(rooms: readonly RoomEntry[]): SessionGroup[] {
  const groups = new Map<string, SessionGroup>();
  for (const room of rooms) {
    let group = groups.get(room.session);
    if (!group) {
      group = { session: room.session, title: room.sessionTitle || 'Breakout session', rooms: [] };
      groups.set(room.session, group);
    }
    group.rooms.push(room);
  }
  for (const group of groups.values()) group.rooms.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }) || a.id.localeCompare(b.id));
  return [...groups.values()];
}

/** The roster entries of a room's participants, in the room's order; ids missing from the roster get their id as name. */
export function peopleOf(room: RoomEntry, roster: readonly RosterEntry[]): RosterEntry[] {
  const byId = new Map(roster.map((p) => [p.id, p]));
  return room.participantIds.map((id) => byId.get(id) ?? { id, name: id, cluster: '', country: '' });
}

/** Everybody on the roster who is in no room of the session, by name. */
export function unassigned(group: SessionGroup, roster: readonly RosterEntry[]): RosterEntry[] {
  const placed = new Set(group.rooms.flatMap((r) => r.participantIds));
  return roster.filter((p) => !placed.has(p.id)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The room a participant is in within a session, or null. */
export function roomOf(group: SessionGroup, participantId: string): RoomEntry | null {
  return group.rooms.find((r) => r.participantIds.includes(participantId)) ?? null;
}

/** The timer a room's screens count down: its own, else the workshop-wide one. `scope` says which. */
export function roomTimer(timers: readonly Timer[], boardId: string): { timer: Timer; scope: 'room' | 'all' } | null {
  const own = timers.find((t) => t.board === boardId);
  if (own) return { timer: own, scope: 'room' };
  const all = timers.find((t) => t.board === null);
  return all ? { timer: all, scope: 'all' } : null;
}

/** An awareness state as the board page publishes it: a display name, and the participant id on workshop rooms. */
export type AwarenessState = { user?: { name?: unknown }; participant?: unknown };

/**
 * Which of `people` have a board open now: an awareness state naming their participant id, or (older
 * pages) a display name equal to theirs, ignoring case and spaces. Returns their ids, plus how many
 * other named visitors there are (e.g. the facilitator, observers, or people not in the room).
 */
export function onlinePeople(states: Iterable<AwarenessState>, people: readonly RosterEntry[]): { online: Set<string>; others: number } {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  const byName = new Map<string, string[]>();
  for (const p of people) byName.set(norm(p.name), [...(byName.get(norm(p.name)) ?? []), p.id]);
  const ids = new Set(people.map((p) => p.id));
  const online = new Set<string>();
  let others = 0;
  for (const state of states) {
    const participant = typeof state.participant === 'string' ? state.participant : null;
    const name = typeof state.user?.name === 'string' ? state.user.name : null;
    if (participant && ids.has(participant)) {
      online.add(participant);
      continue;
    }
    const matches = name ? byName.get(norm(name)) : undefined;
    if (!participant && matches && matches.length === 1) {
      online.add(matches[0]!);
      continue;
    }
    if (name || participant) others += 1;
  }
  return { online, others };
}

export type RankedIdea = {
  note: string;
  text: string;
  author: string;
  votes: number;
  rank: number;
  selected: boolean;
  /** Holds the most votes (more than zero), alone or tied. */
  leading: boolean;
};

/** A challenge's ideas for the winner list: best first, which one the facilitator picked, which lead the vote. */
export function rankIdeas(solution: Pick<ChallengeSolution, 'ideas' | 'selected'>): RankedIdea[] {
  const top = Math.max(0, ...solution.ideas.map((i) => i.votes));
  const picked = solution.selected?.by === 'facilitator' ? solution.selected.note : null;
  return [...solution.ideas]
    .sort((a, b) => a.rank - b.rank || a.note.localeCompare(b.note))
    .map((idea) => ({ ...idea, selected: idea.note === picked, leading: top > 0 && idea.votes === top }));
}

/** How many ideas per challenge "Votes and winners" lists before "Show all". */
export const TOP_IDEAS = 3;

/**
 * The ideas listed for a challenge while it is folded: the first `top` of the ranking, every idea tied
 * with the last of them on votes (a tie is never cut in two), and the facilitator's pick wherever it ranks.
 */
export function foldIdeas<T extends { votes: number; selected: boolean }>(ranked: readonly T[], top = TOP_IDEAS): { shown: T[]; hidden: number } {
  const last = ranked[top - 1];
  const shown = ranked.filter((idea, index) => index < top || idea.selected || (last !== undefined && last.votes > 0 && idea.votes === last.votes));
  return { shown, hidden: ranked.length - shown.length };
}

/** The broadcast a participant sees: the newest (by time, then id), unless they dismissed exactly that one. */
export function bannerMessage<M extends { id: string; at: number }>(messages: readonly M[], dismissed: string | null): M | null {
  let newest: M | null = null;
  for (const m of messages) if (!newest || m.at > newest.at || (m.at === newest.at && m.id > newest.id)) newest = m;
  return newest && newest.id !== dismissed ? newest : null;
}

/** Whole minutes typed into a timer box, as ms within the server's limits (1 s .. 24 h); null when unusable. */
export function minutesToMs(input: string): number | null {
  const minutes = Number(input.replace(',', '.').trim());
  if (!Number.isFinite(minutes) || minutes <= 0) return null;
  const ms = Math.round(minutes * 60_000);
  return ms < 1000 || ms > 24 * 3600_000 ? null : ms;
}

/** Calls a function at most once per `ms` (leading and trailing); `cancel` drops a pending call. */
export function throttle(fn: () => void, ms: number) {
  let last = -Infinity;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    pending = null;
    last = Date.now();
    fn();
  };
  const call = () => {
    if (pending) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else pending = setTimeout(run, wait);
  };
  call.cancel = () => {
    if (pending) clearTimeout(pending);
    pending = null;
  };
  return call;
}
