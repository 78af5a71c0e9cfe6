/** The HTTP API as the client uses it, plus where a creator keeps the tokens of boards they made. */
export type CreatedBoard = { boardId: string; editToken: string; viewToken: string };
export type BoardInfo = { boardId: string; title: string; template: string | null; role: 'edit' | 'view' };

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function asJson<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new ApiError(res.status, body.message ?? `HTTP ${res.status}`);
  return body as T;
}

export type TemplateSummary = { id: string; title: string; description: string };

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
