/** Who else is on the board, each with a button to follow their view (pan or zoom yourself to stop). */
import type { Presence } from '../sync/presence.ts';

export function People({ others, following, onFollow }: { others: readonly Presence[]; following: number | null; onFollow: (clientId: number | null) => void }) {
  if (others.length === 0) return <p className="people muted">Nobody else here yet.</p>;
  return (
    <ul className="people" aria-label="People on this board">
      {others.map((other) => {
        const on = following === other.clientId;
        return (
          <li key={other.clientId}>
            <span className="dot" style={{ background: other.user.color }} aria-hidden="true" />
            <span className="person-name">{other.user.name}</span>
            <button
              type="button"
              className="link-button"
              aria-pressed={on}
              aria-label={`${on ? 'Stop following' : 'Follow'} ${other.user.name}`}
              disabled={!on && !other.view}
              onClick={() => onFollow(on ? null : other.clientId)}
            >
              {on ? 'Following' : 'Follow'}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
