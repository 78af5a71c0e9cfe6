/**
 * CSV per RFC 4180 (comma separated, CRLF line ends, fields quoted when they hold a quote, comma, CR
 * or LF, quotes doubled), made safe against spreadsheet formula injection: a cell that starts with
 * = + - @ TAB or CR gets a leading single quote, so a note reading "=HYPERLINK(...)" stays text.
 */
import { ACTION_PLAN_COLUMNS, type ActionPlanKind } from '../schema/action-plan-row.ts';
import type { Board } from '../schema/board.ts';
import { actionPlanRows, type ActionPlanOptions } from '../reducers/action-plan.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export type CsvOptions = {
  /** Prefix a UTF-8 byte-order mark so that Excel reads non-ASCII names right. Default false. */
  bom?: boolean;
};

export function toCsv(rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  const body = rows.map((row) => row.map(csvCell).join(',')).join('\r\n');
  return `${options.bom === true ? '\uFEFF' : ''}${body}\r\n`;
}

/** The action-plan rows of one template as CSV: a header of the template's column labels, then the rows. */
export function actionPlanCsv(board: Board, template: ActionPlanKind, options: ActionPlanOptions & CsvOptions = {}): string {
  const columns = ACTION_PLAN_COLUMNS[template];
  const rows = actionPlanRows(board, template, options);
  return toCsv(
    [
      columns.map((column) => column.label),
      ...rows.map((row) => columns.map((column) => (row as Record<string, unknown>)[column.key] as string)),
    ],
    options,
  );
}
