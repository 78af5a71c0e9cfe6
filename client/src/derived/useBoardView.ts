/**
 * Keeps the board view (boardView.ts) in step with a board: reads the board document together with the
 * workshop's control document (the page's shared read-only connection) after every change of
 * either, at most once per frame-ish tick, through readBoard (which re-reads only what changed).
 * Typing (a transaction that only changed texts) is followed at most once a second: the canvas shows
 * each keystroke through the note's own subscription, and the derived views need not re-render per key.
 */
import { useEffect } from 'react';
import type * as Y from 'yjs';
import type { BoardInfo } from '../api.ts';
import { readBoard } from '../../../shared/doc/read.ts';
import { readWorkshopControl } from '../../../shared/doc/workshop-control.ts';
import { acquireControl } from '../sync/useWorkshopControl.ts';
import { boardView } from './boardView.ts';
import { afterTyping, textOnly } from '../sync/textOnly.ts';

const READ_EVERY_MS = 30;

export function useBoardView(doc: Y.Doc, info: BoardInfo, token: string): void {
  useEffect(() => {
    boardView.attach(doc, info, token);
    const held = info.workshopId ? acquireControl(info.workshopId, token) : null;
    const control = held?.doc ?? null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let slow: (() => void) | null = null;
    let allowNotes = false;
    const read = (): void => {
      if (timer) clearTimeout(timer);
      slow?.();
      timer = null;
      slow = null;
      boardView.setBoard(readBoard(doc, control, { boardId: info.boardId }).board, allowNotes);
    };
    const schedule = (): void => {
      timer ??= setTimeout(read, READ_EVERY_MS);
    };
    const onTransaction = (transaction: Y.Transaction): void => {
      if (transaction.changed.size === 0) return;
      if (!textOnly(transaction)) schedule();
      else if (timer === null) slow ??= afterTyping(read);
    };
    const readOptions = (): void => {
      if (control) allowNotes = readWorkshopControl(control).boardOptions[info.boardId]?.allowNotes ?? false;
    };
    const onControl = (): void => {
      readOptions();
      schedule();
    };
    doc.on('afterTransaction', onTransaction);
    control?.on('update', onControl);
    readOptions();
    read();
    return () => {
      if (timer) clearTimeout(timer);
      slow?.();
      doc.off('afterTransaction', onTransaction);
      control?.off('update', onControl);
      held?.release();
      boardView.attach(null, null, '');
    };
  }, [doc, info, token]);
}
