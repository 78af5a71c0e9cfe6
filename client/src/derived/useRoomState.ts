/**
 * Keeps the room store (roomStore.ts) in step with a board: reads the board document together with the
 * workshop's control document (the page's shared read-only connection) after every change of
 * either, at most once per frame-ish tick, through readBoard (which re-reads only what changed).
 */
import { useEffect } from 'react';
import type * as Y from 'yjs';
import type { BoardInfo } from '../api.ts';
import { readBoard } from '../../../shared/doc/read.ts';
import { readWorkshopControl } from '../../../shared/doc/workshop-control.ts';
import { acquireControl } from '../sync/useWorkshopControl.ts';
import { room } from './roomStore.ts';

const READ_EVERY_MS = 30;

export function useRoomState(doc: Y.Doc, info: BoardInfo, token: string): void {
  useEffect(() => {
    room.attach(doc, info, token);
    const held = info.workshopId ? acquireControl(info.workshopId, token) : null;
    const control = held?.doc ?? null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let allowNotes = false;
    const read = (): void => {
      timer = null;
      room.setBoard(readBoard(doc, control, { boardId: info.boardId }).board, allowNotes);
    };
    const schedule = (): void => {
      timer ??= setTimeout(read, READ_EVERY_MS);
    };
    const readOptions = (): void => {
      if (control) allowNotes = readWorkshopControl(control).boardOptions[info.boardId]?.allowNotes ?? false;
    };
    const onControl = (): void => {
      readOptions();
      schedule();
    };
    doc.on('update', schedule);
    control?.on('update', onControl);
    readOptions();
    read();
    return () => {
      if (timer) clearTimeout(timer);
      doc.off('update', schedule);
      control?.off('update', onControl);
      held?.release();
      room.attach(null, null, '');
    };
  }, [doc, info, token]);
}
