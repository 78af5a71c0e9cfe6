/**
 * Who else is on the board, through the provider's awareness: a name and colour, where the pointer is
 * (board coordinates) and what part of the board is in view (so that others can follow). Nothing here is
 * stored; the server relays it and drops it when the socket closes.
 */
import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';

export type PresenceUser = { name: string; color: string };
/** The centre of the view in board coordinates, and the zoom. */
export type PresenceView = { cx: number; cy: number; scale: number };
export type Presence = {
  clientId: number;
  user: PresenceUser;
  cursor: { x: number; y: number } | null;
  view: PresenceView | null;
  /** Set by the facilitator's plenary screen: the board area (width, height) they show, which everyone follows. */
  presenting: { w: number; h: number } | null;
};

/** Dark enough for white text and visible on the light board. */
const CURSOR_COLORS = ['#b42318', '#1d4ed8', '#047857', '#7e22ce', '#b45309', '#0e7490', '#be185d', '#4d7c0f'] as const;

export function colorFor(clientId: number): string {
  return CURSOR_COLORS[clientId % CURSOR_COLORS.length] ?? '#1d4ed8';
}

const NAME_KEY = 'plenary:name';

export function storedName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

export function storeName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // private mode: the name lasts for this page only
  }
}

export function setLocalUser(provider: WebsocketProvider, name: string): void {
  const awareness = provider.awareness;
  awareness.setLocalStateField('user', { name: name.trim() || 'Anonymous', color: colorFor(awareness.clientID) } satisfies PresenceUser);
}

function asPresence(clientId: number, state: Record<string, unknown>): Presence | null {
  const user = state['user'] as PresenceUser | undefined;
  if (!user || typeof user.name !== 'string') return null;
  const cursor = state['cursor'] as Presence['cursor'] | undefined;
  const view = state['view'] as Presence['view'] | undefined;
  const presenting = state['presenting'] as Presence['presenting'] | undefined;
  return {
    clientId,
    user: { name: user.name.slice(0, 80), color: typeof user.color === 'string' ? user.color : colorFor(clientId) },
    cursor: cursor && Number.isFinite(cursor.x) && Number.isFinite(cursor.y) ? cursor : null,
    view: view && Number.isFinite(view.cx) && Number.isFinite(view.cy) && view.scale > 0 ? view : null,
    presenting: presenting && presenting.w > 0 && presenting.h > 0 && Number.isFinite(presenting.w) && Number.isFinite(presenting.h) ? presenting : null,
  };
}

/** Everybody else on the board, re-read on each awareness change. */
export function useOthers(provider: WebsocketProvider | null): Presence[] {
  const [others, setOthers] = useState<Presence[]>([]);
  useEffect(() => {
    if (!provider) return;
    const awareness = provider.awareness;
    const read = (): void => {
      const list: Presence[] = [];
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const presence = asPresence(clientId, state);
        if (presence) list.push(presence);
      }
      list.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
      setOthers(list);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [provider]);
  return others;
}
