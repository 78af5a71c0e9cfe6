/**
 * Workshop voting benchmark (`npm run bench:workshop`): a server process on SQLite (a fresh DATA_DIR),
 * one room with the eight challenges of the seed's run and 5 ideas under each, 40 participants in it.
 * Then every participant casts 3 dots on each of the 8 challenges through HTTP, the 40 participants at
 * once (each person's 24 clicks one after another, as a person clicks): 960 votes. Measured: the
 * latency of each vote request as the client sees it (p50, p95, p99, max) and the server process's CPU
 * time (user + system, from /proc) over the whole burst, per vote. Prints a Markdown section for
 * BENCHMARKS.md. PARTICIPANTS, DOTS and ROUNDS (repeat the burst on fresh servers; the median is
 * reported) may be set in the environment; PROFILE_DIR=dir writes a V8 CPU profile of the server there.
 *
 * Runs unchanged against the commit before the workshop state was reworked (it uses only the HTTP API
 * and a board client), which is how the "before" figures were taken.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { addNote, readBoard } from '../../shared/doc/index.ts';
import { api } from '../helpers/api.ts';
import { connectClient, synced, waitFor } from '../helpers/clients.ts';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { tempDataDir } from '../helpers/server.ts';
import { CHALLENGES, joinParticipants, type CreatedWorkshop } from '../helpers/workshop.ts';

const PARTICIPANTS = Number(process.env.PARTICIPANTS ?? 40);
const DOTS = Number(process.env.DOTS ?? 3);
const IDEAS = 5;
const ROUNDS = Number(process.env.ROUNDS ?? 3);

/** CPU time (user + system) of a process so far, ms, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

type ServerProcess = { proc: ReturnType<typeof spawn>; httpUrl: string; syncUrl: string; exited: Promise<unknown> };

/** tests/bench/workshop-server.ts in its own process, on a fresh SQLite database. */
async function spawnServer(): Promise<ServerProcess> {
  const proc = spawn(process.execPath, [...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []), resolve(import.meta.dirname, 'workshop-server.ts')], { env: { ...process.env, DATA_DIR: tempDataDir() }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => proc.on('exit', r));
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolvePort(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`bench server exited: ${out}`)));
  });
  return { proc, httpUrl: `http://127.0.0.1:${port}`, syncUrl: `ws://127.0.0.1:${port}/sync`, exited };
}

async function round(): Promise<{ latencies: number[]; cpuPerVote: number; wallMs: number; accepted: number; refused: number }> {
  const server = await spawnServer();
  try {
    const created = await api(server.httpUrl).ok<CreatedWorkshop>('/api/workshops', {
      title: 'Voting benchmark',
      voteBudget: DOTS,
      sessions: [{ title: 'Solutions to the biggest challenges', template: 'challenge-board', rooms: [{ name: 'Everybody', challenges: [...CHALLENGES] }] }],
    });
    const wid = created.workshopId;
    const facilitator = api(server.httpUrl, created.facilitatorToken);
    const people = await joinParticipants(server.httpUrl, created, Array.from({ length: PARTICIPANTS }, (_, i) => `P${i + 1}`));
    const summary = (await facilitator.get(`/api/workshops/${wid}`)).body;
    await facilitator.ok(`/api/workshops/${wid}/assign`, { session: summary.sessions[0].id, mode: 'even' });
    const boardId: string = summary.sessions[0].rooms[0].boardId;
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'ideate' });
    const writer = connectClient(server.syncUrl, boardId, created.facilitatorToken);
    await synced(writer);
    const challenges = readBoard(writer.doc).board.challenges;
    const ideas = challenges.map((c, ci) =>
      Array.from({ length: IDEAS }, (_, i) =>
        addNote(writer.doc, { text: `idea ${ci}.${i}`, author: people[(ci * IDEAS + i) % people.length]!.participantId, zone: c.id, x: i * 60, y: ci * 60, createdAt: ci * 100 + i }),
      ),
    );
    const watcher = connectClient(server.syncUrl, boardId, created.facilitatorToken);
    await waitFor(() => watcher.provider.synced && readBoard(watcher.doc).board.notes.length === challenges.length * IDEAS, 'ideas stored');
    writer.destroy();
    watcher.destroy();
    await facilitator.ok(`/api/workshops/${wid}/phase`, { phase: 'vote' });
    // One request per person first, so connections are open and the workshop is warm.
    await Promise.all(people.map((p) => p.api.get(`/api/workshops/${wid}/me/votes`)));

    const latencies: number[] = [];
    let accepted = 0;
    let refused = 0;
    const cpuBefore = cpuMs(server.proc.pid!);
    const started = performance.now();
    await Promise.all(
      people.map(async (p, pi) => {
        for (const [ci, notes] of ideas.entries()) {
          for (let d = 0; d < DOTS; d++) {
            const note = notes[(pi + ci + d) % notes.length]!;
            const t = performance.now();
            const res = await p.api.post(`/api/workshops/${wid}/votes`, { board: boardId, note });
            latencies.push(performance.now() - t);
            if (res.status === 200) accepted++;
            else refused++;
          }
        }
      }),
    );
    const wallMs = performance.now() - started;
    const cpu = cpuMs(server.proc.pid!) - cpuBefore;
    return { latencies: latencies.sort((a, b) => a - b), cpuPerVote: cpu / latencies.length, wallMs, accepted, refused };
  } finally {
    server.proc.kill(process.env.PROFILE_DIR ? 'SIGINT' : 'SIGKILL');
    await server.exited;
  }
}

const results = [];
for (let i = 0; i < ROUNDS; i++) {
  const r = await round();
  results.push(r);
  console.error(`round ${i + 1}: p50 ${quantile(r.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(r.latencies, 0.99).toFixed(1)} ms, CPU ${r.cpuPerVote.toFixed(2)} ms/vote, ${r.accepted} accepted, ${r.refused} refused, ${r.wallMs.toFixed(0)} ms wall`);
}
results.sort((a, b) => quantile(a.latencies, 0.99) - quantile(b.latencies, 0.99));
const mid = results[Math.floor(results.length / 2)]!;
const votes = PARTICIPANTS * CHALLENGES.length * DOTS;
console.log(`| ${PARTICIPANTS} x ${CHALLENGES.length} x ${DOTS} = ${votes} votes | ${quantile(mid.latencies, 0.5).toFixed(1)} | ${quantile(mid.latencies, 0.95).toFixed(1)} | ${quantile(mid.latencies, 0.99).toFixed(1)} | ${mid.latencies.at(-1)!.toFixed(1)} | ${mid.cpuPerVote.toFixed(2)} | ${(votes / (mid.wallMs / 1000)).toFixed(0)} | ${mid.accepted}/${mid.refused} |`);
console.log(`(median of ${ROUNDS} rounds by p99; machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
