/** A small JSON client for the HTTP API, with the caller's token as a bearer token. */
export type ApiResponse<T = unknown> = { status: number; body: T };

export function api(httpUrl: string, token?: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${httpUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (markdown exports): keep the text
    }
    return { status: res.status, body: parsed as T };
  }
  return {
    /** The caller's token, for opening documents as the same person. */
    token,
    /** Any method (PATCH, DELETE, ...). */
    request: <T = any>(method: string, path: string, body?: unknown) => call<T>(method, path, body),
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body: unknown = {}) => call<T>('POST', path, body),
    put: <T = any>(path: string, body: unknown) => call<T>('PUT', path, body),
    /** Like post, but throws unless the status is 2xx. */
    ok: async <T = any>(path: string, body: unknown = {}) => {
      const res = await call<T>('POST', path, body);
      if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}
