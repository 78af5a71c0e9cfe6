/**
 * Editing the day after it was created (the setup screens): title, date, agenda, dot budget, a session's
 * title and rooms (renamed, challenges changed, rooms added or removed), sessions removed, pre-registered
 * participants added (list or CSV), corrected and removed. Facilitators only. Nothing that holds work is
 * thrown away: a challenge column or a room with notes on it is not removed (409, naming it).
 */
import { getTemplate } from '../../boards/index.ts';
import { setChallengeColumns, setVoteBudget } from '../../shared/doc/index.ts';
import { notesInZone } from '../../shared/doc/changes.ts';
import { removeRosterEntry, setRooms, setRosterEntry } from '../../shared/doc/workshop-control.ts';
import type { Room, Session, Workshop, WorkshopParticipant } from '../../shared/schema/workshop.ts';
import { parseParticipantsCsv } from '../../shared/workshop/participants-csv.ts';
import { nanoid } from 'nanoid';
import type { Principal } from '../auth/principal.ts';
import { HttpError } from '../http-errors.ts';
import type { EditDetails, EditSession, ParticipantInput } from '../../shared/schema/requests.ts';
import { requireFacilitator, roomEntries, type WorkshopStore } from './store.ts';

/** Makes a room's board (the service's, shared with creation): name, challenges numbered from `firstNumber`. */
export type NewRoom = (workshopId: string, templateId: string, input: { name: string; challenges: string[] }, firstNumber: number) => Promise<Room>;

export class Setup {
  #store: WorkshopStore;
  #newRoom: NewRoom;

  constructor(store: WorkshopStore, newRoom: NewRoom) {
    this.#store = store;
    this.#newRoom = newRoom;
  }

  async details(principal: Principal, input: EditDetails) {
    requireFacilitator(principal);
    const w = await this.#store.mutate(principal.workshopId, (w) => {
      if (input.title !== undefined) w.title = input.title;
      if (input.date !== undefined) w.date = input.date;
      if (input.agenda !== undefined) w.agenda = input.agenda;
      if (input.voteBudget !== undefined) w.voteBudget = input.voteBudget;
      if (input.privateIdeation !== undefined) w.privateIdeation = input.privateIdeation;
      return w;
    });
    if (input.voteBudget !== undefined) await this.#store.control(principal.workshopId, (doc) => setVoteBudget(doc, null, w.voteBudget));
    return { title: w.title, date: w.date, agenda: w.agenda, voteBudget: w.voteBudget, privateIdeation: w.privateIdeation };
  }

  async editSession(principal: Principal, sessionId: string, input: EditSession) {
    requireFacilitator(principal);
    const workshopId = principal.workshopId;
    const current = await this.#session(workshopId, sessionId);
    const templateOf = (id: string) => {
      const template = getTemplate(id);
      if (!template) throw new HttpError(400, 'invalid_request', `rooms: unknown template ${id}`, 'rooms');
      return template;
    };
    const wantedRooms = input.rooms;
    let rooms: Room[] = current.rooms;
    if (wantedRooms) {
      const byId = new Map(current.rooms.map((r) => [r.id, r]));
      const unknown = wantedRooms.find((r) => r.id !== undefined && !byId.has(r.id));
      if (unknown) throw new HttpError(404, 'not_found', `rooms: no room ${unknown.id} in this session`, 'rooms');
      const kept = new Set(wantedRooms.flatMap((r) => (r.id ? [r.id] : [])));
      // Check everything before writing anything: templates, challenge counts, and removed rooms and columns must be empty.
      for (const room of current.rooms) {
        if (kept.has(room.id)) continue;
        const notes = await this.#notesOn(room.boardId, null);
        if (notes > 0) throw new HttpError(409, 'conflict', `rooms: ${room.name} has ${notes} notes on its board; keep it or clear it first`, 'rooms');
      }
      let numbered = 0;
      const plan: { input: (typeof wantedRooms)[number]; room: Room | undefined; template: ReturnType<typeof templateOf>; first: number }[] = [];
      for (const wanted of wantedRooms) {
        const room = wanted.id ? byId.get(wanted.id) : undefined;
        const had = room ? (room.template ?? current.template) : null;
        if (room && wanted.template !== undefined && wanted.template !== had) {
          throw new HttpError(400, 'invalid_request', `rooms: ${room.name} keeps its template ${had} (its board exists); add a new room for another template`, 'rooms');
        }
        const template = templateOf(had ?? wanted.template ?? current.template);
        const spec = template.challenges;
        if (!spec && wanted.challenges.length > 0) throw new HttpError(400, 'invalid_request', `rooms: template ${template.id} takes no challenges`, 'rooms');
        if (spec && wanted.challenges.length > 0 && (wanted.challenges.length < spec.min || wanted.challenges.length > spec.max)) {
          throw new HttpError(400, 'invalid_request', `rooms: template ${template.id} takes ${spec.min}-${spec.max} challenges, got ${wanted.challenges.length}`, 'rooms');
        }
        if (room && spec) {
          for (let i = wanted.challenges.length; i < room.challenges.length; i++) {
            const notes = await this.#notesOn(room.boardId, `challenge-${i + 1}`);
            if (notes > 0) {
              throw new HttpError(409, 'conflict', `rooms: ${room.name}: challenge "${room.challenges[i]}" has ${notes} notes; keep it or move them first`, 'rooms');
            }
          }
        }
        plan.push({ input: wanted, room, template, first: numbered + 1 });
        numbered += wanted.challenges.length;
      }
      rooms = [];
      for (const { input: wanted, room, template, first } of plan) {
        if (!room) {
          rooms.push(await this.#newRoom(workshopId, template.id, { name: wanted.name, challenges: wanted.challenges }, first));
          continue;
        }
        const numbers = wanted.challenges.map((title, i) => ({ title, number: first + i }));
        if (template.challenges && wanted.challenges.length > 0) {
          await this.#store.liveDocs.withDoc(room.boardId, (r) => r.writeAsServer((doc) => setChallengeColumns(doc, template, numbers)));
        }
        rooms.push({ ...room, name: wanted.name, challenges: wanted.challenges });
      }
    }
    const w = await this.#store.mutate(workshopId, (w) => {
      const session = w.sessions.find((s) => s.id === sessionId);
      if (!session) throw new HttpError(404, 'not_found', 'no such session', 'session');
      if (input.title !== undefined) session.title = input.title;
      if (wantedRooms) {
        // People keep the rooms they were in; people of a removed room are in no room of this session.
        const members = new Map(session.rooms.map((r) => [r.id, r.participantIds]));
        session.rooms = rooms.map((r) => ({ ...r, participantIds: members.get(r.id) ?? r.participantIds }));
      }
      return w;
    });
    await this.#store.control(workshopId, (doc) => setRooms(doc, roomEntries(w)));
    return w.sessions.find((s) => s.id === sessionId);
  }

  async deleteSession(principal: Principal, sessionId: string) {
    requireFacilitator(principal);
    const session = await this.#session(principal.workshopId, sessionId);
    for (const room of session.rooms) {
      const notes = await this.#notesOn(room.boardId, null);
      if (notes > 0) throw new HttpError(409, 'conflict', `${room.name} has ${notes} notes on its board; the session keeps its work`, 'session');
    }
    const w = await this.#store.mutate(principal.workshopId, (w) => {
      w.sessions = w.sessions.filter((s) => s.id !== sessionId);
      return w;
    });
    await this.#store.control(principal.workshopId, (doc) => setRooms(doc, roomEntries(w)));
  }

  /** Pre-registered participants, from a list (each validated by the route) or CSV text (every bad row named). */
  async addParticipants(principal: Principal, input: { participants: ParticipantInput[] } | { csv: string }) {
    requireFacilitator(principal);
    const added = await this.#store.mutate(principal.workshopId, (w) => {
      const taken = w.participants.map((p) => p.name);
      let list: ParticipantInput[];
      if ('csv' in input) {
        const result = parseParticipantsCsv(input.csv, taken);
        if (!result.ok) throw new HttpError(400, 'invalid_csv', result.errors.map((e) => `row ${e.row}: ${e.messages.join('; ')}`).join(' | '), 'csv');
        list = result.value;
      } else {
        list = input.participants;
      }
      if (w.participants.length + list.length > 2000) throw new HttpError(400, 'invalid_request', 'participants: at most 2000 in a workshop', 'participants');
      const made: WorkshopParticipant[] = list.map((p) => ({
        id: nanoid(10),
        name: p.name,
        cluster: p.cluster,
        country: p.country,
        profile: null,
        ranking: [],
        preRegistered: true,
        claimed: false,
        joinedAt: null,
        joinKey: null,
      }));
      w.participants.push(...made);
      return made;
    });
    await this.#store.control(principal.workshopId, (doc) => {
      for (const p of added) setRosterEntry(doc, { id: p.id, name: p.name, cluster: p.cluster, country: p.country });
    });
    return { added: added.map((p) => ({ id: p.id, name: p.name, cluster: p.cluster, country: p.country })) };
  }

  async editParticipant(principal: Principal, participantId: string, input: { name?: string | undefined; cluster?: string | undefined; country?: string | undefined }) {
    requireFacilitator(principal);
    const p = await this.#store.mutate(principal.workshopId, (w) => {
      const p = w.participants.find((x) => x.id === participantId);
      if (!p) throw new HttpError(404, 'not_found', 'no such participant', 'participant');
      if (input.name !== undefined) p.name = input.name;
      if (input.cluster !== undefined) p.cluster = input.cluster;
      if (input.country !== undefined) p.country = input.country;
      return { ...p };
    });
    await this.#store.control(principal.workshopId, (doc) => setRosterEntry(doc, { id: p.id, name: p.name, cluster: p.cluster, country: p.country }));
    return { id: p.id, name: p.name, cluster: p.cluster, country: p.country };
  }

  /** Only a pre-registered participant nobody claimed yet: someone who joined keeps their place and their notes' author. */
  async removeParticipant(principal: Principal, participantId: string) {
    requireFacilitator(principal);
    const w = await this.#store.mutate(principal.workshopId, (w) => {
      const p = w.participants.find((x) => x.id === participantId);
      if (!p) throw new HttpError(404, 'not_found', 'no such participant', 'participant');
      if (p.claimed) throw new HttpError(409, 'conflict', `${p.name} has joined; people who joined stay in the workshop`, 'participant');
      w.participants = w.participants.filter((x) => x.id !== participantId);
      for (const s of w.sessions) for (const r of s.rooms) r.participantIds = r.participantIds.filter((id) => id !== participantId);
      return w;
    });
    await this.#store.control(principal.workshopId, (doc) => {
      removeRosterEntry(doc, participantId);
      setRooms(doc, roomEntries(w));
    });
  }

  async #session(workshopId: string, sessionId: string): Promise<Session> {
    const w: Workshop = (await this.#store.mustLoad(workshopId)).workshop;
    const session = w.sessions.find((s) => s.id === sessionId);
    if (!session) throw new HttpError(404, 'not_found', 'no such session', 'session');
    return session;
  }

  /** Notes on a board (zoneId null) or in one of its zones. */
  #notesOn(boardId: string, zoneId: string | null): Promise<number> {
    return this.#store.liveDocs.withDoc(boardId, async (room) => notesInZone(room.doc, zoneId));
  }
}
