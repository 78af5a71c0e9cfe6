/**
 * The facilitator's newest broadcast message, for participants: on a workshop room's board header and
 * on the participant's workshop page. Announced politely to screen readers; dismissing hides that
 * message (remembered in this browser) until a newer one arrives.
 */
import { useState } from 'react';
import type { Message } from '../../../shared/doc/workshop-control.ts';
import { useWorkshopControl } from '../sync/useWorkshopControl.ts';
import { bannerMessage } from './logic.ts';
import './console.css';

const dismissedKey = 'plenary:dismissed-broadcast';

function readDismissed(): string | null {
  try {
    return localStorage.getItem(dismissedKey);
  } catch {
    return null;
  }
}

export function BroadcastBanner({ messages }: { messages: readonly Message[] }) {
  const [dismissed, setDismissed] = useState<string | null>(readDismissed);
  const newest = bannerMessage(messages, dismissed);
  const dismiss = () => {
    if (!newest) return;
    setDismissed(newest.id);
    try {
      localStorage.setItem(dismissedKey, newest.id);
    } catch {
      // private mode: dismissed for this page only
    }
  };
  return (
    <div className="broadcast-live" aria-live="polite">
      {newest && (
        <div className="broadcast-banner" role="note" aria-label="Message from the facilitator">
          <svg className="broadcast-icon" aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
            <path d="M3 10v4a1 1 0 0 0 1 1h2l5 4V5L6 9H4a1 1 0 0 0-1 1Zm13.5 2a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4ZM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6Z" fill="currentColor" />
          </svg>
          <span className="broadcast-text">
            <strong>Facilitator:</strong> {newest.text}
          </span>
          <time className="broadcast-time" dateTime={new Date(newest.at).toISOString()}>
            {new Date(newest.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
          </time>
          <button type="button" className="broadcast-dismiss" onClick={dismiss} aria-label="Dismiss the message">
            ×
          </button>
        </div>
      )}
    </div>
  );
}

/** The banner with its own subscription to the workshop's control document (for the board page). */
export function WorkshopBroadcast({ workshopId, token }: { workshopId: string; token: string }) {
  const control = useWorkshopControl(workshopId, token);
  return <BroadcastBanner messages={control?.messages ?? []} />;
}
