/** What the plenary screens ask of the server, and moving between pages without a reload. */
import type { Api, BodyOf } from '../../../shared/schema/api.ts';
import { call, fetchWorkshopExport } from '../api.ts';
import type { WorkshopExport } from './results-table.ts';

export type PresentBody = BodyOf<Api['present']>;

/** Every room's results (the server's reducers; hidden votes count only for the facilitator). */
export async function fetchExport(workshopId: string, token: string): Promise<WorkshopExport> {
  return fetchWorkshopExport<WorkshopExport>(workshopId, token);
}

export async function present(workshopId: string, token: string, body: PresentBody): Promise<void> {
  await call('present', { params: { workshopId }, token, body });
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
