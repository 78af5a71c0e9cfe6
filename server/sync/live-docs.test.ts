import { describe, expect, it } from 'vitest';
import type { Connection } from './connection.ts';
import { keepAlive, keepaliveBudget, keepaliveTickMs } from './live-docs.ts';

/** The part of a connection the keepalive tick touches, counting what it writes. */
function fakeConn(now: number) {
  const counts = { pings: 0, messages: 0, terminated: 0 };
  const conn = {
    awaitingPong: false,
    lastPingAt: now,
    lastSentAt: now,
    closed: false,
    log: { info: () => undefined },
    ws: { ping: () => counts.pings++, terminate: () => counts.terminated++ },
    send: () => {
      counts.messages++;
      conn.lastSentAt = clock.now;
    },
  };
  return { conn, counts };
}
const clock = { now: 0 };
const PERIOD = 10_000;

describe('keepalive tick', () => {
  it('spreads the pings of sockets that connected together over the period instead of one burst', () => {
    clock.now = 0;
    const all = Array.from({ length: 1500 }, () => fakeConn(0));
    const conns = all.map((c) => c.conn as unknown as Connection);
    const tick = keepaliveTickMs(PERIOD);
    expect(tick).toBe(500);
    const perTick: number[] = [];
    for (clock.now = PERIOD; clock.now < 2 * PERIOD; clock.now += tick) {
      const before = all.reduce((sum, c) => sum + c.counts.pings, 0);
      keepAlive(conns, clock.now, PERIOD, keepaliveBudget(conns.length, PERIOD));
      perTick.push(all.reduce((sum, c) => sum + c.counts.pings, 0) - before);
      // Pongs come back before the next tick.
      for (const c of all) c.conn.awaitingPong = false;
    }
    expect(Math.max(...perTick)).toBe(150);
    // Every socket was pinged within half a period of falling due, and only once.
    expect(all.every((c) => c.counts.pings === 1)).toBe(true);
    expect(perTick.slice(0, 10).reduce((a, b) => a + b, 0)).toBe(1500);
  });

  it('keeps quiet sockets fed with a keepalive message within the period, a slice per tick', () => {
    const all = Array.from({ length: 40 }, () => fakeConn(0));
    const conns = all.map((c) => c.conn as unknown as Connection);
    clock.now = PERIOD;
    keepAlive(conns, clock.now, PERIOD, keepaliveBudget(40, PERIOD));
    expect(all.filter((c) => c.counts.messages === 1)).toHaveLength(4);
    for (let t = 1; t < 10; t++) keepAlive(conns, (clock.now += keepaliveTickMs(PERIOD)), PERIOD, keepaliveBudget(40, PERIOD));
    expect(all.every((c) => c.counts.messages === 1)).toBe(true);
  });

  it('drops a socket whose ping went unanswered for two periods, whatever the budget', () => {
    const dead = fakeConn(0);
    dead.conn.awaitingPong = true;
    const conns = [dead.conn as unknown as Connection];
    keepAlive(conns, 2 * PERIOD + 1, PERIOD, { pings: 0, messages: 0 });
    expect(dead.counts.terminated).toBe(1);
    expect(dead.conn.closed).toBe(true);
  });

  it('a small period still gets one ping and one message per tick for a lone socket', () => {
    expect(keepaliveTickMs(200)).toBe(50);
    expect(keepaliveBudget(1, 200)).toEqual({ pings: 1, messages: 1 });
    expect(keepaliveBudget(0, 200)).toEqual({ pings: 0, messages: 0 });
  });
});
