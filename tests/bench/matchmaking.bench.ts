/**
 * Matchmaking benchmark (`npm run bench:matchmaking`). Generated instances like real events (popular people
 * wished for far more, 5-10 wishes each, about 25% of wishes mutual, 15% of event slots blocked by late arrivals
 * and early leavers), on several seeds each, planned by `shared/matchmaking` with its defaults and compared on
 * the same instances with first-come-first-served, the slot-by-slot (round-by-round) blossom reference and the
 * bounds HiGHS proves (`matchmaking-bounds.ts`): for events the LP relaxation for meetings placed and the
 * lexicographic optimum tier by tier (must-meets, mutual, count); for workshops the optimum of each tier in the
 * planner's order over wished pairs x rounds. Prints a Markdown section for BENCHMARKS.md and, per goal
 * of issue 13, whether it is met on every seed. SEEDS=1,2,3 picks the seeds; QUICK=1 skips the 500-people runs; ONLY=workshop or ONLY=event.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { maxWeightMatching, type WeightedEdge } from '../../shared/matchmaking/blossom.ts';
import type { EventInput, WantedMeeting } from '../../shared/matchmaking/event.ts';
import { planEvent, wantedMeetings } from '../../shared/matchmaking/event.ts';
import { generateEvent, generateWorkshop } from '../../shared/matchmaking/generate.ts';
import type { Meeting, Plan } from '../../shared/matchmaking/model.ts';
import { pairKey } from '../../shared/matchmaking/model.ts';
import { qualityReport } from '../../shared/matchmaking/quality.ts';
import { createScorer } from '../../shared/matchmaking/weights.ts';
import { eventLexicographic, eventLp, workshopBounds } from './matchmaking-bounds.ts';
import type { WorkshopInput } from '../../shared/matchmaking/workshop.ts';
import { planWorkshop } from '../../shared/matchmaking/workshop.ts';

const SEEDS = (process.env.SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const QUICK = process.env.QUICK === '1';
const ONLY = process.env.ONLY ?? '';
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

// ---------- baselines ----------

function meeting(people: string[], slot: number, table: number | null): Meeting {
  return { id: people.join('+'), slot, people: [...people].sort(), table, weight: 0, reason: '', locked: false, sequence: 0 };
}

function workshopPlan(input: WorkshopInput, meetings: Meeting[]): Plan {
  return { mode: 'workshop', eventId: input.eventId, seed: input.seed, slots: input.slots, tableCount: Math.ceil(input.people.length / 2), meetings, byes: [], cancelled: [], notes: [] };
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

/** Round-by-round blossom with the pair weights alone (no fairness, no look-ahead): the reference. */
function blossomWorkshop(input: WorkshopInput): Plan {
  const scorer = createScorer(input.people, input.wishes);
  const ids = input.people.map((p) => p.id);
  const met = new Set<string>();
  const meetings: Meeting[] = [];
  for (const slot of input.slots) {
    const edges: WeightedEdge[] = [];
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const [a, b] = [ids[i] as string, ids[j] as string];
        const info = scorer.info(a, b);
        if (!info.refused && !met.has(pairKey(a, b))) edges.push({ a: i, b: j, weight: info.weight });
      }
    }
    for (const [i, j] of maxWeightMatching(ids.length, edges, true)) {
      const pair = [ids[i] as string, ids[j] as string];
      met.add(pairKey(pair[0] as string, pair[1] as string));
      meetings.push(meeting(pair, slot.index, null));
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

/**
 * Slot-by-slot blossom reference: in each slot a maximum-weight matching over the unplaced meetings whose people
 * are free (10,000 per meeting, + 3,000 mutual, + 2,000 must), its heaviest `tables` edges kept.
 */
function blossomEvent(input: EventInput, wanted: readonly WantedMeeting[]): Plan {
  const blocked = new Map(input.people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
  let unplaced = [...wanted];
  const meetings: Meeting[] = [];
  for (const s of input.slots) {
    const cands = unplaced.filter((w) => w.people.every((p) => !blocked.get(p)?.has(s.index)));
    const index = new Map<string, number>();
    const vid = (p: string): number => {
      if (!index.has(p)) index.set(p, index.size);
      return index.get(p) as number;
    };
    const edges = cands.map((w) => ({ a: vid(w.people[0]), b: vid(w.people[1]), weight: 10_000 + (w.mutual ? 3_000 : 0) + (w.must ? 2_000 : 0) }));
    const byPair = new Map(cands.map((w, i) => [`${Math.min((edges[i] as WeightedEdge).a, (edges[i] as WeightedEdge).b)},${Math.max((edges[i] as WeightedEdge).a, (edges[i] as WeightedEdge).b)}`, w]));
    const chosen = maxWeightMatching(index.size, edges)
      .map(([a, b]) => byPair.get(`${a},${b}`) as WantedMeeting)
      .sort((x, y) => Number(y.must) * 2 + Number(y.mutual) - (Number(x.must) * 2 + Number(x.mutual)) || (x.key < y.key ? -1 : 1))
      .slice(0, input.tableCount);
    const done = new Set(chosen.map((w) => w.key));
    chosen.forEach((w, i) => meetings.push(meeting([...w.people], s.index, i + 1)));
    unplaced = unplaced.filter((w) => !done.has(w.key));
  }
  return eventPlan(input, meetings);
}

// ---------- runs ----------

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
type Goal = { name: string; target: string; perSeed: Array<{ seed: number; ok: boolean; figure: string }> };
const goals = new Map<string, Goal>();
const goal = (name: string, target: string, seed: number, ok: boolean, figure: string): void => {
  let g = goals.get(name);
  if (!g) goals.set(name, (g = { name, target, perSeed: [] }));
  g.perSeed.push({ seed, ok, figure });
};

/** A workshop plan's figures in the planner's tier order, counted the way `workshopBounds` counts them. */
function workshopFigures(input: WorkshopInput, plan: Plan): { mutualMust: number; mutual: number; fairness: number; fewest: number; oneSidedMust: number; oneSided: number } {
  const scorer = createScorer(input.people, input.wishes);
  const wishedMet = new Map<string, number>();
  const f = { mutualMust: 0, mutual: 0, fairness: 0, fewest: 0, oneSidedMust: 0, oneSided: 0 };
  for (const m of plan.meetings) {
    for (const p of m.people) for (const o of m.people) if (o !== p && scorer.wishedBy(p).has(o)) wishedMet.set(p, (wishedMet.get(p) ?? 0) + 1);
    for (let i = 0; i < m.people.length; i++) {
      for (let j = i + 1; j < m.people.length; j++) {
        const info = scorer.info(m.people[i] as string, m.people[j] as string);
        const must = info.ab === 'must' || info.ba === 'must';
        if (info.mutual) {
          f.mutual++;
          if (must) f.mutualMust++;
        } else if (info.oneSided) {
          f.oneSided++;
          if (must) f.oneSidedMust++;
        }
      }
    }
  }
  for (const p of input.people) {
    const target = Math.min(3, scorer.wishedBy(p.id).size);
    f.fairness += [3, 2, 1].slice(3 - target).slice(0, wishedMet.get(p.id) ?? 0).reduce((a, b) => a + b, 0);
  }
  f.fewest = Math.min(...input.people.filter((p) => scorer.wishedBy(p.id).size >= 3).map((p) => wishedMet.get(p.id) ?? 0));
  return f;
}

log('### Workshop rounds');
log();
log('Per seed: Plenary, the round-by-round blossom, FCFS, and the exact optimum of each tier in the planner\'s order');
log('(HiGHS over wished pairs x rounds, each tier kept while the next is maximised: `tests/bench/matchmaking-bounds.ts`).');
log('"mutual (must)": mutual wishes met (those with a "must" in them); "fairness": sum over people of 3, 2, 1 for their');
log('first three wished meetings; "fewest": wished meetings of the person with the fewest.');
log();
log('| instance | seed | method | mutual (must) | fairness | fewest | one-sided (must) | repeats | plan time |');
log('|---|---|---|---|---|---|---|---|---|');
for (const [n, rounds] of ONLY === 'event' ? [] : ([
  [30, 6],
  [31, 6],
  [40, 6],
] as const)) {
  for (const seed of SEEDS) {
    const input = generateWorkshop(n, rounds, { seed, mutualShare: 0.25 });
    const b = workshopBounds(input);
    const run = timed(() => planWorkshop(input));
    const methods: Array<[string, Plan, string]> = [
      ['Plenary', run.value.plan, `${run.ms.toFixed(0)} ms wall, ${run.cpuMs.toFixed(0)} ms CPU`],
      ['round-by-round blossom', blossomWorkshop(input), '-'],
      ['first come, first served', fcfsWorkshop(input), '-'],
    ];
    const figures = new Map<string, ReturnType<typeof workshopFigures>>();
    for (const [name, plan, time] of methods) {
      const q = qualityReport({ plan, people: input.people, wishes: input.wishes, k: 3 });
      const f = workshopFigures(input, plan);
      figures.set(name, f);
      log(`| ${n} x ${rounds} | ${seed} | ${name} | ${f.mutual} (${f.mutualMust}) | ${f.fairness} | ${f.fewest} | ${f.oneSided} (${f.oneSidedMust}) | ${q.repeats} | ${time} |`);
    }
    log(`| ${n} x ${rounds} | ${seed} | optimum, tier by tier | ${b.mutualAfterMust} (${b.mutualMust}); ${b.mutual} if "must" did not come first | ${b.fairness} | ${b.fewest} | ${b.oneSidedLex} (${b.oneSidedMust}); ${b.oneSided} with the most mutual wishes and nothing else | | ${(b.ms / 1000).toFixed(1)} s, ${b.statuses.every((x) => x === 'Optimal') ? 'all proven' : b.statuses.join(', ')} |`);
    const ours = figures.get('Plenary') as ReturnType<typeof workshopFigures>;
    const fcfs = figures.get('first come, first served') as ReturnType<typeof workshopFigures>;
    goal(`workshop ${n} x 6: mutual wishes met`, '= the most possible (with mutual "must" pairs first)', seed, ours.mutual >= b.mutualAfterMust && ours.mutualMust >= b.mutualMust, `${ours.mutual} of ${b.mutualAfterMust}${b.mutual > b.mutualAfterMust ? ` (${b.mutual} if "must" did not come first)` : ''}`);
    goal(`workshop ${n} x 6: fewest wished meetings of any person`, '>= min(3, most possible)', seed, ours.fewest >= Math.min(3, b.fewest), `${ours.fewest} (most possible ${b.fewest})`);
    goal(`workshop ${n} x 6: fairness tier`, '= optimum', seed, ours.fairness >= b.fairness, `${ours.fairness} of ${b.fairness}`);
    goal(
      `workshop ${n} x 6: one-sided wishes met`,
      'as issued: >= FCFS with every mutual wish (possible only where the "with every mutual" bound >= FCFS); measured against the lexicographic optimum',
      seed,
      ours.oneSided >= Math.min(fcfs.oneSided, b.oneSidedLex),
      `${ours.oneSided}; optimum ${b.oneSidedLex}; with every mutual at most ${b.oneSided}; FCFS ${fcfs.oneSided} (${fcfs.mutual} mutual)${b.oneSided < fcfs.oneSided ? ', FCFS count infeasible' : ''}`,
    );
  }
}

log();
log('### Event slots');
log();
log('"optimum": the integer optimum of the lexicographic objective (must-meets, then mutual, then count), proven by HiGHS tier by tier;');
log('"LP bound": the LP relaxation of placing as many meetings as possible, ignoring the tiers (an upper bound on any plan).');
log();
log('| instance | seed | method | placed | placed / optimum | gap to LP bound | must placed / most possible | mutual placed | plan time |');
log('|---|---|---|---|---|---|---|---|---|');
const events: Array<[string, number, number, number]> = ONLY === 'workshop' ? [] : [
  ['event 200 x 8, 80 tables', 200, 8, 80],
  ...(QUICK
    ? []
    : ([
        ['event 500 x 12, 250 tables', 500, 12, 250],
        ['event 500 x 12, 60 tables', 500, 12, 60],
      ] as Array<[string, number, number, number]>)),
];
for (const [label, n, slots, tables] of events) {
  for (const seed of SEEDS) {
    const input = generateEvent(n, slots, { seed, tables, blockedRate: 0.15, mutualShare: 0.25 });
    const wanted = wantedMeetings(input);
    const run = timed(() => planEvent(input));
    const lp = eventLp(input, wanted, false);
    const mustBest = eventLp(input, wanted, true, (w) => w.must);
    // The lexicographic optimum (must, then mutual, then count), one tier at a time; where the last MIP stops at
    // its time limit, the LP bound with both upper tiers kept instead. Only for the 200-people instances.
    const lex = n <= 200 ? eventLexicographic(input, wanted, 120) : null;
    const optimum = lex ? (lex.countStatus === 'Optimal' ? { value: lex.count, what: 'proven optimum' } : { value: lex.countBound, what: 'upper bound (MIP time limit)' }) : null;
    const reference = timed(() => blossomEvent(input, wanted));
    const methods: Array<[string, Plan, string]> = [
      ['Plenary', run.value.plan, `${(run.ms / 1000).toFixed(2)} s wall, ${(run.cpuMs / 1000).toFixed(2)} s CPU`],
      ['slot-by-slot blossom', reference.value, `${(reference.ms / 1000).toFixed(2)} s`],
      ['first come, first served', fcfsEvent(input, wanted), '-'],
    ];
    const must = Math.round(mustBest.value);
    for (const [name, plan, time] of methods) {
      const q = qualityReport({ plan, people: input.people, wanted });
      const ofOptimum = optimum ? `${pct(q.meetings / optimum.value)}${optimum.what === 'proven optimum' ? '' : ' (of the bound)'}` : 'n/a';
      log(`| ${label} (${wanted.length} accepted pairs) | ${seed} | ${name} | ${q.meetings} | ${ofOptimum} | ${pct(1 - q.meetings / lp.value)} | ${q.must.met}/${must} (${pct(q.must.met / Math.max(1, must))}) | ${q.mutual.met}/${q.mutual.wanted} | ${time} |`);
      if (name === 'Plenary') {
        if (optimum) goal('event 200 x 8: placed / lexicographic optimum (or an upper bound on it)', '>= 98%', seed, q.meetings >= 0.98 * optimum.value, `${q.meetings}/${Math.floor(optimum.value)} = ${pct(q.meetings / optimum.value)}${optimum.what === 'proven optimum' ? '' : ' (bound)'}`);
        goal(`${label}: must placed (of most possible)`, '>= 99%', seed, q.must.met >= 0.99 * must, `${q.must.met}/${must}`);
        if (tables === 60) goal(`${label}: plan time (CPU; wall on a shared machine in the table)`, '< 2 s', seed, run.cpuMs < 2000, `${(run.cpuMs / 1000).toFixed(2)} s`);
      }
    }
    log(`| ${label} | ${seed} | HiGHS: lexicographic optimum (must, mutual, placed) / LP bound / most must-meets | ${lex ? `${lex.must}, ${lex.mutual}, ${lex.count} (${lex.statuses.join(', ')}${lex.countStatus === 'Optimal' ? '' : `; bound ${lex.countBound}`})` : '-'} / <= ${lp.value.toFixed(1)} | | | ${must} (${mustBest.status}) | ${lex ? lex.mutual : ''} | ${(((lex?.ms ?? 0) + lp.ms + mustBest.ms) / 1000).toFixed(1)} s |`);
  }
}

log();
log('### Goals (issue 13), per seed');
log();
log('| goal | target | met on every seed | per seed |');
log('|---|---|---|---|');
for (const g of goals.values()) {
  log(`| ${g.name} | ${g.target} | ${g.perSeed.every((s) => s.ok) ? 'yes' : 'NO'} | ${g.perSeed.map((s) => `${s.seed}: ${s.figure}${s.ok ? '' : ' (missed)'}`).join('; ')} |`);
}

const cpu = cpus()[0]?.model ?? 'unknown';
console.log(`machine: ${availableParallelism()} cores, ${cpu}, node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; seeds ${SEEDS.join(', ')}`);
console.log(out.join('\n'));
