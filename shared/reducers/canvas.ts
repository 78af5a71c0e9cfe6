/**
 * Canvas reducers. canvasDiff compares the current Business Model Canvas with the desired one in five
 * years, field by field, as the "Field | Desired change" table that starts the action plan.
 * valuePropositions turns each Value Proposition Canvas row into the statement of workshop-formats.md
 * §4 and lists the columns still empty.
 */
import type { Board } from '../schema/board.ts';
import { BMC_FIELDS, VPC_FIELDS } from '../schema/canvas-cell.ts';
import type { CanvasDiff, CanvasDiffRow, ValueProposition } from '../schema/results.ts';
import type { Zone } from '../schema/zone.ts';
import { joinList, normalise, zoneItems } from './content.ts';

function unique(items: readonly string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = normalise(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function computedChange(added: readonly string[], removed: readonly string[]): string {
  const parts: string[] = [];
  if (added.length > 0) parts.push(`Add: ${added.join('; ')}`);
  if (removed.length > 0) parts.push(`Drop: ${removed.join('; ')}`);
  return parts.join('. ');
}

export function canvasDiff(board: Board): CanvasDiff {
  const itemsOf = zoneItems(board);
  const cells = board.zones.filter((zone) => zone.role === 'canvas-cell' && zone.variant !== undefined && zone.key !== undefined);
  const fieldOrder: string[] = [];
  const byField = new Map<string, { current: Zone[]; desired: Zone[] }>();
  for (const field of BMC_FIELDS) {
    fieldOrder.push(field.key);
    byField.set(field.key, { current: [], desired: [] });
  }
  for (const zone of cells) {
    const key = zone.key ?? '';
    let entry = byField.get(key);
    if (entry === undefined) {
      entry = { current: [], desired: [] };
      byField.set(key, entry);
      fieldOrder.push(key);
    }
    (zone.variant === 'current' ? entry.current : entry.desired).push(zone);
  }
  // The group's own words win: a "canvas-change" row naming the field (by key or label).
  const written = new Map<string, string>();
  for (const row of board.rows) {
    if (row.kind !== 'canvas-change') continue;
    const field = normalise(row.cells['field'] ?? '');
    const change = (row.cells['change'] ?? '').trim();
    if (field !== '' && change !== '') written.set(field, written.has(field) ? `${written.get(field) ?? ''}; ${change}` : change);
  }
  const rows: CanvasDiffRow[] = [];
  for (const key of fieldOrder) {
    const entry = byField.get(key);
    if (entry === undefined || (entry.current.length === 0 && entry.desired.length === 0)) continue;
    const known = BMC_FIELDS.find((field) => field.key === key);
    const anyZone = entry.current[0] ?? entry.desired[0];
    const label = known?.label ?? anyZone?.title ?? key;
    const current = unique(entry.current.flatMap((zone) => itemsOf(zone.id)));
    const desired = unique(entry.desired.flatMap((zone) => itemsOf(zone.id)));
    const currentKeys = new Set(current.map(normalise));
    const desiredKeys = new Set(desired.map(normalise));
    const added = desired.filter((item) => !currentKeys.has(normalise(item)));
    const removed = current.filter((item) => !desiredKeys.has(normalise(item)));
    const own = written.get(normalise(key)) ?? written.get(normalise(label));
    const change = own ?? computedChange(added, removed);
    rows.push({
      field: key,
      label,
      tags: known === undefined ? (anyZone?.tags ?? []) : [known.tag],
      current,
      desired,
      added,
      removed,
      change,
      changed: own !== undefined || added.length > 0 || removed.length > 0,
    });
  }
  return { rows };
}

const STATEMENT_SLOTS = {
  stakeholder: '[stakeholder segment]',
  pains: '[specific challenge]',
  service: '[key service]',
  gains: '[desired benefit]',
} as const;

export function valuePropositions(board: Board): ValueProposition[] {
  const itemsOf = zoneItems(board);
  const rows = new Map<number, Map<string, string[]>>();
  for (const zone of board.zones) {
    if (zone.role !== 'canvas-cell' || zone.row === undefined || zone.key === undefined) continue;
    if (!VPC_FIELDS.some((field) => field.key === zone.key)) continue;
    let row = rows.get(zone.row);
    if (row === undefined) {
      row = new Map();
      rows.set(zone.row, row);
    }
    row.set(zone.key, [...(row.get(zone.key) ?? []), ...itemsOf(zone.id)]);
  }
  const out: ValueProposition[] = [];
  for (const [number, row] of [...rows].sort(([a], [b]) => a - b)) {
    const fields: Record<string, string[]> = {};
    for (const field of VPC_FIELDS) fields[field.key] = row.get(field.key) ?? [];
    const part = (key: keyof typeof STATEMENT_SLOTS): string => {
      const items = fields[key] ?? [];
      return items.length === 0 ? STATEMENT_SLOTS[key] : joinList(items);
    };
    const missing = VPC_FIELDS.filter((field) => (fields[field.key] ?? []).length === 0).map((field) => field.label);
    const statement =
      `Our cluster enables ${part('stakeholder')} to overcome ${part('pains')} by providing ${part('service')}, ` +
      `ultimately allowing them to achieve ${part('gains')}.`;
    out.push({ row: number, fields, statement, complete: missing.length === 0, missing });
  }
  return out;
}
