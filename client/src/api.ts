/**
 * The browser's one client for the HTTP API, plus where a creator keeps the tokens of boards and workshops.
 * `call(name, args)` sends any route of the API table (shared/schema/api.ts): the route's method and URL
 * come from shared/schema/routes.ts, and its params, query, body and answer types from the zod schemas the
 * server validates with (only their types: this module is in the entry chunk, which loads no zod).
 */
import type { Api, BodyOf, ParamsOf, QueryOf, ResultOf } from '../../shared/schema/api.ts';
import type { BoardInfo, CreatedBoard, CreatedWorkshop, JoinInfo, MyVotes, TemplateSummary, WorkshopLinks, WorkshopSummary } from '../../shared/schema/responses.ts';
import { ROUTES, type RouteName } from '../../shared/schema/routes.ts';

export type { BoardInfo, CreatedBoard, CreatedWorkshop, JoinInfo, MyVotes, TemplateSummary, WorkshopLinks, WorkshopSummary };

export class ApiError extends Error {
  readonly status: number;
  /** Seconds to wait before trying again (a 429's Retry-After), else null. */
  readonly retryAfter: number | null;
  constructor(status: number, message: string, retryAfter: number | null = null) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/** A part the route does not take is left out; one whose fields are all optional may be. */
type Given<T, K extends string> = [T] extends [undefined] ? { [P in K]?: undefined } : object extends T ? { [P in K]?: T } : { [P in K]: T };
/** What `call` needs for a route: its params, query and body when it takes them, and the caller's token. */
export type CallArgs<N extends RouteName> = Given<ParamsOf<Api[N]>, 'params'> &
  Given<QueryOf<Api[N]>, 'query'> &
  Given<BodyOf<Api[N]>, 'body'> & { token?: string | undefined };
export type Result<N extends RouteName> = ResultOf<Api[N]>;

/** The route's URL with its params filled in, and the query (undefined values left out). */
export function urlOf(name: RouteName, params: object | undefined, query?: object): string {
  const values = (params ?? {}) as Record<string, unknown>;
  const path = ROUTES[name].url.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(String(values[key])));
  const entries = Object.entries(query ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]);
  return entries.length ? `${path}?${new URLSearchParams(entries).toString()}` : path;
}

/** Any route of the API: its JSON answer (undefined for a 204), or an ApiError carrying the server's message. */
export async function call<N extends RouteName>(name: N, args: CallArgs<N>): Promise<Result<N>> {
  const { params, query, body, token } = args as { params?: object; query?: object; body?: unknown; token?: string };
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(urlOf(name, params, query), { method: ROUTES[name].method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as Result<N>;
  const answer = (await res.json().catch(() => ({}))) as { message?: string; error?: string };
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, answer.message ?? answer.error ?? `HTTP ${res.status}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
  return answer as Result<N>;
}

type OtherParams<P> = [P] extends [undefined] ? { params?: undefined } : Omit<P, 'workshopId'> extends Record<string, never> ? { params?: undefined } : { params: Omit<P, 'workshopId'> };
/** `call` for one workshop with the caller's token: what a workshop page hands to its parts. */
export type WorkshopCall = <N extends RouteName>(name: N, args: Omit<CallArgs<N>, 'token' | 'params'> & OtherParams<ParamsOf<Api[N]>>) => Promise<Result<N>>;

export function workshopCall(workshopId: string, token: string): WorkshopCall {
  return (name, args) => call(name, { ...args, params: { workshopId, ...args.params }, token } as unknown as CallArgs<typeof name>);
}

export async function createBoard(title: string, template: string | null = null): Promise<CreatedBoard> {
  return call('createBoard', { body: { ...(title.trim() ? { title: title.trim() } : {}), ...(template ? { template } : {}) } });
}

/** The server's board templates; an empty list when it offers none (or is unreachable). */
export async function fetchTemplates(): Promise<TemplateSummary[]> {
  try {
    return (await call('templates', {})).templates;
  } catch {
    return [];
  }
}

export async function fetchBoard(boardId: string, token: string): Promise<BoardInfo> {
  return call('board', { params: { boardId }, token });
}

const key = (boardId: string) => `plenary:created:${boardId}`;

export function rememberCreated(board: CreatedBoard): void {
  localStorage.setItem(key(board.boardId), JSON.stringify(board));
}

export function createdBoard(boardId: string): CreatedBoard | null {
  try {
    const raw = localStorage.getItem(key(boardId));
    return raw ? (JSON.parse(raw) as CreatedBoard) : null;
  } catch {
    return null;
  }
}

export function boardLink(boardId: string, token: string): string {
  return `${window.location.origin}/b/${boardId}#token=${token}`;
}

// ---- workshops ----

export async function createWorkshop(body: BodyOf<Api['createWorkshop']>): Promise<CreatedWorkshop> {
  return call('createWorkshop', { body });
}

export async function createSampleWorkshop(): Promise<CreatedWorkshop> {
  return call('createSample', {});
}

export async function fetchWorkshop(workshopId: string, token: string): Promise<WorkshopSummary> {
  return call('workshop', { params: { workshopId }, token });
}

/**
 * A workshop's results as the JSON export (hidden votes counted for the facilitator only). Its shape is the
 * export's (shared/export, the caller's type): the API table types downloads as text.
 */
export async function fetchWorkshopExport<T>(workshopId: string, token: string): Promise<T> {
  return (await call('workshopExport', { params: { workshopId, format: 'json' }, token })) as unknown as T;
}

export async function fetchJoinInfo(workshopId: string, code: string): Promise<JoinInfo> {
  return call('joinInfo', { params: { workshopId }, query: { code } });
}

/**
 * This browser's key for joining a workshop, made up once: the server answers a retried join (after a
 * refusal or a lost answer) with the participant this browser already is, never a second one.
 */
const pageJoinKeys = new Map<string, string>();

export function joinKey(workshopId: string): string {
  const k = `plenary:join-key:${workshopId}`;
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(k);
  } catch {
    // no storage (private mode): the key lasts for this page
  }
  const known = stored ?? pageJoinKeys.get(k);
  if (known) return known;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const made = Array.from(crypto.getRandomValues(new Uint8Array(18)), (b) => alphabet[b & 63]).join('');
  pageJoinKeys.set(k, made);
  try {
    localStorage.setItem(k, made);
  } catch {
    // kept in pageJoinKeys
  }
  return made;
}

export async function joinWorkshop(workshopId: string, code: string, who: { name: string } | { participantId: string }) {
  return call('join', { params: { workshopId }, body: { code, joinKey: joinKey(workshopId), ...who } });
}

/** The token this browser holds for a workshop: re-opening the join link keeps the identity. */
const workshopKey = (workshopId: string) => `plenary:workshop:${workshopId}`;

export function rememberWorkshopToken(workshopId: string, token: string, links?: CreatedWorkshop['links']): void {
  localStorage.setItem(workshopKey(workshopId), JSON.stringify({ token, links }));
}

export function workshopToken(workshopId: string): { token: string; links?: CreatedWorkshop['links'] } | null {
  try {
    return JSON.parse(localStorage.getItem(workshopKey(workshopId)) ?? 'null') as { token: string; links?: CreatedWorkshop['links'] } | null;
  } catch {
    return null;
  }
}
