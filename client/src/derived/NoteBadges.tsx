/**
 * The notes list's side of a note's decorations: "Selected" on a challenge's winning idea, a hint's
 * number (its text hidden from participants until revealed), and an action's status as a button that
 * cycles it. Subscribes to this note's decorations only.
 */
import { useSyncExternalStore } from 'react';
import type { Note } from '../../../shared/schema/note.ts';
import type { BoardController } from '../canvas/controller.ts';
import { decodeDecor, type NoteDecor } from './decor.ts';
import { boardView } from './boardView.ts';
import { cycleStatus, STATUS_COLORS, STATUS_LABELS } from './status.ts';
import '../panels/panels.css';

export function useNoteDecor(id: string): NoteDecor {
  return decodeDecor(useSyncExternalStore(boardView.subscribeDecor, () => boardView.decorFor(id)));
}

/** The text the list shows: a hint not revealed yet reads "Hint 3 – hidden" to participants. */
export function listedText(note: Note, decor: NoteDecor): string {
  return decor.hint !== null && decor.hintHidden && !boardView.facilitator ? `Hint ${decor.hint} – hidden` : note.text;
}

export function NoteBadges({ note, decor, controller }: { note: Note; decor: NoteDecor; controller: BoardController }) {
  if (!decor.winner && decor.hint === null && !decor.chip) return null;
  return (
    <div className="note-badges">
      {decor.winner && <span className="note-badge">★ {decor.winner === 'facilitator' ? 'Selected' : 'Most votes'}{decor.challenge ? ` · challenge ${decor.challenge}` : ''}</span>}
      {decor.hint !== null && <span className="note-badge note-badge-hint">Hint {decor.hint}{decor.hintHidden ? ' · hidden' : ''}</span>}
      {decor.chip && <StatusButton note={note} controller={controller} />}
    </div>
  );
}

function StatusButton({ note, controller }: { note: Note; controller: BoardController }) {
  // A boolean snapshot: the button re-renders only when the phase or a lock opens or closes the notes.
  const writable = useSyncExternalStore(boardView.subscribe, () => controller.canEdit && boardView.notesWritable());
  const status = note.status ?? 'not-started';
  const label = note.text.trim().slice(0, 60) || 'this action';
  return (
    <button
      type="button"
      className="status-button"
      data-status={status}
      style={{ background: STATUS_COLORS[status].fill, color: STATUS_COLORS[status].text }}
      aria-label={`Status of ${label}: ${STATUS_LABELS[status]}. Change it`}
      title={writable ? 'Change the status (S on the canvas)' : 'The status cannot be changed now'}
      disabled={!writable}
      onClick={() => cycleStatus(controller, note.id)}
    >
      {status === 'done' ? '✓ ' : ''}
      {STATUS_LABELS[status]}
    </button>
  );
}
