/** Printable views of a plan: one agenda per person, one sheet per slot in table order. Markdown or plain text. */
import type { Person, Plan } from './model.ts';

export type PrintFormat = 'markdown' | 'text';

export function personAgenda(plan: Plan, personId: string, people: readonly Person[], format: PrintFormat = 'markdown'): string {
  const byId = new Map(people.map((p) => [p.id, p]));
  const me = byId.get(personId);
  const blocked = new Set(me?.blockedSlots ?? []);
  const title = `Agenda for ${me?.name ?? personId}`;
  const rows: string[][] = [];
  for (const slot of plan.slots) {
    const time = `${hhmm(slot.start)}-${hhmm(slot.end)}`;
    const label = `${plan.mode === 'workshop' ? 'Round' : 'Slot'} ${slot.index + 1}`;
    const m = plan.meetings.find((x) => x.slot === slot.index && x.people.includes(personId));
    if (m) {
      const who = m.people.filter((p) => p !== personId).map((p) => describe(byId.get(p), p)).join(' and ');
      rows.push([label, time, m.table === null ? '-' : `Table ${m.table}`, who, m.reason]);
    } else if (plan.byes.some((b) => b.slot === slot.index && b.person === personId)) {
      rows.push([label, time, '-', 'break (you sit out this round)', '']);
    } else {
      rows.push([label, time, '-', blocked.has(slot.index) ? 'not available' : 'free', '']);
    }
  }
  return render(title, ['When', 'Time (UTC)', 'Where', 'With', 'Why'], rows, format);
}

/** Who sits where in one slot, in table order; meetings without a table come last. */
export function slotSheet(plan: Plan, slotIndex: number, people: readonly Person[], format: PrintFormat = 'markdown'): string {
  const byId = new Map(people.map((p) => [p.id, p]));
  const slot = plan.slots.find((s) => s.index === slotIndex);
  const title = `${plan.mode === 'workshop' ? 'Round' : 'Slot'} ${slotIndex + 1}${slot ? `, ${hhmm(slot.start)}-${hhmm(slot.end)} UTC` : ''}`;
  const rows = plan.meetings
    .filter((m) => m.slot === slotIndex)
    .sort((a, b) => (a.table ?? Infinity) - (b.table ?? Infinity) || (a.id < b.id ? -1 : 1))
    .map((m) => [m.table === null ? '-' : String(m.table), m.people.map((p) => describe(byId.get(p), p)).join(' + '), m.reason]);
  for (const b of plan.byes.filter((x) => x.slot === slotIndex)) rows.push(['-', `${describe(byId.get(b.person), b.person)} sits out`, b.reason]);
  return render(title, ['Table', 'People', 'Why'], rows, format);
}

function describe(p: Person | undefined, id: string): string {
  if (!p) return id;
  const extra = [p.cluster ?? p.organisation, p.country].filter(Boolean);
  return extra.length > 0 ? `${p.name} (${extra.join(', ')})` : p.name;
}

function hhmm(iso: string): string {
  return new Date(iso).toISOString().slice(11, 16);
}

function render(title: string, head: string[], rows: string[][], format: PrintFormat): string {
  if (format === 'markdown') {
    const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    return [
      `# ${cell(title)}`,
      '',
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
      '',
    ].join('\n');
  }
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [title, '='.repeat(title.length), '', line(head), ...rows.map(line), ''].join('\n');
}

export interface NextUp {
  readonly slot: number;
  readonly start: string;
  readonly end: string;
  readonly table: number | null;
  readonly with: readonly Person[];
  readonly reason: string;
  /** Milliseconds from `now` to the start; 0 or less when the meeting is running. */
  readonly startsInMs: number;
  /** "next: round 3, 15:45-16:00, table 7, with Ana (Cluster 3, DE) - mutual wish" */
  readonly text: string;
}

/** The person's running or next meeting at instant `now` (ISO 8601), for the live timetable; null when none is left. */
export function nextUp(plan: Plan, personId: string, people: readonly Person[], now: string): NextUp | null {
  const t = Date.parse(now);
  const byId = new Map(people.map((p) => [p.id, p]));
  const slots = [...plan.slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const slot of slots) {
    if (Date.parse(slot.end) <= t) continue;
    const m = plan.meetings.find((x) => x.slot === slot.index && x.people.includes(personId));
    if (!m) continue;
    const others = m.people.filter((p) => p !== personId);
    const label = `${plan.mode === 'workshop' ? 'round' : 'slot'} ${slot.index + 1}`;
    const where = m.table === null ? '' : `, table ${m.table}`;
    const who = others.map((p) => describe(byId.get(p), p)).join(' and ');
    const startsInMs = Date.parse(slot.start) - t;
    return {
      slot: slot.index,
      start: slot.start,
      end: slot.end,
      table: m.table,
      with: others.map((p) => byId.get(p) ?? { id: p, name: p }),
      reason: m.reason,
      startsInMs,
      text: `${startsInMs <= 0 ? 'now' : 'next'}: ${label}, ${hhmm(slot.start)}-${hhmm(slot.end)}${where}, with ${who} - ${m.reason}`,
    };
  }
  return null;
}
