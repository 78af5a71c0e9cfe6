/**
 * Workshops: creating them, joining, and everything the facilitator and participants ask of the server.
 *
 * State is split by who may write it:
 *   - the workshop record (storage): agenda, participants, sessions and rooms, hidden votes. Only this
 *     service writes it, one change at a time per workshop, saved with an optimistic version check;
 *   - the control document (`control.<workshopId>`, synced read-only to every client of the workshop):
 *     phase, timers, vote budget, revealed votes, selections, locks, rooms, roster, plenary, messages;
 *   - each room's board document, written by the room's participants under `workshopBoardPolicy`;
 *   - a draft document per participant (`draft.<workshopId>.<participantId>`) for private ideation.
 * Every method checks the caller's role first and throws an HttpError the routes pass on.
 */
import type { FastifyBaseLogger } from 'fastify';
import { nanoid } from 'nanoid';
import * as Y from 'yjs';
import { getTemplate } from '../../boards/index.ts';
import { addNote, deleteNote, initBoardDoc, readBoard, revealResults, select as selectIdea, setPhase, setTimer, clearTimer, setVoteBudget, lock, unlock, vote as writeVote, unvote as eraseVote } from '../../shared/doc/index.ts';
import { addMessage, readWorkshopControl, setPlenary, setRooms, setRosterEntry, type RoomEntry } from '../../shared/doc/workshop-control.ts';
import { challengeSolutions } from '../../shared/reducers/index.ts';
import { noteZone } from '../../shared/doc/changes.ts';
import type { Phase } from '../../shared/schema/control.ts';
import { WorkshopSchema, type Workshop, type WorkshopParticipant } from '../../shared/schema/workshop.ts';
import { ParticipantProfileSchema, type ParticipantProfileInput } from '../../shared/schema/profile.ts';
import { assignByPreference, assignEvenly, moveParticipant, roomsFromThemes, type Assignment } from '../../shared/workshop/assign.ts';
import { extendTimer, pauseTimer, resumeTimer, startTimer, type TimerState } from '../../shared/workshop/timer.ts';
import { suggestedDurationMs, type BoardPhase } from '../../shared/workshop/phase-rules.ts';
import type { Principal } from '../auth/principal.ts';
import { hashToken, newBoardId, newToken } from '../auth/tokens.ts';
import { HttpError } from '../http-errors.ts';
import type { PrincipalRecord, Storage } from '../storage/types.ts';
import type { Rooms } from '../sync/rooms.ts';
import type { Role } from '../sync/connection.ts';
import type { WritePolicy } from '../sync/room.ts';
import { workshopBoardPolicy, type BoardRules } from './board-policy.ts';
import { docIds, parseDocId } from './doc-ids.ts';
import type { CreateWorkshopInput, SessionInput } from './inputs.ts';

export type WorkshopTokens = { workshopId: string; facilitatorToken: string; joinToken: string; observerToken: string };

type Cached = {
  workshop: Workshop;
  version: number;
  /** Mirrors of what this service wrote into the control document, for synchronous write checks. */
  workshopPhase: BoardPhase;
  boardPhase: Map<string, BoardPhase>;
  locked: Set<string>;
  revealed: Set<string>;
  presenting: string | null;
  timers: Map<string, TimerState & { board: string | null; label: string }>;
};

export class WorkshopService {
  #storage: Storage;
  #rooms: Rooms;
  #log: FastifyBaseLogger;
  #now: () => number;
  #cache = new Map<string, Cached>();
  #loading = new Map<string, Promise<Cached | null>>();
  #queues = new Map<string, Promise<unknown>>();

  constructor(options: { storage: Storage; rooms: Rooms; log: FastifyBaseLogger; now?: () => number }) {
    this.#storage = options.storage;
    this.#rooms = options.rooms;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  // ---- identity -------------------------------------------------------------------------------

  async authenticate(token: string | undefined): Promise<Principal | null> {
    if (!token || token.length > 200) return null;
    const record = await this.#storage.findPrincipal(hashToken(token));
    return record ? { workshopId: record.workshopId, role: record.role, participantId: record.participantId } : null;
  }

  async create(input: CreateWorkshopInput): Promise<WorkshopTokens> {
    const workshopId = nanoid(12);
    const now = this.#now();
    const participants: WorkshopParticipant[] = input.participants.map((p) => {
      const id = nanoid(10);
      return {
      id,
      name: p.name,
      cluster: p.cluster,
      country: p.country,
      profile: p.profile ? ParticipantProfileSchema.parse({ ...p.profile, id }) : null,
      ranking: [],
      preRegistered: true,
      claimed: false,
      joinedAt: null,
      };
    });
    const sessions = [];
    for (const session of input.sessions) sessions.push(await this.#createSession(workshopId, session));
    const workshop = WorkshopSchema.parse({
      id: workshopId,
      title: input.title,
      date: input.date,
      createdAt: now,
      agenda: input.agenda,
      participants,
      sessions,
      voteBudget: input.voteBudget,
      privateIdeation: input.privateIdeation,
    });
    const tokens = { facilitatorToken: newToken(), joinToken: newToken(), observerToken: newToken() };
    const principal = (token: string, role: PrincipalRecord['role']): PrincipalRecord => ({
      tokenHash: hashToken(token),
      workshopId,
      role,
      participantId: null,
      createdAt: now,
    });
    await this.#storage.createWorkshop({ id: workshopId, data: JSON.stringify(workshop), createdAt: now }, [
      principal(tokens.facilitatorToken, 'facilitator'),
      principal(tokens.joinToken, 'join'),
      principal(tokens.observerToken, 'observer'),
    ]);
    await this.#control(workshopId, (doc) => {
      setVoteBudget(doc, null, workshop.voteBudget);
      setRooms(doc, roomEntries(workshop));
      for (const p of participants) setRosterEntry(doc, { id: p.id, name: p.name, cluster: p.cluster, country: p.country });
    });
    return { workshopId, ...tokens };
  }

  /** Joining through the participant link: a new participant, or a pre-registered one claimed once. */
  async join(workshopId: string, code: string, input: { name?: string; participantId?: string; cluster?: string; country?: string }) {
    const principal = await this.authenticate(code);
    if (!principal || principal.workshopId !== workshopId || principal.role !== 'join') {
      throw new HttpError(401, 'unauthorized', 'this join link is not valid for this workshop');
    }
    const token = newToken();
    const participant = await this.#mutate(workshopId, (w) => {
      let p: WorkshopParticipant | undefined;
      if (input.participantId) {
        p = w.participants.find((x) => x.id === input.participantId);
        if (!p || !p.preRegistered) throw new HttpError(404, 'not_found', 'no such pre-registered participant', 'participantId');
        if (p.claimed) throw new HttpError(409, 'conflict', 'this profile was already claimed; ask the facilitator', 'participantId');
        p.claimed = true;
        p.joinedAt = this.#now();
      } else {
        if (!input.name) throw new HttpError(400, 'invalid_request', 'name: a name is needed to join', 'name');
        p = {
          id: nanoid(10),
          name: input.name,
          cluster: input.cluster ?? '',
          country: input.country ?? '',
          profile: null,
          ranking: [],
          preRegistered: false,
          claimed: true,
          joinedAt: this.#now(),
        };
        w.participants.push(p);
      }
      return { ...p };
    });
    await this.#storage.addPrincipal({
      tokenHash: hashToken(token),
      workshopId,
      role: 'participant',
      participantId: participant.id,
      createdAt: this.#now(),
    });
    await this.#control(workshopId, (doc) =>
      setRosterEntry(doc, { id: participant.id, name: participant.name, cluster: participant.cluster, country: participant.country }),
    );
    return { participantId: participant.id, name: participant.name, token };
  }

  // ---- reading ----------------------------------------------------------------------------------

  async get(workshopId: string): Promise<Workshop> {
    const cached = await this.#load(workshopId);
    if (!cached) throw new HttpError(404, 'not_found', 'no such workshop');
    return cached.workshop;
  }

  /** What a principal may see of the workshop: everything for the facilitator, the shape for others. */
  async summary(principal: Principal) {
    const w = await this.get(principal.workshopId);
    const me = principal.participantId ? w.participants.find((p) => p.id === principal.participantId) ?? null : null;
    const myRooms = w.sessions.flatMap((s) => s.rooms.filter((r) => me && r.participantIds.includes(me.id)).map((r) => ({ session: s.id, room: r.id, boardId: r.boardId })));
    return {
      workshopId: w.id,
      title: w.title,
      date: w.date,
      agenda: w.agenda,
      role: principal.role,
      me: me ? { id: me.id, name: me.name } : null,
      myRooms,
      controlDoc: docIds.control(w.id),
      draftDoc: me ? docIds.draft(w.id, me.id) : null,
      voteBudget: w.voteBudget,
      privateIdeation: w.privateIdeation,
      sessions: w.sessions.map((s) => ({
        id: s.id,
        title: s.title,
        template: s.template,
        rooms: s.rooms.map((r) => ({ id: r.id, name: r.name, boardId: r.boardId, challenges: r.challenges, participantIds: r.participantIds })),
      })),
      participants:
        principal.role === 'facilitator'
          ? w.participants.map((p) => ({ id: p.id, name: p.name, cluster: p.cluster, country: p.country, preRegistered: p.preRegistered, claimed: p.claimed }))
          : w.participants.filter((p) => p.claimed || p.preRegistered).map((p) => ({ id: p.id, name: p.name, cluster: p.cluster, country: p.country })),
    };
  }

  /** A participant's own votes and what is left of their budget, per challenge. */
  async myVotes(principal: Principal) {
    const w = await this.get(principal.workshopId);
    const mine = w.votes.filter((v) => v.voter === principal.participantId);
    const used: Record<string, number> = {};
    for (const v of mine) used[`${v.board}/${v.challenge}`] = (used[`${v.board}/${v.challenge}`] ?? 0) + 1;
    return { budget: w.voteBudget, votes: mine.map(({ board, note, challenge, at }) => ({ board, note, challenge, at })), used };
  }

  // ---- sync access --------------------------------------------------------------------------------

  /** Whether a principal may open a workshop document, and how. */
  async authorizeDoc(docId: string, principal: Principal): Promise<Role | 'forbidden' | 'not-found'> {
    const parsed = parseDocId(docId);
    if (!parsed) return 'not-found';
    const cached = await this.#load(principal.workshopId);
    if (!cached) return 'not-found';
    if (principal.role === 'join') return 'forbidden';
    if (parsed.kind === 'control') return parsed.workshopId === principal.workshopId ? 'view' : 'forbidden';
    if (parsed.kind === 'draft') {
      if (parsed.workshopId !== principal.workshopId) return 'forbidden';
      return principal.role === 'participant' && principal.participantId === parsed.participantId ? 'edit' : 'forbidden';
    }
    const room = findRoom(cached.workshop, parsed.boardId);
    if (!room) return 'forbidden';
    if (principal.role === 'facilitator') return 'edit';
    if (principal.role === 'participant' && principal.participantId && room.participantIds.includes(principal.participantId)) return 'edit';
    return cached.presenting === parsed.boardId ? 'view' : 'forbidden';
  }

  /** The write rules of a document: workshop boards and drafts get them, control documents take no client writes at all. */
  async policyFor(docId: string, boardWorkshopId: string | null): Promise<WritePolicy | null> {
    const parsed = parseDocId(docId);
    if (parsed?.kind === 'draft') {
      const { workshopId, participantId } = parsed;
      await this.#load(workshopId);
      return workshopBoardPolicy(() => ({ phase: null, locked: false, members: new Set([participantId]) }), { draft: true });
    }
    if (parsed?.kind !== 'board' || !boardWorkshopId) return null;
    await this.#load(boardWorkshopId);
    return workshopBoardPolicy(() => this.#rulesFor(boardWorkshopId, parsed.boardId));
  }

  #rulesFor(workshopId: string, boardId: string): BoardRules | null {
    const cached = this.#cache.get(workshopId);
    const room = cached ? findRoom(cached.workshop, boardId) : undefined;
    if (!cached || !room) return null;
    return {
      phase: cached.boardPhase.get(boardId) ?? cached.workshopPhase,
      locked: cached.locked.has(boardId),
      members: new Set(room.participantIds),
    };
  }

  // ---- facilitation -------------------------------------------------------------------------------

  async addSession(principal: Principal, input: SessionInput) {
    requireFacilitator(principal);
    const session = await this.#createSession(principal.workshopId, input);
    const w = await this.#mutate(principal.workshopId, (w) => {
      w.sessions.push(session);
      return w;
    });
    await this.#control(principal.workshopId, (doc) => setRooms(doc, roomEntries(w)));
    return session;
  }

  /** A session with one room per frequent theme; each participant lands in the room of their first chosen theme. */
  async addThemeSession(principal: Principal, input: { title: string; template: string; rooms: number; themes: { participant: string; themes: string[] }[] }) {
    requireFacilitator(principal);
    const w = await this.get(principal.workshopId);
    const known = new Set(w.participants.map((p) => p.id));
    const unknown = input.themes.find((t) => !known.has(t.participant));
    if (unknown) throw new HttpError(400, 'invalid_request', `themes: unknown participant ${unknown.participant}`, 'themes');
    const groups = roomsFromThemes(
      input.themes.map((t) => ({ participantId: t.participant, themes: t.themes })),
      input.rooms,
    );
    if (groups.length === 0) throw new HttpError(400, 'invalid_request', 'themes: no theme to make a room of', 'themes');
    const template = getTemplate(input.template);
    const session = await this.#createSession(principal.workshopId, {
      title: input.title,
      template: input.template,
      rooms: groups.map((g) => ({ name: g.theme, challenges: template?.challenges ? [g.theme] : [] })),
    });
    session.rooms.forEach((room, i) => {
      room.participantIds = groups[i]?.participantIds ?? [];
    });
    const updated = await this.#mutate(principal.workshopId, (draft) => {
      draft.sessions.push(session);
      return draft;
    });
    await this.#control(principal.workshopId, (doc) => setRooms(doc, roomEntries(updated)));
    return session;
  }

  async assign(principal: Principal, input: { session: string; mode: 'even' | 'preference'; participants?: string[] }) {
    requireFacilitator(principal);
    const w = await this.#mutate(principal.workshopId, (w) => {
      const session = w.sessions.find((s) => s.id === input.session);
      if (!session) throw new HttpError(404, 'not_found', 'no such session', 'session');
      const known = new Set(w.participants.map((p) => p.id));
      const ids = input.participants ?? w.participants.filter((p) => p.claimed || p.preRegistered).map((p) => p.id);
      const unknown = ids.find((id) => !known.has(id));
      if (unknown) throw new HttpError(400, 'invalid_request', `participants: unknown participant ${unknown}`, 'participants');
      const roomIds = session.rooms.map((r) => r.id);
      const assignment: Assignment =
        input.mode === 'even'
          ? assignEvenly(ids, roomIds)
          : assignByPreference(
              ids.map((id) => ({ id, ranking: w.participants.find((p) => p.id === id)?.ranking ?? [] })),
              roomIds,
            ).assignment;
      for (const room of session.rooms) room.participantIds = assignment[room.id] ?? [];
      return w;
    });
    await this.#control(principal.workshopId, (doc) => setRooms(doc, roomEntries(w)));
    return roomEntries(w).filter((r) => r.session === input.session);
  }

  async setRanking(principal: Principal, ranking: string[]) {
    if (principal.role !== 'participant' || !principal.participantId) throw new HttpError(403, 'forbidden', 'only participants rank rooms');
    const me = principal.participantId;
    await this.#mutate(principal.workshopId, (w) => {
      const roomIds = new Set(w.sessions.flatMap((s) => s.rooms.map((r) => r.id)));
      const unknown = ranking.find((id) => !roomIds.has(id));
      if (unknown) throw new HttpError(400, 'invalid_request', `ranking: unknown room ${unknown}`, 'ranking');
      const p = w.participants.find((x) => x.id === me);
      if (p) p.ranking = ranking;
    });
  }

  async setProfile(principal: Principal, profile: Omit<ParticipantProfileInput, 'id' | 'v'>) {
    if (principal.role !== 'participant' || !principal.participantId) throw new HttpError(403, 'forbidden', 'only participants have a profile');
    const me = principal.participantId;
    const updated = await this.#mutate(principal.workshopId, (w) => {
      const p = w.participants.find((x) => x.id === me);
      if (!p) throw new HttpError(404, 'not_found', 'no such participant');
      p.profile = ParticipantProfileSchema.parse({ ...profile, id: me });
      if (profile.name) p.name = profile.name;
      if (profile.clusterName) p.cluster = profile.clusterName;
      if (profile.country) p.country = profile.country;
      return { ...p };
    });
    await this.#control(principal.workshopId, (doc) =>
      setRosterEntry(doc, { id: updated.id, name: updated.name, cluster: updated.cluster, country: updated.country }),
    );
  }

  async move(principal: Principal, input: { participant: string; room: string }) {
    requireFacilitator(principal);
    const w = await this.#mutate(principal.workshopId, (w) => {
      const session = w.sessions.find((s) => s.rooms.some((r) => r.id === input.room));
      if (!session) throw new HttpError(404, 'not_found', 'no such room', 'room');
      if (!w.participants.some((p) => p.id === input.participant)) throw new HttpError(404, 'not_found', 'no such participant', 'participant');
      const current: Assignment = Object.fromEntries(session.rooms.map((r) => [r.id, r.participantIds]));
      const moved = moveParticipant(current, input.participant, input.room);
      for (const room of session.rooms) room.participantIds = moved[room.id] ?? [];
      return w;
    });
    await this.#control(principal.workshopId, (doc) => setRooms(doc, roomEntries(w)));
  }

  async setPhase(principal: Principal, input: { board: string | null; phase: Phase; timer: boolean }) {
    requireFacilitator(principal);
    const cached = await this.#mustLoad(principal.workshopId);
    const room = input.board ? this.#room(cached, input.board) : null;
    await this.#control(principal.workshopId, (doc) => {
      setPhase(doc, input.board, input.phase);
      if (input.board) cached.boardPhase.set(input.board, input.phase);
      else {
        cached.workshopPhase = input.phase;
        cached.boardPhase.clear();
        // A workshop-wide phase overrides the rooms' own.
        for (const r of allRooms(cached.workshop)) setPhase(doc, r.boardId, input.phase);
      }
    });
    if (input.timer) {
      const session = room ? cached.workshop.sessions.find((s) => s.rooms.includes(room)) : cached.workshop.sessions[0];
      const template = session ? getTemplate(session.template) : undefined;
      const challengeCount = room?.challenges.length ?? 1;
      const duration = template ? suggestedDurationMs(template, input.phase, Math.max(1, challengeCount)) : null;
      if (duration) await this.timer(principal, { board: input.board, action: 'start', durationMs: duration, label: input.phase });
    }
    return { board: input.board, phase: input.phase };
  }

  async timer(
    principal: Principal,
    input: { board: string | null; action: 'start' | 'pause' | 'resume' | 'extend' | 'clear'; durationMs?: number; byMs?: number; label?: string },
  ) {
    requireFacilitator(principal);
    const cached = await this.#mustLoad(principal.workshopId);
    if (input.board) this.#room(cached, input.board);
    const id = input.board ?? 'workshop';
    const now = this.#now();
    const existing = cached.timers.get(id);
    let next: (TimerState & { board: string | null; label: string }) | null;
    try {
      switch (input.action) {
        case 'start':
          if (input.durationMs === undefined) throw new HttpError(400, 'invalid_request', 'durationMs: needed to start a timer', 'durationMs');
          next = { ...startTimer(input.durationMs, now), board: input.board, label: input.label ?? existing?.label ?? '' };
          break;
        case 'clear':
          next = null;
          break;
        default: {
          if (!existing) throw new HttpError(409, 'conflict', 'no timer is running there');
          const state =
            input.action === 'pause'
              ? pauseTimer(existing, now)
              : input.action === 'resume'
                ? resumeTimer(existing, now)
                : extendTimer(existing, input.byMs ?? 60_000, now);
          next = { ...state, board: existing.board, label: input.label ?? existing.label };
        }
      }
    } catch (err) {
      if (err instanceof RangeError) throw new HttpError(400, 'invalid_request', err.message);
      throw err;
    }
    await this.#control(principal.workshopId, (doc) => {
      if (next) setTimer(doc, { id, board: next.board, label: next.label, endsAt: next.endsAt, remainingMs: next.remainingMs });
      else clearTimer(doc, id);
    });
    if (next) cached.timers.set(id, next);
    else cached.timers.delete(id);
    return next ? { id, ...next, serverNow: now } : { id, cleared: true, serverNow: now };
  }

  async setLock(principal: Principal, input: { board: string; locked: boolean }) {
    requireFacilitator(principal);
    const cached = await this.#mustLoad(principal.workshopId);
    this.#room(cached, input.board);
    await this.#control(principal.workshopId, (doc) => {
      if (input.locked) lock(doc, { board: input.board, zone: null, by: 'facilitator', at: this.#now() });
      else unlock(doc, input.board, null);
    });
    if (input.locked) cached.locked.add(input.board);
    else cached.locked.delete(input.board);
  }

  async vote(principal: Principal, input: { board: string; note: string }, remove = false) {
    if (principal.role !== 'participant' || !principal.participantId) throw new HttpError(403, 'forbidden', 'only participants vote');
    const voter = principal.participantId;
    const cached = await this.#mustLoad(principal.workshopId);
    const room = this.#room(cached, input.board);
    if (!room.participantIds.includes(voter)) throw new HttpError(403, 'forbidden', 'you can only vote in your own room');
    const phase = cached.boardPhase.get(input.board) ?? cached.workshopPhase;
    if (phase !== 'vote') throw new HttpError(409, 'conflict', `voting is closed (phase ${phase ?? 'none'})`);
    const challenge = await this.#rooms.withRoom(input.board, async (r) => {
      const board = readBoard(r.doc).board;
      const note = board.notes.find((n) => n.id === input.note);
      if (!note) return null;
      return board.challenges.some((c) => c.id === note.zone) ? note.zone : undefined;
    });
    if (challenge === null) throw new HttpError(404, 'not_found', 'no such note on this board', 'note');
    if (challenge === undefined) throw new HttpError(409, 'conflict', 'this note is not under a challenge', 'note');
    const at = this.#now();
    const changed = await this.#mutate(principal.workshopId, (w) => {
      const index = w.votes.findIndex((v) => v.board === input.board && v.voter === voter && v.note === input.note);
      if (remove) {
        if (index < 0) return false;
        w.votes.splice(index, 1);
        return true;
      }
      if (index >= 0) return false;
      const used = w.votes.filter((v) => v.board === input.board && v.voter === voter && v.challenge === challenge).length;
      if (used >= w.voteBudget) throw new HttpError(409, 'conflict', `no dots left for this challenge (budget ${w.voteBudget})`);
      w.votes.push({ board: input.board, voter, note: input.note, challenge, at });
      return true;
    });
    if (changed && cached.revealed.has(input.board)) {
      await this.#control(principal.workshopId, (doc) => {
        if (remove) eraseVote(doc, { board: input.board, voter, note: input.note });
        else writeVote(doc, { board: input.board, voter, note: input.note, at });
      });
    }
    return this.myVotes(principal);
  }

  /** Shows a board's votes to everybody: copies them into the control document. */
  async reveal(principal: Principal, input: { board: string }) {
    requireFacilitator(principal);
    const cached = await this.#mustLoad(principal.workshopId);
    this.#room(cached, input.board);
    const votes = cached.workshop.votes.filter((v) => v.board === input.board);
    await this.#control(principal.workshopId, (doc) => {
      for (const v of votes) writeVote(doc, { board: v.board, voter: v.voter, note: v.note, at: v.at });
      revealResults(doc, input.board, true);
    });
    cached.revealed.add(input.board);
    return { board: input.board, votes: votes.length };
  }

  /** The facilitator's pick per challenge; without a note, the most voted idea (ties: the reducer's rule). */
  async select(principal: Principal, input: { board: string; challenge: string; note?: string }) {
    requireFacilitator(principal);
    const cached = await this.#mustLoad(principal.workshopId);
    this.#room(cached, input.board);
    const board = await this.resultsBoard(principal.workshopId, input.board, { hiddenVotes: true });
    const challenge = board.challenges.find((c) => c.id === input.challenge);
    if (!challenge) throw new HttpError(404, 'not_found', 'no such challenge on this board', 'challenge');
    let note = input.note;
    if (note) {
      const n = board.notes.find((x) => x.id === note);
      if (!n || n.zone !== challenge.id) throw new HttpError(404, 'not_found', 'no such idea under this challenge', 'note');
    } else {
      const solution = challengeSolutions(board).challenges.find((c) => c.id === challenge.id);
      note = solution?.selected?.note;
      if (!note) throw new HttpError(409, 'conflict', 'no votes to pick a winner from; name the note');
    }
    const picked = note;
    await this.#control(principal.workshopId, (doc) =>
      selectIdea(doc, { board: input.board, challenge: challenge.id, note: picked, by: 'facilitator', at: this.#now() }),
    );
    return { board: input.board, challenge: challenge.id, note: picked };
  }

  async present(principal: Principal, input: { board: string | null; presenter?: string | null; mode?: 'plenary' | 'rooms' }) {
    requireFacilitator(principal);
    const cached = await this.#mustLoad(principal.workshopId);
    if (input.board) this.#room(cached, input.board);
    if (input.presenter && !cached.workshop.participants.some((p) => p.id === input.presenter)) {
      throw new HttpError(404, 'not_found', 'no such participant', 'presenter');
    }
    await this.#control(principal.workshopId, (doc) =>
      setPlenary(doc, { mode: input.mode ?? (input.board ? 'plenary' : 'rooms'), board: input.board, presenter: input.presenter ?? null, at: this.#now() }),
    );
    cached.presenting = input.board;
  }

  async broadcast(principal: Principal, text: string) {
    requireFacilitator(principal);
    await this.#mustLoad(principal.workshopId);
    const message = { id: nanoid(10), text, at: this.#now() };
    await this.#control(principal.workshopId, (doc) => addMessage(doc, message));
    return message;
  }

  /** Private ideation: moves every member's draft notes onto the room's board, then empties the drafts. */
  async revealDrafts(principal: Principal, input: { board: string }) {
    requireFacilitator(principal);
    const cached = await this.#mustLoad(principal.workshopId);
    const room = this.#room(cached, input.board);
    let moved = 0;
    for (const participantId of room.participantIds) {
      const draftId = docIds.draft(principal.workshopId, participantId);
      // A draft has no zones of its own: take each note's zone as written, for the board to resolve.
      const notes = await this.#rooms.withRoom(draftId, async (draft) =>
        readBoard(draft.doc)
          .board.notes.filter((n) => n.author === participantId && n.text.trim() !== '')
          .map((n) => ({ ...n, zone: noteZone(draft.doc, n.id) })),
      );
      if (notes.length === 0) continue;
      await this.#rooms.withRoom(input.board, (board) =>
        board.writeAsServer((doc) => {
          for (const n of notes) {
            addNote(doc, { id: n.id, text: n.text, author: n.author, color: n.color, x: n.x, y: n.y, w: n.w, h: n.h, zone: n.zone, createdAt: n.createdAt });
          }
        }),
      );
      await this.#rooms.withRoom(draftId, (draft) => draft.writeAsServer((doc) => notes.forEach((n) => deleteNote(doc, n.id))));
      moved += notes.length;
    }
    return { board: input.board, moved };
  }

  /**
   * A board read with the control document's selections and votes: every vote for the facilitator
   * (`hiddenVotes`), only the revealed ones otherwise. For results and exports.
   */
  async resultsBoard(workshopId: string, boardId: string, options: { hiddenVotes: boolean }) {
    const cached = await this.#mustLoad(workshopId);
    const control = new Y.Doc();
    await this.#rooms.withRoom(docIds.control(workshopId), async (room) => Y.applyUpdate(control, Y.encodeStateAsUpdate(room.doc)));
    if (options.hiddenVotes) {
      for (const v of cached.workshop.votes) {
        if (v.board === boardId) writeVote(control, { board: v.board, voter: v.voter, note: v.note, at: v.at });
      }
    }
    const board = await this.#rooms.withRoom(boardId, async (room) => readBoard(room.doc, control).board);
    control.destroy();
    return board;
  }

  // ---- internals ----------------------------------------------------------------------------------

  async #createSession(workshopId: string, input: SessionInput) {
    const template = getTemplate(input.template);
    if (!template) throw new HttpError(400, 'invalid_request', `template: unknown template ${input.template}`, 'template');
    const rooms = [];
    for (const roomInput of input.rooms) {
      const boardId = newBoardId();
      const doc = new Y.Doc();
      const spec = template.challenges;
      if (roomInput.challenges.length > 0 && !spec) {
        throw new HttpError(400, 'invalid_request', `rooms: template ${template.id} takes no challenges`, 'rooms');
      }
      try {
        initBoardDoc(doc, template, {
          id: boardId,
          title: roomInput.name,
          createdAt: this.#now(),
          ...(roomInput.challenges.length > 0 ? { challenges: roomInput.challenges } : {}),
        });
      } catch (err) {
        throw new HttpError(400, 'invalid_request', `rooms: ${(err as Error).message}`, 'rooms');
      }
      await this.#storage.createBoard(
        {
          id: boardId,
          title: roomInput.name,
          template: template.id,
          // Room boards open with workshop tokens only: these capabilities are never handed out.
          editTokenHash: hashToken(newToken()),
          viewTokenHash: hashToken(newToken()),
          createdAt: this.#now(),
          workshopId,
        },
        Y.encodeStateAsUpdate(doc),
      );
      doc.destroy();
      rooms.push({ id: nanoid(10), name: roomInput.name, boardId, challenges: roomInput.challenges, participantIds: [] as string[] });
    }
    return { id: nanoid(10), title: input.title, template: template.id, rooms };
  }

  #room(cached: Cached, boardId: string) {
    const room = findRoom(cached.workshop, boardId);
    if (!room) throw new HttpError(404, 'not_found', 'no such board in this workshop', 'board');
    return room;
  }

  async #mustLoad(workshopId: string): Promise<Cached> {
    const cached = await this.#load(workshopId);
    if (!cached) throw new HttpError(404, 'not_found', 'no such workshop');
    return cached;
  }

  #load(workshopId: string): Promise<Cached | null> {
    const cached = this.#cache.get(workshopId);
    if (cached) return Promise.resolve(cached);
    let loading = this.#loading.get(workshopId);
    if (!loading) {
      loading = this.#read(workshopId).finally(() => this.#loading.delete(workshopId));
      this.#loading.set(workshopId, loading);
    }
    return loading;
  }

  async #read(workshopId: string): Promise<Cached | null> {
    const row = await this.#storage.getWorkshop(workshopId);
    if (!row) return null;
    const parsed = WorkshopSchema.safeParse(JSON.parse(row.data));
    if (!parsed.success) {
      this.#log.error({ workshopId, issues: parsed.error.issues.slice(0, 3) }, 'stored workshop does not validate');
      throw new HttpError(500, 'internal', 'this workshop cannot be read');
    }
    const cached: Cached = {
      workshop: parsed.data,
      version: row.version,
      workshopPhase: null,
      boardPhase: new Map(),
      locked: new Set(),
      revealed: new Set(),
      presenting: null,
      timers: new Map(),
    };
    // Phase, locks, reveals and timers live in the control document: read them back once.
    await this.#rooms.withRoom(docIds.control(workshopId), async (room) => mirrorControl(room.doc, cached));
    this.#cache.set(workshopId, cached);
    return cached;
  }

  /** Changes the workshop record: one change at a time per workshop, validated, saved with a version check. */
  #mutate<T>(workshopId: string, change: (w: Workshop) => T): Promise<T> {
    const previous = this.#queues.get(workshopId) ?? Promise.resolve();
    const run = previous.then(async () => {
      const cached = await this.#mustLoad(workshopId);
      const draft = structuredClone(cached.workshop);
      const result = change(draft);
      const next = WorkshopSchema.parse(draft);
      const saved = await this.#storage.updateWorkshop(workshopId, JSON.stringify(next), cached.version);
      if (!saved) {
        this.#cache.delete(workshopId);
        throw new HttpError(409, 'conflict', 'the workshop changed meanwhile; try again');
      }
      cached.workshop = next;
      cached.version++;
      return result;
    });
    this.#queues.set(workshopId, run.catch(() => undefined));
    return run;
  }

  #control(workshopId: string, change: (doc: Y.Doc) => void): Promise<void> {
    return this.#rooms.withRoom(docIds.control(workshopId), (room) => room.writeAsServer(change));
  }
}

export function findRoom(w: Workshop, boardId: string) {
  for (const s of w.sessions) for (const r of s.rooms) if (r.boardId === boardId) return r;
  return undefined;
}

function allRooms(w: Workshop) {
  return w.sessions.flatMap((s) => s.rooms);
}

function roomEntries(w: Workshop): RoomEntry[] {
  return w.sessions.flatMap((s) =>
    s.rooms.map((r) => ({ id: r.id, name: r.name, session: s.id, sessionTitle: s.title, boardId: r.boardId, challenges: r.challenges, participantIds: r.participantIds })),
  );
}

function requireFacilitator(principal: Principal): void {
  if (principal.role !== 'facilitator') throw new HttpError(403, 'forbidden', 'only the facilitator can do this');
}

function mirrorControl(doc: Y.Doc, cached: Cached): void {
  const empty = new Y.Doc();
  for (const r of allRooms(cached.workshop)) {
    const control = readBoard(empty, doc, { boardId: r.boardId, cache: false }).board.control;
    if (control.phase !== null) cached.boardPhase.set(r.boardId, control.phase);
    if (control.resultsRevealed) cached.revealed.add(r.boardId);
    if (control.locks.some((l) => l.zone === null)) cached.locked.add(r.boardId);
    for (const t of control.timers) {
      cached.timers.set(t.id, { board: t.board, label: t.label, endsAt: t.endsAt, remainingMs: t.remainingMs });
    }
  }
  empty.destroy();
  cached.presenting = readWorkshopControl(doc).plenary.board;
}
