/**
 * Pair weights and reasons. The weight ranks pairs by how much they want to meet (mutual, must, like, rank) and
 * complementarity (offers that match seeks, shared topics, different sectors). Workshop rounds use it only as
 * their lowest tier, below the lexicographic tiers of `workshop.ts`. "No thanks" in either direction removes the
 * pair from the graph altogether.
 */
import type { Person, Wish, WishLevel } from './model.ts';
import { pairKey } from './model.ts';

export const Weights = {
  /** Added once when both wish to meet each other. */
  mutual: 10_000,
  /** Per direction. */
  must: 1_500,
  like: 1_000,
  /** Rank 1 adds 300, rank 2 250, ... rank 7 and beyond nothing. */
  rankBonusFirst: 300,
  rankBonusStep: 50,
  /** Per offer that matches a seek, at most `offerSeekCap` per direction. */
  offerSeek: 80,
  offerSeekCap: 2,
  sharedTopic: 40,
  sharedTopicCap: 2,
  sectorComplement: 30,
  /** Every allowed pair weighs at least this, so that a full round is preferred over a bye. */
  base: 1,
  /**
   * Workshop fairness target: everybody should have this many wished meetings (or as many as they wished for)
   * before anybody gets more than the tiers above fairness give them. Three because six 15-minute rounds
   * leave room for it on the instances we measured, while two left people short where three was possible.
   */
  fairnessTarget: 3,
} as const;

export interface PairInfo {
  /** Weight before fairness and stability boosts. */
  readonly weight: number;
  readonly reason: string;
  readonly ab: WishLevel | null;
  readonly ba: WishLevel | null;
  /** Both said must/like. */
  readonly mutual: boolean;
  /** Exactly one said must/like (and the other did not say no). */
  readonly oneSided: boolean;
  /** Somebody said "no thanks": never offered. */
  readonly refused: boolean;
}

export interface Scorer {
  info(a: string, b: string): PairInfo;
  /** People `p` wishes to meet (must/like). */
  wishedBy(p: string): ReadonlySet<string>;
  level(from: string, to: string): WishLevel | null;
  person(id: string): Person | undefined;
}

export function createScorer(people: readonly Person[], wishes: readonly Wish[]): Scorer {
  const byId = new Map(people.map((p) => [p.id, p]));
  const levels = new Map<string, Wish>();
  const wished = new Map<string, Set<string>>();
  for (const w of wishes) {
    if (w.from === w.to) continue;
    const key = `${w.from}\u0000${w.to}`;
    const prev = levels.get(key);
    // The strongest statement wins: no > must > like.
    if (prev && strength(prev.level) >= strength(w.level)) continue;
    levels.set(key, w);
  }
  for (const w of levels.values()) {
    if (w.level === 'no') continue;
    let set = wished.get(w.from);
    if (!set) wished.set(w.from, (set = new Set()));
    set.add(w.to);
  }
  const cache = new Map<string, PairInfo>();
  const empty: ReadonlySet<string> = new Set();

  function info(a: string, b: string): PairInfo {
    const key = pairKey(a, b);
    const hit = cache.get(key);
    if (hit) return hit;
    const [x, y] = a < b ? [a, b] : [b, a];
    const result = compute(x, y);
    cache.set(key, result);
    return result;
  }

  function compute(a: string, b: string): PairInfo {
    const wab = levels.get(`${a}\u0000${b}`);
    const wba = levels.get(`${b}\u0000${a}`);
    const ab = wab?.level ?? null;
    const ba = wba?.level ?? null;
    const pa = byId.get(a);
    const pb = byId.get(b);
    const na = pa?.name ?? a;
    const nb = pb?.name ?? b;
    if (ab === 'no' || ba === 'no') {
      return { weight: 0, reason: 'no thanks', ab, ba, mutual: false, oneSided: false, refused: true };
    }
    const reasons: string[] = [];
    let weight = Weights.base;
    const mutual = ab !== null && ba !== null;
    if (mutual) {
      weight += Weights.mutual;
      const musts = [ab === 'must' ? `${na} must meet ${nb}` : '', ba === 'must' ? `${nb} must meet ${na}` : ''];
      reasons.push(`mutual wish${musts.some(Boolean) ? ` (${musts.filter(Boolean).join(', ')})` : ''}`);
    } else if (ab !== null) {
      reasons.push(ab === 'must' ? `${na} must meet ${nb}` : `${na} would like to meet ${nb}`);
    } else if (ba !== null) {
      reasons.push(ba === 'must' ? `${nb} must meet ${na}` : `${nb} would like to meet ${na}`);
    }
    weight += directionWeight(wab) + directionWeight(wba);
    if (pa && pb) {
      const comp = complementarity(pa, pb);
      weight += comp.weight;
      reasons.push(...comp.reasons);
    }
    if (reasons.length === 0) reasons.push('open pairing: no stated preference');
    return { weight, reason: reasons.join('; '), ab, ba, mutual, oneSided: !mutual && (ab !== null || ba !== null), refused: false };
  }

  return {
    info,
    wishedBy: (p) => wished.get(p) ?? empty,
    level: (from, to) => levels.get(`${from}\u0000${to}`)?.level ?? null,
    person: (id) => byId.get(id),
  };
}

function strength(level: WishLevel): number {
  return level === 'no' ? 3 : level === 'must' ? 2 : 1;
}

function directionWeight(w: Wish | undefined): number {
  if (!w || w.level === 'no') return 0;
  const rank = w.rank ?? 0;
  const bonus = rank >= 1 ? Math.max(0, Weights.rankBonusFirst - Weights.rankBonusStep * (Math.floor(rank) - 1)) : 0;
  return (w.level === 'must' ? Weights.must : Weights.like) + bonus;
}

function norm(s: string): string {
  return s.trim().toLowerCase();
}

function complementarity(a: Person, b: Person): { weight: number; reasons: string[] } {
  const reasons: string[] = [];
  let weight = 0;
  for (const [giver, taker] of [
    [a, b],
    [b, a],
  ] as const) {
    const seeks = new Set((taker.seeks ?? []).map(norm));
    const hits = (giver.offers ?? []).filter((o) => seeks.has(norm(o))).slice(0, Weights.offerSeekCap);
    if (hits.length > 0) {
      weight += hits.length * Weights.offerSeek;
      reasons.push(`${giver.name} offers ${hits.join(', ')} that ${taker.name} seeks`);
    }
  }
  const topicsB = new Set((b.topics ?? []).map(norm));
  const shared = (a.topics ?? []).filter((t) => topicsB.has(norm(t))).slice(0, Weights.sharedTopicCap);
  if (shared.length > 0) {
    weight += shared.length * Weights.sharedTopic;
    reasons.push(`both work on ${shared.join(', ')}`);
  }
  if (a.sector && b.sector && norm(a.sector) !== norm(b.sector)) {
    weight += Weights.sectorComplement;
    reasons.push(`complementary sectors (${a.sector} / ${b.sector})`);
  }
  return { weight, reasons };
}
