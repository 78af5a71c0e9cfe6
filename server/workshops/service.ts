/**
 * Workshops: creating them, joining, and everything the facilitator and participants ask of the server.
 *
 * State is split by who may read it (store.ts says how it is kept):
 *   - the state document (`workshop.<workshopId>`, server-only): agenda, participants, sessions and
 *     rooms, hidden votes, matchmaking. Written one step at a time per workshop, across servers;
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
import { initBoardDoc, setVoteBudget } from '../../shared/doc/index.ts';
import { setRooms, setRosterEntry } from '../../shared/doc/workshop-control.ts';
import { WorkshopSchema, type Workshop, type WorkshopParticipant } from '../../shared/schema/workshop.ts';
import { ParticipantProfileSchema, type ParticipantProfileInput } from '../../shared/schema/profile.ts';
import { assignByPreference, assignEvenly, moveParticipant, roomsFromThemes, type Assignment } from '../../shared/workshop/assign.ts';
import type { Principal } from '../auth/principal.ts';
import { hashToken, newBoardId, newToken } from '../auth/tokens.ts';
import { HttpError } from '../http-errors.ts';
import type { PrincipalRecord, Storage } from '../storage/types.ts';
import type { LiveDocs } from '../sync/live-docs.ts';
import type { Role } from '../sync/connection.ts';
import type { WritePolicy } from '../sync/live-doc.ts';
import { workshopBoardPolicy, type BoardRules } from './board-policy.ts';
import { docIds, parseDocId } from './doc-ids.ts';
import { Facilitation } from './facilitation.ts';
import { HuntHints } from './hints.ts';
import { Matchmaking } from './matchmaking.ts';
import type { CreateWorkshopInput, SessionInput } from '../../shared/schema/requests.ts';
import { findRoom, requireFacilitator, roomEntries, WorkshopStore } from './store.ts';
import { Voting } from './voting.ts';
import { Setup } from './setup.ts';
import { linksFor, openLinks, sealLinks, type WorkshopLinks } from './links.ts';

export type WorkshopTokens = { workshopId: string; facilitatorToken: string; joinToken: string; observerToken: string; coFacilitatorToken: string };

/** Workshops, joining, rooms and access; facilitation and voting live in their own modules, on the same store. */
export class WorkshopService {
  readonly facilitation: Facilitation;
  readonly voting: Voting;
  readonly matchmaking: Matchmaking;
  readonly setup: Setup;
  readonly hints: HuntHints;
  #store: WorkshopStore;

  constructor(options: { storage: Storage; liveDocs: LiveDocs; log: FastifyBaseLogger; now?: () => number; idleMs?: number }) {
    this.#store = new WorkshopStore(options);
    this.facilitation = new Facilitation(this.#store);
    this.voting = new Voting(this.#store);
    this.matchmaking = new Matchmaking(this.#store);
    this.setup = new Setup(this.#store, (workshopId, templateId, input, first) => this.#createRoom(workshopId, templateId, input, first));
    this.hints = new HuntHints(this.#store);
  }


  /** Whether this server holds the workshop in memory now (idle workshops unload). */
  isLoaded(workshopId: string): boolean {
    return this.#store.cache.has(workshopId);
  }

  async authenticate(token: string | undefined): Promise<Principal | null> {
    if (!token || token.length > 200) return null;
    const record = await this.#store.storage.findPrincipal(hashToken(token));
    return record ? { workshopId: record.workshopId, role: record.role, participantId: record.participantId } : null;
  }


  /**
   * The links to hand out, for a facilitator's screen (`token` is the caller's own). Workshops made before
   * links were kept, or a facilitator token they were not sealed for, get new ones once (the old links
   * keep working).
   */
  async links(principal: Principal, token: string): Promise<WorkshopLinks> {
    requireFacilitator(principal);
    const workshopId = principal.workshopId;
    const sealed = (await this.get(workshopId)).sealedLinks[hashToken(token)];
    const opened = sealed ? openLinks(token, sealed) : null;
    if (opened) return opened;
    const tokens = { joinToken: newToken(), observerToken: newToken(), coFacilitatorToken: newToken() };
    const now = this.#store.now();
    for (const [t, role] of [[tokens.joinToken, 'join'], [tokens.observerToken, 'observer'], [tokens.coFacilitatorToken, 'facilitator']] as const) {
      await this.#store.storage.addPrincipal({ tokenHash: hashToken(t), workshopId, role, participantId: null, createdAt: now });
    }
    const links = linksFor(workshopId, tokens);
    await this.#store.mutate(workshopId, (w) => {
      w.sealedLinks[hashToken(token)] = sealLinks(token, links);
      w.sealedLinks[hashToken(tokens.coFacilitatorToken)] = sealLinks(tokens.coFacilitatorToken, links);
    });
    return links;
  }


  async create(input: CreateWorkshopInput): Promise<WorkshopTokens> {
    const workshopId = nanoid(12);
    const now = this.#store.now();
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
      joinKey: null,
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
    const tokens = { facilitatorToken: newToken(), joinToken: newToken(), observerToken: newToken(), coFacilitatorToken: newToken() };
    const links = linksFor(workshopId, tokens);
    workshop.sealedLinks = {
      [hashToken(tokens.facilitatorToken)]: sealLinks(tokens.facilitatorToken, links),
      [hashToken(tokens.coFacilitatorToken)]: sealLinks(tokens.coFacilitatorToken, links),
    };
    const principal = (token: string, role: PrincipalRecord['role']): PrincipalRecord => ({
      tokenHash: hashToken(token),
      workshopId,
      role,
      participantId: null,
      createdAt: now,
    });
    await this.#store.storage.createWorkshop({ id: workshopId, data: JSON.stringify(workshop), createdAt: now }, [
      principal(tokens.facilitatorToken, 'facilitator'),
      principal(tokens.joinToken, 'join'),
      principal(tokens.observerToken, 'observer'),
      // A second facilitator: same rights, its own token (the console hands it out as the co-facilitator link).
      principal(tokens.coFacilitatorToken, 'facilitator'),
    ]);
    // The row is the creation record; loading copies it into the state document, which is the workshop from then on.
    await this.#store.mustLoad(workshopId);
    await this.#store.control(workshopId, (doc) => {
      setVoteBudget(doc, null, workshop.voteBudget);
      setRooms(doc, roomEntries(workshop));
      for (const p of participants) setRosterEntry(doc, { id: p.id, name: p.name, cluster: p.cluster, country: p.country });
    });
    return { workshopId, ...tokens };
  }


  async joinInfo(workshopId: string, code: string) {
    const principal = await this.authenticate(code);
    if (!principal || principal.workshopId !== workshopId || principal.role !== 'join') {
      throw new HttpError(401, 'unauthorized', 'this join link is not valid for this workshop');
    }
    const w = await this.get(workshopId);
    return {
      title: w.title,
      date: w.date,
      profiles: w.participants.filter((p) => p.preRegistered && !p.claimed).map((p) => ({ id: p.id, name: p.name, cluster: p.cluster, country: p.country })),
    };
  }

  /** Whether `code` is this workshop's join code (the routes count refusals per address). */
  async isJoinCode(workshopId: string, code: string): Promise<boolean> {
    const principal = await this.authenticate(code);
    return principal !== null && principal.workshopId === workshopId && principal.role === 'join';
  }

  /**
   * Joining through the participant link: a new participant, or a pre-registered one claimed once. A join
   * with a `joinKey` already used in this workshop is the same person retrying (their first answer was
   * refused or lost): they get a fresh token for the participant they already are, under the name they
   * first gave. `admit(isNew)` may refuse (rate limits) before anything is written.
   */
  async join(
    workshopId: string,
    code: string,
    input: { name?: string | undefined; participantId?: string | undefined; cluster?: string | undefined; country?: string | undefined; joinKey?: string | undefined },
    admit: (isNew: boolean) => Promise<void> = async () => {},
  ) {
    if (!(await this.isJoinCode(workshopId, code))) {
      throw new HttpError(401, 'unauthorized', 'this join link is not valid for this workshop');
    }
    const token = newToken();
    const keyHash = input.joinKey ? hashToken(input.joinKey) : null;
    // Admitted before the write, on what is stored now (the limits may live in Redis, out of the write's reach):
    // two first joins with one key at the same moment both count as new people, which only errs towards caution.
    const current = (await this.#store.mustLoad(workshopId)).workshop;
    await admit(!(keyHash && current.participants.some((x) => x.joinKey === keyHash)));
    const { participant, isNew } = await this.#store.mutate(workshopId, (w) => {
      const known = keyHash ? w.participants.find((x) => x.joinKey === keyHash) : undefined;
      if (known) return { participant: { ...known }, isNew: false };
      let p: WorkshopParticipant | undefined;
      if (input.participantId) {
        p = w.participants.find((x) => x.id === input.participantId);
        if (!p || !p.preRegistered) throw new HttpError(404, 'not_found', 'no such pre-registered participant', 'participantId');
        if (p.claimed) throw new HttpError(409, 'conflict', 'this profile was already claimed; ask the facilitator', 'participantId');
        p.claimed = true;
        p.joinedAt = this.#store.now();
        p.joinKey = keyHash;
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
          joinedAt: this.#store.now(),
          joinKey: keyHash,
        };
        w.participants.push(p);
      }
      return { participant: { ...p }, isNew: true };
    });
    await this.#store.storage.addPrincipal({
      tokenHash: hashToken(token),
      workshopId,
      role: 'participant',
      participantId: participant.id,
      createdAt: this.#store.now(),
    });
    if (isNew) {
      await this.#store.control(workshopId, (doc) =>
        setRosterEntry(doc, { id: participant.id, name: participant.name, cluster: participant.cluster, country: participant.country }),
      );
    }
    return { participantId: participant.id, name: participant.name, token };
  }


  async get(workshopId: string): Promise<Workshop> {
    const cached = await this.#store.load(workshopId);
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
        rooms: s.rooms.map((r) => ({ id: r.id, name: r.name, boardId: r.boardId, challenges: r.challenges, participantIds: r.participantIds, template: r.template ?? s.template })),
      })),
      participants:
        principal.role === 'facilitator'
          ? w.participants.map((p) => ({ id: p.id, name: p.name, cluster: p.cluster, country: p.country, preRegistered: p.preRegistered, claimed: p.claimed }))
          : w.participants.filter((p) => p.claimed || p.preRegistered).map((p) => ({ id: p.id, name: p.name, cluster: p.cluster, country: p.country })),
    };
  }


  /** Whether a principal may open a workshop document, and how. */
  async authorizeDoc(docId: string, principal: Principal): Promise<Role | 'forbidden' | 'not-found'> {
    const parsed = parseDocId(docId);
    if (!parsed) return 'not-found';
    const cached = await this.#store.load(principal.workshopId);
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
      await this.#store.load(workshopId);
      return workshopBoardPolicy(() => ({ phase: null, locked: false, allowNotes: true, members: new Set([participantId]) }), { draft: true });
    }
    if (parsed?.kind !== 'board' || !boardWorkshopId) return null;
    await this.#store.load(boardWorkshopId);
    return workshopBoardPolicy(() => this.#rulesFor(boardWorkshopId, parsed.boardId));
  }


  #rulesFor(workshopId: string, boardId: string): BoardRules | null {
    const loaded = this.#store.peek(workshopId);
    const room = loaded ? findRoom(loaded.workshop, boardId) : undefined;
    if (!loaded || !room) return null;
    return {
      phase: loaded.phaseOf(boardId),
      locked: loaded.isLocked(boardId),
      allowNotes: loaded.allowsNotes(boardId),
      members: new Set(room.participantIds),
    };
  }


  async addSession(principal: Principal, input: SessionInput) {
    requireFacilitator(principal);
    const session = await this.#createSession(principal.workshopId, input);
    const w = await this.#store.mutate(principal.workshopId, (w) => {
      w.sessions.push(session);
      return w;
    });
    await this.#store.control(principal.workshopId, (doc) => setRooms(doc, roomEntries(w)));
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
    const updated = await this.#store.mutate(principal.workshopId, (draft) => {
      draft.sessions.push(session);
      return draft;
    });
    await this.#store.control(principal.workshopId, (doc) => setRooms(doc, roomEntries(updated)));
    return session;
  }


  async assign(principal: Principal, input: { session: string; mode: 'even' | 'preference'; participants?: string[] }) {
    requireFacilitator(principal);
    const w = await this.#store.mutate(principal.workshopId, (w) => {
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
    await this.#store.control(principal.workshopId, (doc) => setRooms(doc, roomEntries(w)));
    return roomEntries(w).filter((r) => r.session === input.session);
  }


  async setRanking(principal: Principal, ranking: string[]) {
    if (principal.role !== 'participant' || !principal.participantId) throw new HttpError(403, 'forbidden', 'only participants rank rooms');
    const me = principal.participantId;
    await this.#store.mutate(principal.workshopId, (w) => {
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
    const updated = await this.#store.mutate(principal.workshopId, (w) => {
      const p = w.participants.find((x) => x.id === me);
      if (!p) throw new HttpError(404, 'not_found', 'no such participant');
      p.profile = ParticipantProfileSchema.parse({ ...profile, id: me });
      if (profile.name) p.name = profile.name;
      if (profile.clusterName) p.cluster = profile.clusterName;
      if (profile.country) p.country = profile.country;
      return { ...p };
    });
    await this.#store.control(principal.workshopId, (doc) =>
      setRosterEntry(doc, { id: updated.id, name: updated.name, cluster: updated.cluster, country: updated.country }),
    );
  }


  async move(principal: Principal, input: { participant: string; room: string }) {
    requireFacilitator(principal);
    const w = await this.#store.mutate(principal.workshopId, (w) => {
      const session = w.sessions.find((s) => s.rooms.some((r) => r.id === input.room));
      if (!session) throw new HttpError(404, 'not_found', 'no such room', 'room');
      if (!w.participants.some((p) => p.id === input.participant)) throw new HttpError(404, 'not_found', 'no such participant', 'participant');
      const current: Assignment = Object.fromEntries(session.rooms.map((r) => [r.id, r.participantIds]));
      const moved = moveParticipant(current, input.participant, input.room);
      for (const room of session.rooms) room.participantIds = moved[room.id] ?? [];
      return w;
    });
    await this.#store.control(principal.workshopId, (doc) => setRooms(doc, roomEntries(w)));
  }


  async #createSession(workshopId: string, input: SessionInput) {
    const template = getTemplate(input.template);
    if (!template) throw new HttpError(400, 'invalid_request', `template: unknown template ${input.template}`, 'template');
    const rooms = [];
    // Challenges are numbered across the session's rooms, as facilitators do (group 2 has challenges 5-8).
    let numbered = 0;
    for (const roomInput of input.rooms) {
      rooms.push(await this.#createRoom(workshopId, roomInput.template ?? template.id, roomInput, numbered + 1));
      numbered += roomInput.challenges.length;
    }
    return { id: nanoid(10), title: input.title, template: template.id, rooms };
  }

  /** A room and its board from the template, its challenges numbered from `firstNumber`. */
  async #createRoom(workshopId: string, templateId: string, roomInput: { name: string; challenges: string[] }, firstNumber: number) {
    const template = getTemplate(templateId);
    if (!template) throw new HttpError(400, 'invalid_request', `template: unknown template ${templateId}`, 'template');
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
        createdAt: this.#store.now(),
        ...(roomInput.challenges.length > 0 ? { challenges: roomInput.challenges.map((title, i) => ({ title, number: firstNumber + i })) } : {}),
      });
    } catch (err) {
      throw new HttpError(400, 'invalid_request', `rooms: ${(err as Error).message}`, 'rooms');
    }
    await this.#store.storage.createBoard(
      {
        id: boardId,
        title: roomInput.name,
        template: template.id,
        // Room boards open with workshop tokens only: these capabilities are never handed out.
        editTokenHash: hashToken(newToken()),
        viewTokenHash: hashToken(newToken()),
        createdAt: this.#store.now(),
        workshopId,
      },
      Y.encodeStateAsUpdate(doc),
    );
    doc.destroy();
    return { id: nanoid(10), name: roomInput.name, boardId, challenges: roomInput.challenges, participantIds: [] as string[], template: template.id };
  }
}
