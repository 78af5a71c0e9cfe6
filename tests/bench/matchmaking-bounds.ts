/**
 * Exact bounds for workshop plans, with HiGHS (a dev dependency, benchmark only): integer programs over the
 * wished pairs and the rounds, so that they respect what the b-matching bounds ignore (meetings split into
 * rounds, one per person per round, a pair at most once). Everybody else can always be seated with somebody
 * they did not wish for, so the only thing these leave out is that everyone must sit somewhere; they are upper
 * bounds, and tight whenever the plan they find can be completed, which the benchmark instances allow.
 *
 * In the planner's order: MM* = most mutual pairs with a "must" in them; M = most mutual wishes with MM* of those
 * (M* without that condition); F* = the most wished meetings the poorest person can have with both; O* = the
 * most one-sided wishes with both (and, O*_F, with everybody at min(F*, 3) or more too). Run alone (`node tests/bench/matchmaking-bounds.ts`) it prints them for the benchmark's
 * workshop instances.
 */
import type { EventInput, WantedMeeting } from '../../shared/matchmaking/event.ts';
import { generateWorkshop } from '../../shared/matchmaking/generate.ts';
import { createScorer, Weights } from '../../shared/matchmaking/weights.ts';
import type { WorkshopInput } from '../../shared/matchmaking/workshop.ts';

type Highs = { solve(problem: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }> } };
const highs: Highs = await ((await import('highs')) as unknown as { default: () => Promise<Highs> }).default();

export interface WorkshopBounds {
  /** Most mutual wishes met (proven when status says Optimal). */
  readonly mutual: number;
  /** Most mutual pairs with a "must" in them, and the most mutual wishes met with that many (the planner's order). */
  readonly mutualMust: number;
  readonly mutualAfterMust: number;
  /** Most wished meetings for the person with the fewest (people with at least `minWishes` wishes), with the mutual tiers kept. */
  readonly fewest: number;
  /** Most one-sided wishes met with `mutual` mutual wishes met (the "while keeping every mutual"). */
  readonly oneSided: number;
  /** The planner's fairness tier at its optimum (mutual tiers kept), then the most one-sided "must" wishes. */
  readonly fairness: number;
  readonly oneSidedMust: number;
  /** One-sided wishes met by the lexicographic optimum in the planner's order (every tier above kept). */
  readonly oneSidedLex: number;
  readonly statuses: readonly string[];
  readonly ms: number;
}

interface Pair {
  readonly a: string;
  readonly b: string;
  readonly mutual: boolean;
  readonly must: boolean;
  readonly aWished: boolean;
  readonly bWished: boolean;
}

export function workshopBounds(input: WorkshopInput, minWishes = 3, timeLimit = 60): WorkshopBounds {
  const t0 = performance.now();
  const scorer = createScorer(input.people, input.wishes);
  const ids = input.people.map((p) => p.id);
  const blocked = new Map(input.people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
  const already = new Set((input.alreadyMet ?? []).map(([a, b]) => (a < b ? `${a}|${b}` : `${b}|${a}`)));
  const pairs: Pair[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i] as string, ids[j] as string];
      const info = scorer.info(a, b);
      if (info.refused || !(info.mutual || info.oneSided) || already.has(a < b ? `${a}|${b}` : `${b}|${a}`)) continue;
      pairs.push({ a, b, mutual: info.mutual, must: info.ab === 'must' || info.ba === 'must', aWished: scorer.wishedBy(a).has(b), bWished: scorer.wishedBy(b).has(a) });
    }
  }
  const rounds = input.slots.map((s) => s.index);
  const vars: string[] = [];
  const varsOfPair = pairs.map(() => [] as string[]);
  const perPersonRound = new Map<string, string[]>();
  const wishedOf = new Map<string, string[]>();
  pairs.forEach((e, i) => {
    for (const r of rounds) {
      if (blocked.get(e.a)?.has(r) || blocked.get(e.b)?.has(r)) continue;
      const v = `x${i}_${r}`;
      vars.push(v);
      varsOfPair[i]?.push(v);
      for (const p of [e.a, e.b]) {
        const k = `${p}@${r}`;
        perPersonRound.set(k, [...(perPersonRound.get(k) ?? []), v]);
      }
      if (e.aWished) wishedOf.set(e.a, [...(wishedOf.get(e.a) ?? []), v]);
      if (e.bWished) wishedOf.set(e.b, [...(wishedOf.get(e.b) ?? []), v]);
    }
  });
  const sum = (vs: readonly string[]): string => (vs.length > 0 ? vs.join(' + ') : '0 x_none');
  const mutualVars = pairs.flatMap((e, i) => (e.mutual ? (varsOfPair[i] ?? []) : []));
  const oneSidedVars = pairs.flatMap((e, i) => (e.mutual ? [] : (varsOfPair[i] ?? [])));
  const base: string[] = [];
  varsOfPair.forEach((vs, i) => {
    if (vs.length > 1) base.push(` pair${i}: ${vs.join(' + ')} <= 1`);
  });
  let c = 0;
  for (const vs of perPersonRound.values()) if (vs.length > 1) base.push(` pr${c++}: ${vs.join(' + ')} <= 1`);
  const poor = input.people.filter((p) => scorer.wishedBy(p.id).size >= minWishes).map((p) => p.id);
  const statuses: string[] = [];
  const solve = (objective: string, extra: string[], extraVars: string[] = [], continuous: string[] = []): number => {
    const lines = [
      'Maximize',
      ` obj: ${objective}`,
      'Subject To',
      ...base,
      ...extra,
      'Bounds',
      ...vars.map((v) => ` 0 <= ${v} <= 1`),
      ...extraVars.map((v) => ` 0 <= ${v} <= 100`),
      ...continuous.map((v) => ` 0 <= ${v} <= 1`),
      'General',
      ...extraVars.map((v) => ` ${v}`),
      'Binary',
      ...vars.map((v) => ` ${v}`),
      'End',
    ];
    const res = highs.solve(lines.join('\n'), { output_flag: false, time_limit: timeLimit, mip_rel_gap: 0 });
    statuses.push(res.Status);
    return Math.round(res.ObjectiveValue);
  };
  const mutualMustVars = pairs.flatMap((e, i) => (e.mutual && e.must ? (varsOfPair[i] ?? []) : []));
  const oneSidedMustVars = pairs.flatMap((e, i) => (!e.mutual && e.must ? (varsOfPair[i] ?? []) : []));
  const mutual = mutualVars.length > 0 ? solve(sum(mutualVars), []) : 0;
  const oneSided = oneSidedVars.length > 0 ? solve(sum(oneSidedVars), mutualVars.length > 0 ? [` allmutual: ${sum(mutualVars)} >= ${mutual}`] : []) : 0;
  // The planner's order: mutual pairs with a "must" in them, then mutual wishes, then fairness (the sum over people
  // of k - c for each wished meeting c < k, k = min(3, their wishes): concave, so the LP part is exact), then
  // one-sided "must" wishes, then wished meetings.
  const keep: string[] = [];
  const mutualMust = mutualMustVars.length > 0 ? solve(sum(mutualMustVars), []) : 0;
  if (mutualMustVars.length > 0) keep.push(` mm: ${sum(mutualMustVars)} >= ${mutualMust}`);
  const mutualAfterMust = mutualVars.length > 0 ? solve(sum(mutualVars), keep) : 0;
  if (mutualVars.length > 0) keep.push(` mu: ${sum(mutualVars)} >= ${mutualAfterMust}`);
  const fewest = poor.length > 0 ? solve('z', [...keep, ...poor.map((p, i) => ` f${i}: ${sum(wishedOf.get(p) ?? [])} - z >= 0`)], ['z']) : 0;
  const gainVars: string[] = [];
  const gainTerms: string[] = [];
  const gainRows: string[] = [];
  input.people.forEach((p, i) => {
    const target = Math.min(Weights.fairnessTarget, scorer.wishedBy(p.id).size);
    const mine: string[] = [];
    for (let c = 0; c < target; c++) {
      const y = `y${i}_${c}`;
      mine.push(y);
      gainTerms.push(`${target - c} ${y}`);
    }
    gainVars.push(...mine);
    const had = wishedOf.get(p.id) ?? [];
    if (mine.length > 0) gainRows.push(` gain${i}: ${[mine.join(' + '), ...had].join(' - ')} <= 0`);
  });
  const fairness = gainTerms.length > 0 ? solve(gainTerms.join(' + '), [...keep, ...gainRows], [], gainVars) : 0;
  if (gainTerms.length > 0) keep.push(` fair: ${gainTerms.join(' + ')} >= ${fairness}`, ...gainRows);
  const oneSidedMust = oneSidedMustVars.length > 0 ? solve(sum(oneSidedMustVars), keep, [], gainVars) : 0;
  if (oneSidedMustVars.length > 0) keep.push(` om: ${sum(oneSidedMustVars)} >= ${oneSidedMust}`);
  const oneSidedLex = oneSidedVars.length > 0 ? solve(sum(oneSidedVars), keep, [], gainVars) : 0;
  return { mutual, mutualMust, mutualAfterMust, fewest, fairness, oneSidedMust, oneSided, oneSidedLex, statuses, ms: performance.now() - t0 };
}

/**
 * Event placement as a (mixed-integer) linear program: x[m,s] for every slot both can attend; per meeting <= 1,
 * per person and slot <= 1, per slot <= tables. `only` restricts the objective (and variables) to some meetings.
 */
export function eventLp(
  input: EventInput,
  wanted: readonly WantedMeeting[],
  integer: boolean,
  only?: (w: WantedMeeting) => boolean,
  weight: (w: WantedMeeting) => number = () => 1,
  atLeast: { must: number; mutual: number } = { must: 0, mutual: 0 },
  timeLimit = 60,
): { value: number; ms: number; status: string; placed: number } {
  const blocked = new Map(input.people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
  const vars: string[] = [];
  const terms: string[] = [];
  const meetingOf = new Map<string, number>();
  const perMeeting: string[] = [];
  const perPersonSlot = new Map<string, string[]>();
  const perSlot = new Map<number, string[]>();
  wanted.forEach((w, i) => {
    if (only && !only(w)) return;
    const row: string[] = [];
    for (const s of input.slots) {
      if (w.people.some((p) => blocked.get(p)?.has(s.index))) continue;
      const v = `x${i}_${s.index}`;
      vars.push(v);
      terms.push(`${weight(w)} ${v}`);
      meetingOf.set(v, i);
      row.push(v);
      for (const p of w.people) {
        const k = `${p}_${s.index}`;
        const list = perPersonSlot.get(k);
        if (list) list.push(v);
        else perPersonSlot.set(k, [v]);
      }
      const list = perSlot.get(s.index);
      if (list) list.push(v);
      else perSlot.set(s.index, [v]);
    }
    if (row.length > 1) perMeeting.push(row.join(' + '));
  });
  if (vars.length === 0) return { value: 0, ms: 0, status: 'empty', placed: 0 };
  const lines = ['Maximize', ` obj: ${terms.join(' + ')}`, 'Subject To'];
  perMeeting.forEach((r, i) => lines.push(` m${i}: ${r} <= 1`));
  let c = 0;
  for (const r of perPersonSlot.values()) if (r.length > 1) lines.push(` p${c++}: ${r.join(' + ')} <= 1`);
  for (const [s, r] of perSlot) if (r.length > input.tableCount) lines.push(` t${s}: ${r.join(' + ')} <= ${input.tableCount}`);
  for (const tier of ['must', 'mutual'] as const) {
    if (atLeast[tier] <= 0) continue;
    const tierVars = vars.filter((v) => wanted[meetingOf.get(v) as number]?.[tier]);
    lines.push(` at_least_${tier}: ${tierVars.join(' + ')} >= ${atLeast[tier]}`);
  }
  lines.push('Bounds', ...vars.map((v) => ` 0 <= ${v} <= 1`));
  if (integer) lines.push('Binary', ...vars.map((v) => ` ${v}`));
  lines.push('End');
  const t = performance.now();
  const res = highs.solve(lines.join('\n'), integer ? { time_limit: timeLimit, output_flag: process.env.HIGHS_LOG === '1', mip_rel_gap: 0 } : { solver: 'ipm', run_crossover: 'off', time_limit: 120, output_flag: false });
  let placed = 0;
  for (const v of vars) placed += res.Columns[v]?.Primal ?? 0;
  return { value: res.ObjectiveValue, ms: performance.now() - t, status: res.Status, placed };
}

/**
 * The lexicographic optimum of an event plan, one tier at a time (easier for the MIP than one weighted objective):
 * must* = most must-meets; mutual* = most mutual meetings with must* must-meets; count* = most meetings with both.
 * When the last MIP stops at its time limit, `countBound` is the LP bound with both tiers kept, rounded down.
 */
export function eventLexicographic(input: EventInput, wanted: readonly WantedMeeting[], timeLimit = 60): { must: number; mutual: number; count: number; countStatus: string; countBound: number; statuses: string[]; ms: number } {
  const t0 = performance.now();
  const mustRun = eventLp(input, wanted, true, (w) => w.must, () => 1, { must: 0, mutual: 0 }, timeLimit);
  const must = Math.round(mustRun.value);
  const mutualRun = eventLp(input, wanted, true, undefined, (w) => (w.mutual ? 1 : 0), { must, mutual: 0 }, timeLimit);
  const mutual = Math.round(mutualRun.value);
  const countRun = eventLp(input, wanted, true, undefined, () => 1, { must, mutual }, timeLimit);
  const lp = eventLp(input, wanted, false, undefined, () => 1, { must, mutual });
  return { must, mutual, count: Math.round(countRun.placed), countStatus: countRun.status, countBound: Math.floor(lp.value + 1e-6), statuses: [mustRun.status, mutualRun.status, countRun.status], ms: performance.now() - t0 };
}

if (import.meta.url === `file://${process.argv[1]}` && process.env.MODE === 'event') {
  const { generateEvent } = await import('../../shared/matchmaking/generate.ts');
  const { planEvent, wantedMeetings } = await import('../../shared/matchmaking/event.ts');
  const { qualityReport } = await import('../../shared/matchmaking/quality.ts');
  for (const seed of (process.env.SEEDS ?? '2').split(',').map(Number)) {
    const input = generateEvent(200, 8, { seed, tables: 80, blockedRate: 0.15, mutualShare: 0.25 });
    const wanted = wantedMeetings(input);
    const q = qualityReport({ plan: planEvent(input).plan, people: input.people, wanted });
    const lex = eventLexicographic(input, wanted, Number(process.env.TIME_LIMIT ?? 600));
    console.log(`event 200 x 8 seed ${seed}: Plenary must ${q.must.met}, mutual ${q.mutual.met}, placed ${q.meetings}; optimum must ${lex.must}, mutual ${lex.mutual}, placed ${lex.count} (${lex.statuses.join(', ')}; LP bound ${lex.countBound}; ${(lex.ms / 1000).toFixed(1)} s)`);
  }
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const seeds = (process.env.SEEDS ?? '1,2,3,4,5').split(',').map(Number);
  for (const n of (process.env.SIZES ?? '30,31,40').split(',').map(Number)) {
    for (const seed of seeds) {
      const input = generateWorkshop(n, 6, { seed, mutualShare: 0.25 });
      const b = workshopBounds(input);
      console.log(`${n} x 6 seed ${seed}: mutual ${b.mutual} (mutual with a must ${b.mutualMust}, then mutual ${b.mutualAfterMust}), fewest ${b.fewest}, fairness ${b.fairness}, one-sided must ${b.oneSidedMust}, one-sided ${b.oneSidedLex} (with every mutual: ${b.oneSided}) (${b.statuses.join(', ')}; ${(b.ms / 1000).toFixed(1)} s)`);
    }
  }
}
