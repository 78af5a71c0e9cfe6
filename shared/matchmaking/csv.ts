/**
 * CSV in and out (RFC 4180). Imports validate every row with zod and are all-or-nothing: either every row is
 * good and you get the data, or you get every bad row with its reasons and nothing is imported. Exports quote
 * as needed and neutralise cells a spreadsheet would run as a formula.
 */
import { z } from 'zod';
import type { MeetingRequest } from './event.ts';
import type { Person, Plan, Wish } from './model.ts';

export interface RowError {
  /** 1-based line of the record in the file (the header is line 1). */
  readonly row: number;
  readonly messages: readonly string[];
}

export type ImportResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly RowError[] };

/** RFC 4180 records; CRLF or LF line ends; quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): { rows: string[][]; lines: number[] } | { error: string } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStarted = false;
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      continue;
    } else if (ch === '\n') {
      row.push(field);
      if (!(row.length === 1 && row[0] === '')) {
        rows.push(row);
        lines.push(rowLine);
      }
      row = [];
      field = '';
      fieldStarted = false;
      line++;
      rowLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { error: `line ${rowLine}: unterminated quoted field` };
  row.push(field);
  if (!(row.length === 1 && row[0] === '')) {
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-looking text gets a leading apostrophe; quotes when needed. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The whole timetable, one row per meeting, in slot and table order. */
export function timetableCsv(plan: Plan, people: readonly Person[]): string {
  const names = new Map(people.map((p) => [p.id, p.name]));
  const slots = new Map(plan.slots.map((s) => [s.index, s]));
  const rows: (string | number | null)[][] = [
    ['slot', 'start', 'end', 'table', 'person_1', 'name_1', 'person_2', 'name_2', 'person_3', 'name_3', 'reason', 'meeting_id'],
  ];
  for (const m of plan.meetings) {
    const s = slots.get(m.slot);
    const who = [0, 1, 2].flatMap((i) => {
      const id = m.people[i];
      return id === undefined ? ['', ''] : [id, names.get(id) ?? id];
    });
    rows.push([m.slot + 1, s?.start ?? '', s?.end ?? '', m.table, ...who, m.reason, m.id]);
  }
  return toCsv(rows);
}

const list = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(';').map((x) => x.trim()).filter(Boolean));

const personRow = z.object({
  id: z.string().trim().min(1, 'id is empty').max(64, 'id longer than 64 characters').regex(/^[A-Za-z0-9_.@-]+$/, 'id may hold letters, digits and _ . @ - only'),
  name: z.string().trim().min(1, 'name is empty').max(200),
  organisation: z.string().trim().max(200).optional(),
  cluster: z.string().trim().max(200).optional(),
  country: z.string().trim().max(60).optional(),
  sector: z.string().trim().max(100).optional(),
  offers: list,
  seeks: list,
  topics: list,
  blocked_slots: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const parts = (s ?? '').split(';').map((x) => x.trim()).filter(Boolean);
      const out: number[] = [];
      for (const p of parts) {
        if (!/^\d+$/.test(p) || Number(p) < 1) ctx.addIssue({ code: 'custom', message: `blocked slot "${p}" is not a slot number (1, 2, ...)` });
        else out.push(Number(p) - 1);
      }
      return out;
    }),
  fixed_table: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const t = (s ?? '').trim();
      if (t === '') return undefined;
      if (!/^\d+$/.test(t) || Number(t) < 1) {
        ctx.addIssue({ code: 'custom', message: `fixed table "${t}" is not a table number` });
        return undefined;
      }
      return Number(t);
    }),
});

const LEVELS: Record<string, Wish['level']> = {
  must: 'must',
  'must meet': 'must',
  like: 'like',
  'would like': 'like',
  'would like to': 'like',
  yes: 'like',
  no: 'no',
  'no thanks': 'no',
};

const wishRow = z
  .object({
    from: z.string().trim().min(1, 'from is empty'),
    to: z.string().trim().min(1, 'to is empty'),
    level: z.string().optional(),
    rank: z.string().optional(),
  })
  .transform((r, ctx) => {
    const rawLevel = (r.level ?? '').trim().toLowerCase();
    const rawRank = (r.rank ?? '').trim();
    let rank: number | undefined;
    if (rawRank !== '') {
      if (!/^\d+$/.test(rawRank) || Number(rawRank) < 1) ctx.addIssue({ code: 'custom', message: `rank "${rawRank}" is not 1, 2, 3, ...` });
      else rank = Number(rawRank);
    }
    let level: Wish['level'] | undefined = rawLevel === '' ? (rank !== undefined ? 'like' : undefined) : LEVELS[rawLevel];
    if (level === undefined) {
      ctx.addIssue({ code: 'custom', message: rawLevel === '' ? 'level or rank is required' : `level "${r.level}" is not must / like / no` });
      level = 'like';
    }
    if (r.from === r.to) ctx.addIssue({ code: 'custom', message: 'a person cannot wish to meet themselves' });
    return rank === undefined ? { from: r.from, to: r.to, level } : { from: r.from, to: r.to, level, rank };
  });

interface Record_ {
  readonly line: number;
  readonly cells: Record<string, string>;
  /** Set when the record has the wrong number of fields; its cells are not checked further. */
  readonly shapeError?: string;
}

function records(text: string, required: readonly string[]): { header: string[]; rows: Record_[] } | { errors: RowError[] } {
  const parsed = parseCsv(text);
  if ('error' in parsed) return { errors: [{ row: 0, messages: [parsed.error] }] };
  const [head, ...body] = parsed.rows;
  if (!head) return { errors: [{ row: 1, messages: ['the file is empty'] }] };
  const header = head.map((h) => h.trim().toLowerCase());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) return { errors: [{ row: 1, messages: [`missing column(s): ${missing.join(', ')}`] }] };
  const rows = body.map((cells, i) => {
    const rec: Record<string, string> = {};
    header.forEach((h, j) => {
      const v = cells[j];
      if (v !== undefined && v.trim() !== '') rec[h] = v;
    });
    const line = parsed.lines[i + 1] ?? i + 2;
    return cells.length === header.length ? { line, cells: rec } : { line, cells: rec, shapeError: `expected ${header.length} fields, found ${cells.length}` };
  });
  return { header, rows };
}

function issues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length > 0 && i.code !== 'custom' ? `${i.path.join('.')}: ${i.message}` : i.message));
}

/** Columns: id, name, and optionally organisation, cluster, country, sector, offers, seeks, topics (lists split by ";"), blocked_slots (1-based, ";"), fixed_table. */
export function importPeopleCsv(text: string): ImportResult<Person[]> {
  const rec = records(text, ['id', 'name']);
  if ('errors' in rec) return { ok: false, errors: rec.errors };
  const errors: RowError[] = [];
  const people: Person[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells, shapeError } of rec.rows) {
    if (shapeError) {
      errors.push({ row: line, messages: [shapeError] });
      continue;
    }
    const r = personRow.safeParse(cells);
    if (!r.success) {
      errors.push({ row: line, messages: issues(r.error) });
      continue;
    }
    const v = r.data;
    const dup = seen.get(v.id);
    if (dup !== undefined) {
      errors.push({ row: line, messages: [`id "${v.id}" already used on line ${dup}`] });
      continue;
    }
    seen.set(v.id, line);
    people.push({
      id: v.id,
      name: v.name,
      ...(v.organisation ? { organisation: v.organisation } : {}),
      ...(v.cluster ? { cluster: v.cluster } : {}),
      ...(v.country ? { country: v.country } : {}),
      ...(v.sector ? { sector: v.sector } : {}),
      offers: v.offers,
      seeks: v.seeks,
      topics: v.topics,
      ...(v.blocked_slots.length > 0 ? { blockedSlots: v.blocked_slots } : {}),
      ...(v.fixed_table !== undefined ? { fixedTable: v.fixed_table } : {}),
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: people };
}

/** Columns: from, to, and level (must / like / no, or "must meet", "would like", "no thanks") and/or rank (1 = first choice). */
export function importPreferencesCsv(text: string, people: readonly Person[]): ImportResult<Wish[]> {
  const rec = records(text, ['from', 'to']);
  if ('errors' in rec) return { ok: false, errors: rec.errors };
  if (!rec.header.includes('level') && !rec.header.includes('rank')) {
    return { ok: false, errors: [{ row: 1, messages: ['a "level" or a "rank" column is required'] }] };
  }
  const known = new Set(people.map((p) => p.id));
  const errors: RowError[] = [];
  const wishes: Wish[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells, shapeError } of rec.rows) {
    if (shapeError) {
      errors.push({ row: line, messages: [shapeError] });
      continue;
    }
    const r = wishRow.safeParse(cells);
    const messages = r.success ? [] : issues(r.error);
    const from = (cells['from'] ?? '').trim();
    const to = (cells['to'] ?? '').trim();
    if (from && !known.has(from)) messages.push(`unknown person "${from}" in from`);
    if (to && !known.has(to)) messages.push(`unknown person "${to}" in to`);
    const key = `${from}\u0000${to}`;
    const dup = seen.get(key);
    if (from && to && dup !== undefined) messages.push(`${from} -> ${to} already given on line ${dup}`);
    if (messages.length > 0 || !r.success) {
      errors.push({ row: line, messages });
      continue;
    }
    seen.set(key, line);
    wishes.push(r.data);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: wishes };
}

const requestRow = z.object({
  from: z.string().trim().min(1, 'from is empty'),
  to: z.string().trim().min(1, 'to is empty'),
  status: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? '').trim().toLowerCase();
      if (t === '' || t === 'pending') return 'pending' as const;
      if (t === 'accepted' || t === 'declined') return t;
      ctx.addIssue({ code: 'custom', message: `status "${v}" is not accepted / declined / pending` });
      return 'pending' as const;
    }),
  must: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? '').trim().toLowerCase();
      if (t === '' || t === 'no' || t === 'false' || t === '0') return false;
      if (t === 'yes' || t === 'true' || t === '1' || t === 'must') return true;
      ctx.addIssue({ code: 'custom', message: `must "${v}" is not yes / no` });
      return false;
    }),
});

/** Event meeting requests. Columns: from, to, and optionally status (accepted / declined / pending, default pending) and must (yes / no). */
export function importRequestsCsv(text: string, people: readonly Person[]): ImportResult<MeetingRequest[]> {
  const rec = records(text, ['from', 'to']);
  if ('errors' in rec) return { ok: false, errors: rec.errors };
  const known = new Set(people.map((p) => p.id));
  const errors: RowError[] = [];
  const requests: MeetingRequest[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells, shapeError } of rec.rows) {
    if (shapeError) {
      errors.push({ row: line, messages: [shapeError] });
      continue;
    }
    const r = requestRow.safeParse(cells);
    const messages = r.success ? [] : issues(r.error);
    const from = (cells['from'] ?? '').trim();
    const to = (cells['to'] ?? '').trim();
    if (from && !known.has(from)) messages.push(`unknown person "${from}" in from`);
    if (to && !known.has(to)) messages.push(`unknown person "${to}" in to`);
    if (from && from === to) messages.push('a person cannot request a meeting with themselves');
    const dup = seen.get(`${from}\u0000${to}`);
    if (from && to && dup !== undefined) messages.push(`${from} -> ${to} already requested on line ${dup}`);
    if (messages.length > 0 || !r.success) {
      errors.push({ row: line, messages });
      continue;
    }
    seen.set(`${from}\u0000${to}`, line);
    requests.push(r.data.must ? { from, to, status: r.data.status, must: true } : { from, to, status: r.data.status });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: requests };
}
