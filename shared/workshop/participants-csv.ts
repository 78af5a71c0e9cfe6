/**
 * Pre-registered participants from pasted text or a CSV file: one person a line, `name, cluster, country`
 * (cluster and country optional), or a header row naming those columns in any order. All rows or none:
 * either every row is good, or every bad row comes back with its reasons (the same shape as the
 * matchmaking imports), and nothing is imported.
 */
import { z } from 'zod';
import { parseCsv, type ImportResult, type RowError } from '../matchmaking/csv.ts';

export type ParticipantRow = { name: string; cluster: string; country: string };

const COLUMNS = ['name', 'cluster', 'country'] as const;
type Column = (typeof COLUMNS)[number];

const RowSchema = z.object({
  name: z.string().trim().min(1, 'a name is needed').max(120, 'name: at most 120 characters'),
  cluster: z.string().trim().max(200, 'cluster: at most 200 characters'),
  country: z.string().trim().max(100, 'country: at most 100 characters'),
});

/** `taken`: names already in the workshop (case and spacing ignored), refused as duplicates. */
export function parseParticipantsCsv(text: string, taken: readonly string[] = []): ImportResult<ParticipantRow[]> {
  const parsed = parseCsv(text);
  if ('error' in parsed) return { ok: false, errors: [{ row: 1, messages: [parsed.error] }] };
  const rows = parsed.rows.map((cells) => cells.map((c) => c.trim()));
  const lines = parsed.lines;
  if (rows.length === 0) return { ok: false, errors: [{ row: 1, messages: ['no participants in the text'] }] };
  let columns: readonly Column[] = COLUMNS;
  let start = 0;
  const first = rows[0]?.map((c) => c.toLowerCase()) ?? [];
  if (first.includes('name')) {
    const unknown = first.filter((c) => !(COLUMNS as readonly string[]).includes(c));
    if (unknown.length > 0) return { ok: false, errors: [{ row: lines[0] ?? 1, messages: [`unknown column ${unknown.join(', ')}; expected name, cluster, country`] }] };
    columns = first as Column[];
    start = 1;
  }
  const key = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
  const seen = new Map<string, number>(taken.map((name) => [key(name), 0]));
  const errors: RowError[] = [];
  const out: ParticipantRow[] = [];
  for (let i = start; i < rows.length; i++) {
    const cells = rows[i] ?? [];
    const row = lines[i] ?? i + 1;
    const messages: string[] = [];
    if (cells.length > columns.length) messages.push(`${cells.length} columns; expected at most ${columns.length} (${columns.join(', ')})`);
    const record: Record<Column, string> = { name: '', cluster: '', country: '' };
    columns.forEach((column, c) => {
      record[column] = cells[c] ?? '';
    });
    const result = RowSchema.safeParse(record);
    if (!result.success) messages.push(...result.error.issues.map((issue) => issue.message));
    else {
      const earlier = seen.get(key(result.data.name));
      if (earlier === 0) messages.push(`${result.data.name} is already registered`);
      else if (earlier !== undefined) messages.push(`${result.data.name} is also on line ${earlier}`);
      else seen.set(key(result.data.name), row);
    }
    if (messages.length > 0) errors.push({ row, messages });
    else if (result.success) out.push(result.data);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (out.length === 0) return { ok: false, errors: [{ row: 1, messages: ['no participants in the text'] }] };
  return { ok: true, value: out };
}
