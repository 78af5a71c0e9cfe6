/**
 * Where a caret goes when someone else's edit arrives as a Yjs delta (retain / insert / delete over the
 * old text): text inserted before it pushes it right, text deleted before it pulls it left, a deletion
 * around it puts it where the deletion was. Text inserted exactly at the caret goes after it, so the
 * person typing there keeps typing where they were.
 */
export type Delta = readonly { insert?: unknown; delete?: number; retain?: number }[];

export function mapThroughDelta(delta: Delta, caret: number): number {
  let old = 0;
  let shift = 0;
  for (const op of delta) {
    if (op.retain !== undefined) old += op.retain;
    else if (op.delete !== undefined) {
      if (caret >= old + op.delete) shift -= op.delete;
      else if (caret > old) shift -= caret - old;
      old += op.delete;
    } else if (typeof op.insert === 'string') {
      if (old < caret) shift += op.insert.length;
    }
  }
  return Math.max(0, caret + shift);
}
