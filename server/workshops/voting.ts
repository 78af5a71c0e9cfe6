/**
 * Dot voting, kept on the server: a vote is a request checked against role, room, phase and the budget
 * of dots per person per challenge (shared/reducers/votes.ts `dotsLeft`, the rule the tally counts
 * with), then one entry in the workshop's state document, hidden from everybody but the facilitator
 * until a board's results are revealed (then published in the control document for all to see).
 *
 * A vote is one step (store.ts `act`): under the workshop's lock across servers, the budget is checked
 * against the vote index derived from the state document and the dot written in the same turn, so two
 * votes of one person can never both take the last dot. It costs the same in a workshop of 10 or 1,000.
 */
import { challengeOfNote } from '../../shared/doc/changes.ts';
import { readBoard, revealResults, select as selectIdea, unvote as eraseVote, vote as writeVote, voteKey } from '../../shared/doc/index.ts';
import { castHiddenVote, withdrawHiddenVote } from '../../shared/doc/workshop-state.ts';
import { challengeSolutions, dotsLeft } from '../../shared/reducers/index.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpError } from '../http-errors.ts';
import { requireFacilitator, WORKSHOP_WRITE, type LoadedWorkshop, type WorkshopStore } from './store.ts';

export class Voting {
  #store: WorkshopStore;

  constructor(store: WorkshopStore) {
    this.#store = store;
  }


  /** A participant's own votes and what is used of their budget, per board and challenge. */
  async myVotes(principal: Principal) {
    return this.#mine(await this.#store.mustLoad(principal.workshopId), principal.participantId);
  }

  #mine(loaded: LoadedWorkshop, voter: string | null) {
    const mine = voter ? loaded.votesOf(voter).sort((a, b) => a.at - b.at || (a.note < b.note ? -1 : a.note > b.note ? 1 : 0)) : [];
    const used: Record<string, number> = {};
    for (const v of mine) used[`${v.board}/${v.challenge}`] = (used[`${v.board}/${v.challenge}`] ?? 0) + 1;
    return { budget: loaded.workshop.voteBudget, votes: mine.map(({ board, note, challenge, at }) => ({ board, note, challenge, at })), used };
  }


  async vote(principal: Principal, input: { board: string; note: string }, remove = false) {
    if (principal.role !== 'participant' || !principal.participantId) throw new HttpError(403, 'forbidden', 'only participants vote');
    const voter = principal.participantId;
    const key = voteKey(input.board, voter, input.note);
    const allowed = (loaded: LoadedWorkshop) => {
      const room = this.#store.room(loaded, input.board);
      if (!room.participantIds.includes(voter)) throw new HttpError(403, 'forbidden', 'you can only vote in your own room');
      const phase = loaded.phaseOf(input.board);
      if (phase !== 'vote') throw new HttpError(409, 'conflict', `voting is closed (phase ${phase ?? 'none'})`);
    };
    // Checked once before the board is opened (a participant cannot make the server load any board), again under the lock.
    allowed(await this.#store.mustLoad(principal.workshopId));
    // The note's challenge, from the board: read outside the workshop's lock, as it is the board's, not the workshop's.
    const challenge = await this.#store.liveDocs.withDoc(input.board, async (r) => challengeOfNote(r.doc, input.note));
    const at = this.#store.now();
    const outcome = await this.#store.act(principal.workshopId, (loaded, doc) => {
      allowed(loaded);
      if (remove) return { loaded, changed: withdrawHiddenVote(doc, { board: input.board, voter, note: input.note }, WORKSHOP_WRITE) };
      if (challenge === null) throw new HttpError(404, 'not_found', 'no such note on this board', 'note');
      if (challenge === undefined) throw new HttpError(409, 'conflict', 'this note is not under a challenge', 'note');
      if (loaded.hasVote(key, voter)) return { loaded, changed: false };
      const budget = loaded.budgetOf(input.board);
      if (dotsLeft(budget, loaded.used(input.board, voter, challenge)) === 0) {
        throw new HttpError(409, 'conflict', `no dots left for this challenge (budget ${budget})`);
      }
      return { loaded, changed: castHiddenVote(doc, { board: input.board, voter, note: input.note, challenge, at }, WORKSHOP_WRITE) };
    });
    if (outcome.changed && outcome.loaded.isRevealed(input.board)) {
      await this.#store.control(principal.workshopId, (doc) => {
        if (remove) eraseVote(doc, { board: input.board, voter, note: input.note });
        else writeVote(doc, { board: input.board, voter, note: input.note, at });
      });
    }
    return this.#mine(outcome.loaded, voter);
  }


  /** Shows a board's votes to everybody: publishes them in the control document, with the reveal, in one transaction. */
  async reveal(principal: Principal, input: { board: string }) {
    requireFacilitator(principal);
    const loaded = await this.#store.mustLoad(principal.workshopId);
    this.#store.room(loaded, input.board);
    const votes = loaded.votesOn(input.board);
    await this.#store.control(principal.workshopId, (doc) => {
      for (const v of votes) writeVote(doc, { board: v.board, voter: v.voter, note: v.note, at: v.at });
      revealResults(doc, input.board, true);
    });
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
   * (`hiddenVotes`, from the state document), only the revealed ones otherwise. For results and exports.
   */
  async resultsBoard(workshopId: string, boardId: string, options: { hiddenVotes: boolean }) {
    const loaded = await this.#store.mustLoad(workshopId);
    const votes = options.hiddenVotes ? loaded.votesOn(boardId) : undefined;
    return this.#store.liveDocs.withDoc(boardId, async (room) => readBoard(room.doc, loaded.control.doc, votes ? { votes } : {}).board);
  }
}
