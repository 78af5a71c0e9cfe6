/**
 * Hand-written Yjs updates (format v1), for the attacks no honest encoder produces: structs with chosen
 * origins and parents, gaps, future clocks, delete ranges on clocks nobody has.
 *
 * Layout: varUint client count; per client varUint struct count, varUint client, varUint first clock, then
 * per struct an info byte (low 5 bits the content ref; 0x80 origin, 0x40 right origin, 0x20 parent key),
 * origin and right origin ids, and, without either, the parent (1 + root name, or 0 + id) and its key,
 * then the content. After the structs, the delete set: varUint client count; per client, client, range
 * count, then (clock, length) pairs.
 */
import * as encoding from 'lib0/encoding';

export type Id = { client: number; clock: number };
export type CraftedContent = { string: string } | { any: unknown[] } | { type: 'map' | 'text' | 'array' } | { skip: number } | { gc: number };
export type CraftedStruct = { origin?: Id; rightOrigin?: Id; parent?: string | Id; key?: string; content: CraftedContent };
export type CraftedRun = { client: number; clock: number; structs: CraftedStruct[] };
export type CraftedDelete = { client: number; ranges: [clock: number, len: number][] };

const TYPE_REFS = { array: 0, map: 1, text: 2 } as const;

export function craftUpdate(runs: CraftedRun[], deletes: CraftedDelete[] = []): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, runs.length);
  for (const run of runs) {
    encoding.writeVarUint(e, run.structs.length);
    encoding.writeVarUint(e, run.client);
    encoding.writeVarUint(e, run.clock);
    for (const s of run.structs) writeStruct(e, s);
  }
  encoding.writeVarUint(e, deletes.length);
  for (const d of deletes) {
    encoding.writeVarUint(e, d.client);
    encoding.writeVarUint(e, d.ranges.length);
    for (const [clock, len] of d.ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
  return encoding.toUint8Array(e);
}

function writeStruct(e: encoding.Encoder, s: CraftedStruct): void {
  const c = s.content;
  if ('gc' in c) {
    encoding.writeUint8(e, 0);
    encoding.writeVarUint(e, c.gc);
    return;
  }
  if ('skip' in c) {
    encoding.writeUint8(e, 10);
    encoding.writeVarUint(e, c.skip);
    return;
  }
  const ref = 'string' in c ? 4 : 'any' in c ? 8 : 7;
  const inherits = s.origin !== undefined || s.rightOrigin !== undefined;
  const info = ref | (s.origin ? 0x80 : 0) | (s.rightOrigin ? 0x40 : 0) | (!inherits && s.key !== undefined ? 0x20 : 0);
  encoding.writeUint8(e, info);
  if (s.origin) writeId(e, s.origin);
  if (s.rightOrigin) writeId(e, s.rightOrigin);
  if (!inherits) {
    if (typeof s.parent === 'string') {
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, s.parent);
    } else if (s.parent) {
      encoding.writeVarUint(e, 0);
      writeId(e, s.parent);
    } else {
      throw new Error('a struct without origins needs a parent');
    }
    if (s.key !== undefined) encoding.writeVarString(e, s.key);
  }
  if ('string' in c) encoding.writeVarString(e, c.string);
  else if ('any' in c) {
    encoding.writeVarUint(e, c.any.length);
    for (const v of c.any) encoding.writeAny(e, v as Parameters<typeof encoding.writeAny>[1]);
  } else encoding.writeVarUint(e, TYPE_REFS[c.type]);
}

function writeId(e: encoding.Encoder, id: Id): void {
  encoding.writeVarUint(e, id.client);
  encoding.writeVarUint(e, id.clock);
}

/** The length in clocks a crafted struct occupies. */
export function structLength(s: CraftedStruct): number {
  const c = s.content;
  if ('gc' in c) return c.gc;
  if ('skip' in c) return c.skip;
  if ('string' in c) return c.string.length;
  if ('any' in c) return c.any.length;
  return 1;
}
