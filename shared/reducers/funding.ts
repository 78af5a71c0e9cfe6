/**
 * fundingSplit: the funding-sources tables (workshop-formats.md §3: public / private / project / other
 * shares, current and desired) as pie slices. Per `funding` table zone: rows whose share parses as a
 * number ("40", "40 %", "12,5") count, others are listed in `ignored`; the same source written twice
 * (case and spacing aside) is one slice; below 100 in total the rest is an "Not allocated" slice, above
 * it every slice is scaled down (`normalised`); beyond FUNDING_MAX_SLICES sources the smallest are
 * grouped into "Other". Colours follow the category a source names, so both pies match.
 */
import type { Board } from '../schema/board.ts';
import type { FundingSlice, FundingSplit } from '../schema/results.ts';
import { normalise } from './content.ts';

export const FUNDING_MAX_SLICES = 6;

export const FUNDING_COLORS = {
  public: '#2f6fd6',
  private: '#2e9d5b',
  project: '#e08a1e',
  other: '#8a63c9',
  unallocated: '#c9ced8',
} as const;
/** For sources that name none of the categories, in order of appearance. */
const EXTRA_COLORS = ['#d64f6b', '#1f9aa8', '#b08a2e', '#5a6b8c', '#7f4fa8', '#4f8a3a'] as const;

type Category = FundingSlice['category'];

function categoryOf(source: string): Category | null {
  const s = source.toLowerCase();
  if (/\bpublic\b|\bgovernment|\bstate\b|\bsubsid/.test(s)) return 'public';
  if (/\bprivate\b|\bmember(ship)?\b|\bfees?\b|\bsponsor/.test(s)) return 'private';
  if (/\bprojects?\b|\bgrants?\b|\bhorizon\b|\binterreg\b/.test(s)) return 'project';
  if (/^other\b/.test(s)) return 'other';
  return null;
}

/** "40", "40%", " 12,5 % " -> number; anything else (or a negative number) -> null. */
export function parseShare(text: string): number | null {
  const cleaned = text.trim().replace(/\s*%$/, '').replace(',', '.').trim();
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

/** Whole percentages that add up to `total` (largest remainder; ties: earlier first). */
export function roundShares(values: readonly number[], total = 100): number[] {
  const floors = values.map((v) => Math.floor(v));
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = values.map((v, i) => ({ i, rest: v - Math.floor(v) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left--;
  }
  return floors;
}

export function fundingSplit(board: Board): FundingSplit {
  const zones = board.zones.filter((zone) => zone.role === 'table' && zone.table === 'funding');
  const splits = zones.map((zone) => {
    const bySource = new Map<string, { source: string; share: number; category: Category | null }>();
    const ignored: FundingSplit['splits'][number]['ignored'] = [];
    for (const row of board.rows) {
      if (row.kind !== 'funding' || row.zone !== zone.id) continue;
      const source = (row.cells['source'] ?? '').trim();
      const shareText = row.cells['share'] ?? '';
      if (source === '' && shareText.trim() === '') continue;
      const share = parseShare(shareText);
      if (share === null) {
        ignored.push({ row: row.id, source, share: shareText });
        continue;
      }
      const key = normalise(source) || '(unnamed)';
      const entry = bySource.get(key);
      if (entry) entry.share += share;
      else bySource.set(key, { source: source || 'Unnamed source', share, category: categoryOf(source) });
    }
    let entries = [...bySource.values()].filter((e) => e.share > 0).sort((a, b) => b.share - a.share);
    if (entries.length > FUNDING_MAX_SLICES) {
      const kept = entries.slice(0, FUNDING_MAX_SLICES - 1);
      const rest = entries.slice(FUNDING_MAX_SLICES - 1);
      kept.push({ source: 'Other', share: rest.reduce((a, e) => a + e.share, 0), category: 'other' });
      entries = kept;
    }
    // Rounded to a millionth so that 33.3 + 33.3 + 33.4 is 100, not 99.99999999999999.
    const total = Math.round(entries.reduce((a, e) => a + e.share, 0) * 1e6) / 1e6;
    const normalised = total > 100;
    const slices: { source: string; share: number; category: Category; color: string; percent: number }[] = [];
    let extra = 0;
    for (const e of entries) {
      const category = e.category ?? 'other';
      const color = e.category === null ? (EXTRA_COLORS[extra++ % EXTRA_COLORS.length] ?? FUNDING_COLORS.other) : FUNDING_COLORS[category];
      slices.push({ source: e.source, share: e.share, category, color, percent: normalised ? (e.share / total) * 100 : e.share });
    }
    if (total > 0 && total < 100) {
      slices.push({ source: 'Not allocated', share: 100 - total, category: 'unallocated', color: FUNDING_COLORS.unallocated, percent: 100 - total });
    }
    const rounded = roundShares(slices.map((s) => s.percent), slices.length === 0 ? 0 : 100);
    return {
      zone: zone.id,
      title: zone.title,
      variant: zone.variant ?? null,
      total,
      normalised,
      slices: slices.map((s, i) => ({ ...s, rounded: rounded[i] ?? 0 })),
      ignored,
    };
  });
  return { splits };
}
