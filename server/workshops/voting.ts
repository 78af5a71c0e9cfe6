/**
 * Dot voting, kept on the server: votes are requests checked against role, phase and a budget of dots
 * per person per challenge, stored in the workshop record and hidden from everybody but the facilitator
 * until a board's results are revealed (then copied into the control document for all to see).
 */
import * as Y from 'yjs';
import { readBoard, revealResults, select as selectIdea, unvote as eraseVote, vote as writeVote } from '../../shared/doc/index.ts';
import { challengeSolutions } from '../../shared/reducers/index.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpError } from '../http-errors.ts';
import { docIds } from './doc-ids.ts';
import { requireFacilitator, type WorkshopStore } from './store.ts';

export class Voting {
  #store: WorkshopStore;

  constructor(store: WorkshopStore) {
    this.#store = store;
  }


  /** A participant's own votes and what is left of their budget, per challenge. */
  async myVotes(principal: Principal) {
    const w = (await this.#store.mustLoad(principal.workshopId)).workshop;
    const mine = w.votes.filter((v) => v.voter === principal.participantId);
    const used: Record<string, number> = {};
    for (const v of mine) used[`${v.board}/${v.challenge}`] = (used[`${v.board}/${v.challenge}`] ?? 0) + 1;
    return { budget: w.voteBudget, votes: mine.map(({ board, note, challenge, at }) => ({ board, note, challenge, at })), used };
  }


  async vote(principal: Principal, input: { board: string; note: string }, remove = false) {
    if (principal.role !== 'participant' || !principal.participantId) throw new HttpError(403, 'forbidden', 'only participants vote');
    const voter = principal.participantId;
    const cached = await this.#store.mustLoad(principal.workshopId);
    const room = this.#store.room(cached, input.board);
    if (!room.participantIds.includes(voter)) throw new HttpError(403, 'forbidden', 'you can only vote in your own room');
    const phase = cached.boardPhase.get(input.board) ?? cached.workshopPhase;
    if (phase !== 'vote') throw new HttpError(409, 'conflict', `voting is closed (phase ${phase ?? 'none'})`);
    const challenge = await this.#store.rooms.withRoom(input.board, async (r) => {
      const board = readBoard(r.doc).board;
      const note = board.notes.find((n) => n.id === input.note);
      if (!note) return null;
      return board.challenges.some((c) => c.id === note.zone) ? note.zone : undefined;
    });
    if (challenge === null) throw new HttpError(404, 'not_found', 'no such note on this board', 'note');
    if (challenge === undefined) throw new HttpError(409, 'conflict', 'this note is not under a challenge', 'note');
    const at = this.#store.now();
    const changed = await this.#store.mutate(principal.workshopId, (w) => {
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
      await this.#store.control(principal.workshopId, (doc) => {
        if (remove) eraseVote(doc, { board: input.board, voter, note: input.note });
        else writeVote(doc, { board: input.board, voter, note: input.note, at });
      });
    }
    return this.myVotes(principal);
  }


  /** Shows a board's votes to everybody: copies them into the control document. */
  async reveal(principal: Principal, input: { board: string }) {
    requireFacilitator(principal);
    const cached = await this.#store.mustLoad(principal.workshopId);
    this.#store.room(cached, input.board);
    const votes = cached.workshop.votes.filter((v) => v.board === input.board);
    await this.#store.control(principal.workshopId, (doc) => {
      for (const v of votes) writeVote(doc, { board: v.board, voter: v.voter, note: v.note, at: v.at });
      revealResults(doc, input.board, true);
    });
    cached.revealed.add(input.board);
    return { board: input.board, votes: votes.length };
  }


  /** The facilitator's pick per challenge; without a note, the most voted idea (ties: the reducer's rule). */
  async select(principal: Principal, input: { board: string; challenge: string; note?: string }) {
    requireFacilitator(principal);
    const cached = await this.#store.mustLoad(principal.workshopId);
    this.#store.room(cached, input.board);
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
    await this.#store.control(principal.workshopId, (doc) =>
      selectIdea(doc, { board: input.board, challenge: challenge.id, note: picked, by: 'facilitator', at: this.#store.now() }),
    );
    return { board: input.board, challenge: challenge.id, note: picked };
  }


  /**
   * A board read with the control document's selections and votes: every vote for the facilitator
   * (`hiddenVotes`), only the revealed ones otherwise. For results and exports.
   */
  async resultsBoard(workshopId: string, boardId: string, options: { hiddenVotes: boolean }) {
    const cached = await this.#store.mustLoad(workshopId);
    const control = new Y.Doc();
    await this.#store.rooms.withRoom(docIds.control(workshopId), async (room) => Y.applyUpdate(control, Y.encodeStateAsUpdate(room.doc)));
    if (options.hiddenVotes) {
      for (const v of cached.workshop.votes) {
        if (v.board === boardId) writeVote(control, { board: v.board, voter: v.voter, note: v.note, at: v.at });
      }
    }
    const board = await this.#store.rooms.withRoom(boardId, async (room) => readBoard(room.doc, control).board);
    control.destroy();
    return board;
  }
}
