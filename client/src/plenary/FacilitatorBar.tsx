/**
 * The facilitator's controls on the plenary screen: present the previous or next room (agenda order),
 * pick a room and its presenter, show the results, end the plenary. Each is one `POST /present`; every
 * screen reacts to the control document the server writes.
 */
import { useState } from 'react';
import type { WorkshopControlView } from '../../../shared/doc/workshop-control.ts';
import { present, type PresentBody } from './api.ts';
import { stepRoom, type RoomRef } from './results-table.ts';

export function FacilitatorBar({ workshopId, token, order, control }: { workshopId: string; token: string; order: RoomRef[]; control: WorkshopControlView }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { plenary } = control;
  const current = plenary.mode === 'plenary' ? plenary.board : null;
  const members = control.rooms.find((r) => r.boardId === current)?.participantIds ?? [];
  const people = members.map((id) => control.roster.find((p) => p.id === id)).filter((p) => p !== undefined);

  const send = (body: PresentBody): void => {
    setBusy(true);
    setError(null);
    present(workshopId, token, body)
      .catch((err: Error) => setError(err.message))
      .finally(() => setBusy(false));
  };
  const show = (room: RoomRef | null): void => {
    if (room) send({ board: room.boardId, mode: 'plenary' });
  };

  return (
    <nav className="plenary-controls" aria-label="Plenary controls">
      <button type="button" onClick={() => show(stepRoom(order, current, -1))} disabled={busy || order.length === 0} aria-label="Present the previous room">
        ‹ Previous
      </button>
      <label className="plenary-control-select">
        <span className="visually-hidden">Present a room</span>
        <select
          aria-label="Present a room"
          value={current ?? ''}
          disabled={busy}
          onChange={(e) => show(order.find((r) => r.boardId === e.currentTarget.value) ?? null)}
        >
          <option value="" disabled>
            Pick a room…
          </option>
          {order.map((room) => (
            <option key={room.boardId} value={room.boardId}>
              {room.name} · {room.sessionTitle}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => show(stepRoom(order, current, 1))} disabled={busy || order.length === 0} aria-label="Present the next room">
        Next ›
      </button>
      {current && (
        <label className="plenary-control-select">
          <span className="visually-hidden">Presenter</span>
          <select
            aria-label="Presenter"
            value={plenary.presenter ?? ''}
            disabled={busy}
            onChange={(e) => send({ board: current, presenter: e.currentTarget.value || null, mode: 'plenary' })}
          >
            <option value="">No presenter named</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="plenary-controls-sep" aria-hidden="true" />
      <button
        type="button"
        className={plenary.mode === 'plenary' && !current ? 'active' : undefined}
        aria-pressed={plenary.mode === 'plenary' && !current}
        onClick={() => send({ board: null, mode: 'plenary' })}
        disabled={busy}
      >
        {plenary.mode === 'plenary' ? 'Results' : 'Call everyone to the plenary'}
      </button>
      {plenary.mode === 'plenary' ? (
        <button type="button" className="danger" onClick={() => send({ board: null, mode: 'rooms' })} disabled={busy}>
          Back to rooms
        </button>
      ) : (
        <span className="plenary-controls-note">Screens are in the rooms</span>
      )}
      {error && (
        <span role="alert" className="plenary-controls-error">
          {error}
        </span>
      )}
    </nav>
  );
}
