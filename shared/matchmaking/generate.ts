/**
 * Seeded synthetic instances for tests and the benchmark. Popularity is skewed (a Zipf-like weight per
 * person), so a few people are wished for far more often than others, as at real events.
 */
import type { MeetingRequest } from './event.ts';
import type { EventInput } from './event.ts';
import type { Person, Slot, Wish } from './model.ts';
import { makeSlots } from './model.ts';
import type { Rng } from './rng.ts';
import { seededRng, shuffled } from './rng.ts';
import type { WorkshopInput } from './workshop.ts';

const SECTORS = ['industry', 'research', 'public', 'finance', 'cluster'] as const;
const TOPICS = ['hydrogen valleys', 'circular plastics', 'digital twins', 'batteries', 'agrifood', 'photonics', 'textiles'] as const;
const GOODS = ['funding', 'test site', 'pilot customer', 'data', 'partners', 'expertise', 'market access'] as const;

export interface GenOptions {
  readonly seed: number;
  readonly minWishes?: number;
  readonly maxWishes?: number;
  /** Chance per person of one "no thanks". */
  readonly noThanksRate?: number;
  /** Share of wishes that are "must meet". */
  readonly mustRate?: number;
  /**
   * Share of wishes (directions) that should be part of a mutual pair: one-sided wishes, in a seeded order, are
   * answered by a wish back until the share is reached. Default: none added, only the mutual wishes that happen
   * by chance (popular people wishing for each other).
   */
  readonly mutualShare?: number;
}

/** Answers `back(w)` to one-sided wishes, enough for `share` of all wishes (with the answers) to be mutual. */
function answersFor<W extends { from: string; to: string }>(wishes: readonly W[], share: number | undefined, rng: Rng, back: (w: W) => W): W[] {
  if (share === undefined || share <= 0) return [];
  const have = new Set(wishes.map((w) => `${w.from}>${w.to}`));
  let mutual = wishes.filter((w) => have.has(`${w.to}>${w.from}`)).length;
  let total = wishes.length;
  const answers: W[] = [];
  for (const w of shuffled(wishes, rng)) {
    if (mutual >= share * total) break;
    if (have.has(`${w.to}>${w.from}`)) continue;
    const answer = back(w);
    answers.push(answer);
    have.add(`${answer.from}>${answer.to}`);
    mutual += 2;
    total += 1;
  }
  return answers;
}

export function generatePeople(n: number, rng: Rng, blockedRate = 0, slotCount = 0): Person[] {
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
    const blockedSlots: number[] = [];
    for (let s = 0; s < slotCount; s++) if (rng.next() < blockedRate) blockedSlots.push(s);
    people.push({
      id: `p${String(i).padStart(3, '0')}`,
      name: `Person ${i}`,
      organisation: `Org ${i % 17}`,
      cluster: `Cluster ${i % 11}`,
      country: pick(['DE', 'FR', 'ES', 'IT', 'PL', 'NL', 'SE']),
      sector: pick(SECTORS),
      topics: [pick(TOPICS), pick(TOPICS)].filter((t, j, a) => a.indexOf(t) === j),
      offers: [pick(GOODS)],
      seeks: [pick(GOODS)],
      ...(blockedSlots.length > 0 ? { blockedSlots } : {}),
    });
  }
  return people;
}

/** Targets drawn with weight 1 / (popularity rank + 1)^0.9, without repetition. */
function drawTargets(self: number, n: number, count: number, order: readonly number[], rng: Rng): number[] {
  const weights = order.map((_, rank) => 1 / Math.pow(rank + 1, 0.9));
  const chosen = new Set<number>();
  const total = weights.reduce((s, w) => s + w, 0);
  let guard = 0;
  while (chosen.size < Math.min(count, n - 1) && guard++ < count * 50) {
    let r = rng.next() * total;
    let idx = 0;
    for (; idx < weights.length - 1; idx++) {
      r -= weights[idx] as number;
      if (r <= 0) break;
    }
    const target = order[idx] as number;
    if (target !== self) chosen.add(target);
  }
  return [...chosen];
}

export function generateWorkshop(n: number, rounds: number, options: GenOptions): WorkshopInput {
  const rng = seededRng(options.seed);
  const people = generatePeople(n, rng);
  const popularity = shuffled(people.map((_, i) => i), rng);
  const wishes: Wish[] = [];
  const lo = options.minWishes ?? 5;
  const hi = options.maxWishes ?? 10;
  for (let i = 0; i < n; i++) {
    const count = lo + rng.int(hi - lo + 1);
    const targets = drawTargets(i, n, count, popularity, rng);
    targets.forEach((t, rank) => {
      const level = rng.next() < (options.mustRate ?? 0.15) ? 'must' : 'like';
      wishes.push({ from: (people[i] as Person).id, to: (people[t] as Person).id, level, rank: rank + 1 });
    });
    if (rng.next() < (options.noThanksRate ?? 0.1)) {
      const t = rng.int(n);
      const to = (people[t] as Person).id;
      if (t !== i && !targets.includes(t)) wishes.push({ from: (people[i] as Person).id, to, level: 'no' });
    }
  }
  const positive = wishes.filter((w) => w.level !== 'no');
  const refusals = wishes.filter((w) => w.level === 'no');
  const refused = new Set(refusals.flatMap((w) => [`${w.from}>${w.to}`, `${w.to}>${w.from}`]));
  wishes.push(...answersFor(positive.filter((w) => !refused.has(`${w.from}>${w.to}`)), options.mutualShare, rng, (w): Wish => ({ from: w.to, to: w.from, level: rng.next() < (options.mustRate ?? 0.15) ? 'must' : 'like' })));
  return {
    eventId: `workshop-${options.seed}`,
    seed: options.seed,
    people,
    wishes,
    slots: makeSlots('2026-11-23T14:30:00Z', rounds, 15),
  };
}

export interface EventGenOptions extends GenOptions {
  readonly tables: number;
  readonly blockedRate?: number;
  readonly declineRate?: number;
  readonly pendingRate?: number;
  readonly autoAccept?: boolean;
}

export function generateEvent(n: number, slotCount: number, options: EventGenOptions): EventInput {
  const rng = seededRng(options.seed);
  const people = generatePeople(n, rng, options.blockedRate ?? 0, slotCount);
  const popularity = shuffled(people.map((_, i) => i), rng);
  const requests: MeetingRequest[] = [];
  const lo = options.minWishes ?? 5;
  const hi = options.maxWishes ?? 10;
  for (let i = 0; i < n; i++) {
    const count = lo + rng.int(hi - lo + 1);
    for (const t of drawTargets(i, n, count, popularity, rng)) {
      const r = rng.next();
      const status = r < (options.declineRate ?? 0.1) ? 'declined' : r < (options.declineRate ?? 0.1) + (options.pendingRate ?? 0.05) ? 'pending' : 'accepted';
      requests.push({ from: (people[i] as Person).id, to: (people[t] as Person).id, status, must: rng.next() < (options.mustRate ?? 0.1) });
    }
  }
  requests.push(...answersFor(requests, options.mutualShare, rng, (r) => ({ from: r.to, to: r.from, status: 'accepted' as const, must: rng.next() < (options.mustRate ?? 0.1) })));
  const slots: Slot[] = makeSlots('2026-11-24T09:00:00Z', slotCount, 20, 5);
  return {
    eventId: `event-${options.seed}`,
    seed: options.seed,
    people,
    slots,
    tableCount: options.tables,
    requests,
    autoAccept: options.autoAccept ?? false,
  };
}
