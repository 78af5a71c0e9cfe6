/**
 * The presented board, full-screen and read-only on every screen. The facilitator's screen leads: it
 * publishes its camera in awareness (`view`, plus `presenting` with the board area it shows) and its
 * pointer; every other screen follows that camera, zoomed to fit its own window, and draws the pointer.
 * Followers publish nothing, so they stay invisible. The server opens the board to them view-only.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BoardInfo } from '../api.ts';
import { BoardCanvas } from '../canvas/BoardCanvas.tsx';
import { useBoardView } from '../derived/useBoardView.ts';
import { useVoting } from '../sync/useVoting.ts';
import { BoardController } from '../canvas/controller.ts';
import { setLocalUser, useOthers } from '../sync/presence.ts';
import { useBoardSync, type BoardSession } from '../sync/useBoardSync.ts';
import { followCamera, presentedArea } from './follow.ts';

const VIEW_EVERY_MS = 80;
const CURSOR_EVERY_MS = 40;

export function PresentedBoard({ boardId, workshopId, token, leader }: { boardId: string; workshopId: string; token: string; leader: boolean }) {
  const sync = useBoardSync(boardId, token);
  if (sync.fatal) {
    return (
      <p role="alert" className="error plenary-message">
        {sync.fatal}
      </p>
    );
  }
  if (!sync.session) return <p className="muted plenary-message">Opening the board…</p>;
  return <Presented key={boardId} session={sync.session} synced={sync.synced} leader={leader} boardId={boardId} workshopId={workshopId} token={token} />;
}

type PresentedProps = { session: BoardSession; synced: boolean; leader: boolean; boardId: string; workshopId: string; token: string };

function Presented({ session, synced, leader, boardId, workshopId, token }: PresentedProps) {
  const [controller, setController] = useState<BoardController | null>(null);
  // The room's board as the room sees it, read-only: revealed dots, the winners' ribbons (no hidden hints).
  const info = useMemo<BoardInfo>(() => ({ boardId, workshopId, title: '', template: null, createdAt: 0, role: 'view', participantId: null }), [boardId, workshopId]);
  useVoting(info, token, session.doc);
  useBoardView(session.doc, info, token);
  useEffect(() => {
    // Never editable here, whatever the token allows: the plenary shows, it does not change.
    const created = new BoardController({ doc: session.doc, notes: session.notes, canEdit: false, author: () => '' });
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the controller subscribes to the doc: made in the effect so its cleanup destroys it (twice-run effects in StrictMode included), then handed to render
    setController(created);
    (window as unknown as { __plenary?: unknown }).__plenary = { controller: created, provider: session.provider, leader };
    return () => created.destroy();
  }, [session, leader]);
  if (!controller) return null;
  return <PresentedCanvas session={session} synced={synced} leader={leader} controller={controller} />;
}

function PresentedCanvas({ session, synced, leader, controller }: { session: BoardSession; synced: boolean; leader: boolean; controller: BoardController }) {
  const { provider } = session;
  const others = useOthers(provider);
  const presenter = leader ? null : (others.find((o) => o.presenting !== null && o.view !== null) ?? null);

  // The whole board on arrival; from then on the facilitator's camera (when there is one to follow).
  const fitted = useRef(false);
  useEffect(() => {
    if (!synced || fitted.current) return;
    fitted.current = true;
    requestAnimationFrame(() => {
      if (!leader && presenter) return;
      controller.viewport.fit(controller.contentBounds());
    });
  }, [synced, controller, leader, presenter]);

  // Leader: publish the camera (throttled) whenever it moves or the window changes size.
  useEffect(() => {
    if (!leader) return;
    setLocalUser(provider, 'Facilitator');
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = (): void => {
      last = performance.now();
      timer = null;
      const { viewport } = controller;
      const center = viewport.center();
      const { scale } = viewport.camera;
      // One awareness update for both, so that no screen ever pairs a new centre with an old area.
      const { awareness } = provider;
      awareness.setLocalState({ ...awareness.getLocalState(), view: { cx: center.x, cy: center.y, scale }, presenting: presentedArea(viewport.size(), scale) });
    };
    const schedule = (): void => {
      if (timer) return;
      timer = setTimeout(publish, Math.max(0, VIEW_EVERY_MS - (performance.now() - last)));
    };
    publish();
    const unsubscribe = controller.viewport.subscribe(schedule);
    window.addEventListener('resize', schedule);
    return () => {
      unsubscribe();
      window.removeEventListener('resize', schedule);
      if (timer) clearTimeout(timer);
      provider.awareness.setLocalStateField('presenting', null);
    };
  }, [leader, controller, provider]);

  // Followers: the presenter's centre, at the zoom that fits their area into this window.
  const view = presenter?.view ?? null;
  const area = presenter?.presenting ?? null;
  useEffect(() => {
    if (!view || !area) return;
    const apply = (): void => {
      const camera = followCamera({ cx: view.cx, cy: view.cy, w: area.w, h: area.h }, controller.viewport.size());
      controller.viewport.centerOn(camera.cx, camera.cy, camera.scale, false);
    };
    apply();
    // The stage takes the new window size on the next frame; follow once it has.
    const onResize = (): void => void requestAnimationFrame(apply);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [view?.cx, view?.cy, area?.w, area?.h, controller]); // eslint-disable-line react-hooks/exhaustive-deps

  const lastCursor = useRef(0);
  const onPointer = (at: { x: number; y: number } | null): void => {
    if (!leader) return;
    const now = performance.now();
    if (at && now - lastCursor.current < CURSOR_EVERY_MS) return;
    lastCursor.current = now;
    provider.awareness.setLocalStateField('cursor', at);
  };

  return (
    <div className="plenary-board">
      <BoardCanvas controller={controller} others={others} onPointer={onPointer} />
      <span className="plenary-follow-badge" aria-live="polite">
        {leader ? 'Everyone sees what you see: pan and zoom to guide them' : presenter ? 'Following the facilitator' : 'View only'}
      </span>
    </div>
  );
}
