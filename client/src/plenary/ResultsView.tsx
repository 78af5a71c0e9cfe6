/**
 * The plenary's results: every room's challenge solutions (selected one highlighted, best first, with
 * votes and the details) and the action-plan rows, as plain HTML tables that can be selected and copied.
 *
 * Read from the server's workshop export rather than from live board documents: a participant may open
 * only their own room's board (and the presented one), and votes stay on the server until revealed, so
 * only the server can compute every room's results; it runs the same reducers. The export is fetched
 * again whenever the control document changes (selections, reveals, phases, plenary) and on demand.
 */
import { useEffect, useRef, useState } from 'react';
import type { WorkshopControlView } from '../../../shared/doc/workshop-control.ts';
import { fetchExport, handoutPath } from './api.ts';
import { planTables, solutionsTable, toHtml, toTsv, type Table, type WorkshopExport } from './results-table.ts';

const REFRESH_DELAY_MS = 300;

export function useWorkshopExport(workshopId: string, token: string, control: WorkshopControlView | null) {
  const [data, setData] = useState<WorkshopExport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const request = ++latest.current;
    const timer = setTimeout(() => {
      fetchExport(workshopId, token).then(
        (next) => {
          if (request !== latest.current) return; // an answer to an older request
          setData(next);
          setError(null);
        },
        (err: Error) => request === latest.current && setError(err.message),
      );
    }, REFRESH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [workshopId, token, control, nonce]);
  return { data, error, refresh: () => setNonce((n) => n + 1) };
}

/** Both flavours on the clipboard (rich paste into documents, cells into spreadsheets); plain text where the browser allows no more. */
async function copyTable(table: Table): Promise<void> {
  const tsv = toTsv(table);
  if (typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
    try {
      await navigator.clipboard.write([
        new ClipboardItem({
          'text/html': new Blob([toHtml(table)], { type: 'text/html' }),
          'text/plain': new Blob([tsv], { type: 'text/plain' }),
        }),
      ]);
      return;
    } catch {
      // some browsers refuse text/html: plain text still pastes into a spreadsheet
    }
  }
  await navigator.clipboard.writeText(tsv);
}

const GROUP_COLUMNS = new Set(['Session', 'Room', 'Challenge']);

/** Numbers right-aligned; a session, room or challenge repeated from the row above is drawn faintly (still copied whole). */
function cellClass(table: Table, row: number, column: number): string | undefined {
  const name = table.columns[column] ?? '';
  const classes: string[] = [];
  if (name === 'Votes' || name === '#') classes.push('num');
  if (GROUP_COLUMNS.has(name)) classes.push('group');
  const above = table.rows[row - 1];
  if (GROUP_COLUMNS.has(name) && above && above.cells[column] === table.rows[row]?.cells[column]) classes.push('repeat');
  return classes.length > 0 ? classes.join(' ') : undefined;
}

function ResultTable({ table }: { table: Table }) {
  const [copied, setCopied] = useState<string | null>(null);
  const onCopy = (): void => {
    copyTable(table).then(
      () => setCopied('Copied'),
      () => setCopied('Could not copy: select the table and copy it'),
    );
  };
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);
  const captionId = `results-${table.id}`;
  return (
    <section className="results-block" aria-labelledby={captionId}>
      <div className="results-block-head">
        <h3 id={captionId}>{table.title}</h3>
        <button type="button" className="secondary" onClick={onCopy} aria-label={`Copy table: ${table.title}`}>
          Copy table
        </button>
        <span className="muted results-copied" role="status">
          {copied}
        </span>
      </div>
      {/* Focusable, so that a wide table scrolls sideways from the keyboard too. */}
      <div className="results-scroll" tabIndex={0} role="group" aria-labelledby={captionId}>
        <table className="results-table" data-testid={`results-${table.id}`}>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, index) => (
              <tr key={index} className={`${row.selected ? 'selected' : ''} ${row.groupStart && index > 0 ? 'group-start' : ''}`.trim() || undefined}>
                {row.cells.map((cell, c) => (
                  <td key={c} className={cellClass(table, index, c)}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ResultsView({ workshopId, token, control }: { workshopId: string; token: string; control: WorkshopControlView | null }) {
  const { data, error, refresh } = useWorkshopExport(workshopId, token, control);
  const solutions = data ? solutionsTable(data) : null;
  const plans = data ? planTables(data) : [];
  return (
    <section className="results" aria-label="Results">
      <div className="results-head">
        <h2>Results</h2>
        <button type="button" className="secondary" onClick={refresh}>
          Refresh
        </button>
        <button type="button" onClick={() => window.open(handoutPath(workshopId, token), '_blank', 'noopener')}>
          Print handout
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!data && !error && <p className="muted">Loading the results…</p>}
      {solutions && (solutions.rows.length > 0 ? <ResultTable table={solutions} /> : <p className="muted">No challenges yet.</p>)}
      {plans.map((table) => (
        <ResultTable key={table.id} table={table} />
      ))}
    </section>
  );
}
