/** Scavenger hunt on the board page: how many hints are out, and for the facilitator "Reveal next hint". */
import { useState } from 'react';
import type { ScavengerHunt } from '../../../shared/schema/results.ts';
import { room } from '../derived/roomStore.ts';

async function setRevealed(revealed: number): Promise<string | null> {
  const info = room.info;
  if (!info?.workshopId) return 'not a workshop room';
  const res = await fetch(`/api/workshops/${info.workshopId}/hints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${room.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ board: info.boardId, revealed }),
  }).catch(() => null);
  if (!res) return 'offline: try again';
  if (res.ok) return null;
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  return body.message ?? `HTTP ${res.status}`;
}

export function HintsControl({ hunt }: { hunt: ScavengerHunt }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = hunt.revealed.length;
  const run = async (count: number) => {
    setBusy(true);
    setError(await setRevealed(count));
    setBusy(false);
  };
  return (
    <section className="panel-section" aria-label="Scavenger hunt">
      <h2>Scavenger hunt</h2>
      <p className="panel-lead" aria-live="polite" data-testid="hints-revealed">
        {shown} of {hunt.total} hints revealed · {hunt.guesses.length} {hunt.guesses.length === 1 ? 'guess' : 'guesses'}
      </p>
      {room.facilitator && (
        <div className="panel-actions">
          <button type="button" disabled={busy || shown >= hunt.total} onClick={() => void run(shown + 1)}>
            Reveal next hint
          </button>
          <button type="button" className="link-button" disabled={busy || shown === 0} onClick={() => void run(0)}>
            Hide all
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
