/** What the plenary screens ask of the server, and moving between pages without a reload. */
import { ApiError } from '../api.ts';
import type { WorkshopExport } from './results-table.ts';

export type PresentBody = { board: string | null; presenter?: string | null; mode?: 'plenary' | 'rooms' };

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new ApiError(res.status, body.message ?? `HTTP ${res.status}`);
  return body as T;
}

/** Every room's results (the server's reducers; hidden votes count only for the facilitator). */
export async function fetchExport(workshopId: string, token: string): Promise<WorkshopExport> {
  return json<WorkshopExport>(await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/export.json`, { headers: { authorization: `Bearer ${token}` } }));
}

export async function present(workshopId: string, token: string, body: PresentBody): Promise<void> {
  await json(
    await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/present`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

export const plenaryPath = (workshopId: string, token: string) => `/w/${workshopId}/plenary#token=${encodeURIComponent(token)}`;
export const handoutPath = (workshopId: string, token: string) => `/w/${workshopId}/handout#token=${encodeURIComponent(token)}`;

/** Client-side navigation: App listens to popstate and renders the page of the new path. */
export function navigate(url: string): void {
  window.history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Where a participant came from before the plenary called them, to send them back afterwards. */
const returnKey = (workshopId: string) => `plenary:return:${workshopId}`;

export function rememberReturn(workshopId: string, url: string): void {
  try {
    sessionStorage.setItem(returnKey(workshopId), url);
  } catch {
    // no storage: they go back to their first room instead
  }
}

export function takeReturn(workshopId: string): string | null {
  try {
    const url = sessionStorage.getItem(returnKey(workshopId));
    sessionStorage.removeItem(returnKey(workshopId));
    return url;
  } catch {
    return null;
  }
}

export function tokenFromHash(workshopId: string, stored: () => string | undefined): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? stored() ?? '';
}
