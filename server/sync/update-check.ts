/**
 * Decides, before a client's update touches the document, whether Yjs would integrate all of it now.
 *
 * Yjs keeps structs whose dependencies it does not have yet ("pending") and integrates them later, inside
 * whichever transaction brings the missing piece: a hostile client can make its edit ride on another
 * person's next keystroke, and so past a write policy that judges that person. Delete ranges on clocks the
 * document does not have wait the same way. And a struct whose references make `Y.applyUpdate` throw leaves
 * what was integrated before it in the document. So an update is applied only when this check, done on the
 * decoded update against the document's state vector, finds that every struct integrates at once:
 *   - per client, structs follow each other without gaps and start at or below the clock the doc has
 *     (no Skip structs, no client listed twice);
 *   - every origin, right origin and parent id refers to a clock the doc has, or that the update itself
 *     supplies before it is needed (checked in Yjs's own integration order, so dependency cycles between
 *     clients are caught); a reference to the item's own client must point before the item itself;
 *   - every delete range ends within the clocks known once the update's structs are in;
 *   - no struct carries more than MAX_CONTENT characters or bytes.
 * Verdicts: `empty` (nothing to do), `apply`, `unresolved` (an honest client that raced another's update can
 * fill the gap by resyncing) or `malformed` (no honest encoder writes it).
 */
import * as Y from 'yjs';

export type UpdateVerdict =
  | { kind: 'apply' }
  | { kind: 'empty' }
  | { kind: 'unresolved'; reason: string }
  | { kind: 'malformed'; reason: string };

type Struct = Y.Item | Y.GC | Y.Skip;
type Ref = { client: number; clock: number };

function references(struct: Struct): Ref[] {
  if (!(struct instanceof Y.Item)) return [];
  const refs: Ref[] = [];
  if (struct.origin) refs.push(struct.origin);
  if (struct.rightOrigin) refs.push(struct.rightOrigin);
  const parent = struct.parent as unknown;
  if (parent instanceof Y.ID) refs.push(parent);
  return refs;
}

/**
 * The most one struct may carry (characters of a string, JSON bytes of a value): far above every text limit
 * of a board (shared/doc/limits.ts, enforced precisely by workshop boards' write policy), so that no
 * document, a free board included, takes a megabyte of text in one frame.
 */
export const MAX_CONTENT = 64 * 1024;

function contentSize(struct: Struct): number {
  if (!(struct instanceof Y.Item)) return 0;
  const content = struct.content as unknown;
  if (content instanceof Y.ContentString) return content.str.length;
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) {
    let largest = 0;
    for (const value of content.arr) largest = Math.max(largest, JSON.stringify(value ?? null)?.length ?? 0);
    return largest;
  }
  if (content instanceof Y.ContentBinary) return content.content.byteLength;
  if (content instanceof Y.ContentEmbed) return JSON.stringify(content.embed ?? null).length;
  return 0;
}

export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateVerdict {
  let decoded: { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    return { kind: 'malformed', reason: `update does not decode: ${(err as Error).message}` };
  }
  if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return { kind: 'empty' };

  // Per client, the structs in clock order; a gap inside one client's run is a Skip in the decoded form.
  const queues = new Map<number, { structs: Struct[]; next: number }>();
  let previous: Struct | null = null;
  for (const struct of decoded.structs) {
    const size = contentSize(struct);
    if (size > MAX_CONTENT) return { kind: 'malformed', reason: `a struct carries ${size} characters or bytes (at most ${MAX_CONTENT})` };
    if (struct instanceof Y.Skip) return { kind: 'unresolved', reason: 'the update has gaps (skip structs)' };
    const client = struct.id.client;
    const queue = queues.get(client);
    if (previous && previous.id.client === client) {
      if (struct.id.clock !== previous.id.clock + previous.length) return { kind: 'malformed', reason: 'structs of one client overlap or leave a gap' };
      queue!.structs.push(struct);
    } else {
      if (queue) return { kind: 'malformed', reason: 'a client is listed twice' };
      queues.set(client, { structs: [struct], next: 0 });
    }
    previous = struct;
  }

  // Simulated integration: what the doc would have, client by client, as Yjs integrates the structs.
  const state = new Map<number, number>();
  const stateOf = (client: number) => state.get(client) ?? Y.getState(doc.store, client);
  for (const start of queues.keys()) {
    const waiting: number[] = [];
    const onStack = new Set<number>();
    let current = start;
    for (;;) {
      const queue = queues.get(current)!;
      if (queue.next >= queue.structs.length) {
        const back = waiting.pop();
        if (back === undefined) break;
        onStack.delete(back);
        current = back;
        continue;
      }
      const struct = queue.structs[queue.next]!;
      if (struct.id.clock > stateOf(current)) return { kind: 'unresolved', reason: `client ${current} starts after a clock the document lacks` };
      let missing: number | null = null;
      for (const ref of references(struct)) {
        if (ref.client === struct.id.client) {
          if (ref.clock >= struct.id.clock) return { kind: 'malformed', reason: 'a struct refers to its own client at or after itself' };
        } else if (ref.clock >= stateOf(ref.client)) {
          missing = ref.client;
          break;
        }
      }
      if (missing !== null) {
        const supplier = queues.get(missing);
        if (!supplier || supplier.next >= supplier.structs.length || onStack.has(missing) || missing === current) {
          return { kind: 'unresolved', reason: `a struct waits for clocks of client ${missing} that the document lacks` };
        }
        waiting.push(current);
        onStack.add(current);
        current = missing;
        continue;
      }
      state.set(current, Math.max(stateOf(current), struct.id.clock + struct.length));
      queue.next++;
      // Go back to whoever waited for this client: its dependency may be met now.
      const back = waiting.pop();
      if (back !== undefined) {
        onStack.delete(back);
        current = back;
      }
    }
  }

  for (const [client, ranges] of decoded.ds.clients) {
    const known = stateOf(client);
    for (const range of ranges) {
      if (range.clock + range.len > known) return { kind: 'unresolved', reason: `deletes clocks of client ${client} that the document lacks` };
    }
  }
  return { kind: 'apply' };
}

/** Whether the doc holds structs or deletions waiting for something (it never should after `checkUpdate`). */
export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}
