/**
 * Opens one board's Y.Doc and keeps it synced through y-websocket's provider. Close codes 4400-4499
 * are final (the provider stops retrying); they become a message the page can show.
 */
import { useEffect, useMemo, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/protocol/messages.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export type BoardSync = {
  doc: Y.Doc;
  provider: WebsocketProvider | null;
  status: ConnectionStatus;
  synced: boolean;
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

export function useBoardSync(boardId: string, token: string): BoardSync {
  const doc = useMemo(() => new Y.Doc(), [boardId, token]);
  const [provider, setProvider] = useState<WebsocketProvider | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [synced, setSynced] = useState(false);
  const [fatal, setFatal] = useState<string | null>(null);

  useEffect(() => {
    const p = new WebsocketProvider(syncServerUrl(), boardId, doc, { params: { token } });
    setProvider(p);
    p.on('status', ({ status: s }: { status: ConnectionStatus }) => setStatus(s));
    p.on('sync', (isSynced: boolean) => setSynced(isSynced));
    p.on('connection-close', (event: CloseEvent | null) => {
      if (event && FATAL[event.code]) setFatal(FATAL[event.code] ?? null);
    });
    return () => {
      p.destroy();
      doc.destroy();
    };
  }, [boardId, token, doc]);

  return { doc, provider, status, synced, fatal };
}

/** Re-renders on every change of the doc and returns `read(doc)`. */
export function useDocValue<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): T {
  const [value, setValue] = useState(() => read(doc));
  useEffect(() => {
    setValue(read(doc));
    const onUpdate = () => setValue(read(doc));
    doc.on('update', onUpdate);
    return () => doc.off('update', onUpdate);
  }, [doc, read]);
  return value;
}
