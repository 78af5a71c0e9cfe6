/**
 * Turns one bench run into the "Sync server" section of BENCHMARKS.md: the side-by-side table, a verdict for
 * each goal of issue 3 computed from the figures (never written by hand, so a rerun cannot leave a stale claim),
 * details, and the method. Goals: issue 12 (the reference measured in the same run; absolute budgets where the
 * issue gives them). Only that section of the file is replaced; other sections are left as they are.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { ColdResult } from './cold.ts';
import type { FanoutResult, IdleResult, LatencySummary } from './generator.ts';
import { MAX_GENERATOR_LAG_P99_MS } from './generator.ts';
import { median, round } from './stats.ts';

export const SECTION_TITLE = '## Sync server (npm run bench:sync)';
export const SCALEOUT_TITLE = '## Sync server scaled out (npm run bench:sync -- --only=scaleout)';
const COLD_BUDGET_MS = 20;
const IDLE_SERVER_BUDGET_MB = 100;
const PER_SOCKET_BUDGET_KB = 8;

type Shape = { rooms: number; clientsPerRoom: number };
type Pair<T> = { ours: T; reference: T };

export type BenchReport = {
  startedAt: string;
  command: string;
  quick: boolean;
  machine: { cores: number; cpuModel: string; node: string; memoryGiB: number; loadAverage: number[] };
  reference: string;
  server: { commit: string; dirty: boolean; archived: boolean };
  plan: {
    warmupMs: number;
    measureMs: number;
    drainMs: number;
    periodMs: number;
    rounds: number;
    idleSettleMs: number;
    coldUpdates: number;
    coldReps: number;
    scenarioA: Shape;
    scenarioB: Shape;
    scenarioC: Shape;
  };
  fanoutA: Pair<FanoutResult[]> | null;
  fanoutB: Pair<FanoutResult[]> | null;
  idle: Pair<IdleResult> | null;
  cold: ColdResult[] | null;
  scaleout: ScaleoutReport | null;
  durationSeconds: number;
  /** Scheduling priority of the bench, its servers and generators (nice, autogroup nice). */
  nice: string;
  loadAverageAtEnd: number[];
};

export type ScaleoutReport = {
  ours: FanoutResult[];
  hocuspocus: FanoutResult[];
  hocuspocusVersion: string;
  plan: { warmupMs: number; measureMs: number; drainMs: number; rounds: number; rooms: number; clientsPerRoom: number; servers: number; periodMs: number };
};

export function machineInfo(): BenchReport['machine'] {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown CPU';
  return {
    cores: cpus().length,
    cpuModel: model,
    node: process.version,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((l) => round(l, 2)),
  };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const times = (ratio: number) => `${ratio.toFixed(2)}x the reference`;

/** Verdict for "no worse than the reference", optionally "aiming for half". Lower is better. */
function versusReference(ours: number, ref: number, unit: string, aimHalf: boolean): string {
  const ratio = ours / ref;
  if (!Number.isFinite(ratio)) return 'n/a';
  if (ours <= ref) {
    if (!aimHalf) return `**met** (${times(ratio)})`;
    return ours <= ref / 2 ? `**met, and half reached** (${times(ratio)})` : `**met**, half not reached (${times(ratio)})`;
  }
  return `**missed** by ${fmt(ours - ref, 2)} ${unit} (${times(ratio)})`;
}

/** Lower is better; `budget` in the unit given. */
function withinBudget(value: number, budget: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value <= budget ? `**met** (${fmt(value)} ${unit} ≤ ${budget} ${unit})` : `**missed** by ${fmt(value - budget)} ${unit}`;
}

/** CPU: at most half the reference's. */
function halfOfReference(ours: number, ref: number): string {
  const ratio = ours / ref;
  if (!Number.isFinite(ratio)) return 'n/a';
  return ratio <= 0.5 ? `**met** (${times(ratio)})` : `**missed** (${times(ratio)}; ≤ 0.50x wanted)`;
}

function coldVerdict(ms: number): string {
  if (ms < COLD_BUDGET_MS) return `**met** (${fmt(ms)} ms < ${COLD_BUDGET_MS} ms)`;
  return `**missed** by ${fmt(ms - COLD_BUDGET_MS)} ms (${fmt(ms / COLD_BUDGET_MS, 2)}x the budget)`;
}

function serverLabel(s: BenchReport['server']): string {
  const short = s.commit.slice(0, 8);
  if (s.commit.startsWith('copy in ')) return s.commit;
  if (s.archived) return `commit ${short} (exported with git archive)`;
  return s.dirty ? `working tree at ${short} with uncommitted changes in server/, shared/ or boards/` : `commit ${short}`;
}

const COLD_LABEL: Record<ColdResult['variant'], string> = {
  raw: 'compaction off, kill -9 after the last write',
  kill9: 'default compaction (500 updates / 1 MiB), kill -9 right after the last write',
  sigterm: 'default compaction, SIGTERM after the last write (final snapshot)',
  'live-only': 'live room (no restart possible: keeps nothing)',
  floor: 'floor: a plain ws server that already holds the same bytes (no framework, token, storage or Yjs)',
};

function storedLabel(stored: ColdResult['stored']): string {
  if (!stored) return 'nothing (in memory)';
  const rows = `${stored.updates.toLocaleString('en-US')} update row${stored.updates === 1 ? '' : 's'}`;
  return stored.snapshot ? `snapshot + ${rows}` : rows;
}

function shapeLabel(tag: string, shape: Shape, periodMs: number): string {
  const what = shape.rooms === 1 ? `1 room x ${shape.clientsPerRoom} clients` : `${shape.rooms} rooms x ${shape.clientsPerRoom} clients`;
  return `(${tag}) ${what}, 1 update per client every ${periodMs / 1000} s`;
}

type FanoutSummary = FanoutResult & { rounds: number; validRounds: number };

/**
 * One server's rounds of a fan-out scenario as one line: medians over the valid rounds (all rounds if none is
 * valid), missed deliveries summed over every round, the worst generator lag among the rounds used.
 */
function summarize(rounds: FanoutResult[]): FanoutSummary {
  const valid = rounds.filter((x) => x.valid);
  const use = valid.length > 0 ? valid : rounds;
  const med = (f: (x: FanoutResult) => number) => median(use.map(f));
  const sum = (f: (x: FanoutResult) => number) => rounds.reduce((acc, x) => acc + f(x), 0);
  return {
    ...(use[0] as FanoutResult),
    latencyMs: {
      p50: med((x) => x.latencyMs.p50),
      p90: med((x) => x.latencyMs.p90),
      p99: med((x) => x.latencyMs.p99),
      max: Math.max(...use.map((x) => x.latencyMs.max)),
      count: sum((x) => x.latencyMs.count),
    },
    cpuUsPerDelivery: med((x) => x.cpuUsPerDelivery),
    missed: sum((x) => x.missed),
    expectedReceipts: sum((x) => x.expectedReceipts),
    duplicates: sum((x) => x.duplicates),
    disconnects: sum((x) => x.disconnects),
    lagMs: { p50: med((x) => x.lagMs.p50), p99: Math.max(...use.map((x) => x.lagMs.p99)), max: Math.max(...use.map((x) => x.lagMs.max)) },
    valid: valid.length > 0,
    rounds: rounds.length,
    validRounds: valid.length,
  };
}

function fanoutRows(tag: string, shape: Shape, periodMs: number, rounds: Pair<FanoutResult[]>): string[] {
  const ours = summarize(rounds.ours);
  const ref = summarize(rounds.reference);
  const label = shapeLabel(tag, shape, periodMs);
  const validity = (r: FanoutSummary) =>
    `${fmt(r.lagMs.p99, 1)} (${r.validRounds} of ${r.rounds} round${r.rounds === 1 ? '' : 's'} valid${r.valid ? '' : ': **INVALID**'})`;
  const n = ours.validRounds === ref.validRounds ? ` (median of ${ours.validRounds} valid round${ours.validRounds === 1 ? '' : 's'})` : ' (median of the valid rounds)';
  const missedVerdict = ours.missed === 0 && ref.missed === 0 ? '**met**' : ours.missed === 0 ? '**met** (reference missed some)' : '**missed**';
  return [
    `| ${label} | fan-out latency p50 / p99 (ms)${n} | ${fmt(ours.latencyMs.p50, 2)} / ${fmt(ours.latencyMs.p99, 2)} | ${fmt(ref.latencyMs.p50, 2)} / ${fmt(ref.latencyMs.p99, 2)} | p99 no worse than reference | ${versusReference(ours.latencyMs.p99, ref.latencyMs.p99, 'ms', false)} |`,
    `| | missed deliveries (of expected, all rounds) | ${ours.missed} of ${ours.expectedReceipts} | ${ref.missed} of ${ref.expectedReceipts} | 0 | ${missedVerdict} |`,
    `| | server CPU per delivered update (µs)${n} | ${fmt(ours.cpuUsPerDelivery, 2)} | ${fmt(ref.cpuUsPerDelivery, 2)} | ≤ half the reference | ${halfOfReference(ours.cpuUsPerDelivery, ref.cpuUsPerDelivery)} |`,
    `| | generator event-loop lag p99, worst round used (ms) | ${validity(ours)} | ${validity(ref)} | ≤ ${MAX_GENERATOR_LAG_P99_MS} for a valid run | ${ours.valid && ref.valid ? 'valid' : '**INVALID**'} |`,
  ];
}

export function renderSection(r: BenchReport): string {
  const lines: string[] = [SECTION_TITLE, ''];
  const m = r.machine;
  const invalid: string[] = [];
  const excluded: string[] = [];
  for (const [tag, pair] of [
    ['a', r.fanoutA],
    ['b', r.fanoutB],
  ] as const) {
    if (!pair) continue;
    for (const [i, res] of [...pair.ours.entries(), ...pair.reference.entries()]) {
      const which = `(${tag}) ${res.target} round ${i + 1}`;
      if (!res.valid) excluded.push(`${which}: generator lag p99 ${fmt(res.lagMs.p99)} ms > ${MAX_GENERATOR_LAG_P99_MS} ms`);
      if (res.disconnects > 0) invalid.push(`${which}: ${res.disconnects} clients disconnected`);
    }
    for (const rounds of [pair.ours, pair.reference]) {
      if (!rounds.some((x) => x.valid)) invalid.push(`(${tag}) ${rounds[0]?.target}: no valid round`);
    }
  }
  const behind: string[] = [];
  for (const [tag, pair, shape] of [
    ['a', r.fanoutA, r.plan.scenarioA],
    ['b', r.fanoutB, r.plan.scenarioB],
  ] as const) {
    if (!pair) continue;
    for (const res of [...pair.ours, ...pair.reference]) {
      const offered = res.sentMeasured * (shape.clientsPerRoom - 1);
      if (res.deliveriesInWindow < 0.9 * offered) {
        behind.push(`(${tag}) ${res.target} (a round) delivered ${Math.round((100 * res.deliveriesInWindow) / offered)}% of the offered rate in the window`);
      }
    }
  }
  if (r.idle) {
    for (const res of [r.idle.ours, r.idle.reference]) {
      if (!res.valid) invalid.push(`(c) ${res.target}: only ${res.stillOpen} of ${res.connections} connections stayed open`);
    }
  }

  lines.push(
    `Measured ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}; ` +
      `load average ${m.loadAverage.join(' / ')} at start, ${r.loadAverageAtEnd.join(' / ')} at the end (the machine is shared with other work; ` +
      `servers and generators ran at ${r.nice}). ` +
      `Our server: ${serverLabel(r.server)}. Reference: ${r.reference}, in memory, as it ships. Command: \`${r.command}\` (${r.durationSeconds} s${r.quick ? ', quick mode' : ''}).`,
    '',
    invalid.length === 0
      ? `**Run: valid** (every figure in the table comes from rounds whose generator event-loop lag p99 stayed at or under ${MAX_GENERATOR_LAG_P99_MS} ms; no client was dropped${excluded.length ? `; rounds left out as invalid: ${excluded.join('; ')}` : ''}).`
      : `**Run: INVALID**: ${[...invalid, ...excluded].join('; ')}.`,
    ...(behind.length > 0
      ? ['', `**Fell behind:** ${behind.join('; ')}. Latencies of such a run measure queueing, not the server's fan-out path.`]
      : []),
    '',
    '| Scenario | Measure | Plenary (SQLite, durable before relay) | Reference (in memory) | Goal (issue 12) | Result |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  if (r.fanoutA) lines.push(...fanoutRows('a', r.plan.scenarioA, r.plan.periodMs, r.fanoutA));
  if (r.fanoutB) lines.push(...fanoutRows('b', r.plan.scenarioB, r.plan.periodMs, r.fanoutB));
  if (r.idle) {
    const { ours, reference: ref } = r.idle;
    const c = r.plan.scenarioC;
    lines.push(
      `| (c) ${ours.connections.toLocaleString('en-US')} idle connections (${c.rooms} boards x ${c.clientsPerRoom}) | server RSS per idle connection (KB) | ${fmt(ours.rssPerConnectionKb)} | ${fmt(ref.rssPerConnectionKb)} | ≤ ${PER_SOCKET_BUDGET_KB} KB | ${withinBudget(ours.rssPerConnectionKb, PER_SOCKET_BUDGET_KB, 'KB')} (${times(ours.rssPerConnectionKb / ref.rssPerConnectionKb)}) |`,
      `| | RSS of the idle server, started and before any board or client (MB) | ${fmt(ours.startRssKb / 1024)} | ${fmt(ref.startRssKb / 1024)} | ≤ ${IDLE_SERVER_BUDGET_MB} MB | ${withinBudget(ours.startRssKb / 1024, IDLE_SERVER_BUDGET_MB, 'MB')} |`,
    );
  }
  if (r.cold) {
    const n = r.plan.coldUpdates.toLocaleString('en-US');
    let first = true;
    for (const c of r.cold) {
      const scenario = first ? `(d) board of ${n} updates (one sticky note each), first client of a new process` : '';
      first = false;
      if (c.target === 'ours') {
        lines.push(
          `| ${scenario} | ${COLD_LABEL[c.variant]}, stored: ${storedLabel(c.stored)}; time to full state, median of ${c.coldMs.length} restarts (ms) (process start until the port accepted: median ${fmt(median(c.startMs), 0)} ms) | ${fmt(median(c.coldMs))} | cannot: keeps nothing across a restart | < ${COLD_BUDGET_MS} ms | ${coldVerdict(median(c.coldMs))} |`,
        );
      } else if (c.target === 'plain') {
        const best = Math.min(...r.cold.filter((x) => x.target === 'ours').map((x) => median(x.coldMs)));
        lines.push(
          `| ${scenario} | ${COLD_LABEL[c.variant]}: its first client after a start / later clients, median of ${c.coldMs.length} starts (ms) | ${fmt(median(c.coldMs))} / ${fmt(median(c.liveMs))} | | (what < ${COLD_BUDGET_MS} ms is measured against) | our best first visit above: ${fmt(best / median(c.coldMs), 2)}x the floor's first |`,
        );
      } else {
        const ours = r.cold.filter((x) => x.target === 'ours').flatMap((x) => x.liveMs);
        lines.push(
          `| ${scenario} | for comparison: new client on a live room of ${n} updates, median (ms) | ${fmt(median(ours))} | ${fmt(median(c.liveMs))} | (no goal) | ${times(median(ours) / median(c.liveMs))} |`,
        );
      }
    }
  }
  lines.push('');

  lines.push('### Details', '');
  for (const [tag, pair] of [
    ['a', r.fanoutA],
    ['b', r.fanoutB],
  ] as const) {
    if (!pair) continue;
    lines.push(
      `| (${tag}) | p50 / p99 (ms) | CPU per delivery (µs) | updates sent in window / in all | receipts measured | p90 / max (ms) | receipts in window | server CPU in window (ms, % of its core) | server RSS at end (MB) | echoes to sender | duplicates | disconnects | generator CPU | generator lag p50 / p99 / max (ms) |`,
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const [i, x] of [...pair.ours.entries(), ...pair.reference.entries()]) {
      lines.push(
        `| ${x.target} round ${i + 1}${x.valid ? '' : ' (INVALID)'} | ${fmt(x.latencyMs.p50, 2)} / ${fmt(x.latencyMs.p99, 2)} | ${fmt(x.cpuUsPerDelivery, 2)} | ${x.sentMeasured} / ${x.sentTotal} | ${x.latencyMs.count} | ${fmt(x.latencyMs.p90, 2)} / ${fmt(x.latencyMs.max, 1)} | ${x.deliveriesInWindow} in ${fmt(x.windowMs / 1000)} s | ${x.serverCpuMs} (${x.serverCorePercent}%) | ${fmt(x.serverRssKb / 1024, 0)} | ${x.echoes} | ${x.duplicates} | ${x.disconnects} | ${x.generatorCpuPercent}% | ${fmt(x.lagMs.p50, 1)} / ${fmt(x.lagMs.p99, 1)} / ${fmt(x.lagMs.max, 1)} |`,
      );
    }
    lines.push('');
  }
  if (r.idle) {
    lines.push(
      '| (c) | connections | RSS as started (MB) | RSS with the boards, before connecting (MB) | RSS with them connected (MB) | still open at the end |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const x of [r.idle.ours, r.idle.reference]) {
      lines.push(
        `| ${x.target} | ${x.connections} | ${fmt(x.startRssKb / 1024)} | ${fmt(x.baselineRssKb / 1024)} | ${fmt(x.connectedRssKb / 1024)} | ${x.stillOpen} |`,
      );
    }
    lines.push('');
  }
  if (r.cold) {
    lines.push(
      '| (d) | stored at restart | process start until the port accepted (ms) | first client after each restart (ms) | later clients on the loaded room (ms) | full state (KB) | writing the board took (s) |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const c of r.cold) {
      const stored = storedLabel(c.stored);
      lines.push(
        `| ${c.target}: ${COLD_LABEL[c.variant]} | ${stored} | ${c.startMs.length ? c.startMs.join(', ') : 'n/a'} | ${c.coldMs.length ? c.coldMs.join(', ') : 'n/a'} | ${c.liveMs.join(', ')} | ${fmt(c.stateBytes / 1024, 0)} | ${c.target === 'plain' ? 'n/a' : fmt(c.writeSeconds)} |`,
      );
    }
    lines.push('');
  }

  lines.push(
    '### How it is measured',
    '',
    '- Server pinned to core 0, the generator to core 1 (`taskset`), both at the priority stated above, over loopback, a fresh server per scenario; ours started with the command `npm start` runs (package.json: `node --max-semi-space-size=2 server/start.js`, with its compile cache in the OS temp folder) on SQLite in a temporary `DATA_DIR` with `LOG_LEVEL=warn`, the reference (`node src/server.js`) without persistence. Both run on the same Node.',
    `- Load: raw \`ws\` sockets speaking the y-websocket protocol, all clients of a scenario in one generator process. Each client syncs (its step 1, an empty step 2 for the server's step 1) and then pushes a 40-character string into a Y.Array of its own Y.Doc every ${r.plan.periodMs / 1000} s, phases spread evenly; no awareness traffic. ${fmt(r.plan.warmupMs / 1000, 0)} s warm-up, ${fmt(r.plan.measureMs / 1000, 0)} s measured window, then the generator waits for late receipts until none has come for ${fmt(r.plan.drainMs / 1000, 0)} s. Each fan-out scenario runs ${r.plan.rounds} round${r.plan.rounds === 1 ? '' : 's'} per server, alternating which server goes first, each on a fresh server and generator.`,
    '- Fan-out latency: from just before `ws.send` of an update to its arrival at each other client of the room (every receipt of every update sent in the window is a sample). Missed: expected receipts (every update sent, warm-up included, times the room size minus one) that never came.',
    '- Server CPU per delivered update: utime + stime of the server process (/proc/<pid>/stat) over the window, divided by the receipts at other clients in the same window. The reference also sends every update back to its sender; those echoes are not counted as deliveries (they cost it about 1/29 more sends in (a)).',
    `- RSS per idle connection: VmRSS after all connections synced and ${fmt(r.plan.idleSettleMs / 1000, 0)} s of quiet (median of 5 readings) minus VmRSS after the boards were created and before any socket, divided by the number of connections.`,
    '- Board after restart: one client writes 10,000 updates through the protocol, each adding one sticky note as the app does (shared/doc addNote: a Y.Map of ten fields and a Y.Text), while a second confirms each was relayed (so it is stored); the server is stopped as stated and a brand-new process is started on the same `DATA_DIR`. The bench waits only until its port accepts a TCP connection (no HTTP request), then times a client with the edit token from `new WebSocket()` to the arrival of the sync step 2 that holds every note (checked afterwards): the process\'s very first request, with the token check, the board\'s first read from storage and every code path on the way cold. The process start itself (until the port accepts) is not in that time; it is reported beside it (spawn until a TCP connect succeeds, probed every 10 ms), so work moved before listening shows. The floor: a plain `ws` server (tests/bench/sync/plain-ws-server.ts) holding the very frame our server sent, started and timed the same way.',
    '- Repeatability on this shared 2-core machine: between runs of the same code, p99 latencies moved by up to 3x and CPU per delivered update by about 10%, with the ratio between the two servers steadier than either figure. Compare the two columns of one run rather than figures of different runs.',
    `- A run is invalid when the generator's event-loop delay p99 (perf_hooks.monitorEventLoopDelay, over the window) exceeds ${MAX_GENERATOR_LAG_P99_MS} ms. Raw figures of the run are printed as JSON to a temporary file.`,
    '',
  );
  return lines.join('\n');
}

/** Replaces (or appends) this bench's section, leaving every other section of the file as it is. */
export function writeSection(file: string, section: string, title: string = SECTION_TITLE): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(`${title}\n`);
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section.trimEnd()}\n`;
  } else {
    const after = current.indexOf('\n## ', start + title.length);
    const rest = after === -1 ? '' : current.slice(after + 1);
    next = `${current.slice(0, start)}${section.trimEnd()}\n${rest ? `\n${rest}` : ''}`;
  }
  writeFileSync(file, next);
}

const fmtLatency = (l: LatencySummary | undefined) => (l ? `${fmt(l.p50, 2)} / ${fmt(l.p99, 2)}` : 'n/a');

/** Median over rounds of a figure that may be missing (NaN when no round has it). */
function medianOf(rounds: FanoutResult[], f: (x: FanoutResult) => number | undefined): number {
  const values = rounds.map(f).filter((v): v is number => v !== undefined && Number.isFinite(v));
  return values.length ? median(values) : Number.NaN;
}

/**
 * The scale-out scenario's own section: ours (two processes, every update stored in PostgreSQL before it is
 * published) against Hocuspocus (two processes, its Redis extension, state stored with a debounce). Goal (issue
 * 16): cross-process p99 and CPU per delivery no worse than Hocuspocus's.
 */
export function renderScaleoutSection(r: BenchReport, s: ScaleoutReport): string {
  const m = r.machine;
  const p = s.plan;
  const usable = (rounds: FanoutResult[]) => {
    const valid = rounds.filter((x) => x.valid);
    return valid.length ? valid : rounds;
  };
  const ours = usable(s.ours);
  const hp = usable(s.hocuspocus);
  const crossP99 = [medianOf(ours, (x) => x.crossLatencyMs?.p99), medianOf(hp, (x) => x.crossLatencyMs?.p99)] as const;
  const cpu = [medianOf(ours, (x) => x.cpuUsPerDelivery), medianOf(hp, (x) => x.cpuUsPerDelivery)] as const;
  const missed = [s.ours, s.hocuspocus].map((rs) => rs.reduce((a, x) => a + x.missed, 0));
  const expected = [s.ours, s.hocuspocus].map((rs) => rs.reduce((a, x) => a + x.expectedReceipts, 0));
  const valid = [s.ours, s.hocuspocus].every((rs) => rs.some((x) => x.valid)) && [...s.ours, ...s.hocuspocus].every((x) => x.disconnects === 0);
  const line = (label: string, f: (rs: FanoutResult[]) => string, goal: string, verdict: string) =>
    `| ${label} | ${f(ours)} | ${f(hp)} | ${goal} | ${verdict} |`;
  const versus = (a: number, b: number, unit: string) => {
    if (!Number.isFinite(a) || !Number.isFinite(b)) return 'n/a';
    const ratio = `${(a / b).toFixed(2)}x Hocuspocus`;
    return a <= b ? `**met** (${ratio})` : `**missed** by ${fmt(a - b, 2)} ${unit} (${ratio})`;
  };
  const lines = [
    SCALEOUT_TITLE,
    '',
    `Measured ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}; ` +
      `load average ${m.loadAverage.join(' / ')} at start, ${r.loadAverageAtEnd.join(' / ')} at the end (shared machine; bench at ${r.nice}). ` +
      `Our server: ${serverLabel(r.server)}. Peer: ${s.hocuspocusVersion}. Command: \`${r.command}\` (${r.durationSeconds} s).`,
    '',
    valid
      ? `**Run: valid** (generator event-loop lag p99 ≤ ${MAX_GENERATOR_LAG_P99_MS} ms in the rounds used, no client dropped).`
      : `**Run: INVALID** (a target had no round with generator lag p99 ≤ ${MAX_GENERATOR_LAG_P99_MS} ms, or clients were dropped: see the details).`,
    '',
    `${p.rooms} rooms x ${p.clientsPerRoom} clients, each room's clients split ${p.clientsPerRoom / p.servers} and ${p.clientsPerRoom / p.servers} over ${p.servers} processes on one PostgreSQL and one Redis; 1 update per client every ${p.periodMs / 1000} s. Medians of ${p.rounds} round${p.rounds === 1 ? '' : 's'} per target.`,
    '',
    '| Measure | Plenary (PostgreSQL, stored before published) | Hocuspocus (state stored 2-10 s later) | Goal (issue 16) | Result |',
    '| --- | --- | --- | --- | --- |',
    line('cross-process fan-out p50 / p99 (ms)', (rs) => `${fmt(medianOf(rs, (x) => x.crossLatencyMs?.p50), 2)} / ${fmt(medianOf(rs, (x) => x.crossLatencyMs?.p99), 2)}`, 'p99 no worse than Hocuspocus', versus(crossP99[0], crossP99[1], 'ms')),
    line('same-process fan-out p50 / p99 (ms)', (rs) => `${fmt(medianOf(rs, (x) => x.localLatencyMs?.p50), 2)} / ${fmt(medianOf(rs, (x) => x.localLatencyMs?.p99), 2)}`, '(no goal)', ''),
    line('server CPU per delivered update, both processes (µs)', (rs) => fmt(medianOf(rs, (x) => x.cpuUsPerDelivery), 2), 'no worse than Hocuspocus', versus(cpu[0], cpu[1], 'µs')),
    line('Redis CPU per delivered update (µs; Redis is shared with other work)', (rs) => fmt(medianOf(rs, (x) => x.redisCpuUsPerDelivery), 2), '(no goal)', ''),
    `| missed deliveries (of expected, all rounds) | ${missed[0]} of ${expected[0]} | ${missed[1]} of ${expected[1]} | 0 | ${missed[0] === 0 ? '**met**' : '**missed**'} |`,
    '',
    '| round | cross p50 / p99 (ms) | same p50 / p99 (ms) | CPU per delivery (µs) | CPU of each process in window (ms) | Redis µs / delivery | receipts in window | missed | duplicates | echoes | disconnects | generator lag p99 (ms) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, rounds] of [
    ['ours', s.ours],
    ['hocuspocus', s.hocuspocus],
  ] as const) {
    for (const [i, x] of rounds.entries()) {
      lines.push(
        `| ${name} ${i + 1}${x.valid ? '' : ' (INVALID)'} | ${fmtLatency(x.crossLatencyMs)} | ${fmtLatency(x.localLatencyMs)} | ${fmt(x.cpuUsPerDelivery, 2)} | ${(x.serverCpuMsEach ?? []).join(' + ')} | ${fmt(x.redisCpuUsPerDelivery ?? Number.NaN, 2)} | ${x.deliveriesInWindow} in ${fmt(x.windowMs / 1000)} s | ${x.missed} | ${x.duplicates} | ${x.echoes} | ${x.disconnects} | ${fmt(x.lagMs.p99, 1)} |`,
      );
    }
  }
  lines.push(
    '',
    '### How it is measured',
    '',
    `- Both processes of a target run pinned to core 0, the generator to core 1 (\`taskset\`); PostgreSQL and Redis are this machine's, unpinned and shared with other work. Ours: the \`npm start\` command with \`STORAGE=postgres\`, a fresh \`PG_SCHEMA\` per round and \`REDIS_URL\`; each update is stored in PostgreSQL before it is applied, relayed and published. Hocuspocus: \`tests/bench/hocuspocus/server.js\` (its own folder and lockfile), the Redis extension with a fresh key prefix per round and the Database extension writing each document's state to PostgreSQL with Hocuspocus's default debounce (2 s, at most 10 s), so an update it has relayed may not be stored yet.`,
    `- Load as in the single-server scenarios (raw sockets, one 40-character string pushed into a Y.Array per update), client k of each room on process k mod ${p.servers}; Hocuspocus's clients speak its framing (document name before each message, an auth message first). Hocuspocus merges updates that arrive in one event-loop turn into one message; the generator counts every (client, clock) a merged update carries. ${fmt(p.warmupMs / 1000, 0)} s warm-up, ${fmt(p.measureMs / 1000, 0)} s measured, up to ${fmt(p.drainMs / 1000, 0)} s of drain for late receipts.`,
    '- Cross-process latency: receipts at a client on the other process than the sender (through Redis); same-process: receipts on the sender\'s process. CPU per delivered update: both processes\' utime + stime over the window divided by all receipts in it (echoes to the sender not counted). Redis CPU: used_cpu_user + used_cpu_sys of INFO cpu over the window, per receipt; other sessions on this machine use the same Redis, so it is an upper bound.',
    '- On this shared 2-core machine figures move between runs; compare the two columns of one run.',
    '',
  );
  return lines.join('\n');
}
