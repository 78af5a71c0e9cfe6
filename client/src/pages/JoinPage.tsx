/**
 * The participant link (`/w/:id/join#code=...`): give a name or pick a pre-registered profile, get a
 * personal token, land on their room's board (when they have one) or the workshop. The token stays in this browser, so opening the link again
 * keeps the same identity instead of joining twice.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { fetchJoinInfo, fetchWorkshop, joinWorkshop, rememberWorkshopToken, workshopToken, type JoinInfo } from '../api.ts';

export function JoinPage({ workshopId }: { workshopId: string }) {
  const [code] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('code') ?? '');
  const [info, setInfo] = useState<JoinInfo | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const known = workshopToken(workshopId);
    if (known) {
      window.location.replace(`/w/${workshopId}#token=${known.token}`);
      return;
    }
    fetchJoinInfo(workshopId, code).then(setInfo, (err: Error) => setError(err.message));
  }, [workshopId, code]);

  async function join(who: { name: string } | { participantId: string }) {
    setError(null);
    try {
      const joined = await joinWorkshop(workshopId, code, who);
      rememberWorkshopToken(workshopId, joined.token);
      // Land on their room's board when they already have exactly one (pre-registered and assigned).
      const rooms = await fetchWorkshop(workshopId, joined.token).then((w) => w.myRooms, () => []);
      const room = rooms.length === 1 ? rooms[0] : undefined;
      window.location.assign(room ? `/b/${room.boardId}#token=${joined.token}` : `/w/${workshopId}#token=${joined.token}`);
    } catch (err) {
      setError((err as Error).message);
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
      {info && (
        <>
          <form className="card" onSubmit={onSubmit}>
            <label>
              Your name
              <input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} placeholder="First and last name" />
            </label>
            <button type="submit">Join</button>
          </form>
          {info.profiles.length > 0 && (
            <section className="card stack" aria-label="Registered participants">
              <p className="muted">Registered beforehand? Pick yourself:</p>
              <ul className="profiles">
                {info.profiles.map((p) => (
                  <li key={p.id}>
                    <button type="button" onClick={() => void join({ participantId: p.id })}>
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
