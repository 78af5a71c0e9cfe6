/**
 * Keeps the room store (roomStore.ts) in step with a board: reads the board document together with the
 * workshop's control document (its own read-only connection, like the header's) after every change of
 * either, at most once per frame-ish tick, through readBoard (which re-reads only what changed).
 */
import { useEffect } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { BoardInfo } from '../api.ts';
import { readBoard } from '../../../shared/doc/read.ts';
import { readWorkshopControl } from '../../../shared/doc/workshop-control.ts';
import { syncServerUrl } from '../sync/useBoardSync.ts';
import { room } from './roomStore.ts';

const READ_EVERY_MS = 30;

export function useRoomState(doc: Y.Doc, info: BoardInfo, token: string): void {
  useEffect(() => {
    room.attach(doc, info, token);
    const control = info.workshopId ? new Y.Doc() : null;
    const provider = control && info.workshopId ? new WebsocketProvider(syncServerUrl(), `control.${info.workshopId}`, control, { params: { token } }) : null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let allowNotes = false;
    const read = (): void => {
      timer = null;
      room.setBoard(readBoard(doc, control, { boardId: info.boardId }).board, allowNotes);
    };
    const schedule = (): void => {
      timer ??= setTimeout(read, READ_EVERY_MS);
    };
    const onControl = (): void => {
      if (control) allowNotes = readWorkshopControl(control).boardOptions[info.boardId]?.allowNotes ?? false;
      schedule();
    };
    doc.on('update', schedule);
    control?.on('update', onControl);
    read();
    return () => {
      if (timer) clearTimeout(timer);
      doc.off('update', schedule);
      control?.off('update', onControl);
      provider?.destroy();
      control?.destroy();
      room.attach(null, null, '');
    };
  }, [doc, info, token]);
}
