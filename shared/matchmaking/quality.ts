/**
 * The quality report an organiser sees after every plan: how many wishes were met, who falls short, idle time,
 * byes and triads, repeats (must be 0), table use, compute time, and each unmet wish with the reason.
 * The compute time is measured by the caller (the core takes no clock) and passed in.
 */
import type { WantedMeeting } from './event.ts';
import type { Person, Plan, Unmet, Wish } from './model.ts';
import { pairKey } from './model.ts';
import { createScorer } from './weights.ts';

export interface Share {
  readonly wanted: number;
  readonly met: number;
  /** met / wanted, 1 when nothing was wanted. */
  readonly share: number;
}

export interface QualityReport {
  readonly meetings: number;
  readonly mutual: Share;
  readonly oneSided: Share;
  readonly must: Share;
  readonly k: number;
  /** People (available at least k slots) with fewer than k meetings. */
  readonly belowKMeetings: readonly string[];
  /** People with fewer than min(k, their wishes) wished meetings. */
  readonly belowKWished: readonly string[];
  readonly idlePersonSlots: number;
  /** Idle slots between somebody's first and last meeting. */
  readonly gaps: number;
  readonly byesPerPerson: Readonly<Record<string, number>>;
  readonly triadsPerPerson: Readonly<Record<string, number>>;
  readonly repeats: number;
  readonly doubleBookings: number;
  readonly blockedViolations: number;
  readonly tableUse: readonly { readonly slot: number; readonly used: number; readonly capacity: number }[];
  readonly computeMs: number | null;
  readonly unmet: readonly Unmet[];
}

export interface QualityInput {
  readonly plan: Plan;
  readonly people: readonly Person[];
  /** Workshop mode: the stated wishes. */
  readonly wishes?: readonly Wish[];
  /** Event mode: the meetings the accepted requests ask for. */
  readonly wanted?: readonly WantedMeeting[];
  readonly k?: number;
  readonly computeMs?: number | null;
}

interface Demand {
  readonly people: readonly [string, string];
  readonly mutual: boolean;
  readonly must: boolean;
  /** whose wish it is (for "wished meetings" per person) */
  readonly wishers: readonly string[];
}

export function qualityReport(input: QualityInput): QualityReport {
  const { plan, people } = input;
  const k = input.k ?? 2;
  const ids = people.map((p) => p.id);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const blocked = new Map(people.map((p) => [p.id, new Set(p.blockedSlots ?? [])]));
  const slotIdx = plan.slots.map((s) => s.index);
  const demand = input.wanted ? demandFromEvent(input.wanted) : demandFromWishes(people, input.wishes ?? []);

  const metPairs = new Map<string, number>();
  const busy = new Map<string, number[]>();
  let doubleBookings = 0;
  let blockedViolations = 0;
  const seenAt = new Set<string>();
  const triads: Record<string, number> = {};
  for (const m of plan.meetings) {
    for (let i = 0; i < m.people.length; i++) {
      const p = m.people[i] as string;
      const at = `${p}\u0000${m.slot}`;
      if (seenAt.has(at)) doubleBookings++;
      seenAt.add(at);
      if (blocked.get(p)?.has(m.slot)) blockedViolations++;
      const list = busy.get(p) ?? [];
      list.push(m.slot);
      busy.set(p, list);
      if (m.people.length === 3) triads[p] = (triads[p] ?? 0) + 1;
      for (let j = i + 1; j < m.people.length; j++) {
        const key = pairKey(p, m.people[j] as string);
        metPairs.set(key, (metPairs.get(key) ?? 0) + 1);
      }
    }
  }
  let repeats = 0;
  for (const c of metPairs.values()) repeats += c - 1;

  const share = (list: readonly Demand[]): Share => {
    const met = list.filter((d) => metPairs.has(pairKey(d.people[0], d.people[1]))).length;
    return { wanted: list.length, met, share: list.length === 0 ? 1 : met / list.length };
  };

  const wishedMet = new Map<string, number>();
  const wishCount = new Map<string, number>();
  for (const d of demand) {
    const met = metPairs.has(pairKey(d.people[0], d.people[1]));
    for (const w of d.wishers) {
      wishCount.set(w, (wishCount.get(w) ?? 0) + 1);
      if (met) wishedMet.set(w, (wishedMet.get(w) ?? 0) + 1);
    }
  }

  let idle = 0;
  let gaps = 0;
  const belowKMeetings: string[] = [];
  const belowKWished: string[] = [];
  for (const p of ids) {
    const available = slotIdx.filter((s) => !blocked.get(p)?.has(s));
    const mine = new Set(busy.get(p) ?? []);
    idle += available.filter((s) => !mine.has(s)).length;
    if (mine.size > 0) {
      const first = Math.min(...mine);
      const last = Math.max(...mine);
      gaps += available.filter((s) => s > first && s < last && !mine.has(s)).length;
    }
    if (available.length >= k && mine.size < k) belowKMeetings.push(p);
    if ((wishedMet.get(p) ?? 0) < Math.min(k, wishCount.get(p) ?? 0)) belowKWished.push(p);
  }

  const byes: Record<string, number> = {};
  for (const b of plan.byes) byes[b.person] = (byes[b.person] ?? 0) + 1;

  const tableUse = plan.slots.map((s) => ({
    slot: s.index,
    used: plan.meetings.filter((m) => m.slot === s.index).length,
    capacity: plan.tableCount,
  }));

  const unmet: Unmet[] = [];
  for (const d of demand) {
    if (metPairs.has(pairKey(d.people[0], d.people[1]))) continue;
    unmet.push({
      people: d.people,
      kind: input.wanted ? 'request' : d.mutual ? 'mutual' : 'one-sided',
      reason: whyUnmet(d, plan, blocked, busy, wishCount, names),
    });
  }

  const all = demand;
  return {
    meetings: plan.meetings.length,
    mutual: share(all.filter((d) => d.mutual)),
    oneSided: share(all.filter((d) => !d.mutual)),
    must: share(all.filter((d) => d.must)),
    k,
    belowKMeetings,
    belowKWished,
    idlePersonSlots: idle,
    gaps,
    byesPerPerson: byes,
    triadsPerPerson: triads,
    repeats,
    doubleBookings,
    blockedViolations,
    tableUse,
    computeMs: input.computeMs ?? null,
    unmet,
  };
}

function demandFromWishes(people: readonly Person[], wishes: readonly Wish[]): Demand[] {
  const scorer = createScorer(people, wishes);
  const ids = new Set(people.map((p) => p.id));
  const seen = new Set<string>();
  const out: Demand[] = [];
  for (const w of wishes) {
    if (w.level === 'no' || w.from === w.to || !ids.has(w.from) || !ids.has(w.to)) continue;
    const key = pairKey(w.from, w.to);
    if (seen.has(key)) continue;
    seen.add(key);
    const [a, b] = w.from < w.to ? [w.from, w.to] : [w.to, w.from];
    const info = scorer.info(a, b);
    if (info.refused) continue;
    const wishers = [info.ab ? a : '', info.ba ? b : ''].filter(Boolean);
    out.push({ people: [a, b], mutual: info.mutual, must: info.ab === 'must' || info.ba === 'must', wishers });
  }
  return out;
}

function demandFromEvent(wanted: readonly WantedMeeting[]): Demand[] {
  return wanted.map((w) => ({ people: w.people, mutual: w.mutual, must: w.must, wishers: w.people }));
}

function whyUnmet(
  d: Demand,
  plan: Plan,
  blocked: ReadonlyMap<string, ReadonlySet<number>>,
  busy: ReadonlyMap<string, readonly number[]>,
  wishCount: ReadonlyMap<string, number>,
  names: ReadonlyMap<string, string>,
): string {
  const [a, b] = d.people;
  const na = names.get(a) ?? a;
  const nb = names.get(b) ?? b;
  if (!names.has(a) || !names.has(b)) return `${names.has(a) ? nb : na} is not taking part`;
  const common = plan.slots.map((s) => s.index).filter((s) => !blocked.get(a)?.has(s) && !blocked.get(b)?.has(s));
  if (common.length === 0) return `${na} and ${nb} are never available in the same slot`;
  const busyA = new Set(busy.get(a) ?? []);
  const busyB = new Set(busy.get(b) ?? []);
  const full = common.filter((s) => plan.meetings.filter((m) => m.slot === s).length >= plan.tableCount).length;
  const taken = common.filter((s) => busyA.has(s) || busyB.has(s)).length;
  if (plan.mode === 'event') {
    if (taken === common.length) {
      return `all ${common.length} slots where both are free are taken by other meetings of ${na} or ${nb}`;
    }
    return `no table left in ${full} of ${common.length} common slots; the others hold other meetings of ${na} or ${nb}`;
  }
  for (const p of d.wishers) {
    const count = wishCount.get(p) ?? 0;
    const rounds = plan.slots.filter((s) => !blocked.get(p)?.has(s.index)).length;
    if (count > rounds) return `${names.get(p) ?? p} wished for ${count} people with ${rounds} rounds; higher-weight pairings won`;
  }
  return `higher-weight pairings won in all ${common.length} common rounds`;
}
