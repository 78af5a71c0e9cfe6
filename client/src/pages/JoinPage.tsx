/**
 * The participant link (`/w/:id/join#code=...`): give a name or pick a pre-registered profile, get a
 * personal token, land on their room's board (when they have one) or the workshop. The token stays in this browser, so opening the link again
 * keeps the same identity instead of joining twice. When the server asks to wait (many people joining at
 * once), the page waits and tries again by itself with the same name and join key: nobody retypes their
 * name into a field that still holds it, and a retry is the same person, never a second one.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, fetchJoinInfo, fetchWorkshop, joinWorkshop, rememberWorkshopToken, workshopToken, type JoinInfo } from '../api.ts';

/** Waits `seconds`, calling `tick` with the seconds left each second. */
function countdown(seconds: number, tick: (left: number) => void): Promise<void> {
  return new Promise((resolve) => {
    let left = seconds;
    tick(left);
    const timer = setInterval(() => {
      left -= 1;
      tick(left);
      if (left <= 0) {
        clearInterval(timer);
        resolve();
      }
    }, 1000);
  });
}

export function JoinPage({ workshopId }: { workshopId: string }) {
  const [code] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('code') ?? '');
  const [info, setInfo] = useState<JoinInfo | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  const [waiting, setWaiting] = useState<number | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    const known = workshopToken(workshopId);
    if (known) {
      window.location.replace(`/w/${workshopId}#token=${known.token}`);
      return;
    }
    void (async () => {
      for (;;) {
        try {
          setInfo(await fetchJoinInfo(workshopId, code));
          setWaiting(null);
          return;
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 429 && alive.current)) {
            setError((err as Error).message);
            return;
          }
          await countdown(err.retryAfter ?? 5, setWaiting);
        }
      }
    })();
  }, [workshopId, code]);

  async function join(who: { name: string } | { participantId: string }) {
    if (joining) return;
    setError(null);
    setJoining(true);
    try {
      for (;;) {
        try {
          const joined = await joinWorkshop(workshopId, code, who);
          rememberWorkshopToken(workshopId, joined.token);
          // Land on their room's board when they already have exactly one (pre-registered and assigned).
          const rooms = await fetchWorkshop(workshopId, joined.token).then((w) => w.myRooms, () => []);
          const room = rooms.length === 1 ? rooms[0] : undefined;
          window.location.assign(room ? `/b/${room.boardId}#token=${joined.token}` : `/w/${workshopId}#token=${joined.token}`);
          return;
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 429 && alive.current)) throw err;
          await countdown(err.retryAfter ?? 5, setWaiting);
          setWaiting(null);
        }
      }
    } catch (err) {
      setError((err as Error).message);
      setJoining(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) void join({ name: name.trim() });
  }

  return (
    <main className="page">
      <h1>{info ? `Join: ${info.title}` : 'Join the workshop'}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {waiting !== null && (
        <p role="status" className="muted">
          Many people are joining right now. Trying again in {Math.max(0, waiting)} s…
        </p>
      )}
      {info && (
        <>
          <form className="card" onSubmit={onSubmit}>
            <label>
              Your name
              <input value={name} maxLength={120} readOnly={joining} onChange={(e) => setName(e.target.value)} placeholder="First and last name" />
            </label>
            <button type="submit" disabled={joining}>
              {joining ? 'Joining…' : 'Join'}
            </button>
          </form>
          {info.profiles.length > 0 && (
            <section className="card stack" aria-label="Registered participants">
              <p className="muted">Registered beforehand? Pick yourself:</p>
              <ul className="profiles">
                {info.profiles.map((p) => (
                  <li key={p.id}>
                    <button type="button" disabled={joining} onClick={() => void join({ participantId: p.id })}>
                      {p.name}
                    </button>{' '}
                    <span className="muted">
                      {[p.cluster, p.country].filter(Boolean).join(', ')}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </main>
  );
}
