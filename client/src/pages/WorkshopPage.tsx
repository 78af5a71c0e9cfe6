/**
 * A workshop's landing page (`/w/:id#token=...`): the agenda and the rooms. The facilitator sees the
 * console (client/src/console/: every room live, phases, timers, people, votes, plenary, broadcast);
 * a participant sees their own room(s) and the facilitator's broadcast messages.
 */
import { useEffect, useState } from 'react';
import { fetchWorkshop, rememberWorkshopToken, workshopToken, type WorkshopSummary } from '../api.ts';
import { RoomCall } from '../components/RoomCall.tsx';
import { MatchCard, MatchmakingControls, TimetableView } from '../components/Matchmaking.tsx';
import { useWorkshopControl } from '../sync/useWorkshopControl.ts';
import { FacilitatorConsole } from '../console/FacilitatorConsole.tsx';
import { BroadcastBanner } from '../console/BroadcastBanner.tsx';
import { HandoutButton, PlenaryFollow } from '../plenary/usePlenaryFollow.tsx';
import { PageError } from '../components/PageError.tsx';
import { roomsOf } from '../../../shared/workshop/landing.ts';
import type { RoomEntry } from '../../../shared/doc/workshop-control.ts';

/** The sessions with their rooms as the control document has them now, in the summary's order where known. */
function sessionsOf(rooms: readonly RoomEntry[], known: WorkshopSummary['sessions']): WorkshopSummary['sessions'] {
  const order = new Map(known.map((s, i) => [s.id, i]));
  const byId = new Map<string, WorkshopSummary['sessions'][number]>();
  for (const r of rooms) {
    let session = byId.get(r.session);
    if (!session) {
      session = { id: r.session, title: r.sessionTitle, template: known.find((s) => s.id === r.session)?.template ?? '', rooms: [] };
      byId.set(r.session, session);
    }
    session.rooms.push({ id: r.id, name: r.name, boardId: r.boardId, challenges: r.challenges, participantIds: r.participantIds });
  }
  for (const s of byId.values()) {
    const roomOrder = new Map((known.find((k) => k.id === s.id)?.rooms ?? []).map((r, i) => [r.id, i]));
    s.rooms.sort((a, b) => (roomOrder.get(a.id) ?? 1e9) - (roomOrder.get(b.id) ?? 1e9));
  }
  return [...byId.values()].sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9));
}

export function WorkshopPage({ workshopId }: { workshopId: string }) {
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? workshopToken(workshopId)?.token ?? '');
  const [workshop, setWorkshop] = useState<WorkshopSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const control = useWorkshopControl(workshopId, token);

  useEffect(() => {
    fetchWorkshop(workshopId, token).then(
      (w) => {
        setWorkshop(w);
        if (!workshopToken(workshopId)) rememberWorkshopToken(workshopId, token);
      },
      (err: Error) => setError(err.message),
    );
  }, [workshopId, token]);

  if (error) {
    return (
      <PageError message={error} />
    );
  }
  if (!workshop) return <main className="page">Loading…</main>;
  // Live from the control document once it is read: rooms assigned after this page loaded show up at once.
  const mine = new Set(control && workshop.me ? roomsOf(control.rooms, workshop.me.id).map((r) => r.boardId) : workshop.myRooms.map((r) => r.boardId));
  const liveSessions = control ? sessionsOf(control.rooms, workshop.sessions) : workshop.sessions;
  const boardHref = (boardId: string) => `/b/${boardId}#token=${token}`;

  return (
    <main className={workshop.role === 'facilitator' ? 'page console-page' : 'page'}>
      <header className="board-header">
        <h1>{workshop.title}</h1>
        {workshop.date && <span className="role">{workshop.date}</span>}
        <span className="role">{workshop.role === 'facilitator' ? 'Facilitator' : workshop.role === 'participant' ? `You are ${workshop.me?.name}` : 'Observer'}</span>
        {workshop.role === 'facilitator' && <HandoutButton workshopId={workshopId} token={token} />}
        <PlenaryFollow workshopId={workshopId} token={token} />
      </header>
      {workshop.me && <RoomCall workshopId={workshopId} token={token} me={workshop.me.id} boardId={null} />}
      {workshop.role === 'participant' && control && <BroadcastBanner messages={control.messages} />}
      {workshop.role === 'facilitator' && <FacilitatorConsole workshop={workshop} workshopId={workshopId} token={token} />}
      {workshop.agenda.length > 0 && (
        <section aria-label="Agenda">
          <h2>Agenda</h2>
          <ol className="agenda">
            {workshop.agenda.map((block) => (
              <li key={`${block.start}-${block.title}`}>
                <span className="agenda-time">
                  {block.start}–{block.end}
                </span>{' '}
                {block.title}
                {block.interactive && <span className="role">interactive</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
      {workshop.role !== 'facilitator' && <section aria-label="Rooms">
        <h2>{workshop.role === 'participant' ? 'Your rooms' : 'Rooms'}</h2>
        {liveSessions.map((session) => {
          const rooms = session.rooms.filter((r) => workshop.role !== 'participant' || mine.has(r.boardId));
          if (rooms.length === 0) return null;
          return (
            <div key={session.id} className="card session">
              <h3>{session.title}</h3>
              <ul className="rooms">
                {rooms.map((room) => (
                  <li key={room.id}>
                    {workshop.role === 'observer' ? room.name : <a href={boardHref(room.boardId)}>{room.name}</a>}
                    <span className="muted"> · {room.participantIds.length} people</span>
                    {room.challenges.length > 0 && <span className="muted"> · {room.challenges.join(' / ')}</span>}
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
        {workshop.role === 'participant' && mine.size === 0 && <p className="muted">The facilitator has not put you in a room yet.</p>}
      </section>}
      <section aria-label="Matchmaking">
        <h2>Matchmaking</h2>
        {workshop.role === 'participant' && <MatchCard workshop={workshop} token={token} />}
        {workshop.role === 'facilitator' && <MatchmakingControls workshopId={workshopId} token={token} />}
        {control && <TimetableView control={control} me={workshop.me?.id ?? null} {...(workshop.role === 'facilitator' ? { facilitator: { workshopId, token } } : {})} />}
      </section>
    </main>
  );
}
