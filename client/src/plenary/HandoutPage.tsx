/**
 * The printable handout (`/w/:id/handout#token=...`): the whole workshop on paper. Title, date and
 * agenda; then every session and room: challenges with root causes, solutions best first (the selected
 * one marked), the details, the action-plan rows; and the matchmaking timetable when there is one.
 * handout.css lays it out for A4 (the browser's "Print to PDF" is the PDF export). Same source as the
 * results view: the server's workshop export, plus the control document for the timetable.
 */
import { useEffect, useState } from 'react';
import { fetchWorkshop, workshopToken, type WorkshopSummary } from '../api.ts';
import { useWorkshopControl } from '../sync/useWorkshopControl.ts';
import type { WorkshopControlView } from '../../../shared/doc/workshop-control.ts';
import { ACTION_PLAN_COLUMNS, ACTION_PLAN_TITLES } from '../../../shared/schema/action-plan-row.ts';
import type { ChallengeSolution } from '../../../shared/schema/results.ts';
import { tokenFromHash } from './api.ts';
import { challengeLabel, ideasBestFirst, planKindsOf, planRowCells, votesLabel, type WorkshopExport } from './results-table.ts';
import { useWorkshopExport } from './ResultsView.tsx';
import './handout.css';
import { PageError } from '../components/PageError.tsx';

export function HandoutPage({ workshopId }: { workshopId: string }) {
  const [token] = useState(() => tokenFromHash(workshopId, () => workshopToken(workshopId)?.token));
  const [workshop, setWorkshop] = useState<WorkshopSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const control = useWorkshopControl(workshopId, token);
  // Fetched once (no control view to refresh on): a handout is a snapshot, it must not change under the print dialog.
  const results = useWorkshopExport(workshopId, token, null);

  useEffect(() => {
    fetchWorkshop(workshopId, token).then(setWorkshop, (err: Error) => setError(err.message));
  }, [workshopId, token]);

  const failure = error ?? results.error;
  if (failure) {
    return (
      <PageError title="Handout" message={failure} />
    );
  }
  if (!workshop || !results.data) return <main className="page">Preparing the handout…</main>;
  return <Handout workshop={workshop} data={results.data} control={control} />;
}

function Handout({ workshop, data, control }: { workshop: WorkshopSummary; data: WorkshopExport; control: WorkshopControlView | null }) {
  const names = new Map<string, string>([...workshop.participants.map((p) => [p.id, p.name] as const), ...(control?.roster ?? []).map((p) => [p.id, p.name] as const)]);
  const workshopUrl = `${window.location.origin}/w/${workshop.workshopId}`;
  const roomMembers = (boardId: string) =>
    workshop.sessions
      .flatMap((s) => s.rooms)
      .find((r) => r.boardId === boardId)
      ?.participantIds.map((id) => names.get(id))
      .filter((name) => name !== undefined) ?? [];
  const timetable = control?.timetable ?? null;
  const glance = data.sessions.flatMap((session) =>
    session.rooms.flatMap((room) =>
      room.results.challengeSolutions.challenges.map((challenge) => ({
        key: `${room.id}:${challenge.id}`,
        room: room.name,
        challenge: challengeLabel(challenge),
        solution: challenge.selected?.text ?? '',
        note: challenge.selected ? `${votesLabel(challenge.selected.votes)}${challenge.selected.by === 'facilitator' ? ', selected' : ', most voted'}` : '',
      })),
    ),
  );

  return (
    <div className="handout" data-testid="handout">
      <div className="handout-toolbar" role="toolbar" aria-label="Handout">
        <button type="button" onClick={() => window.print()}>
          Print or save as PDF
        </button>
        <span className="muted">A4, one page per room. Choose “Save as PDF” as the printer for a PDF.</span>
      </div>
      <article className="handout-sheet">
        <header className="handout-cover">
          <p className="handout-kicker">Workshop handout</p>
          <h1>{data.workshop.title}</h1>
          {data.workshop.date && <p className="handout-date">{data.workshop.date}</p>}
          {data.workshop.agenda.length > 0 && (
            <section aria-label="Agenda">
              <h2>Agenda</h2>
              <table className="handout-table handout-agenda">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Block</th>
                  </tr>
                </thead>
                <tbody>
                  {data.workshop.agenda.map((block) => (
                    <tr key={`${block.start}-${block.title}`}>
                      <td className="nowrap">
                        {block.start}–{block.end}
                      </td>
                      <td>
                        {block.title}
                        {block.interactive ? <span className="handout-tag">interactive</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {glance.length > 0 && (
            <section aria-label="Selected solutions at a glance">
              <h2>Selected solutions at a glance</h2>
              <table className="handout-table">
                <thead>
                  <tr>
                    <th scope="col">Room</th>
                    <th scope="col">Challenge</th>
                    <th scope="col">Solution</th>
                  </tr>
                </thead>
                <tbody>
                  {glance.map((line) => (
                    <tr key={line.key}>
                      <td className="nowrap">{line.room}</td>
                      <td>{line.challenge}</td>
                      <td>
                        {line.solution ? (
                          <>
                            <strong>{line.solution}</strong> <span className="handout-votes">{line.note}</span>
                          </>
                        ) : (
                          <span className="muted">No solution yet</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          <p className="handout-source">
            Boards and live results: <a href={workshopUrl}>{workshopUrl}</a>
          </p>
        </header>

        {data.sessions.map((session) => (
          <section key={session.id} className="handout-session" aria-label={session.title}>
            {session.rooms.map((room, index) => (
              <section key={room.id} className="handout-room" aria-label={`${room.name}, ${session.title}`}>
                <p className="handout-kicker">{index === 0 ? session.title : `${session.title} (continued)`}</p>
                <h2>{room.name}</h2>
                {roomMembers(room.boardId).length > 0 && <p className="handout-members">Participants: {roomMembers(room.boardId).join(', ')}</p>}
                {room.results.challengeSolutions.challenges.map((challenge) => (
                  <Challenge key={challenge.id} challenge={challenge} />
                ))}
                {planKindsOf(room.results).map((kind) => (
                  <section key={kind} className="handout-plan">
                    <h3>{ACTION_PLAN_TITLES[kind]}</h3>
                    <table className="handout-table">
                      <thead>
                        <tr>
                          {ACTION_PLAN_COLUMNS[kind].map((c) => (
                            <th key={c.key} scope="col">
                              {c.label}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {room.results.actionPlans[kind].map((row, r) => (
                          <tr key={r}>
                            {planRowCells(kind, row).map((cell, c) => (
                              <td key={c}>{cell}</td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </section>
                ))}
                {room.results.challengeSolutions.challenges.length === 0 && planKindsOf(room.results).length === 0 && <p className="muted">No results on this board yet.</p>}
              </section>
            ))}
          </section>
        ))}

        {timetable && timetable.meetings.length > 0 && (
          <section className="handout-room" aria-label="Matchmaking timetable">
            <p className="handout-kicker">Matchmaking</p>
            <h2>Timetable</h2>
            <table className="handout-table">
              <thead>
                <tr>
                  <th scope="col">Round</th>
                  <th scope="col">Time</th>
                  <th scope="col">Table</th>
                  <th scope="col">Who meets</th>
                </tr>
              </thead>
              <tbody>
                {[...timetable.meetings]
                  .sort((a, b) => a.slot - b.slot || (a.table ?? 0) - (b.table ?? 0))
                  .map((meeting) => {
                    const slot = timetable.slots.find((s) => s.index === meeting.slot);
                    return (
                      <tr key={meeting.id}>
                        <td>{meeting.slot + 1}</td>
                        <td className="nowrap">{slot ? `${slot.start}–${slot.end}` : ''}</td>
                        <td>{meeting.table ?? ''}</td>
                        <td>{meeting.people.map((id) => names.get(id) ?? id).join(', ')}</td>
                      </tr>
                    );
                  })}
              </tbody>
            </table>
          </section>
        )}
      </article>
    </div>
  );
}

function Challenge({ challenge }: { challenge: ChallengeSolution }) {
  const ideas = ideasBestFirst(challenge);
  return (
    <section className="handout-challenge">
      <h3>{challengeLabel(challenge)}</h3>
      {challenge.rootCauses.trim() !== '' && (
        <p className="handout-text">
          <strong>Root causes: </strong>
          {challenge.rootCauses.trim()}
        </p>
      )}
      {ideas.length === 0 ? (
        <p className="muted">No solutions yet.</p>
      ) : (
        <ol className="handout-solutions">
          {ideas.map(({ idea, selected }) => (
            <li key={idea.note} className={selected ? 'selected' : undefined}>
              <span className="handout-solution-text">{idea.text}</span>
              <span className="handout-votes">{votesLabel(idea.votes)}</span>
              {selected && <span className="handout-selected">{challenge.selected?.by === 'facilitator' ? '★ Selected' : '★ Most voted'}</span>}
            </li>
          ))}
        </ol>
      )}
      {challenge.details.trim() !== '' && (
        <div className="handout-details">
          <strong>The best idea in detail</strong>
          <p className="handout-text">{challenge.details.trim()}</p>
        </div>
      )}
    </section>
  );
}
