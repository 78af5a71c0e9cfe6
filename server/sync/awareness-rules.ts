/**
 * What a connection may say in awareness, checked before the live document applies it. Awareness is not stored and
 * carries no permissions of its own, but screens act on it: the plenary follows the client whose state says
 * `presenting`, and everybody draws the cursors it names. So a connection may only speak for the client ids
 * it introduced itself (an id another open connection introduced is not its to change or remove), and only
 * a facilitator (or anybody on a free board, which has no plenary) may say `presenting`.
 *
 * A client id belongs to whoever first spoke for it (a workshop participant, or a token), open or not, so
 * nobody can speak for someone who is offline or reconnecting. View connections publish nothing. And a
 * connection introduces at most AWARENESS_LIMITS.idsPerConnection ids, each state at most `stateBytes`:
 * an honest client has one id and a state of a few hundred bytes.
 *
 * Wire format (y-protocols/awareness): varUint count, then per entry varUint clientID, varUint clock,
 * varString JSON state ("null" for a removal).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const AWARENESS_LIMITS = {
  /** Client ids one connection may ever speak for: a page has one; a few spare for reloads in one socket's life. */
  idsPerConnection: 4,
  /**
   * Entries in one awareness message. Larger than idsPerConnection on purpose: y-websocket's provider echoes
   * every change it applies, the others' included, so a newcomer's first message names everybody present
   * (entries for others' ids are dropped, not counted). 1,000: a crowded matchmaking hall, far below a flood.
   */
  entriesPerUpdate: 1_000,
  /** Bytes of one state (JSON): a name, a colour, a cursor and a viewport take a few hundred. */
  stateBytes: 64 * 1024,
} as const;

/** An awareness update past the limits: the live document closes the connection. */
export class AwarenessLimitError extends Error {}

export type AwarenessSpeaker = {
  /** True when this connection may publish `presenting` (it leads the plenary). */
  mayPresent: boolean;
  /** Whether `clientID` was introduced by another connection that is still open (`clock`: the entry's). */
  ownedByOther: (clientID: number, clock: number) => boolean;
};

/** The update with what the speaker may not say left out; null when nothing is left. Throws on bytes that do not decode. */
export function vetAwarenessUpdate(update: Uint8Array, speaker: AwarenessSpeaker): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > AWARENESS_LIMITS.entriesPerUpdate) throw new AwarenessLimitError(`${count} client ids in one awareness update`);
  const kept: { clientID: number; clock: number; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    let state = decoding.readVarString(decoder);
    if (state.length > AWARENESS_LIMITS.stateBytes) throw new AwarenessLimitError(`an awareness state of ${state.length} characters`);
    if (speaker.ownedByOther(clientID, clock)) continue;
    if (!speaker.mayPresent) {
      const parsed = JSON.parse(state) as unknown;
      if (parsed !== null && typeof parsed === 'object' && 'presenting' in parsed) {
        delete (parsed as Record<string, unknown>)['presenting'];
        state = JSON.stringify(parsed);
      }
    }
    kept.push({ clientID, clock, state });
  }
  if (kept.length === 0) return null;
  if (kept.length === count && speaker.mayPresent) return update;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientID);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}

/** The client ids an awareness update speaks for. */
export function awarenessClientIds(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
  }
  return ids;
}
