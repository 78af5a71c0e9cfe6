/**
 * An action's status on the priority matrix (not started -> in progress -> done -> not started): the
 * chip on the note cycles it, so does S on the selected notes, and the button in the notes list.
 */
import { useEffect } from 'react';
import { setNoteStatus } from '../../../shared/doc/board-doc.ts';
import type { NoteStatus } from '../../../shared/schema/note.ts';
import type { BoardController } from '../canvas/controller.ts';
import { decodeDecor } from './decor.ts';
import { boardView } from './boardView.ts';

export const STATUS_LABELS: Record<NoteStatus, string> = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done' };
export const STATUS_COLORS: Record<NoteStatus, { fill: string; text: string }> = {
  'not-started': { fill: '#eef0f4', text: '#3d4352' },
  'in-progress': { fill: '#dbe7fb', text: '#123a7a' },
  done: { fill: '#d3f0da', text: '#135c27' },
};

export function nextStatus(status: NoteStatus | undefined): NoteStatus {
  if (status === undefined || status === 'not-started') return 'in-progress';
  return status === 'in-progress' ? 'done' : 'not-started';
}

/** Moves a note's action to its next status, when this person may. Returns whether it wrote. */
export function cycleStatus(controller: BoardController, id: string): boolean {
  const note = controller.notes.get(id);
  if (!note || !controller.canEdit || !boardView.notesWritable()) return false;
  setNoteStatus(controller.doc, id, nextStatus(note.status));
  return true;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** S cycles the status of the selected actions (notes with a status chip). */
export function useStatusKey(controller: BoardController): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || isTextField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== 's' && event.key !== 'S') return;
      const ids = [...controller.selection].filter((id) => decodeDecor(boardView.decorFor(id)).chip);
      if (ids.length === 0) return;
      event.preventDefault();
      controller.doc.transact(() => {
        for (const id of ids) cycleStatus(controller, id);
      });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [controller]);
}
