/**
 * Opens one board's Y.Doc, caches it in IndexedDB (y-indexeddb) and keeps it synced through y-websocket's
 * provider. The cache is what makes offline work safe: every local change lands in IndexedDB as it is made,
 * so a reload (even while offline) finds it, and the provider sends it once the socket is back. Close codes
 * 4400-4499 are final (the provider stops retrying); they become a message the page can show.
 */
import { useEffect, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/protocol/messages.ts';
import { NoteStore } from './noteStore.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export type BoardSession = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  notes: NoteStore;
};

export type BoardSync = {
  session: BoardSession | null;
  status: ConnectionStatus;
  synced: boolean;
  /** The IndexedDB copy has been loaded into the doc (or there is no IndexedDB). */
  cached: boolean;
  /** Why the server refused us for good, if it did. */
  fatal: string | null;
};

const FATAL: Record<number, string> = {
  [CloseCode.unauthorized]: 'This link is not valid for this board.',
  [CloseCode.notFound]: 'There is no such board.',
  [CloseCode.badMessage]: 'The server could not read what this page sent. Reload the page.',
  [CloseCode.badUpdate]: 'The server refused a change from this page. Reload the page.',
};

export function syncServerUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/sync`;
}

export function cacheName(boardId: string): string {
  return `plenary:board:${boardId}`;
}

export function useBoardSync(boardId: string, token: string): BoardSync {
  const [session, setSession] = useState<BoardSession | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [synced, setSynced] = useState(false);
  const [cached, setCached] = useState(false);
  const [fatal, setFatal] = useState<string | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    let persistence: IndexeddbPersistence | null = null;
    try {
      persistence = new IndexeddbPersistence(cacheName(boardId), doc);
      persistence.whenSynced.then(() => setCached(true), () => setCached(true));
    } catch {
      setCached(true); // no IndexedDB (private mode in some browsers): live sync still works
    }
    const provider = new WebsocketProvider(syncServerUrl(), boardId, doc, { params: { token } });
    provider.on('status', ({ status: s }: { status: ConnectionStatus }) => setStatus(s));
    provider.on('sync', (isSynced: boolean) => setSynced(isSynced));
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && FATAL[event.code]) setFatal(FATAL[event.code] ?? null);
    });
    // A dropped network can leave a socket looking open for up to 30 s; the browser knows sooner.
    const onOffline = (): void => provider.disconnect();
    const onOnline = (): void => {
      if (!provider.wsconnected && !provider.wsconnecting) provider.connect();
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    if (!navigator.onLine) provider.disconnect();
    const notes = new NoteStore(doc);
    setSession({ doc, provider, notes });
    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      notes.destroy();
      provider.destroy();
      void persistence?.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [boardId, token]);

  return { session, status, synced, cached, fatal };
}
