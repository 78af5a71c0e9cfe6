/**
 * Scavenger hunt on the board page: how many hints are out, and for the facilitator "Reveal next hint" and
 * a form for new hints. New hints are kept on the server until revealed (never written on the board, which
 * every participant's screen receives); the facilitator sees their texts listed here.
 */
import { useEffect, useState } from 'react';
import type { ScavengerHunt } from '../../../shared/schema/results.ts';
import { ApiError, call } from '../api.ts';
import { boardView } from '../derived/boardView.ts';

/** Reveals hints or adds one on this board: null when done, else what went wrong. */
async function post(change: { revealed: number } | { text: string }): Promise<string | null> {
  const info = boardView.info;
  if (!info?.workshopId) return 'not a workshop room';
  const args = { params: { workshopId: info.workshopId }, token: boardView.token };
  try {
    if ('text' in change) await call('addHint', { ...args, body: { board: info.boardId, text: change.text } });
    else await call('revealHints', { ...args, body: { board: info.boardId, revealed: change.revealed } });
    return null;
  } catch (err) {
    return err instanceof ApiError ? err.message : 'offline: try again';
  }
}

const setRevealed = (revealed: number) => post({ revealed });

/** The hidden hints' texts (facilitator only); refetched whenever the count of hints changes. */
function useHiddenHints(total: number): string[] {
  const [hidden, setHidden] = useState<string[]>([]);
  useEffect(() => {
    const info = boardView.info;
    if (!boardView.facilitator || !info?.workshopId) return;
    let live = true;
    call('hiddenHints', { params: { workshopId: info.workshopId }, query: { board: info.boardId }, token: boardView.token }).then(
      (body) => live && setHidden(body.hidden.map((h) => h.text)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [total]);
  return hidden;
}

export function HintsControl({ hunt }: { hunt: ScavengerHunt }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState('');
  const shown = hunt.revealed.length;
  const hidden = useHiddenHints(hunt.total);
  const run = async (count: number) => {
    setBusy(true);
    setError(await setRevealed(count));
    setBusy(false);
  };
  const add = async () => {
    const text = draft.trim();
    if (!text) return;
    setBusy(true);
    const problem = await post({ text });
    setError(problem);
    if (!problem) setDraft('');
    setBusy(false);
  };
  return (
    <section className="panel-section" aria-label="Scavenger hunt">
      <h2>Scavenger hunt</h2>
      <p className="panel-lead" aria-live="polite" data-testid="hints-revealed">
        {shown} of {hunt.total} hints revealed · {hunt.guesses.length} {hunt.guesses.length === 1 ? 'guess' : 'guesses'}
      </p>
      {boardView.facilitator && (
        <div className="panel-actions">
          <button type="button" disabled={busy || shown >= hunt.total} onClick={() => void run(shown + 1)}>
            Reveal next hint
          </button>
          <button type="button" className="link-button" disabled={busy || shown === 0} onClick={() => void run(0)}>
            Hide all
          </button>
        </div>
      )}
      {boardView.facilitator && hidden.length > 0 && (
        <ol className="hidden-hints" start={shown + 1} aria-label="Hints not revealed yet">
          {hidden.map((text, i) => (
            <li key={i}>{text}</li>
          ))}
        </ol>
      )}
      {boardView.facilitator && (
        <form
          className="panel-actions"
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <label>
            New hint (participants see it once revealed)
            <textarea value={draft} maxLength={10_000} rows={2} onChange={(event) => setDraft(event.target.value)} />
          </label>
          <button type="submit" disabled={busy || draft.trim() === ''}>
            Add hint
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
