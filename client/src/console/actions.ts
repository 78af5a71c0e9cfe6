/**
 * The facilitator's actions, all through the workshop's HTTP API (the server checks the role and writes
 * the control document; the console sees the result arrive live). Errors keep the API's message.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api, BodyOf } from '../../../shared/schema/api.ts';
import { workshopCall } from '../api.ts';

/** The console's actions: routes that take only the workshop id and a body. */
export type Action = 'phase' | 'timer' | 'present' | 'assign' | 'move' | 'reveal' | 'lock' | 'select' | 'broadcast';
export type Act = <N extends Action>(name: N, body: BodyOf<Api[N]>, done: string) => Promise<boolean>;
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
    async (name, body, done) => {
      setBusy((n) => n + 1);
      try {
        await workshopCall(workshopId, token)(name, { body } as never);
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
