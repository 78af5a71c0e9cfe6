/** The HTTP API as the client uses it, plus where a creator keeps the tokens of boards they made. */
export type CreatedBoard = { boardId: string; editToken: string; viewToken: string };
export type BoardInfo = {
  boardId: string;
  title: string;
  template: string | null;
  role: 'edit' | 'view';
  /** Set when the board is a workshop room and the token a workshop token. */
  workshopId?: string;
  workshopTitle?: string;
  /** The breakout room this board belongs to (null when the board is in no room). */
  room?: { id: string; name: string; session: string; sessionTitle: string } | null;
  participantId?: string | null;
  people?: { id: string; name: string }[];
};

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

async function asJson<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, body.message ?? `HTTP ${res.status}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
  return body as T;
}

export type TemplateSummary = { id: string; title: string; description: string; challenges?: { min: number; max: number } | null };

export async function createBoard(title: string, template: string | null = null): Promise<CreatedBoard> {
  const body: Record<string, string> = {};
  if (title.trim()) body['title'] = title.trim();
  if (template) body['template'] = template;
  const res = await fetch('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return asJson<CreatedBoard>(res);
}

/** The server's board templates; an empty list when it offers none (or is unreachable). */
export async function fetchTemplates(): Promise<TemplateSummary[]> {
  try {
    const res = await fetch('/api/templates');
    if (!res.ok) return [];
    const body = (await res.json()) as { templates?: TemplateSummary[] };
    return Array.isArray(body.templates) ? body.templates : [];
  } catch {
    return [];
  }
}

export async function fetchBoard(boardId: string, token: string): Promise<BoardInfo> {
  const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}`, { headers: { authorization: `Bearer ${token}` } });
  return asJson<BoardInfo>(res);
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

export type CreatedWorkshop = {
  workshopId: string;
  facilitatorToken: string;
  joinToken: string;
  observerToken: string;
  links: { facilitator: string; participant: string; observer: string; coFacilitator?: string };
};

export type WorkshopSummary = {
  workshopId: string;
  title: string;
  date: string | null;
  agenda: { start: string; end: string; title: string; interactive: boolean }[];
  role: 'facilitator' | 'participant' | 'observer';
  me: { id: string; name: string } | null;
  myRooms: { session: string; room: string; boardId: string }[];
  sessions: { id: string; title: string; template: string; rooms: { id: string; name: string; boardId: string; challenges: string[]; participantIds: string[]; template?: string }[] }[];
  /** `preRegistered` and `claimed` for the facilitator only. */
  participants: { id: string; name: string; cluster: string; country: string; preRegistered?: boolean; claimed?: boolean }[];
  voteBudget?: number;
};

export type WorkshopLinks = { participant: string; observer: string; coFacilitator: string };

/** Any workshop route with the caller's token: the JSON answer, or an ApiError with the server's message. */
export async function workshopRequest<T = unknown>(workshopId: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  return asJson<T>(res);
}

export async function createWorkshop(body: unknown): Promise<CreatedWorkshop> {
  return asJson<CreatedWorkshop>(await fetch('/api/workshops', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

export type JoinInfo = { title: string; date: string | null; profiles: { id: string; name: string; cluster: string; country: string }[] };

export async function createSampleWorkshop(): Promise<CreatedWorkshop> {
  return asJson<CreatedWorkshop>(await fetch('/api/workshops/sample', { method: 'POST' }));
}

export async function fetchWorkshop(workshopId: string, token: string): Promise<WorkshopSummary> {
  return asJson<WorkshopSummary>(await fetch(`/api/workshops/${encodeURIComponent(workshopId)}`, { headers: { authorization: `Bearer ${token}` } }));
}

export async function fetchJoinInfo(workshopId: string, code: string): Promise<JoinInfo> {
  return asJson<JoinInfo>(await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/join?code=${encodeURIComponent(code)}`));
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
  const res = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, joinKey: joinKey(workshopId), ...who }),
  });
  return asJson<{ participantId: string; name: string; token: string }>(res);
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
