/**
 * Connects the voting store to a workshop room: voting is open for a participant in the 'vote' phase; a
 * click asks the server for a dot (or takes it back); revealed votes come from the control document.
 */
import { useEffect } from 'react';
import type * as Y from 'yjs';
import type { BoardInfo } from '../api.ts';
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
    const base = `/api/workshops/${info.workshopId}`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const applyMine = (body: { votes: { board: string; note: string }[] }) =>
      voting.set({ mine: new Set(body.votes.filter((v) => v.board === info.boardId).map((v) => v.note)) });
    type Votes = Parameters<typeof applyMine>[0];
    void fetch(`${base}/me/votes`, { headers })
      .then((r) => (r.ok ? (r.json() as Promise<Votes>) : null))
      .then((body) => body && applyMine(body));
    voting.toggle = (noteId) => {
      const path = voting.state.mine.has(noteId) ? 'unvote' : 'votes';
      void fetch(`${base}/${path}`, { method: 'POST', headers, body: JSON.stringify({ board: info.boardId, note: noteId }) }).then(async (res) => {
        const body = (await res.json().catch(() => ({}))) as Partial<Votes> & { message?: string };
        if (res.ok) {
          if (body.votes) applyMine({ votes: body.votes });
          voting.set({ message: null });
        } else voting.set({ message: body.message ?? `HTTP ${res.status}` });
      });
    };
    return () => {
      voting.toggle = () => undefined;
      voting.set({ active: false, mine: new Set(), counts: new Map(), message: null });
    };
  }, [info.workshopId, info.boardId, participant, token]);
}
