/**
 * On a participant's board page and workshop page: when the facilitator calls everyone to the plenary,
 * a notice says so and the page moves to the plenary screen a few seconds later (or at once with "Go
 * now"; "Stay here" keeps this page until the plenary ends). The facilitator is never moved: they get
 * the notice with a link only, so that their console stays where it is.
 */
import { useEffect, useState } from 'react';
import { fetchWorkshop } from '../api.ts';
import { useWorkshopControl } from '../sync/useWorkshopControl.ts';
import { handoutPath, navigate, plenaryPath, rememberReturn } from './api.ts';
import './plenary.css';

const COUNTDOWN_S = 3;
const stayKey = (workshopId: string) => `plenary:stay:${workshopId}`;

function staying(workshopId: string): boolean {
  try {
    return sessionStorage.getItem(stayKey(workshopId)) === '1';
  } catch {
    return false;
  }
}

function setStaying(workshopId: string, stay: boolean): void {
  try {
    if (stay) sessionStorage.setItem(stayKey(workshopId), '1');
    else sessionStorage.removeItem(stayKey(workshopId));
  } catch {
    // no storage: the notice comes back on the next call
  }
}

export type PlenaryCall = {
  /** Seconds until the page moves; null for the facilitator, who is not moved. */
  secondsLeft: number | null;
  href: string;
  go: () => void;
  stay: () => void;
};

export function usePlenaryFollow(workshopId: string, token: string): PlenaryCall | null {
  const control = useWorkshopControl(workshopId, token);
  const [role, setRole] = useState<string | null>(null);
  const [stay, setStay] = useState(() => staying(workshopId));
  const [secondsLeft, setSecondsLeft] = useState(COUNTDOWN_S);
  const mode = control?.plenary.mode ?? null;
  const called = mode === 'plenary' && !stay && role !== null;
  const href = plenaryPath(workshopId, token);

  useEffect(() => {
    fetchWorkshop(workshopId, token).then(
      (w) => setRole(w.role),
      () => setRole(null),
    );
  }, [workshopId, token]);

  // Back in the rooms: the next call to the plenary asks again.
  useEffect(() => {
    if (mode !== 'rooms') return;
    setStaying(workshopId, false);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- mirrors the stored choice just cleared (sessionStorage, outside React) when the plenary ends
    setStay(false);
  }, [mode, workshopId]);

  const go = (): void => {
    rememberReturn(workshopId, window.location.pathname + window.location.hash);
    navigate(href);
  };

  useEffect(() => {
    if (!called || role === 'facilitator') return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- each call restarts the countdown the interval below runs down
    setSecondsLeft(COUNTDOWN_S);
    let left = COUNTDOWN_S;
    const timer = setInterval(() => {
      left -= 1;
      setSecondsLeft(left);
      if (left <= 0) {
        clearInterval(timer);
        go();
      }
    }, 1000);
    return () => clearInterval(timer);
    // `go` only reads the current location and href
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [called, role, href]);

  if (!called) return null;
  return {
    secondsLeft: role === 'facilitator' ? null : secondsLeft,
    href,
    go,
    stay: () => {
      setStaying(workshopId, true);
      setStay(true);
    },
  };
}

/** The notice, fixed at the top of the window; mount it once on a page of the workshop. */
export function PlenaryFollow({ workshopId, token }: { workshopId: string; token: string }) {
  const call = usePlenaryFollow(workshopId, token);
  if (!call) return null;
  return (
    <div className="plenary-call" role="status" aria-live="assertive" data-testid="plenary-call">
      <strong>The facilitator calls everyone to the plenary.</strong>
      <span>{call.secondsLeft === null ? 'Open the plenary screen to present.' : `Opening the plenary screen in ${Math.max(0, call.secondsLeft)} s…`}</span>
      <button type="button" onClick={call.go}>
        {call.secondsLeft === null ? 'Open the plenary screen' : 'Go now'}
      </button>
      <button type="button" className="plenary-call-stay" onClick={call.stay}>
        {call.secondsLeft === null ? 'Dismiss' : 'Stay here'}
      </button>
    </div>
  );
}

/** "Print handout" for a page header (the facilitator's workshop page): opens the handout in a new tab. */
export function HandoutButton({ workshopId, token }: { workshopId: string; token: string }) {
  return (
    <a className="handout-button" href={handoutPath(workshopId, token)} target="_blank" rel="noopener">
      Print handout
    </a>
  );
}
