/**
 * Clock offset between a client and the server, so that every screen counts the same timer down the
 * same second even on a machine whose clock is minutes off. The client sends a few pings, notes its
 * local time when each leaves (`sentAt`) and when its answer arrives (`receivedAt`), and the server
 * answers with its clock (`serverNow`). Assuming the answer was stamped half-way through the round trip,
 * offset = serverNow - (sentAt + receivedAt) / 2; the sample with the shortest round trip bounds the
 * error best (at most half its round trip), as in NTP.
 */

/** Local clock at send and at receive, and the server's clock in the answer; all ms. */
export type ClockSample = { sentAt: number; serverNow: number; receivedAt: number };

/**
 * Server clock minus local clock, in ms, from the sample with the shortest round trip (the first one
 * on ties). Samples with a negative round trip (the local clock was set back meanwhile) or
 * non-finite fields are ignored; throws a RangeError when no usable sample is left.
 */
export function estimateOffset(samples: readonly ClockSample[]): number {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    const { sentAt, serverNow: server, receivedAt } = sample;
    if (!Number.isFinite(sentAt) || !Number.isFinite(server) || !Number.isFinite(receivedAt)) continue;
    if (receivedAt < sentAt) continue;
    if (best === undefined || receivedAt - sentAt < best.receivedAt - best.sentAt) best = sample;
  }
  if (best === undefined) throw new RangeError('estimateOffset needs at least one usable sample');
  return best.serverNow - (best.sentAt + best.receivedAt) / 2;
}

/** The server's clock now, as estimated from the local clock and the offset. */
export function serverNow(localNow: number, offset: number): number {
  return localNow + offset;
}

/**
 * Whole seconds to show for `remainingMs`: rounded up, so "1" shows until the very end and every
 * screen with the same server-clock estimate flips at the same instant (a whole second of server time).
 * Never negative.
 */
export function displaySeconds(remainingMs: number): number {
  if (Number.isNaN(remainingMs)) throw new RangeError('remainingMs is NaN');
  return Math.ceil(Math.max(0, remainingMs) / 1000);
}

/** "m:ss" (or "h:mm:ss" from an hour) for `remainingMs`, counting the same seconds as displaySeconds. */
export function formatCountdown(remainingMs: number): string {
  const total = displaySeconds(remainingMs);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
