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

/**
 * IndexedDB writes are asynchronous, and a reload cancels the ones still under way, so the last
 * keystrokes before a reload could be lost when the socket is not there to carry them. Changes of the
 * last few seconds are therefore also written synchronously to localStorage when the page goes away, and
 * applied (then dropped) on the next load. Yjs updates are idempotent: applying one twice is harmless.
 */
const RECENT_MS = 3000;
const recentKey = (boardId: string) => `plenary:recent:${boardId}`;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function keepRecentChanges(boardId: string, doc: Y.Doc, persistence: IndexeddbPersistence | null): () => void {
  // Applied once IndexedDB is open, so that y-indexeddb stores it too; the saved copy is dropped a few
  // seconds later (when that write has surely landed), unless a newer page has replaced it meanwhile.
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(recentKey(boardId));
  } catch {
    // no storage: nothing was saved either
  }
  let dropTimer: ReturnType<typeof setTimeout> | null = null;
  if (saved) {
    const restore = (): void => {
      try {
        Y.applyUpdate(doc, fromBase64(saved));
      } catch {
        // unreadable leftovers: IndexedDB and the server still have everything older
      }
      dropTimer = setTimeout(() => {
        if (localStorage.getItem(recentKey(boardId)) === saved) localStorage.removeItem(recentKey(boardId));
      }, RECENT_MS);
    };
    if (persistence) persistence.whenSynced.then(restore, restore);
    else restore();
  }
  const skip = persistence;
  let recent: { at: number; update: Uint8Array }[] = [];
  // Only this page's own changes: whatever came from the server or from IndexedDB is safe already.
  const onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (origin === skip || !transaction.local) return;
    const now = performance.now();
    recent = recent.filter((entry) => now - entry.at < RECENT_MS);
    recent.push({ at: now, update });
  };
  const onPageHide = (): void => {
    const now = performance.now();
    recent = recent.filter((entry) => now - entry.at < RECENT_MS);
    if (recent.length === 0) return;
    try {
      localStorage.setItem(recentKey(boardId), toBase64(Y.mergeUpdates(recent.map((entry) => entry.update))));
    } catch {
      // storage full or unavailable: nothing more we can do synchronously
    }
  };
  doc.on('update', onUpdate);
  window.addEventListener('pagehide', onPageHide);
  return () => {
    if (dropTimer) clearTimeout(dropTimer);
    doc.off('update', onUpdate);
    window.removeEventListener('pagehide', onPageHide);
  };
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
    const stopKeeping = keepRecentChanges(boardId, doc, persistence);
    const provider = new WebsocketProvider(syncServerUrl(), boardId, doc, { params: { token } });
    performance.mark('plenary:connect');
    provider.on('status', ({ status: s }: { status: ConnectionStatus }) => {
      if (s === 'connected' && performance.getEntriesByName('plenary:socket-open').length === 0) performance.mark('plenary:socket-open');
      setStatus(s);
    });
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced && performance.getEntriesByName('plenary:synced').length === 0) performance.mark('plenary:synced');
      setSynced(isSynced);
    });
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
      stopKeeping();
      provider.destroy();
      void persistence?.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [boardId, token]);

  return { session, status, synced, cached, fatal };
}
