/**
 * One board's Y.Doc with its IndexedDB cache (y-indexeddb) and its y-websocket provider, without React:
 * so that `early.ts` can open it before the app's code has even loaded, and `useBoardSync` adopt it.
 * The cache is what makes offline work safe: every local change lands in IndexedDB as it is made, so a
 * reload (even while offline) finds it, and the provider sends it once the socket is back. Close codes
 * 4400-4499 are final (the provider stops retrying); they become a message the page can show.
 *
 * Keep this module's imports small (yjs, y-websocket, y-indexeddb): it is part of the entry chunk.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/protocol/messages.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export type ConnectionState = {
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

/** How long the socket waits for the IndexedDB copy before it opens anyway. */
const CACHE_WAIT_MS = 1500;

/** Set once the board is both synced and in IndexedDB: the next visit has a copy worth waiting for. */
const cachedKey = (boardId: string) => `plenary:cached:${boardId}`;

function hasCache(boardId: string): boolean {
  try {
    return localStorage.getItem(cachedKey(boardId)) !== null;
  } catch {
    return false;
  }
}

function rememberCache(boardId: string): void {
  try {
    localStorage.setItem(cachedKey(boardId), '1');
  } catch {
    // no storage: the next visit just does not wait for IndexedDB
  }
}
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

/** How long small updates from the server wait to be written to IndexedDB together. */
const REMOTE_WRITE_MS = 800;
/** Updates from the server up to this size are batched (keystrokes, moves); bigger ones (a first sync) go in at once. */
const REMOTE_BATCH_BYTES = 4096;

/**
 * y-indexeddb writes every update in an IndexedDB transaction of its own, about a millisecond of main
 * thread each: on a busy board a page would pay that for every key anybody presses. This page's own
 * edits still go in at once (with keepRecentChanges, a reload mid-typing keeps them); small updates from
 * the server, which the server has anyway, are merged and written at most every REMOTE_WRITE_MS and
 * when the page goes away.
 */
export function batchRemoteWrites(doc: Y.Doc, persistence: Pick<IndexeddbPersistence, '_storeUpdate'>): () => void {
  const store = persistence._storeUpdate;
  doc.off('update', store);
  let pending: Uint8Array[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const merged = pending.length === 1 ? pending[0]! : Y.mergeUpdates(pending);
    pending = [];
    store(merged, null);
  };
  const onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (origin === persistence) return;
    if (transaction.local || update.byteLength > REMOTE_BATCH_BYTES) {
      flush();
      store(update, origin);
      return;
    }
    pending.push(update);
    timer ??= setTimeout(flush, REMOTE_WRITE_MS);
  };
  doc.on('update', onUpdate);
  window.addEventListener('pagehide', flush);
  return () => {
    flush();
    doc.off('update', onUpdate);
    window.removeEventListener('pagehide', flush);
  };
}

export class BoardConnection {
  readonly boardId: string;
  readonly token: string;
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  state: ConnectionState = { status: 'connecting', synced: false, cached: false, fatal: null };
  #listeners = new Set<() => void>();
  #persistent = false;
  #cleanup: (() => void)[] = [];

  constructor(boardId: string, token: string) {
    this.boardId = boardId;
    this.token = token;
    const { doc } = this;
    let persistence: IndexeddbPersistence | null = null;
    try {
      persistence = new IndexeddbPersistence(cacheName(boardId), doc);
      this.#persistent = true;
      const loaded = (): void => this.#set({ cached: true });
      persistence.whenSynced.then(loaded, loaded);
    } catch {
      this.state.cached = true; // no IndexedDB (private mode in some browsers): live sync still works
    }
    this.#cleanup.push(keepRecentChanges(boardId, doc, persistence));
    if (persistence) this.#cleanup.push(batchRemoteWrites(doc, persistence));
    // On a board this device has cached, the socket opens once the IndexedDB copy is in the doc, so that
    // the state vector the provider sends says what is here already: otherwise a reopened board (the
    // socket opening first) gets the whole document again. A first visit does not wait (opening a new
    // IndexedDB database can take longer than the sync), nor does a cache that does not answer in time.
    const provider = new WebsocketProvider(syncServerUrl(), boardId, doc, { params: { token }, connect: false });
    this.provider = provider;
    let destroyed = false;
    let started = false;
    const connect = (): void => {
      if (destroyed || started) return;
      started = true;
      if (!navigator.onLine || provider.shouldConnect) return; // offline: the 'online' event connects
      performance.mark('plenary:connect');
      provider.connect();
    };
    provider.on('status', ({ status }: { status: ConnectionStatus }) => {
      if (status === 'connected' && performance.getEntriesByName('plenary:socket-open').length === 0) performance.mark('plenary:socket-open');
      this.#set({ status });
    });
    provider.on('sync', (synced: boolean) => {
      if (synced && performance.getEntriesByName('plenary:synced').length === 0) performance.mark('plenary:synced');
      this.#set({ synced });
    });
    provider.on('connection-close', (event: CloseEvent | null) => {
      const fatal = event ? FATAL[event.code] : undefined;
      if (fatal) this.#set({ fatal });
    });
    // A dropped network can leave a socket looking open for up to 30 s; the browser knows sooner.
    const onOffline = (): void => provider.disconnect();
    const onOnline = (): void => {
      if (!provider.wsconnected && !provider.wsconnecting) provider.connect();
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    this.#cleanup.push(() => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    });
    this.#cleanup.push(() => {
      destroyed = true;
      provider.destroy();
      void persistence?.destroy();
    });
    if (persistence && hasCache(boardId)) {
      persistence.whenSynced.then(connect, connect);
      const fallback = setTimeout(connect, CACHE_WAIT_MS);
      this.#cleanup.push(() => clearTimeout(fallback));
    } else connect();
  }

  /** Called after every change of `state`. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  destroy(): void {
    this.#listeners.clear();
    for (const cleanup of this.#cleanup.splice(0)) cleanup();
    this.doc.destroy();
  }

  #set(change: Partial<ConnectionState>): void {
    const before = this.state;
    this.state = { ...before, ...change };
    if (this.state.synced && this.state.cached && !(before.synced && before.cached) && this.#persistent) rememberCache(this.boardId);
    for (const listener of this.#listeners) listener();
  }
}
