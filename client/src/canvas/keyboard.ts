/**
 * Keyboard paths for every canvas action. Shortcuts act when focus is not in a text field; keys that
 * mean something else on a button or a list (arrows, Enter, Delete) act only when the canvas has focus.
 *
 *   N            new note in the middle of the view (then type; Escape or Ctrl+Enter ends editing)
 *   T            tidy the zone of the selected notes (or the zone in the middle of the view)
 *   Enter / F2   edit the selected note
 *   Delete       delete the selected notes
 *   arrows       move the selected notes (Shift: further); with nothing selected, pan
 *   Alt+arrows   resize the selected notes
 *   + / - / 0    zoom in, zoom out, fit the whole board
 *   Ctrl/Cmd+A   select every note;  Escape: clear the selection
 */
import { useEffect, type RefObject } from 'react';
import type { BoardController } from './controller.ts';
import { boardView } from '../derived/boardView.ts';

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function useBoardKeys(controller: BoardController, canvasRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const { viewport } = controller;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || isTextField(event.target)) return;
      const onCanvas = event.target === canvasRef.current || event.target === document.body;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key;
      let handled = true;
      if (!mod && !event.altKey && (key === 'n' || key === 'N') && controller.canEdit) controller.createNoteInView();
      else if (!mod && !event.altKey && (key === 't' || key === 'T') && controller.canEdit) controller.tidy();
      else if (!mod && (key === '+' || key === '=')) viewport.zoomCenter(1.25);
      else if (!mod && (key === '-' || key === '_')) viewport.zoomCenter(1 / 1.25);
      else if (!mod && key === '0') viewport.fit(controller.contentBounds());
      else if (!onCanvas) handled = false;
      else if (mod && (key === 'a' || key === 'A')) controller.select(controller.notes.ids());
      else if (key === 'Escape') {
        controller.stopEditing();
        controller.select([]);
      } else if ((key === 'Enter' || key === 'F2') && controller.selection.size === 1) {
        const [id] = controller.selection;
        if (id && !boardView.hiddenFromMe(id)) controller.startEditing(id);
      } else if ((key === 'Delete' || key === 'Backspace') && controller.canEdit) controller.deleteSelected();
      else if (key.startsWith('Arrow')) {
        const step = event.shiftKey ? 50 : 10;
        const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
        const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
        if (controller.selection.size > 0 && controller.canEdit) {
          if (event.altKey) controller.resizeSelectedBy(dx, dy);
          else controller.moveSelectedBy(dx, dy);
        } else viewport.panBy(-dx * 5, -dy * 5);
      } else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [controller, canvasRef]);
}
