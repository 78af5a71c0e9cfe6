/**
 * Renderings of a board for download. `renderExport` is what an HTTP route needs: body, content type
 * and a file name, for `export.md`, `export.csv?template=...` and `export.json`.
 */
import type { ActionPlanKind } from '../schema/action-plan-row.ts';
import type { Board } from '../schema/board.ts';
import { actionPlanCsv } from './csv.ts';
import { boardResultsJson } from './json.ts';
import { boardToMarkdown } from './markdown.ts';

export * from './csv.ts';
export * from './json.ts';
export * from './markdown.ts';

export const EXPORT_FORMATS = ['md', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type RenderedExport = { body: string; contentType: string; filename: string };

function slug(title: string, fallback: string): string {
  const cleaned = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return cleaned === '' ? fallback : cleaned;
}

export function renderExport(
  format: ExportFormat,
  board: Board,
  options: { problems?: readonly string[]; template?: ActionPlanKind; subtitle?: string; bom?: boolean } = {},
): RenderedExport {
  const base = slug(board.meta.title, 'board');
  switch (format) {
    case 'md':
      return { body: boardToMarkdown(board, options), contentType: 'text/markdown; charset=utf-8', filename: `${base}.md` };
    case 'csv': {
      const template = options.template ?? 'individual';
      return { body: actionPlanCsv(board, template, options), contentType: 'text/csv; charset=utf-8; header=present', filename: `${base}-${template}.csv` };
    }
    case 'json':
      return { body: boardResultsJson(board, options.problems), contentType: 'application/json; charset=utf-8', filename: `${base}.json` };
  }
}
