/**
 * Matchmaking benchmark (`npm run bench:matchmaking`): generated instances (popular people wished for more,
 * 5-10 wishes each), our planner against first-come-first-served and the circle method, and, for event mode,
 * the gap to the LP relaxation solved with HiGHS (WebAssembly). Prints a Markdown section for BENCHMARKS.md.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { EventInput, WantedMeeting } from '../../shared/matchmaking/event.ts';
import { planEvent, wantedMeetings } from '../../shared/matchmaking/event.ts';
import { generateEvent, generateWorkshop } from '../../shared/matchmaking/generate.ts';
import type { Meeting, Plan } from '../../shared/matchmaking/model.ts';
import { pairKey } from '../../shared/matchmaking/model.ts';
import { qualityReport } from '../../shared/matchmaking/quality.ts';
import { createScorer } from '../../shared/matchmaking/weights.ts';
import type { WorkshopInput } from '../../shared/matchmaking/workshop.ts';
import { planWorkshop } from '../../shared/matchmaking/workshop.ts';

const SEED = Number(process.env.SEED ?? 2026);
const out: string[] = [];
const log = (line = ''): void => {
  out.push(line);
  console.error(line);
};

/** Wall time and CPU time of this process (the CPU time is steadier when other jobs share the machine). */
function timed<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const t = performance.now();
  const c = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(c);
  return { value, ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

// ---------- baselines ----------

function meeting(people: string[], slot: number, table: number | null): Meeting {
  return { id: people.join('+'), slot, people: [...people].sort(), table, weight: 0, reason: '', locked: false, sequence: 0 };
}

function workshopPlan(input: WorkshopInput, meetings: Meeting[]): Plan {
  return { mode: 'workshop', eventId: input.eventId, seed: input.seed, slots: input.slots, tableCount: Math.ceil(input.people.length / 2), meetings, byes: [], cancelled: [], notes: [] };
}

/** Round robin: fix the first person, rotate the rest. Ignores every preference. */
function circleRounds(ids: readonly string[], rounds: number): Array<Array<[string, string]>> {
  const list: Array<string | null> = [...ids];
  if (list.length % 2 === 1) list.push(null);
  const n = list.length;
  const out: Array<Array<[string, string]>> = [];
  for (let r = 0; r < rounds; r++) {
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < n / 2; i++) {
      const a = list[i];
      const b = list[n - 1 - i];
      if (a && b) pairs.push([a, b]);
    }
    out.push(pairs);
    list.splice(1, 0, list.pop() ?? null);
  }
  return out;
}

function circleWorkshop(input: WorkshopInput): Plan {
  const rounds = circleRounds(input.people.map((p) => p.id), input.slots.length);
  return workshopPlan(input, rounds.flatMap((pairs, slot) => pairs.map((p) => meeting(p, slot, null))));
}

/** First come, first served: each round, in sign-up order, people take their best-ranked free wished partner. */
function fcfsWorkshop(input: WorkshopInput): Plan {
  const scorer = createScorer(input.people, input.wishes);
  const ranked = new Map<string, string[]>();
  for (const w of [...input.wishes].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))) {
    if (w.level === 'no') continue;
    ranked.set(w.from, [...(ranked.get(w.from) ?? []), w.to]);
  }
  const met = new Set<string>();
  const meetings: Meeting[] = [];
  for (const slot of input.slots) {
    const taken = new Set<string>();
    const ok = (a: string, b: string): boolean => a !== b && !taken.has(b) && !met.has(pairKey(a, b)) && !scorer.info(a, b).refused;
    const take = (a: string, b: string): void => {
      taken.add(a);
      taken.add(b);
      met.add(pairKey(a, b));
      meetings.push(meeting([a, b], slot.index, null));
    };
    for (const p of input.people) {
      if (taken.has(p.id)) continue;
      const choice = (ranked.get(p.id) ?? []).find((q) => ok(p.id, q));
      if (choice) take(p.id, choice);
    }
    for (const p of input.people) {
      if (taken.has(p.id)) continue;
      const other = input.people.find((q) => ok(p.id, q.id) && !taken.has(p.id));
      if (other) take(p.id, other.id);
    }
  }
  return workshopPlan(input, meetings);
}

function eventPlan(input: EventInput, meetings: Meeting[]): Plan {
  return { mode: 'event', eventId: input.eventId, seed: input.seed, slots: input.slots, tableCount: input.tableCount, meetings, byes: [], cancelled: [], notes: [] };
}

/** First come, first served: accepted requests in the order they were sent, each in the earliest slot that fits. */
function fcfsEvent(input: EventInput, wanted: readonly WantedMeeting[]): Plan {
  const want = new Set(wanted.map((w) => w.key));
  const busy = new Set<string>();
  const used = new Map<number, number>();
  const blocked = new Map(input.people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
  const done = new Set<string>();
  const meetings: Meeting[] = [];
  for (const r of input.requests) {
    const key = pairKey(r.from, r.to);
    if (!want.has(key) || done.has(key)) continue;
    for (const s of input.slots) {
      const free = (p: string): boolean => !busy.has(`${p}@${s.index}`) && !blocked.get(p)?.has(s.index);
      if ((used.get(s.index) ?? 0) < input.tableCount && free(r.from) && free(r.to)) {
        busy.add(`${r.from}@${s.index}`);
        busy.add(`${r.to}@${s.index}`);
        used.set(s.index, (used.get(s.index) ?? 0) + 1);
        done.add(key);
        meetings.push(meeting([r.from, r.to], s.index, used.get(s.index) ?? null));
        break;
      }
    }
  }
  return eventPlan(input, meetings);
}

/** Circle method: slot s holds round s of the round robin; only pairs that asked to meet sit down. */
function circleEvent(input: EventInput, wanted: readonly WantedMeeting[]): Plan {
  const want = new Set(wanted.map((w) => w.key));
  const blocked = new Map(input.people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
  const rounds = circleRounds(input.people.map((p) => p.id), input.slots.length);
  const meetings: Meeting[] = [];
  rounds.forEach((pairs, slot) => {
    let used = 0;
    for (const [a, b] of pairs) {
      if (used >= input.tableCount) break;
      if (want.has(pairKey(a, b)) && !blocked.get(a)?.has(slot) && !blocked.get(b)?.has(slot)) meetings.push(meeting([a, b], slot, ++used));
    }
  });
  return eventPlan(input, meetings);
}

// ---------- upper bounds ----------

type Highs = { solve(problem: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number } };
let highs: Highs | null = null;
let highsError = '';
try {
  const mod = (await import('highs')) as unknown as { default: () => Promise<Highs> };
  highs = await mod.default();
} catch (e) {
  highsError = e instanceof Error ? e.message : String(e);
}

/** LP relaxation of event placement: max sum x[m,s] over slots both can attend; per meeting <= 1, per person-slot <= 1, per slot <= tables. */
function eventLpBound(input: EventInput, wanted: readonly WantedMeeting[]): { value: number; ms: number; status: string } | { error: string } {
  if (!highs) return { error: `highs did not load: ${highsError}` };
  const blocked = new Map(input.people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
  const vars: string[] = [];
  const perMeeting: string[] = [];
  const perPersonSlot = new Map<string, string[]>();
  const perSlot = new Map<number, string[]>();
  wanted.forEach((w, i) => {
    const row: string[] = [];
    for (const s of input.slots) {
      if (w.people.some((p) => blocked.get(p)?.has(s.index))) continue;
      const v = `x${i}_${s.index}`;
      vars.push(v);
      row.push(v);
      for (const p of w.people) {
        const k = `${p}_${s.index}`;
        perPersonSlot.set(k, [...(perPersonSlot.get(k) ?? []), v]);
      }
      perSlot.set(s.index, [...(perSlot.get(s.index) ?? []), v]);
    }
    if (row.length > 0) perMeeting.push(row.join(' + '));
  });
  const lines = ['Maximize', ` obj: ${vars.join(' + ')}`, 'Subject To'];
  perMeeting.forEach((r, i) => lines.push(` m${i}: ${r} <= 1`));
  let c = 0;
  for (const r of perPersonSlot.values()) if (r.length > 1) lines.push(` p${c++}: ${r.join(' + ')} <= 1`);
  for (const [s, r] of perSlot) if (r.length > input.tableCount) lines.push(` t${s}: ${r.join(' + ')} <= ${input.tableCount}`);
  lines.push('Bounds', ...vars.map((v) => ` 0 <= ${v} <= 1`), 'End');
  const t = performance.now();
  try {
    const res = highs.solve(lines.join('\n'), { solver: 'ipm', run_crossover: 'off', time_limit: 120, output_flag: false });
    return { value: res.ObjectiveValue, ms: performance.now() - t, status: res.Status };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Most mutual wishes any schedule can meet: each person meets at most one per round (b-matching, solved as a MIP). */
function mutualBound(input: WorkshopInput): number | string {
  if (!highs) return `highs did not load: ${highsError}`;
  const scorer = createScorer(input.people, input.wishes);
  const ids = input.people.map((p) => p.id);
  const edges: Array<[string, string]> = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) if (scorer.info(ids[i] as string, ids[j] as string).mutual) edges.push([ids[i] as string, ids[j] as string]);
  if (edges.length === 0) return 0;
  const lines = ['Maximize', ` obj: ${edges.map((_, i) => `e${i}`).join(' + ')}`, 'Subject To'];
  for (const p of ids) {
    const mine = edges.map((e, i) => (e.includes(p) ? `e${i}` : '')).filter(Boolean);
    if (mine.length > input.slots.length) lines.push(` d_${p}: ${mine.join(' + ')} <= ${input.slots.length}`);
  }
  lines.push('Binary', ...edges.map((_, i) => ` e${i}`), 'End');
  const res = highs.solve(lines.join('\n'), { output_flag: false });
  return Math.round(res.ObjectiveValue);
}

// ---------- runs ----------

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

log('### Workshop rounds');
log();
log('| instance | method | mutual met | one-sided met | below 2 wished | "no thanks" pairs | repeats | time |');
log('|---|---|---|---|---|---|---|---|');
for (const [n, rounds] of [
  [30, 6],
  [40, 6],
] as const) {
  const input = generateWorkshop(n, rounds, { seed: SEED });
  const refused = (p: Plan): number => p.meetings.filter((m) => createScorer(input.people, input.wishes).info(m.people[0] ?? '', m.people[1] ?? '').refused).length;
  const runs = [1, 2, 3, 4, 5].map(() => timed(() => planWorkshop(input)));
  const ours = runs[0]?.value.plan as Plan;
  const bound = mutualBound(input);
  const methods: Array<[string, Plan, string]> = [
    ['ours (blossom per round)', ours, `${median(runs.map((r) => r.ms)).toFixed(1)} ms wall, ${median(runs.map((r) => r.cpuMs)).toFixed(1)} ms CPU`],
    ['first come, first served', fcfsWorkshop(input), '-'],
    ['circle method', circleWorkshop(input), '-'],
  ];
  for (const [name, plan, time] of methods) {
    const q = qualityReport({ plan, people: input.people, wishes: input.wishes });
    log(`| ${n} x ${rounds} rounds | ${name} | ${q.mutual.met}/${q.mutual.wanted} (at most ${bound} possible) | ${q.oneSided.met}/${q.oneSided.wanted} (${pct(q.oneSided.share)}) | ${q.belowKWished.length} | ${refused(plan)} | ${q.repeats} | ${time} |`);
  }
}

log();
log('### Event slots');
log();
log('| instance | method | meetings placed | must-meet placed | mutual placed | gap to LP bound | time |');
log('|---|---|---|---|---|---|---|');
const notes: string[] = [];
for (const [n, slots, tables, blockedRate] of [
  [200, 8, 80, 0],
  [500, 12, 250, 0.15],
] as const) {
  const input = generateEvent(n, slots, { seed: SEED, tables, blockedRate });
  const wanted = wantedMeetings(input);
  const runs = [1, 2, 3].map(() => timed(() => planEvent(input)));
  const ours = runs[0]?.value.plan as Plan;
  const bound = eventLpBound(input, wanted);
  const boundValue = 'value' in bound ? bound.value : NaN;
  const label = `${n} x ${slots} slots, ${tables} tables${blockedRate ? `, ${pct(blockedRate)} blocked` : ''} (${wanted.length} accepted pairs)`;
  const methods: Array<[string, Plan, string]> = [
    ['ours (blossom per slot + repair)', ours, `${median(runs.map((r) => r.ms)).toFixed(0)} ms wall, ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms CPU (median of 3)`],
    ['first come, first served', fcfsEvent(input, wanted), '-'],
    ['circle method', circleEvent(input, wanted), '-'],
  ];
  for (const [name, plan, time] of methods) {
    const q = qualityReport({ plan, people: input.people, wanted });
    const gap = Number.isFinite(boundValue) ? pct((boundValue - q.meetings) / boundValue) : 'n/a';
    log(`| ${label} | ${name} | ${q.meetings} | ${q.must.met}/${q.must.wanted} | ${q.mutual.met}/${q.mutual.wanted} | ${gap} | ${time} |`);
  }
  if ('value' in bound) {
    log(`| ${label} | LP relaxation (HiGHS, IPM, no crossover) | <= ${bound.value.toFixed(1)} | | | 0 | ${(bound.ms / 1000).toFixed(1)} s, ${bound.status} |`);
  } else notes.push(`${label}: no LP bound (${bound.error})`);
  const q = qualityReport({ plan: ours, people: input.people, wanted });
  const degreeBound = input.people.reduce((s, p) => s + Math.min(wanted.filter((w) => w.people.includes(p.id)).length, slots - (p.blockedSlots?.length ?? 0)), 0) / 2;
  notes.push(`${label}: per-person bound sum(min(requests, free slots))/2 = ${Math.floor(degreeBound)}; ours idle person-slots ${q.idlePersonSlots}, gaps ${q.gaps}; table use per slot ${q.tableUse.map((t) => t.used).join(', ')}`);
}
log();
for (const n of notes) log(`- ${n}`);

const cpu = cpus()[0]?.model ?? 'unknown';
console.log(`machine: ${availableParallelism()} cores, ${cpu}, node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(out.join('\n'));
