/**
 * Connects the voting store to a workshop room: voting is open for a participant in the 'vote' phase; a
 * click asks the server for a dot (or takes it back); revealed votes come from the control document.
 */
import { useEffect } from 'react';
import type * as Y from 'yjs';
import { call, type BoardInfo, type MyVotes } from '../api.ts';
import { useBoardControl } from './useWorkshopControl.ts';
import { voting } from './voting.ts';

export function useVoting(info: BoardInfo, token: string, boardDoc?: Y.Doc): void {
  const control = useBoardControl(info.workshopId, token, info.boardId, boardDoc);
  const participant = info.participantId ?? null;

  useEffect(() => {
    if (!control) return;
    const counts = new Map<string, number>();
    for (const v of control.votes) counts.set(v.note, (counts.get(v.note) ?? 0) + 1);
    voting.set({ active: control.phase === 'vote' && participant !== null && info.role === 'edit', revealed: control.resultsRevealed, counts, budget: control.voteBudget });
  }, [control, participant, info.role]);

  useEffect(() => {
    if (!info.workshopId || !participant) return;
    const params = { workshopId: info.workshopId };
    const applyMine = (body: MyVotes) => voting.set({ mine: new Set(body.votes.filter((v) => v.board === info.boardId).map((v) => v.note)) });
    call('myVotes', { params, token }).then(applyMine, () => undefined);
    voting.toggle = (noteId) => {
      const name = voting.state.mine.has(noteId) ? 'unvote' : 'vote';
      call(name, { params, token, body: { board: info.boardId, note: noteId } }).then(
        (body) => {
          applyMine(body);
          voting.set({ message: null });
        },
        (err: Error) => voting.set({ message: err.message }),
      );
    };
    return () => {
      voting.toggle = () => undefined;
      voting.set({ active: false, mine: new Set(), counts: new Map(), message: null });
    };
  }, [info.workshopId, info.boardId, participant, token]);
}
