/**
 * What the facilitator runs: phases, timers, locks, the plenary, broadcasts, and moving private drafts
 * onto the board. Each action checks the role, validates against the control document as it is, and
 * writes it through its room (one transaction: stored, then relayed to every client). The board write
 * checks read the same document through the store's observed view, so nothing here updates a mirror.
 */
import { nanoid } from 'nanoid';
import { getTemplate } from '../../boards/index.ts';
import { noteZone } from '../../shared/doc/changes.ts';
import { addNote, clearTimer, deleteNote, lock, readBoard, setPhase, setTimer, unlock } from '../../shared/doc/index.ts';
import { addMessage, setBoardOptions, setPlenary } from '../../shared/doc/workshop-control.ts';
import type { Phase } from '../../shared/schema/control.ts';
import { nextPhase, suggestedDurationMs } from '../../shared/workshop/phase-rules.ts';
import { extendTimer, pauseTimer, resumeTimer, startTimer, type TimerState } from '../../shared/workshop/timer.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpError } from '../http-errors.ts';
import { docIds } from './doc-ids.ts';
import { allRooms, requireFacilitator, type WorkshopStore } from './store.ts';

export class Facilitation {
  #store: WorkshopStore;

  constructor(store: WorkshopStore) {
    this.#store = store;
  }


  async setPhase(principal: Principal, request: { board: string | null; phase: Phase | 'next'; timer: boolean }) {
    requireFacilitator(principal);
    const cached = await this.#store.mustLoad(principal.workshopId);
    const room = request.board ? this.#store.room(cached, request.board) : null;
    let phase: Phase;
    if (request.phase === 'next') {
      const current = cached.phaseOf(request.board);
      const next = nextPhase(current);
      if (next === null) throw new HttpError(409, 'conflict', `no phase after ${current ?? 'none'}`);
      phase = next;
    } else {
      phase = request.phase;
    }
    const input = { ...request, phase };
    await this.#store.control(principal.workshopId, (doc) => {
      setPhase(doc, input.board, input.phase);
      // A workshop-wide phase overrides the rooms' own.
      if (!input.board) for (const r of allRooms(cached.workshop)) setPhase(doc, r.boardId, input.phase);
    });
    if (input.timer) {
      const session = room ? cached.workshop.sessions.find((s) => s.rooms.includes(room)) : cached.workshop.sessions[0];
      const template = session ? getTemplate(room?.template ?? session.template) : undefined;
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
    const cached = await this.#store.mustLoad(principal.workshopId);
    if (input.board) this.#store.room(cached, input.board);
    const id = input.board ?? 'workshop';
    const now = this.#store.now();
    const existing = cached.timer(id);
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
    await this.#store.control(principal.workshopId, (doc) => {
      if (next) setTimer(doc, { id, board: next.board, label: next.label, endsAt: next.endsAt, remainingMs: next.remainingMs });
      else clearTimer(doc, id);
    });
    return next ? { id, ...next, serverNow: now } : { id, cleared: true, serverNow: now };
  }


  async setLock(principal: Principal, input: { board: string; locked: boolean }) {
    requireFacilitator(principal);
    const cached = await this.#store.mustLoad(principal.workshopId);
    this.#store.room(cached, input.board);
    await this.#store.control(principal.workshopId, (doc) => {
      if (input.locked) lock(doc, { board: input.board, zone: null, by: 'facilitator', at: this.#store.now() });
      else unlock(doc, input.board, null);
    });
  }


  /** New notes outside the ideation phase: allowed or not, per board. */
  async allowNotes(principal: Principal, input: { board: string; allowed: boolean }) {
    requireFacilitator(principal);
    const cached = await this.#store.mustLoad(principal.workshopId);
    this.#store.room(cached, input.board);
    await this.#store.control(principal.workshopId, (doc) => setBoardOptions(doc, input.board, { allowNotes: input.allowed }));
  }

  async present(principal: Principal, input: { board: string | null; presenter?: string | null; mode?: 'plenary' | 'rooms' }) {
    requireFacilitator(principal);
    const cached = await this.#store.mustLoad(principal.workshopId);
    if (input.board) this.#store.room(cached, input.board);
    if (input.presenter && !cached.workshop.participants.some((p) => p.id === input.presenter)) {
      throw new HttpError(404, 'not_found', 'no such participant', 'presenter');
    }
    await this.#store.control(principal.workshopId, (doc) =>
      setPlenary(doc, { mode: input.mode ?? (input.board ? 'plenary' : 'rooms'), board: input.board, presenter: input.presenter ?? null, at: this.#store.now() }),
    );
  }


  async broadcast(principal: Principal, text: string) {
    requireFacilitator(principal);
    await this.#store.mustLoad(principal.workshopId);
    const message = { id: nanoid(10), text, at: this.#store.now() };
    await this.#store.control(principal.workshopId, (doc) => addMessage(doc, message));
    return message;
  }


  /** Private ideation: moves every member's draft notes onto the room's board, then empties the drafts. */
  async revealDrafts(principal: Principal, input: { board: string }) {
    requireFacilitator(principal);
    const cached = await this.#store.mustLoad(principal.workshopId);
    const room = this.#store.room(cached, input.board);
    let moved = 0;
    for (const participantId of room.participantIds) {
      const draftId = docIds.draft(principal.workshopId, participantId);
      // A draft has no zones of its own: take each note's zone as written, for the board to resolve.
      const notes = await this.#store.liveDocs.withDoc(draftId, async (draft) =>
        readBoard(draft.doc)
          .board.notes.filter((n) => n.author === participantId && n.text.trim() !== '')
          .map((n) => ({ ...n, zone: noteZone(draft.doc, n.id) })),
      );
      if (notes.length === 0) continue;
      await this.#store.liveDocs.withDoc(input.board, (board) =>
        board.writeAsServer((doc) => {
          // New ids, made here: a draft's id is the participant's choice and could name someone else's note.
          for (const n of notes) {
            addNote(doc, { text: n.text, author: n.author, color: n.color, x: n.x, y: n.y, w: n.w, h: n.h, zone: n.zone, createdAt: n.createdAt });
          }
        }),
      );
      await this.#store.liveDocs.withDoc(draftId, (draft) => draft.writeAsServer((doc) => notes.forEach((n) => deleteNote(doc, n.id))));
      moved += notes.length;
    }
    return { board: input.board, moved };
  }
}
