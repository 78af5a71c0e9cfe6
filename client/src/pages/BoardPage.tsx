/**
 * One board: header (title, connection state, role), the canvas with its toolbar, and a side panel with
 * your name, the share links, who else is here (follow them) and the notes as an accessible list.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ApiError, boardLink, createdBoard, fetchBoard, type BoardInfo } from '../api.ts';
import { BoardCanvas } from '../canvas/BoardCanvas.tsx';
import { BoardController } from '../canvas/controller.ts';
import { Toolbar } from '../canvas/Toolbar.tsx';
import { ExportLinks, PhaseAndTimer, VotingStatus } from '../components/BoardHeaderExtras.tsx';
import { NamePicker, NotesPanel } from '../components/NotesPanel.tsx';
import { WorkshopBroadcast } from '../console/BroadcastBanner.tsx';
import { PlenaryFollow } from '../plenary/usePlenaryFollow.tsx';
import { People } from '../components/People.tsx';
import { RoomCall } from '../components/RoomCall.tsx';
import { setNames } from '../sync/names.ts';
import { useVoting } from '../sync/useVoting.ts';
import { useBoardView } from '../derived/useBoardView.ts';
import { ResultsPanel } from '../panels/ResultsPanel.tsx';
import { setLocalUser, storedName, storeName, useOthers } from '../sync/presence.ts';
import { useBoardSync, type BoardSession } from '../sync/useBoardSync.ts';
import { TablesDock } from '../tables/TableEditor.tsx';
import { TablesPanel } from '../tables/TablesPanel.tsx';
import { takeEarlyInfo } from '../sync/early.ts';
import { PageError } from '../components/PageError.tsx';
import { voting } from '../sync/voting.ts';

function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

const infoKey = (boardId: string) => `plenary:info:${boardId}`;

/** The board's metadata; offline, the copy from the last visit with the same link (so a reload offline still opens the board). */
async function loadInfo(boardId: string, token: string): Promise<BoardInfo> {
  try {
    const info = await (takeEarlyInfo(boardId, token) ?? fetchBoard(boardId, token));
    if (info.people) setNames(info.people);
    try {
      localStorage.setItem(infoKey(boardId), JSON.stringify({ token, info }));
    } catch {
      // no storage: no offline reload, nothing else lost
    }
    return info;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const saved = JSON.parse(localStorage.getItem(infoKey(boardId)) ?? 'null') as { token: string; info: BoardInfo } | null;
    if (saved && saved.token === token) return saved.info;
    throw err;
  }
}

const CURSOR_EVERY_MS = 40;
const VIEW_EVERY_MS = 100;

export function BoardPage({ boardId }: { boardId: string }) {
  const [token] = useState(tokenFromHash);
  const [info, setInfo] = useState<BoardInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const sync = useBoardSync(boardId, token);

  useEffect(() => {
    loadInfo(boardId, token).then(setInfo, (err: Error) => setInfoError(err.message));
  }, [boardId, token]);

  const error = sync.fatal ?? infoError;
  if (error) {
    return (
      <PageError message={error}>
        <a href="/">Create a new board</a>
      </PageError>
    );
  }

  const statusText = sync.status === 'connected' ? (sync.synced ? 'Live' : 'Syncing…') : sync.status === 'connecting' ? 'Connecting…' : 'Offline';
  const canEdit = info?.role === 'edit';
  return (
    <div className="board-page">
      <header className="board-header">
        {info?.workshopId && (
          <a className="header-workshop" href={`/w/${info.workshopId}#token=${token}`}>
            {info.workshopTitle ?? 'Workshop'}
          </a>
        )}
        <h1>{info?.room?.name ?? info?.title ?? 'Loading…'}</h1>
        <span className={`status status-${sync.status}`} role="status" aria-live="polite">
          {statusText}
        </span>
        {info && <span className="role">{canEdit ? 'Can edit' : 'View only'}</span>}
        {info?.workshopId && <PhaseAndTimer workshopId={info.workshopId} token={token} boardId={boardId} />}
        {info?.workshopId && <VotingStatus />}
        {info?.workshopId && <WorkshopBroadcast workshopId={info.workshopId} token={token} />}
        {info?.workshopId && <PlenaryFollow workshopId={info.workshopId} token={token} />}
        {info && <ExportLinks boardId={boardId} token={token} />}
        {info?.workshopId && info.participantId && <RoomCall workshopId={info.workshopId} token={token} me={info.participantId} boardId={boardId} />}
        {sync.status !== 'connected' && sync.cached && <span className="muted offline-note">Changes are kept on this device and sent when the connection is back.</span>}
      </header>
      {sync.session && info ? (
        <Board key={`${boardId}:${info.role}`} session={sync.session} info={info} token={token} synced={sync.synced} />
      ) : (
        <p className="muted loading">Loading the board…</p>
      )}
    </div>
  );
}

type BoardProps = { session: BoardSession; info: BoardInfo; token: string; synced: boolean };

function Board(props: BoardProps) {
  const { session, info } = props;
  // In a workshop room people are who they joined as; elsewhere they pick a name (kept in this browser).
  const rosterName = info.participantId ? info.people?.find((p) => p.id === info.participantId)?.name : undefined;
  const [name, setName] = useState(() => rosterName ?? storedName());
  // The latest name for the controller's author callback, updated once the render has committed.
  const nameRef = useRef(name);
  useLayoutEffect(() => {
    nameRef.current = name;
  }, [name]);
  const [controller, setController] = useState<BoardController | null>(null);
  useEffect(() => {
    const created: BoardController = new BoardController({
      doc: session.doc,
      notes: session.notes,
      canEdit: info.role === 'edit',
      // In a workshop room the server checks that a note's author is its writer's participant id.
      author: () => info.participantId ?? (nameRef.current.trim() || 'Anonymous'),
      // The server's rule (server/workshops/board-policy.ts): on a challenge board a participant moves
      // only their own notes; elsewhere anyone in the room may move any note.
      mayMove: (note): boolean => !info.participantId || note.author === info.participantId || !created.zones.some((zone) => zone.role === 'challenge'),
    });
    setController(created);
    voting.board = {
      challenges: () => created.zones.filter((zone) => zone.role === 'challenge'),
      zoneOf: (noteId) => created.notes.get(noteId)?.zone ?? null,
    };
    // A handle for the browser tests and the client benchmark.
    (window as unknown as { __plenary?: unknown }).__plenary = { controller: created, provider: session.provider };
    return () => {
      voting.board = null;
      created.destroy();
    };
  }, [session, info.role, info.participantId]);
  useVoting(info, props.token, session.doc);
  useBoardView(session.doc, info, props.token);
  if (!controller) return null;
  return <BoardView {...props} controller={controller} name={name} setName={setName} />;
}

function BoardView({ session, info, token, synced, controller, name, setName }: BoardProps & { controller: BoardController; name: string; setName: (name: string) => void }) {
  const { provider } = session;
  const others = useOthers(provider);
  const [following, setFollowing] = useState<number | null>(null);

  useEffect(() => setLocalUser(provider, name), [provider, name]);
  // Lets the facilitator console show who of the room is online.
  useEffect(() => provider.awareness.setLocalStateField('participant', info.participantId ?? null), [provider, info.participantId]);

  // Show the whole board once it has arrived.
  const fitted = useRef(false);
  useEffect(() => {
    if (!synced || fitted.current) return;
    fitted.current = true;
    requestAnimationFrame(() => {
      const bounds = controller.contentBounds();
      if (bounds) controller.viewport.fit(bounds);
    });
  }, [synced, controller]);

  // Tell the others what we look at (for "follow"), and stop following when we move ourselves.
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = (): void => {
      last = performance.now();
      timer = null;
      const center = controller.viewport.center();
      provider.awareness.setLocalStateField('view', { cx: center.x, cy: center.y, scale: controller.viewport.camera.scale });
    };
    publish();
    const unsubscribe = controller.viewport.subscribe((_camera, byUser) => {
      if (byUser) setFollowing(null);
      if (timer) return;
      timer = setTimeout(publish, Math.max(0, VIEW_EVERY_MS - (performance.now() - last)));
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [controller, provider]);

  useEffect(() => {
    if (following === null) return;
    const leader = others.find((other) => other.clientId === following);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the leader left (awareness, outside React): stop following once, not on every render
    if (!leader) setFollowing(null);
    else if (leader.view) controller.viewport.centerOn(leader.view.cx, leader.view.cy, leader.view.scale, false);
  }, [others, following, controller]);

  const lastCursor = useRef(0);
  const onPointer = (at: { x: number; y: number } | null): void => {
    const now = performance.now();
    if (at && now - lastCursor.current < CURSOR_EVERY_MS) return;
    lastCursor.current = now;
    provider.awareness.setLocalStateField('cursor', at);
  };

  const onName = (next: string): void => {
    setName(next);
    storeName(next);
  };

  const onPick = (id: string): void => {
    controller.reveal(id);
    controller.viewport.stage?.container().parentElement?.focus();
  };

  return (
    <div className="board-body">
      <main className="board-main">
        <Toolbar controller={controller} title={info.title} />
        <BoardCanvas controller={controller} others={others} onPointer={onPointer} />
        <TablesDock controller={controller} info={info} token={token} />
      </main>
      <aside className="side-panel" aria-label="Board panel">
        {info.participantId ? <p className="muted you-are">You are {name}</p> : <NamePicker name={name} onName={onName} />}
        <ShareLinks boardId={info.boardId} token={token} role={info.role} />
        <section aria-label="People" className="people-section">
          <h2>People</h2>
          <People others={others} following={following} onFollow={setFollowing} />
        </section>
        <ResultsPanel controller={controller} />
        <TablesPanel controller={controller} />
        <NotesPanel controller={controller} onPick={onPick} />
      </aside>
    </div>
  );
}

function ShareLinks({ boardId, token, role }: { boardId: string; token: string; role: 'edit' | 'view' }) {
  const created = createdBoard(boardId);
  const links: { label: string; url: string }[] = created
    ? [
        { label: 'Edit link (participants)', url: boardLink(boardId, created.editToken) },
        { label: 'View link (observers)', url: boardLink(boardId, created.viewToken) },
      ]
    : [{ label: role === 'edit' ? 'Edit link' : 'View link', url: boardLink(boardId, token) }];
  return (
    <details className="share" open={created !== null}>
      <summary>Share</summary>
      {links.map((link) => (
        <div key={link.label} className="share-row">
          <label>
            {link.label}
            <input readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button type="button" aria-label={`Copy the ${link.label.split(" (")[0]?.toLowerCase()}`} onClick={() => void navigator.clipboard?.writeText(link.url)}>
            Copy
          </button>
        </div>
      ))}
    </details>
  );
}
