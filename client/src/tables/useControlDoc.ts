/**
 * Hands a workshop room's control document to the tables model once it has synced (before that the
 * phase is unknown, and the editor stays read-only rather than guessing). Nothing on a free board.
 */
import { useEffect } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { syncServerUrl } from '../sync/useBoardSync.ts';
import type { TablesModel } from './model.ts';

export function useControlDoc(model: TablesModel, workshopId: string | undefined, token: string, boardId: string): void {
  useEffect(() => {
    if (!workshopId) return;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(syncServerUrl(), `control.${workshopId}`, doc, { params: { token } });
    const onSync = (synced: boolean): void => {
      if (synced) model.setControlDoc(doc, boardId);
    };
    provider.on('sync', onSync);
    return () => {
      provider.off('sync', onSync);
      model.setControlDoc(null, boardId);
      provider.destroy();
      doc.destroy();
    };
  }, [model, workshopId, token, boardId]);
}
