/**
 * The facilitator's actions, all through the workshop's HTTP API (the server checks the role and writes
 * the control document; the console sees the result arrive live). Errors keep the API's message.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api.ts';

export async function postAction<T = unknown>(workshopId: string, token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const parsed = (await res.json().catch(() => ({}))) as { message?: string; error?: string };
  if (!res.ok) throw new ApiError(res.status, parsed.message ?? parsed.error ?? `HTTP ${res.status}`);
  return parsed as T;
}

export type Act = (path: string, body: unknown, done: string) => Promise<boolean>;
export type Feedback = { kind: 'ok' | 'error'; text: string; at: number };

/** `act(path, body, "what was done")`: posts, then reports success or the server's message. */
export function useActions(workshopId: string, token: string, after?: () => void) {
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [busy, setBusy] = useState(0);
  const afterRef = useRef(after);
  useEffect(() => {
    afterRef.current = after;
  }, [after]);
  const act = useCallback<Act>(
    async (path, body, done) => {
      setBusy((n) => n + 1);
      try {
        await postAction(workshopId, token, path, body);
        setFeedback({ kind: 'ok', text: done, at: Date.now() });
        afterRef.current?.();
        return true;
      } catch (err) {
        setFeedback({ kind: 'error', text: `${done.replace(/\.$/, '')} failed: ${err instanceof Error ? err.message : String(err)}`, at: Date.now() });
        return false;
      } finally {
        setBusy((n) => n - 1);
      }
    },
    [workshopId, token],
  );
  // Confirmations fade after a few seconds; errors stay until dismissed or the next action.
  useEffect(() => {
    if (feedback?.kind !== 'ok') return;
    const timer = setTimeout(() => setFeedback((f) => (f === feedback ? null : f)), 4000);
    return () => clearTimeout(timer);
  }, [feedback]);
  return { act, feedback, busy: busy > 0, dismiss: () => setFeedback(null) };
}
