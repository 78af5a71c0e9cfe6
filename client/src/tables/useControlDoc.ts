/**
 * Hands a workshop room's control document to the tables model once it has synced (before that the
 * phase is unknown, and the editor stays read-only rather than guessing). Nothing on a free board. The
 * document is the page's shared connection (acquireControl), not one of its own.
 */
import { useEffect } from 'react';
import { acquireControl } from '../sync/useWorkshopControl.ts';
import type { TablesModel } from './model.ts';

export function useControlDoc(model: TablesModel, workshopId: string | undefined, token: string, boardId: string): void {
  useEffect(() => {
    if (!workshopId) return;
    const { doc, provider, release } = acquireControl(workshopId, token);
    const onSync = (synced: boolean): void => {
      if (synced) model.setControlDoc(doc, boardId);
    };
    if (provider.synced) onSync(true);
    provider.on('sync', onSync);
    return () => {
      provider.off('sync', onSync);
      model.setControlDoc(null, boardId);
      release();
    };
  }, [model, workshopId, token, boardId]);
}
