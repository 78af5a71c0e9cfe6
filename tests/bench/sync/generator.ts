/**
 * Load generator for one scenario against one server, run as a child process of run.ts (which is pinned to
 * core 1, so this process is too). It receives its scenario as the first IPC message and answers with the result.
 *
 * fan-out: `rooms` x `clientsPerRoom` raw clients, each sending one small update every `periodMs` (phases spread
 *   evenly, in a seeded random order). Latency is send-to-receipt at every other client of the room, for updates
 *   sent inside the measured window. After the last send the generator waits until every expected receipt has
 *   arrived or none has come for `drainMs`; whatever is still missing then is a missed delivery. Server CPU per delivered
 *   update = the server's CPU time during the window / receipts at other clients during the window.
 *   The run is invalid when this process's own event-loop delay p99 exceeds 20 ms during the window.
 * scale-out (a fan-out config with `servers`): the same, each room's clients split evenly over the server
 *   processes (client k of a room on process k mod n), which share a Redis and a database; latency is also
 *   reported for receipts across processes and within one, CPU per delivered update sums every process, and
 *   Redis's own CPU time (INFO cpu) over the window is reported beside it.
 * idle: `rooms` x `clientsPerRoom` clients that sync and then stay silent; RSS per connection = (server RSS with
 *   them connected - RSS after the boards were created, before any socket) / connections.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { prng } from '../../helpers/clients.ts';
import { createRoom, cpuMs, rssKb, type TargetInfo } from './servers.ts';
import { Samples, median, percentile, round } from './stats.ts';
import { BenchClient, connectAll, type WireHooks } from './wire.ts';

export const MAX_GENERATOR_LAG_P99_MS = 20;

export type FanoutConfig = {
  scenario: 'fanout';
  target: TargetInfo;
  /** Scale-out: every process of the target (the first is `target`); clients of each room are split over them. */
  servers?: TargetInfo[];
  /** Scale-out: the Redis the processes share, whose CPU time is read over the window. */
  redisUrl?: string;
  rooms: number;
  clientsPerRoom: number;
  periodMs: number;
  warmupMs: number;
  measureMs: number;
  drainMs: number;
};

export type FanoutResult = {
  scenario: 'fanout';
  target: TargetInfo['name'];
  clients: number;
  /** Updates sent in the measured window, and in all. */
  sentMeasured: number;
  sentTotal: number;
  expectedReceipts: number;
  missed: number;
  /** Receipts beyond one per peer, or of updates never sent: must be 0 too. */
  duplicates: number;
  /** Updates the server sent back to their own sender (the reference does; ours does not). */
  echoes: number;
  latencyMs: LatencySummary;
  /** Scale-out: receipts at a client on another process than the sender's, and on the same one. */
  crossLatencyMs?: LatencySummary;
  localLatencyMs?: LatencySummary;
  /** Scale-out: CPU of each process over the window (ms); serverCpuMs is their sum. */
  serverCpuMsEach?: number[];
  /** Scale-out: Redis's CPU time over the window per delivered update (µs); Redis is shared with other work. */
  redisCpuUsPerDelivery?: number;
  windowMs: number;
  deliveriesInWindow: number;
  serverCpuMs: number;
  /** Server CPU time over the window as a share of one core: near 100% means it could not keep up. */
  serverCorePercent: number;
  cpuUsPerDelivery: number;
  serverRssKb: number;
  generatorCpuPercent: number;
  lagMs: { p50: number; p99: number; max: number };
  disconnects: number;
  valid: boolean;
};

export type LatencySummary = { p50: number; p90: number; p99: number; max: number; count: number };

export type IdleConfig = {
  scenario: 'idle';
  target: TargetInfo;
  rooms: number;
  clientsPerRoom: number;
  settleMs: number;
};

export type IdleResult = {
  scenario: 'idle';
  target: TargetInfo['name'];
  connections: number;
  /** Before any board or client: the server as started (ours answered one /healthz while starting). */
  startRssKb: number;
  baselineRssKb: number;
  connectedRssKb: number;
  rssPerConnectionKb: number;
  stillOpen: number;
  lagMs: { p99: number; max: number };
  valid: boolean;
};

export type GeneratorConfig = FanoutConfig | IdleConfig;
export type GeneratorResult = FanoutResult | IdleResult;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function createRooms(target: TargetInfo, count: number): Promise<string[]> {
  const urls: string[] = [];
  for (let r = 0; r < count; r++) urls.push(await createRoom(target, r));
  return urls;
}

type RoomAddress = { url: string; address?: string };

/**
 * Per room, how a client on each server process reaches it. Ours: a board created on the first process, the
 * same board id and token on every process (they share the database). Hocuspocus: the server's root URL and
 * the document's name in every frame.
 */
async function roomAddresses(servers: TargetInfo[], count: number): Promise<RoomAddress[][]> {
  const first = servers[0] as TargetInfo;
  const rooms: RoomAddress[][] = [];
  for (let r = 0; r < count; r++) {
    if (first.name === 'hocuspocus') {
      rooms.push(servers.map((s) => ({ url: `ws://127.0.0.1:${s.port}/`, address: `bench-room-${r}` })));
    } else {
      const url = await createRoom(first, r);
      rooms.push(servers.map((s) => ({ url: url.replace(`:${first.port}/`, `:${s.port}/`) })));
    }
  }
  return rooms;
}

/** Redis's own user + system CPU time so far (ms), from INFO cpu. */
async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

function summarizeLatency(samples: Samples): LatencySummary {
  const sorted = samples.sorted();
  return {
    p50: round(percentile(sorted, 50), 2),
    p90: round(percentile(sorted, 90), 2),
    p99: round(percentile(sorted, 99), 2),
    max: round(percentile(sorted, 100), 2),
    count: sorted.length,
  };
}

/** Median of `count` RSS readings `gapMs` apart, to smooth over a GC that happens to run during one. */
async function settledRss(pid: number, count: number, gapMs: number): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await sleep(gapMs);
    readings.push(rssKb(pid));
  }
  return median(readings);
}

async function fanout(cfg: FanoutConfig): Promise<FanoutResult> {
  const { target, clientsPerRoom, periodMs } = cfg;
  const servers = cfg.servers ?? [target];
  const rooms = await roomAddresses(servers, cfg.rooms);
  // Per client (index id - 1), per clock: when it was sent, whether inside the window, how many peers got it.
  const sentAt: number[][] = [];
  const measured: boolean[][] = [];
  const received: number[][] = [];
  const latencies = new Samples();
  const cross = new Samples();
  const local = new Samples();
  let deliveries = 0;
  let echoes = 0;
  let unknown = 0;
  let disconnects = 0;
  const hooks: WireHooks = {
    onUpdate(receiver, client, clock) {
      const now = performance.now();
      if (client === receiver.id) {
        echoes++;
        return;
      }
      const sent = sentAt[client - 1]?.[clock];
      const counts = received[client - 1];
      if (sent === undefined || !counts) {
        unknown++;
        return;
      }
      deliveries++;
      counts[clock] = (counts[clock] ?? 0) + 1;
      if (measured[client - 1]?.[clock]) {
        latencies.push(now - sent);
        if (servers.length > 1) (clients[client - 1]?.server === receiver.server ? local : cross).push(now - sent);
      }
    },
    onClose(client) {
      if (!client.closedByUs) disconnects++;
    },
  };
  const clients: BenchClient[] = [];
  for (let r = 0; r < cfg.rooms; r++) {
    for (let k = 0; k < clientsPerRoom; k++) {
      const server = k % servers.length;
      const { url, address } = (rooms[r] as RoomAddress[])[server] as RoomAddress;
      clients.push(new BenchClient(clients.length + 1, r, url, hooks, { server, ...(address === undefined ? {} : { address }) }));
      sentAt.push([]);
      measured.push([]);
      received.push([]);
    }
  }
  await connectAll(clients, 100, 120_000);

  // Every client sends once per period; phases evenly spread over the period, in a seeded random order.
  const random = prng(42);
  const order = clients.map((client) => ({ client, key: random() }));
  order.sort((a, b) => a.key - b.key);
  const phases = order.map((slot, i) => ({ client: slot.client, phase: (i * periodMs) / order.length }));
  let inWindow = false;
  let next = 0;
  let cycle = 0;
  let sentTotal = 0;
  let sentMeasured = 0;
  const start = performance.now() + 20;
  const tick = () => {
    const now = performance.now();
    for (;;) {
      const slot = phases[next];
      if (!slot || start + cycle * periodMs + slot.phase > now) return;
      const { client } = slot;
      const frame = client.nextFrame();
      const clock = client.sent - 1;
      const i = client.id - 1;
      (sentAt[i] as number[])[clock] = performance.now();
      (measured[i] as boolean[])[clock] = inWindow;
      (received[i] as number[])[clock] = 0;
      client.send(frame);
      sentTotal++;
      if (inWindow) sentMeasured++;
      next++;
      if (next === phases.length) {
        next = 0;
        cycle++;
      }
    }
  };
  const sender = setInterval(tick, 2);

  await sleep(cfg.warmupMs);
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const redis = cfg.redisUrl ? new Redis(cfg.redisUrl) : null;
  const redisCpu0 = redis ? await redisCpuMs(redis) : 0;
  const cpu0 = servers.map((s) => cpuMs(s.pid));
  const ownCpu0 = process.cpuUsage();
  const delivered0 = deliveries;
  const t0 = performance.now();
  inWindow = true;
  await sleep(cfg.measureMs);
  inWindow = false;
  const t1 = performance.now();
  const delivered1 = deliveries;
  const cpu1 = servers.map((s) => cpuMs(s.pid));
  const ownCpu = process.cpuUsage(ownCpu0);
  const redisCpu = redis ? (await redisCpuMs(redis)) - redisCpu0 : 0;
  redis?.disconnect();
  lag.disable();
  clearInterval(sender);
  const serverRssKb = servers.reduce((sum, s) => sum + rssKb(s.pid), 0);

  // Late is not missed: wait while receipts keep coming, until `drainMs` passes without one (at most 60 s).
  const expectedReceipts = sentTotal * (clientsPerRoom - 1);
  const drainStart = performance.now();
  let lastProgress = drainStart;
  let seen = deliveries;
  while (deliveries < expectedReceipts) {
    await sleep(20);
    const now = performance.now();
    if (deliveries > seen) {
      seen = deliveries;
      lastProgress = now;
    }
    if (now - lastProgress > cfg.drainMs || now - drainStart > 60_000) break;
  }

  let missed = 0;
  let duplicates = 0;
  for (let i = 0; i < clients.length; i++) {
    const counts = received[i] as number[];
    const times = sentAt[i] as number[];
    for (let clock = 0; clock < times.length; clock++) {
      const got = counts[clock] ?? 0;
      if (got < clientsPerRoom - 1) missed += clientsPerRoom - 1 - got;
      else duplicates += got - (clientsPerRoom - 1);
    }
  }
  duplicates += unknown;
  for (const client of clients) client.close();

  const windowMs = t1 - t0;
  const deliveriesInWindow = delivered1 - delivered0;
  const serverCpuMsEach = cpu1.map((c, i) => c - (cpu0[i] as number));
  const serverCpuMs = serverCpuMsEach.reduce((a, b) => a + b, 0);
  const lagP99 = lag.percentile(99) / 1e6;
  return {
    scenario: 'fanout',
    target: target.name,
    clients: clients.length,
    sentMeasured,
    sentTotal,
    expectedReceipts,
    missed,
    duplicates,
    echoes,
    latencyMs: summarizeLatency(latencies),
    ...(servers.length > 1
      ? {
          crossLatencyMs: summarizeLatency(cross),
          localLatencyMs: summarizeLatency(local),
          serverCpuMsEach: serverCpuMsEach.map((c) => Math.round(c)),
        }
      : {}),
    ...(redis ? { redisCpuUsPerDelivery: round((redisCpu * 1000) / Math.max(1, deliveriesInWindow), 2) } : {}),
    windowMs: Math.round(windowMs),
    deliveriesInWindow,
    serverCpuMs: Math.round(serverCpuMs),
    serverCorePercent: round((serverCpuMs / windowMs) * 100, 0),
    cpuUsPerDelivery: round((serverCpuMs * 1000) / Math.max(1, deliveriesInWindow), 2),
    serverRssKb,
    generatorCpuPercent: round(((ownCpu.user + ownCpu.system) / 1000 / windowMs) * 100, 0),
    lagMs: { p50: round(lag.percentile(50) / 1e6, 2), p99: round(lagP99, 2), max: round(lag.max / 1e6, 2) },
    disconnects,
    valid: lagP99 <= MAX_GENERATOR_LAG_P99_MS,
  };
}

async function idle(cfg: IdleConfig): Promise<IdleResult> {
  const { target } = cfg;
  await sleep(1000);
  const startRssKb = await settledRss(target.pid, 3, 300);
  const urls = await createRooms(target, cfg.rooms);
  await sleep(1000);
  const baselineRssKb = await settledRss(target.pid, 3, 300);
  const clients: BenchClient[] = [];
  let stillOpen = 0;
  const hooks: WireHooks = {
    onClose(client) {
      if (!client.closedByUs) stillOpen--;
    },
  };
  for (let r = 0; r < cfg.rooms; r++) {
    for (let k = 0; k < cfg.clientsPerRoom; k++) clients.push(new BenchClient(clients.length + 1, r, urls[r] as string, hooks));
  }
  await connectAll(clients, 100, 120_000);
  stillOpen += clients.length;
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  await sleep(cfg.settleMs);
  const connectedRssKb = await settledRss(target.pid, 5, 500);
  lag.disable();
  for (const client of clients) client.close();
  const lagP99 = lag.percentile(99) / 1e6;
  return {
    scenario: 'idle',
    target: target.name,
    connections: clients.length,
    startRssKb,
    baselineRssKb,
    connectedRssKb,
    rssPerConnectionKb: round((connectedRssKb - baselineRssKb) / clients.length, 1),
    stillOpen,
    lagMs: { p99: round(lagP99, 2), max: round(lag.max / 1e6, 2) },
    valid: stillOpen === clients.length,
  };
}

export function runScenario(cfg: GeneratorConfig): Promise<GeneratorResult> {
  return cfg.scenario === 'fanout' ? fanout(cfg) : idle(cfg);
}

// Started by run.ts through child_process.fork: one scenario per process, so each starts with a quiet heap.
if (process.send) {
  process.once('message', (cfg: GeneratorConfig) => {
    runScenario(cfg).then(
      (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
      (err: unknown) => process.send?.({ ok: false, error: String((err as Error)?.stack ?? err) }, () => process.exit(1)),
    );
  });
}
