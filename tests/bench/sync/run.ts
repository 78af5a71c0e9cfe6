/**
 * `npm run bench:sync`: our sync server against the reference y-websocket server, same scenarios, same run.
 *
 *   npm run bench:sync                  full run (about 7 minutes), writes BENCHMARKS.md
 *   npm run bench:sync -- --quick       shorter windows and fewer restarts; writes only with --write
 *   npm run bench:sync -- --only=a,d    a subset of scenarios (never written to BENCHMARKS.md)
 *   npm run bench:sync -- --only=scaleout [--quick] [--write]   only the scale-out scenario (about 2 minutes;
 *                                       1 with --quick); --write replaces its own section of BENCHMARKS.md
 *   npm run bench:sync -- --no-write    print the table only
 *   npm run bench:sync -- --server-rev=HEAD   bench our server as committed (git archive), not the working tree
 *   npm run bench:sync -- --server-dir=PATH   bench a copy of our server elsewhere (e.g. with a candidate fix)
 *   npm run bench:sync -- --period=MS         another send period for (a) and (b) than one update per client every 2 s
 *   npm run bench:sync -- --nice=0            do not raise the bench's priority (default -10 where allowed)
 * PLENARY_BENCH_SERVER_LOG=1 echoes what the servers print.
 *
 * Every server runs pinned to core 0; this process and its generator children run pinned to core 1 (it re-runs
 * itself under `taskset -c 1`). Each fan-out or idle scenario gets a fresh server and a fresh generator process.
 *
 * Scale-out (`scaleout`): two processes of ours (PostgreSQL, REDIS_URL) against two of Hocuspocus 4 with its Redis
 * extension, both on this machine's PostgreSQL and Redis (DATABASE_URL, REDIS_URL; the test defaults otherwise),
 * each room's clients split over the two. Both processes share core 0. A full run includes it when both services
 * answer and says so when they do not.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { getPriority, loadavg, setPriority } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { service } from '../../helpers/services.ts';
import { coldOurs, liveReference, plainFloor, type ColdResult } from './cold.ts';
import type { FanoutConfig, FanoutResult, GeneratorConfig, GeneratorResult, IdleConfig, IdleResult } from './generator.ts';
import { SCALEOUT_TITLE, machineInfo, renderScaleoutSection, renderSection, writeSection, type BenchReport, type ScaleoutReport } from './report.ts';
import {
  REPO_ROOT,
  ensureHocuspocus,
  ensureReference,
  ensureTaskset,
  ourServerVersion,
  removeDir,
  startHocuspocus,
  startOurs,
  startReference,
  tempDir,
  useOurServerAt,
  useOurServerDir,
  type RunningServer,
  type TargetName,
} from './servers.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const serverRevArg = args.find((a) => a.startsWith('--server-rev='));
const serverDirArg = args.find((a) => a.startsWith('--server-dir='));
const write = !only && (args.includes('--write') || (!quick && !args.includes('--no-write')));
const writeScaleout = write || (args.includes('--write') && only !== null && only.size === 1 && only.has('scaleout'));

if (process.env.PLENARY_BENCH_PINNED !== '1') {
  ensureTaskset();
  ensureReference();
  if (!only || only.has('scaleout')) ensureHocuspocus();
  // A session of its own (detached: setsid), so that the kernel's autogroup scheduling treats the bench, its
  // servers and its generators as one group whose priority can be raised below.
  const child = spawn('taskset', ['-c', '1', process.execPath, import.meta.filename, ...args], {
    stdio: 'inherit',
    detached: true,
    env: { ...process.env, PLENARY_BENCH_PINNED: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  process.exit(code);
}

if (serverRevArg) useOurServerAt(serverRevArg.slice('--server-rev='.length));
if (serverDirArg) useOurServerDir(serverDirArg.slice('--server-dir='.length));

// On a shared machine other work competes for both cores, and with autogroup scheduling (Linux's default for
// desktop-style kernels) each session gets an equal share whatever its processes' nice values. So the bench raises
// its own session's autogroup priority, and its own nice for kernels without autogroups; the servers and
// generators it starts inherit both, so both servers get the same treatment.
const niceArg = args.find((a) => a.startsWith('--nice='));
const wantedNice = niceArg ? Number(niceArg.slice('--nice='.length)) : -10;
const nice = raisePriority(wantedNice);

function raisePriority(value: number): string {
  const done: string[] = [];
  try {
    setPriority(value);
    done.push(`nice ${getPriority()}`);
  } catch {
    done.push(`nice ${getPriority()} (could not set ${value})`);
  }
  if (existsSync('/proc/self/autogroup')) {
    try {
      writeFileSync('/proc/self/autogroup', String(value));
      done.push(`${readFileSync('/proc/self/autogroup', 'utf8').trim().replace(/^\/autogroup-\d+ /, 'autogroup ')}`);
    } catch {
      done.push('autogroup priority unchanged (not allowed)');
    }
  }
  return done.join(', ');
}

const GENERATOR = join(import.meta.dirname, 'generator.ts');
const TARGETS: TargetName[] = ['ours', 'reference'];

const plan = {
  warmupMs: quick ? 2_000 : 5_000,
  measureMs: quick ? 8_000 : 20_000,
  /** Fan-out rounds per server; the table shows the median of the valid ones. */
  rounds: quick ? 1 : 3,
  drainMs: 5_000,
  periodMs: Number(args.find((a) => a.startsWith('--period='))?.slice('--period='.length) ?? 2_000),
  idleSettleMs: quick ? 2_000 : 5_000,
  coldUpdates: 10_000,
  coldReps: quick ? 2 : 5,
};

const scenarioA = { rooms: 50, clientsPerRoom: 30 };
const scenarioB = { rooms: 1, clientsPerRoom: 300 };
const scenarioC = { rooms: 100, clientsPerRoom: 20 };
/** Scale-out: each room's 20 clients 10 and 10 on two processes; 200 updates a second in all. */
const scenarioS = { rooms: 20, clientsPerRoom: 20, servers: 2 };
const scalePlan = { warmupMs: 3_000, measureMs: quick ? 8_000 : 10_000, rounds: quick ? 1 : 2, drainMs: 3_000 };

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function runGenerator(cfg: GeneratorConfig): Promise<GeneratorResult> {
  const child = fork(GENERATOR, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('generator did not finish within 4 minutes'));
    }, 240_000);
    child.once('message', (message: { ok: true; result: GeneratorResult } | { ok: false; error: string }) => {
      settled = true;
      clearTimeout(timer);
      if (message.ok) resolve(message.result);
      else reject(new Error(`generator failed: ${message.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!settled) reject(new Error(`generator exited with ${code} without a result`));
    });
    child.send(cfg);
  });
}

async function withServer<T>(name: TargetName, body: (server: RunningServer) => Promise<T>): Promise<T> {
  const dataDir = name === 'ours' ? tempDir('plenary-bench-') : null;
  const server = dataDir ? await startOurs(dataDir) : await startReference();
  try {
    return await body(server);
  } catch (err) {
    process.stderr.write(`${name} server output:\n${server.output()}\n`);
    throw err;
  } finally {
    // SIGTERM when profiling: V8 writes the profile on a clean exit only.
    await server.stop(process.env.PLENARY_BENCH_PROF_DIR ? 'SIGTERM' : 'SIGKILL');
    if (dataDir) removeDir(dataDir);
  }
}

/** `plan.rounds` rounds, alternating which server goes first, so that a burst of other work hits both alike. */
async function fanoutRounds(shape: { rooms: number; clientsPerRoom: number }): Promise<Record<TargetName, FanoutResult[]>> {
  const out: Record<TargetName, FanoutResult[]> = { ours: [], reference: [] };
  for (let round = 0; round < plan.rounds; round++) {
    for (const name of round % 2 === 0 ? TARGETS : [...TARGETS].reverse()) {
      log(`fan-out ${shape.rooms} x ${shape.clientsPerRoom} on ${name}, round ${round + 1} of ${plan.rounds}`);
      const r = await withServer(name, async (server) => {
        const cfg: FanoutConfig = {
          scenario: 'fanout',
          target: { name, port: server.port, pid: server.pid },
          ...shape,
          periodMs: plan.periodMs,
          warmupMs: plan.warmupMs,
          measureMs: plan.measureMs,
          drainMs: plan.drainMs,
        };
        return (await runGenerator(cfg)) as FanoutResult;
      });
      out[name].push(r);
      log(
        `  p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, missed ${r.missed}, ${r.cpuUsPerDelivery} us CPU/delivery, ` +
          `generator lag p99 ${r.lagMs.p99} ms${r.valid ? '' : ' INVALID'}`,
      );
    }
  }
  return out;
}

async function idlePair(): Promise<Record<TargetName, IdleResult>> {
  const out: Partial<Record<TargetName, IdleResult>> = {};
  for (const name of TARGETS) {
    log(`idle ${scenarioC.rooms} x ${scenarioC.clientsPerRoom} on ${name}`);
    out[name] = await withServer(name, async (server) => {
      const cfg: IdleConfig = {
        scenario: 'idle',
        target: { name, port: server.port, pid: server.pid },
        ...scenarioC,
        settleMs: plan.idleSettleMs,
      };
      return (await runGenerator(cfg)) as IdleResult;
    });
    const r = out[name];
    log(`  ${r.rssPerConnectionKb} KB per connection (${r.baselineRssKb} -> ${r.connectedRssKb} KB)`);
  }
  return out as Record<TargetName, IdleResult>;
}

async function coldAll(): Promise<ColdResult[]> {
  const results: ColdResult[] = [];
  for (const variant of ['raw', 'kill9', 'sigterm'] as const) {
    log(`board of ${plan.coldUpdates} updates after restart on ours (${variant})`);
    const r = await coldOurs(variant, plan.coldUpdates, plan.coldReps);
    log(`  cold ${r.coldMs.join(', ')} ms; live ${r.liveMs.join(', ')} ms; process start to listening ${r.startMs.join(', ')} ms`);
    results.push(r);
  }
  log(`board of ${plan.coldUpdates} updates, live room, on reference`);
  const ref = await liveReference(plan.coldUpdates, plan.coldReps);
  log(`  live ${ref.liveMs.join(', ')} ms`);
  results.push(ref);
  log(`floor: a plain ws server holding the same ${plan.coldUpdates}-note state`);
  const floor = await plainFloor(plan.coldUpdates, plan.coldReps);
  log(`  first ${floor.coldMs.join(', ')} ms; later ${floor.liveMs.join(', ')} ms`);
  results.push(floor);
  return results;
}

type ScaleTarget = 'ours' | 'hocuspocus';

/**
 * One round of the scale-out scenario on one target: two processes on a fresh PostgreSQL schema (and, for
 * Hocuspocus, a fresh Redis key prefix), the generator, then both processes killed and the schema dropped.
 */
async function scaleoutRound(name: ScaleTarget, round: number, urls: { database: string; redis: string }): Promise<FanoutResult> {
  const tag = `${process.pid}_${round}_${Date.now().toString(36)}`;
  const schema = `${name === 'ours' ? 'plenary' : 'hocuspocus'}_bench_${tag}`;
  const dataDir = tempDir('plenary-bench-scale-');
  const env = { DATABASE_URL: urls.database, REDIS_URL: urls.redis, PG_SCHEMA: schema };
  const servers: RunningServer[] = [];
  try {
    for (let i = 0; i < scenarioS.servers; i++) {
      servers.push(
        name === 'ours'
          ? await startOurs(dataDir, { ...env, STORAGE: 'postgres', REDIS_PREFIX: `plenary-bench-${tag}:` })
          : await startHocuspocus({ ...env, REDIS_PREFIX: `hocuspocus-bench-${tag}` }),
      );
    }
    const cfg: FanoutConfig = {
      scenario: 'fanout',
      target: { name, port: (servers[0] as RunningServer).port, pid: (servers[0] as RunningServer).pid },
      servers: servers.map((s) => ({ name, port: s.port, pid: s.pid })),
      redisUrl: urls.redis,
      rooms: scenarioS.rooms,
      clientsPerRoom: scenarioS.clientsPerRoom,
      periodMs: plan.periodMs,
      warmupMs: scalePlan.warmupMs,
      measureMs: scalePlan.measureMs,
      drainMs: scalePlan.drainMs,
    };
    return (await runGenerator(cfg)) as FanoutResult;
  } catch (err) {
    for (const s of servers) process.stderr.write(`${name} server output:\n${s.output()}\n`);
    throw err;
  } finally {
    for (const s of servers) await s.stop('SIGKILL');
    removeDir(dataDir);
    const client = new pg.Client({ connectionString: urls.database });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

async function scaleoutRounds(): Promise<ScaleoutReport | null> {
  const [database, redis] = await Promise.all([service('postgres'), service('redis')]);
  if (!database.up || !redis.up) {
    if (only?.has('scaleout')) throw new Error('the scale-out scenario needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)');
    log('scale-out skipped: PostgreSQL or Redis did not answer');
    return null;
  }
  const urls = { database: database.url, redis: redis.url };
  const out: Record<ScaleTarget, FanoutResult[]> = { ours: [], hocuspocus: [] };
  const targets: ScaleTarget[] = ['ours', 'hocuspocus'];
  for (let round = 0; round < scalePlan.rounds; round++) {
    for (const name of round % 2 === 0 ? targets : [...targets].reverse()) {
      log(`scale-out ${scenarioS.rooms} x ${scenarioS.clientsPerRoom} over ${scenarioS.servers} processes of ${name}, round ${round + 1} of ${scalePlan.rounds}`);
      const r = await scaleoutRound(name, round, urls);
      out[name].push(r);
      log(
        `  cross-process p50 ${r.crossLatencyMs?.p50} ms, p99 ${r.crossLatencyMs?.p99} ms; missed ${r.missed}; ` +
          `${r.cpuUsPerDelivery} us CPU/delivery (+ Redis ${r.redisCpuUsPerDelivery} us); generator lag p99 ${r.lagMs.p99} ms${r.valid ? '' : ' INVALID'}`,
      );
    }
  }
  return { ...out, hocuspocusVersion: ensureHocuspocus(), plan: { ...scalePlan, ...scenarioS, periodMs: plan.periodMs } };
}

const wants = (s: string) => !only || only.has(s);
const startedAt = new Date();
const command = `npm run bench:sync${args.length ? ` -- ${args.join(' ')}` : ''}`;
const report: BenchReport = {
  startedAt: startedAt.toISOString(),
  command,
  quick,
  machine: machineInfo(),
  reference: ensureReference(),
  server: ourServerVersion(),
  plan: { ...plan, scenarioA, scenarioB, scenarioC },
  fanoutA: wants('a') ? await fanoutRounds(scenarioA) : null,
  fanoutB: wants('b') ? await fanoutRounds(scenarioB) : null,
  idle: wants('c') ? await idlePair() : null,
  cold: wants('d') ? await coldAll() : null,
  scaleout: wants('scaleout') ? await scaleoutRounds() : null,
  durationSeconds: 0,
  nice,
  loadAverageAtEnd: [],
};
report.durationSeconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
report.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);

const onlyScaleout = only !== null && only.size === 1 && only.has('scaleout');
const section = onlyScaleout ? '' : renderSection(report);
const scaleSection = report.scaleout ? renderScaleoutSection(report, report.scaleout) : '';
process.stdout.write(`\n${section}\n${scaleSection}\n`);
const rawFile = join(tempDir('plenary-bench-results-'), 'sync.json');
writeFileSync(rawFile, JSON.stringify(report, null, 2));
log(`raw results: ${rawFile}`);
if (write) {
  writeSection(join(REPO_ROOT, 'BENCHMARKS.md'), section);
  log('BENCHMARKS.md updated');
}
if (writeScaleout && scaleSection) {
  writeSection(join(REPO_ROOT, 'BENCHMARKS.md'), scaleSection, SCALEOUT_TITLE);
  log('BENCHMARKS.md updated (scale-out section)');
}
