/**
 * The plenary screen (`/w/:id/plenary#token=...`), for the projector and for everybody's own screen.
 * What it shows follows the control document's plenary state: the presented board, full-screen and
 * read-only, with everyone following the facilitator's camera; a lobby with the agenda and the results
 * when nothing is presented; and when the plenary ends, participants go back to their room.
 */
import { useEffect, useState } from 'react';
import { fetchWorkshop, workshopToken, type WorkshopSummary } from '../api.ts';
import { PhaseAndTimer } from '../components/BoardHeaderExtras.tsx';
import { useWorkshopControl } from '../sync/useWorkshopControl.ts';
import { setNames } from '../sync/names.ts';
import type { WorkshopControlView } from '../../../shared/doc/workshop-control.ts';
import { navigate, takeReturn, tokenFromHash } from './api.ts';
import { FacilitatorBar } from './FacilitatorBar.tsx';
import { PresentedBoard } from './PresentedBoard.tsx';
import { presentationOrder } from './results-table.ts';
import { ResultsView } from './ResultsView.tsx';
import './plenary.css';
import { PageError } from '../components/PageError.tsx';

export function PlenaryPage({ workshopId }: { workshopId: string }) {
  const [token] = useState(() => tokenFromHash(workshopId, () => workshopToken(workshopId)?.token));
  const [workshop, setWorkshop] = useState<WorkshopSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const control = useWorkshopControl(workshopId, token);

  useEffect(() => {
    fetchWorkshop(workshopId, token).then((summary) => {
      // Post-its carry participant ids as authors: the presented board shows names, as the room's own screens do.
      setNames(summary.participants);
      setWorkshop(summary);
    }, (err: Error) => setError(err.message));
  }, [workshopId, token]);

  const leader = workshop?.role === 'facilitator';
  const mode = control?.plenary.mode ?? null;

  // The plenary is over: back to the room this screen came from, else the first own room, else the workshop.
  useEffect(() => {
    if (!workshop || leader || mode !== 'rooms') return;
    const back = takeReturn(workshopId);
    const room = workshop.myRooms[workshop.myRooms.length - 1];
    navigate(back ?? (room ? `/b/${room.boardId}#token=${encodeURIComponent(token)}` : `/w/${workshopId}#token=${encodeURIComponent(token)}`));
  }, [workshop, leader, mode, workshopId, token]);

  if (error) {
    return (
      <PageError message={error} />
    );
  }
  if (!workshop || !control) return <main className="page">Loading…</main>;

  const { plenary } = control;
  setNames(control.roster); // people who joined after this page loaded
  const order = presentationOrder(workshop.sessions, workshop.agenda);
  const room = plenary.mode === 'plenary' && plenary.board ? (order.find((r) => r.boardId === plenary.board) ?? null) : null;
  const presenter = plenary.presenter ? (control.roster.find((p) => p.id === plenary.presenter)?.name ?? workshop.participants.find((p) => p.id === plenary.presenter)?.name) : undefined;

  return (
    <div className="plenary-page">
      <header className="plenary-header">
        <h1>{workshop.title}</h1>
        {room && (
          <span className="plenary-room" aria-label="Presented room">
            {room.name}
            <span className="muted"> · {room.sessionTitle}</span>
          </span>
        )}
        {room && presenter && <span className="role">Presented by {presenter}</span>}
        {room && <PhaseAndTimer workshopId={workshopId} token={token} boardId={room.boardId} />}
        {!room && <span className="role">{plenary.mode === 'plenary' ? 'Plenary' : 'Breakout rooms'}</span>}
        <span className="plenary-header-gap" />
        <span className="role">{leader ? 'Facilitator' : workshop.me ? workshop.me.name : 'Observer'}</span>
      </header>
      {room ? (
        <PresentedBoard key={room.boardId} boardId={room.boardId} workshopId={workshopId} token={token} leader={leader} />
      ) : (
        <Lobby workshop={workshop} token={token} control={control} inRooms={plenary.mode === 'rooms'} leader={leader} />
      )}
      {leader && <FacilitatorBar workshopId={workshopId} token={token} order={order} control={control} />}
    </div>
  );
}

function Lobby({ workshop, token, control, inRooms, leader }: { workshop: WorkshopSummary; token: string; control: WorkshopControlView; inRooms: boolean; leader: boolean }) {
  return (
    <main className="plenary-lobby">
      <div className="plenary-lobby-intro">
        <h2>Plenary</h2>
        {workshop.date && <p className="muted">{workshop.date}</p>}
        <p className="plenary-lobby-note">
          {inRooms
            ? leader
              ? 'Everybody is in their breakout room. Call them to the plenary or present a room below.'
              : 'The plenary has ended; back to your room…'
            : 'The facilitator will present the rooms shortly.'}
        </p>
        {workshop.agenda.length > 0 && (
          <section aria-label="Agenda">
            <h3>Agenda</h3>
            <ol className="plenary-agenda">
              {workshop.agenda.map((block) => (
                <li key={`${block.start}-${block.title}`}>
                  <span className="agenda-time">
                    {block.start}–{block.end}
                  </span>
                  <span>{block.title}</span>
                </li>
              ))}
            </ol>
          </section>
        )}
      </div>
      <ResultsView workshopId={workshop.workshopId} token={token} control={control} />
    </main>
  );
}
