/**
 * One board's live session for React: its connection (boardConnection.ts: Y.Doc, IndexedDB cache,
 * y-websocket provider), the one `early.ts` opened before the app loaded when it is for this board, and
 * the notes as plain data (NoteStore).
 */
import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { BoardConnection, type ConnectionState, type ConnectionStatus } from './boardConnection.ts';
import { releaseConnection, takeEarlyConnection } from './early.ts';
import { NoteStore } from './noteStore.ts';

export { cacheName, syncServerUrl, type ConnectionStatus } from './boardConnection.ts';

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

const INITIAL: ConnectionState = { status: 'connecting', synced: false, cached: false, fatal: null };

export function useBoardSync(boardId: string, token: string): BoardSync {
  const [session, setSession] = useState<BoardSession | null>(null);
  const [state, setState] = useState<ConnectionState>(INITIAL);

  useEffect(() => {
    const connection = takeEarlyConnection(boardId, token) ?? new BoardConnection(boardId, token);
    const unsubscribe = connection.subscribe(() => setState(connection.state));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the connection (a socket) is made in the effect so its cleanup closes it; its state and session go to render from here
    setState(connection.state);
    const notes = new NoteStore(connection.doc);
    setSession({ doc: connection.doc, provider: connection.provider, notes });
    return () => {
      unsubscribe();
      notes.destroy();
      releaseConnection(connection);
      setSession(null);
    };
  }, [boardId, token]);

  return { session, ...state };
}
