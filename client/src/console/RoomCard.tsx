/**
 * One breakout room in the facilitator console: a live thumbnail of its board, who is in it (and who is
 * online), counts, its phase and countdown, and the room's controls (phase, timer, reveal, lock,
 * present), the ideas ranked by votes with "Select", and the live structured results.
 */
import { useMemo, useState, type DragEvent } from 'react';
import type { PlenaryState, RoomEntry, RosterEntry } from '../../../shared/doc/workshop-control.ts';
import { actionPlanRows, challengeSolutions } from '../../../shared/reducers/index.ts';
import { PHASES, type Phase, type Timer } from '../../../shared/schema/control.ts';
import { formatCountdown, serverNow } from '../../../shared/workshop/clock.ts';
import { remainingMs } from '../../../shared/workshop/timer.ts';
import { useTick } from '../sync/useWorkshopControl.ts';
import type { Act } from './actions.ts';
import { BoardThumbnail } from './BoardThumbnail.tsx';
import type { FacilitatorResults, RoomLive } from './live.ts';
import { foldIdeas, minutesToMs, onlinePeople, peopleOf, rankIdeas, roomTimer, type RankedIdea, type SessionGroup } from './logic.ts';

export const PHASE_LABELS: Record<string, string> = {
  setup: 'Setup',
  define: 'Define',
  ideate: 'Ideate',
  vote: 'Vote',
  select: 'Select',
  detail: 'Detail',
  present: 'Present',
  closed: 'Closed',
};

export type Dragging = { participant: string; session: string; from: string | null } | null;

export function Countdown({ timer, offset, label }: { timer: Timer; offset: number; label: string }) {
  const now = useTick(500);
  const left = remainingMs(timer, serverNow(now, offset));
  const paused = timer.endsAt === null;
  return (
    <span className={`badge countdown-badge${paused ? ' paused' : ''}${left === 0 ? ' done' : ''}`} aria-label={label}>
      {formatCountdown(left)}
      {paused ? ' paused' : ''}
    </span>
  );
}

export function PhaseSelect({ value, onChange, label, id }: { value: string | null; onChange: (phase: Phase) => void; label: string; id: string }) {
  return (
    <label className="inline-field" htmlFor={id}>
      <span>{label}</span>
      <select id={id} value={value ?? ''} onChange={(e) => {
          const picked = PHASES.find((p) => p === e.currentTarget.value);
          if (picked) onChange(picked);
        }}>
        {value === null && <option value="">No phase yet</option>}
        {PHASES.map((p) => (
          <option key={p} value={p}>
            {PHASE_LABELS[p] ?? p}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Start / pause / resume / +1 min / clear for one timer (a room's, or everybody's with board null). */
export function TimerControls({ board, timer, act, scopeName, idPrefix }: { board: string | null; timer: Timer | null; act: Act; scopeName: string; idPrefix: string }) {
  const [minutes, setMinutes] = useState('10');
  const ms = minutesToMs(minutes);
  return (
    <div className="timer-controls" role="group" aria-label={`Timer for ${scopeName}`}>
      <label className="inline-field minutes" htmlFor={`${idPrefix}-minutes`}>
        <span>Minutes</span>
        <input id={`${idPrefix}-minutes`} inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.currentTarget.value)} aria-label={`Timer minutes for ${scopeName}`} />
      </label>
      <button
        type="button"
        className="btn"
        disabled={ms === null}
        aria-label={`Start the timer for ${scopeName}`}
        onClick={() => ms !== null && void act('timer', { board, action: 'start', durationMs: ms, label: 'timer' }, `Timer started for ${scopeName}.`)}
      >
        Start
      </button>
      {timer && timer.endsAt !== null && (
        <button type="button" className="btn" aria-label={`Pause the timer for ${scopeName}`} onClick={() => void act('timer', { board, action: 'pause' }, `Timer paused for ${scopeName}.`)}>
          Pause
        </button>
      )}
      {timer && timer.endsAt === null && (
        <button type="button" className="btn" aria-label={`Resume the timer for ${scopeName}`} onClick={() => void act('timer', { board, action: 'resume' }, `Timer resumed for ${scopeName}.`)}>
          Resume
        </button>
      )}
      {timer && (
        <>
          <button type="button" className="btn" aria-label={`+1 min on the timer for ${scopeName}`} onClick={() => void act('timer', { board, action: 'extend', byMs: 60_000 }, `One minute added for ${scopeName}.`)}>
            +1 min
          </button>
          <button type="button" className="btn quiet" aria-label={`Clear the timer for ${scopeName}`} onClick={() => void act('timer', { board, action: 'clear' }, `Timer cleared for ${scopeName}.`)}>
            Clear
          </button>
        </>
      )}
    </div>
  );
}

type ChipProps = {
  person: RosterEntry;
  /** null: not known (not in a room, so on no board). */
  online: boolean | null;
  group: SessionGroup;
  current: RoomEntry | null;
  act: Act;
  setDragging: (d: Dragging) => void;
};

/** A participant: draggable onto another room card, or moved with the "Move to" select. */
export function PersonChip({ person, online, group, current, act, setDragging }: ChipProps) {
  const targets = group.rooms.filter((r) => r.id !== current?.id);
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData('text/plain', person.id);
    e.dataTransfer.effectAllowed = 'move';
    setDragging({ participant: person.id, session: group.session, from: current?.id ?? null });
  };
  const initials = person.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');
  return (
    <li className={`chip${online ? ' online' : ''}`} draggable onDragStart={onDragStart} onDragEnd={() => setDragging(null)} data-participant={person.id} title={`${person.name}${person.cluster ? ` · ${person.cluster}` : ''}${online ? ' · online' : ''}`}>
      <span className="avatar" aria-hidden="true">
        {initials || '?'}
      </span>
      <span className="chip-name">{person.name}</span>
      {online !== null && <span className={`presence-dot${online ? ' on' : ''}`} role="img" aria-label={online ? 'online' : 'offline'} />}
      {targets.length > 0 && (
        <select
          className="move-select"
          aria-label={`Move ${person.name} to`}
          value=""
          onChange={(e) => {
            const room = targets.find((r) => r.id === e.currentTarget.value);
            if (room) void act('move', { participant: person.id, room: room.id }, `${person.name} moved to ${room.name}.`);
          }}
        >
          <option value="">{current ? 'Move…' : 'Assign…'}</option>
          {targets.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      )}
    </li>
  );
}

/** Drop target for participant chips of the same session. */
export function useDropTarget(roomId: string, roomName: string, session: string, dragging: Dragging, act: Act, roster: readonly RosterEntry[]) {
  const [over, setOver] = useState(false);
  const accepts = dragging !== null && dragging.session === session && dragging.from !== roomId;
  return {
    over: over && accepts,
    accepts,
    props: {
      onDragOver: (e: DragEvent) => {
        if (!accepts) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        if (!over) setOver(true);
      },
      onDragLeave: (e: DragEvent) => {
        if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setOver(false);
      },
      onDrop: (e: DragEvent) => {
        e.preventDefault();
        setOver(false);
        const participant = dragging?.participant ?? e.dataTransfer.getData('text/plain');
        if (!participant || !accepts) return;
        const name = roster.find((p) => p.id === participant)?.name ?? 'Participant';
        void act('move', { participant, room: roomId }, `${name} moved to ${roomName}.`);
      },
    },
  };
}

type RoomCardProps = {
  room: RoomEntry;
  group: SessionGroup;
  live: RoomLive | undefined;
  results: FacilitatorResults | undefined;
  roster: readonly RosterEntry[];
  plenary: PlenaryState;
  offset: number;
  act: Act;
  withTimer: boolean;
  dragging: Dragging;
  setDragging: (d: Dragging) => void;
  boardHref: string;
};

export function RoomCard(props: RoomCardProps) {
  const { room, group, live, results, roster, plenary, offset, act, withTimer, dragging, setDragging, boardHref } = props;
  const board = live?.board;
  const control = board?.control;
  const people = useMemo(() => peopleOf(room, roster), [room, roster]);
  const { online, others } = useMemo(() => onlinePeople(live?.present ?? [], people), [live?.present, people]);
  const drop = useDropTarget(room.id, room.name, group.session, dragging, act, roster);
  const timer = control ? roomTimer(control.timers, room.boardId) : null;
  const revealed = control?.resultsRevealed ?? false;
  const locked = control?.locks.some((l) => l.zone === null) ?? false;
  const presenting = plenary.mode === 'plenary' && plenary.board === room.boardId;
  const voteCount = results?.voteTally.counted.length ?? control?.votes.length ?? 0;
  const noteCount = board?.notes.length ?? 0;
  const headingId = `room-${room.id}`;

  return (
    <article className={`room-card${drop.over ? ' drop-over' : ''}${drop.accepts ? ' drop-ok' : ''}${presenting ? ' presenting' : ''}`} aria-labelledby={headingId} data-room={room.id} {...drop.props}>
      <header className="room-head">
        <h4 id={headingId}>{room.name}</h4>
        <span className={`badge phase-badge phase-${control?.phase ?? 'none'}`} aria-label={`Phase of ${room.name}`}>
          {control?.phase ? PHASE_LABELS[control.phase] : 'No phase'}
        </span>
        {timer && <Countdown timer={timer.timer} offset={offset} label={`Time left in ${room.name}${timer.scope === 'all' ? ' (all rooms)' : ''}`} />}
        {locked && <span className="badge locked">Locked</span>}
        {revealed && <span className="badge revealed">Votes revealed</span>}
        {presenting && <span className="badge live">On the plenary screen</span>}
        <a className="open-board" href={boardHref} target="_blank" rel="noreferrer" aria-label={`Open board of ${room.name}`}>
          Open board ↗
        </a>
      </header>

      <div className="room-overview">
        {board ? <BoardThumbnail board={board} label={`Board of ${room.name}: ${noteCount} notes`} /> : <div className="thumb thumb-empty">Connecting…</div>}
        <dl className="room-stats">
          <div>
            <dt>Notes</dt>
            <dd data-testid={`notes-${room.id}`}>{noteCount}</dd>
          </div>
          <div>
            <dt>Votes</dt>
            <dd data-testid={`votes-${room.id}`}>{voteCount}</dd>
          </div>
          <div>
            <dt>People</dt>
            <dd data-testid={`people-${room.id}`}>{people.length}</dd>
          </div>
          <div>
            <dt>Online</dt>
            <dd data-testid={`online-${room.id}`}>
              {online.size}
              {others > 0 && <span className="muted small"> +{others}</span>}
            </dd>
          </div>
        </dl>
      </div>

      <section className="room-people" aria-label={`People in ${room.name}`}>
        {people.length === 0 ? (
          <p className="drop-hint">{drop.accepts ? 'Drop here to move into this room' : 'Nobody yet: drag people here'}</p>
        ) : (
          <ul className="chips">
            {people.map((p) => (
              <PersonChip key={p.id} person={p} online={online.has(p.id)} group={group} current={room} act={act} setDragging={setDragging} />
            ))}
          </ul>
        )}
      </section>

      <div className="room-controls">
        <div className="control-row">
          <PhaseSelect
            id={`phase-${room.id}`}
            label="Phase"
            value={control?.phase ?? null}
            onChange={(phase) => void act('phase', { board: room.boardId, phase, timer: withTimer }, `${room.name}: phase ${PHASE_LABELS[phase] ?? phase}.`)}
          />
          <button type="button" className="btn" aria-label={`Next phase in ${room.name}`} onClick={() => void act('phase', { board: room.boardId, phase: 'next', timer: withTimer }, `${room.name}: next phase.`)}>
            Next phase →
          </button>
        </div>
        <TimerControls board={room.boardId} timer={timer?.scope === 'room' ? timer.timer : null} act={act} scopeName={room.name} idPrefix={`timer-${room.id}`} />
        <div className="control-row">
          <button type="button" className="btn" disabled={revealed} aria-label={revealed ? `Votes revealed in ${room.name}` : `Reveal votes in ${room.name}`} onClick={() => void act('reveal', { board: room.boardId }, `${room.name}: votes revealed.`)}>
            {revealed ? 'Votes revealed' : 'Reveal votes'}
          </button>
          <button
            type="button"
            className="btn"
            aria-pressed={locked}
            aria-label={`${locked ? 'Unlock' : 'Lock'} the board of ${room.name}`}
            onClick={() => void act('lock', { board: room.boardId, locked: !locked }, `${room.name}: board ${locked ? 'unlocked' : 'locked'}.`)}
          >
            {locked ? 'Unlock' : 'Lock'}
          </button>
          <button
            type="button"
            className="btn"
            aria-pressed={presenting}
            aria-label={`Present ${room.name} in the plenary`}
            onClick={() => void act('present', { board: room.boardId }, `${room.name} is on the plenary screen.`)}
          >
            Present
          </button>
        </div>
      </div>

      <Winners room={room} results={results} act={act} />
      {board && <LiveResults board={board} roomName={room.name} />}
    </article>
  );
}

function Winners({ room, results, act }: { room: RoomEntry; results: FacilitatorResults | undefined; act: Act }) {
  const challenges = results?.challengeSolutions.challenges ?? [];
  if (challenges.length === 0) return null;
  return (
    <details className="disclosure winners">
      <summary>Votes and winners</summary>
      {challenges.map((c) => {
        const ideas = rankIdeas(c);
        const picked = c.selected?.by === 'facilitator' ? c.selected : null;
        return (
          <section key={c.id} className="challenge" aria-label={`Challenge ${c.number} in ${room.name}`}>
            <h5>
              <span className="challenge-number">Challenge {c.number}</span> {c.title}
            </h5>
            {ideas.length === 0 ? <p className="muted small">No ideas yet.</p> : <IdeaList ideas={ideas} challenge={c} room={room} act={act} />}
            {ideas.some((i) => i.votes > 0) && !picked && (
              <button
                type="button"
                className="btn small primary"
                aria-label={`Confirm the most voted idea of challenge ${c.number} in ${room.name}`}
                onClick={() => void act('select', { board: room.boardId, challenge: c.id }, `Challenge ${c.number}: most voted idea confirmed.`)}
              >
                Confirm the most voted
              </button>
            )}
          </section>
        );
      })}
    </details>
  );
}

/** A challenge's ranked ideas: the top few (see foldIdeas), the rest behind "Show all". */
function IdeaList({ ideas, challenge: c, room, act }: { ideas: RankedIdea[]; challenge: { id: string; number: number }; room: RoomEntry; act: Act }) {
  const [all, setAll] = useState(false);
  const { shown, hidden } = foldIdeas(ideas);
  const listed = all ? ideas : shown;
  return (
    <>
      <ol className="ideas">
        {listed.map((idea) => (
          <li key={idea.note} className={`${idea.selected ? 'selected' : ''}${idea.leading ? ' leading' : ''}`}>
            <span className="votes" aria-label={`${idea.votes} votes`}>
              {idea.votes}
            </span>
            <span className="idea-text">{idea.text || <em>(empty)</em>}</span>
            {idea.selected ? (
              <span className="badge selected-badge">✓ Selected</span>
            ) : (
              <button
                type="button"
                className="btn small"
                aria-label={`Select “${idea.text}” as the solution of challenge ${c.number} in ${room.name}`}
                onClick={() => void act('select', { board: room.boardId, challenge: c.id, note: idea.note }, `Challenge ${c.number}: “${idea.text}” selected.`)}
              >
                Select
              </button>
            )}
          </li>
        ))}
      </ol>
      {(hidden > 0 || all) && (
        <button
          type="button"
          className="btn small show-all"
          aria-expanded={all}
          aria-label={all ? `Show fewer ideas of challenge ${c.number} in ${room.name}` : `Show all ${ideas.length} ideas of challenge ${c.number} in ${room.name}`}
          onClick={() => setAll(!all)}
        >
          {all ? 'Show fewer' : `Show all ${ideas.length} ideas`}
        </button>
      )}
    </>
  );
}

function LiveResults({ board, roomName }: { board: NonNullable<RoomLive['board']>; roomName: string }) {
  const { solutions, rows } = useMemo(() => {
    const solutions = challengeSolutions(board);
    return { solutions, rows: actionPlanRows(board, 'individual', { solutions }) };
  }, [board]);
  const withIdeas = solutions.challenges.filter((c) => c.ideas.length > 0);
  return (
    <details className="disclosure results">
      <summary>Results</summary>
      {withIdeas.length === 0 && rows.length === 0 ? (
        <p className="muted small">Nothing on the board yet.</p>
      ) : (
        <ul className="summaries" aria-label={`Results of ${roomName}`}>
          {withIdeas.map((c) => (
            <li key={c.id}>{c.summary}</li>
          ))}
          {rows.length > 0 && (
            <li>
              Action plan: {rows.length} row{rows.length === 1 ? '' : 's'}
            </li>
          )}
        </ul>
      )}
      <p className="muted small">Votes count here once revealed.</p>
    </details>
  );
}
