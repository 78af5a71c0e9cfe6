/**
 * The facilitator console on the workshop page (`/w/:id#token=<facilitator token>`): every breakout
 * room at a glance (live thumbnail, people, counts, phase, countdown), workshop-wide controls (phase and
 * timer for all rooms, broadcast, plenary), and per room phase, timer, reveal, lock, present, winners and
 * results. People move between rooms by drag and drop or with each chip's "Move to" select.
 * Reads are live from the control and board documents; every action goes through the HTTP API.
 */
import { useState, type FormEvent } from 'react';
import type { WorkshopSummary } from '../api.ts';
import { useServerOffset } from '../sync/useWorkshopControl.ts';
import { useActions, type Act } from './actions.ts';
import { useFacilitatorResults, useLiveWorkshop } from './live.ts';
import { groupBySession, roomOf, roomTimer, unassigned, type SessionGroup } from './logic.ts';
import { Countdown, PersonChip, PhaseSelect, PHASE_LABELS, RoomCard, TimerControls, type Dragging } from './RoomCard.tsx';
import { ShareLinks } from './ShareLinks.tsx';
import './console.css';

type Props = { workshop: WorkshopSummary; workshopId: string; token: string };

export function FacilitatorConsole({ workshop, workshopId, token }: Props) {
  const live = useLiveWorkshop(workshopId, token);
  const { results, refresh } = useFacilitatorResults(workshopId, token);
  const { act, feedback, dismiss } = useActions(workshopId, token, refresh);
  const offset = useServerOffset();
  const [withTimer, setWithTimer] = useState(true);
  const [dragging, setDragging] = useState<Dragging>(null);

  const control = live.control;
  const roster = control?.roster ?? workshop.participants;
  const groups = groupBySession(control?.rooms ?? []);
  const plenary = control?.plenary ?? { mode: 'rooms' as const, board: null, presenter: null, at: 0 };
  const allTimer = live.workshop ? roomTimer(live.workshop.timers, '\u0000none') : null;
  const presentedRoom = control?.rooms.find((r) => r.boardId === plenary.board);
  const boardHref = (boardId: string) => `/b/${boardId}#token=${token}`;
  const plenaryHref = `/w/${workshopId}/plenary#token=${token}`;
  const setupHref = `/w/${workshopId}/setup#token=${token}`;

  return (
    <div className="console">
      <section className="console-bar" aria-label="Workshop controls">
        <div className="bar-group" role="group" aria-labelledby="bar-all">
          <span className="bar-title" id="bar-all">
            All rooms
          </span>
          <div className="control-row">
            <PhaseSelect
              id="phase-all"
              label="Phase for all rooms"
              value={live.workshop?.phase ?? null}
              onChange={(phase) => void act('phase', { board: null, phase, timer: withTimer }, `All rooms: phase ${PHASE_LABELS[phase] ?? phase}.`)}
            />
            <button type="button" className="btn primary" onClick={() => void act('phase', { board: null, phase: 'next', timer: withTimer }, 'All rooms: next phase.')}>
              Next phase for all →
            </button>
          </div>
          <label className="check">
            <input type="checkbox" checked={withTimer} onChange={(e) => setWithTimer(e.currentTarget.checked)} />
            Phase changes start the template’s suggested timer
          </label>
        </div>

        <div className="bar-group" role="group" aria-labelledby="bar-timer">
          <span className="bar-title">
            <span id="bar-timer">Timer for all rooms</span> {allTimer && <Countdown timer={allTimer.timer} offset={offset} label="Time left in all rooms" />}
          </span>
          <TimerControls board={null} timer={allTimer?.timer ?? null} act={act} scopeName="all rooms" idPrefix="timer-all" />
        </div>

        <div className="bar-group" role="group" aria-labelledby="bar-plenary">
          <span className="bar-title" id="bar-plenary">
            Plenary
          </span>
          <p className="plenary-state" role="status" aria-label="Plenary state">
            {plenary.mode === 'rooms' ? (
              <>
                <span className="badge">In breakout rooms</span>
              </>
            ) : (
              <>
                <span className="badge live">In plenary</span> {presentedRoom ? `presenting ${presentedRoom.name}` : 'everybody together'}
              </>
            )}
          </p>
          <div className="control-row">
            <button type="button" className="btn" aria-pressed={plenary.mode === 'plenary' && plenary.board === null} onClick={() => void act('present', { board: null, mode: 'plenary' }, 'Everybody is called back to the plenary.')}>
              Call back to plenary
            </button>
            <button type="button" className="btn" aria-pressed={plenary.mode === 'rooms'} onClick={() => void act('present', { board: null, mode: 'rooms' }, 'Everybody is sent to their rooms.')}>
              Send to rooms
            </button>
            <a className="btn link" href={plenaryHref} target="_blank" rel="noreferrer">
              Open the plenary screen ↗
            </a>
          </div>
        </div>

        <Broadcast act={act} last={control?.messages.at(-1)?.text ?? null} />
      </section>

      <div className="feedback">
        <div aria-live="polite">
          {feedback?.kind === 'ok' && (
            <p className="feedback-ok" role="status" key={feedback.at}>
              {feedback.text}
            </p>
          )}
        </div>
        {feedback?.kind === 'error' && (
          <p className="feedback-error" role="alert">
            {feedback.text}
            <button type="button" className="btn quiet small" onClick={dismiss} aria-label="Dismiss the error">
              Dismiss
            </button>
          </p>
        )}
      </div>

      <ShareLinks workshopId={workshopId} token={token} />

      <div className="rooms-head">
        <h2 className="rooms-heading">Rooms</h2>
        <a className="btn" href={setupHref}>
          Edit the day: agenda, sessions, rooms, challenges, participants
        </a>
      </div>
      {!control && <p className="muted">Connecting to the workshop…</p>}
      {control && groups.length === 0 && (
        <p className="muted">
          No breakout sessions yet. <a href={setupHref}>Add one</a> with its rooms and challenges.
        </p>
      )}
      {groups.map((group) => (
        <section key={group.session} className="console-session" aria-labelledby={`session-${group.session}`}>
          <header className="session-head">
            <h3 id={`session-${group.session}`}>{group.title}</h3>
            <span className="muted">
              {group.rooms.length} rooms · {group.rooms.reduce((n, r) => n + r.participantIds.length, 0)} people
            </span>
            <span className="session-actions">
              <button type="button" className="btn" onClick={() => void act('assign', { session: group.session, mode: 'even' }, `${group.title}: people assigned evenly.`)}>
                Assign evenly
              </button>
              <button type="button" className="btn" onClick={() => void act('assign', { session: group.session, mode: 'preference' }, `${group.title}: people assigned by preference.`)}>
                Assign by preference
              </button>
            </span>
          </header>
          <Unassigned group={group} roster={roster} act={act} setDragging={setDragging} />
          <div className="room-grid">
            {group.rooms.map((room) => (
              <RoomCard
                key={room.id}
                room={room}
                group={group}
                live={live.rooms.get(room.boardId)}
                results={results.get(room.boardId)}
                roster={roster}
                plenary={plenary}
                offset={offset}
                act={act}
                withTimer={withTimer}
                dragging={dragging}
                setDragging={setDragging}
                boardHref={boardHref(room.boardId)}
              />
            ))}
          </div>
        </section>
      ))}

      <details className="disclosure share-links">
        <summary>Downloads</summary>
        <p>
          <a href={`/api/workshops/${workshopId}/export.md?token=${encodeURIComponent(token)}`} download>
            All results (Markdown)
          </a>{' '}
          ·{' '}
          <a href={`/api/workshops/${workshopId}/export.json?token=${encodeURIComponent(token)}`} download>
            All results (JSON)
          </a>
        </p>
      </details>
    </div>
  );
}

function Broadcast({ act, last }: { act: Act; last: string | null }) {
  const [text, setText] = useState('');
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    if (await act('broadcast', { text: text.trim() }, 'Message sent to everybody.')) setText('');
  };
  return (
    <form className="bar-group broadcast" onSubmit={(e) => void send(e)} aria-labelledby="bar-broadcast">
      <span className="bar-title" id="bar-broadcast">
        Broadcast
      </span>
      <div className="control-row">
        <label className="inline-field grow" htmlFor="broadcast-text">
          <span>Message to everybody</span>
          <input id="broadcast-text" value={text} maxLength={1000} placeholder="e.g. 5 minutes left, pick your best idea" onChange={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="submit" className="btn primary" disabled={!text.trim()}>
          Send
        </button>
      </div>
      {last && (
        <p className="muted small last-message">
          Last sent: <q>{last}</q>
        </p>
      )}
    </form>
  );
}

function Unassigned({ group, roster, act, setDragging }: { group: SessionGroup; roster: readonly { id: string; name: string; cluster: string; country: string }[]; act: Act; setDragging: (d: Dragging) => void }) {
  const people = unassigned(group, roster);
  if (people.length === 0) return null;
  return (
    <section className="unassigned" aria-label={`Not in a room of ${group.title}`}>
      <h4>
        Not in a room <span className="count">({people.length})</span>
      </h4>
      <ul className="chips">
        {people.map((p) => (
          <PersonChip key={p.id} person={p} online={null} group={group} current={roomOf(group, p.id)} act={act} setDragging={setDragging} />
        ))}
      </ul>
    </section>
  );
}
