/**
 * The table editor, docked under the canvas: one input per cell, written as you type (lightly
 * debounced, so others see the text live), add / delete (with undo) / move rows, and for the goal tree
 * "add child". Keyboard: Tab and Shift+Tab move between cells, Enter goes down a row in the same column
 * (and adds a row after the last), Alt+Up / Alt+Down move the row, Alt+Enter adds a child (goal tree), Alt+Delete
 * deletes the row, Escape closes. A cell keeps what its typist has in it while focused, whatever
 * arrives from others: cells are separate keys of the row, so edits of different cells never collide.
 */
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { raciCheck } from '../../../shared/reducers/raci.ts';
import { ACTION_PLAN_KINDS, ACTION_PLAN_TITLES, type ActionPlanKind } from '../../../shared/schema/action-plan-row.ts';
import type { PlanRow } from '../../../shared/schema/plan-row.ts';
import type { BoardInfo } from '../api.ts';
import type { BoardController } from '../canvas/controller.ts';
import { tableAccess } from './access.ts';
import { fundingCheck, normaliseRaciInput } from './checks.ts';
import { columnWeight } from './layout.ts';
import { tablesOf, type TablesModel } from './model.ts';
import { actionPlanTarget, goalLevel, isActionPlanKind, type TableTarget, type ViewRow } from './rows.ts';
import { useControlDoc } from './useControlDoc.ts';
import './tables.css';

const WRITE_DELAY_MS = 120;

const KIND_NAMES: Record<string, string> = {
  individual: 'Action plan',
  'bm-change': 'Action plan',
  extended: 'Action plan',
  raci: 'RACI matrix',
  'goal-tree': 'Goal tree',
  funding: 'Funding split',
  'canvas-change': 'Desired changes',
  generic: 'Table',
};

type CellProps = {
  value: string;
  label: string;
  readOnly: boolean;
  raci: boolean;
  dataKey: string;
  col: number;
  row: number;
  /** Seeds are written at once (the first keystroke turns them into a real row). */
  immediate: boolean;
  onWrite: (value: string) => void;
  onRefused: (refused: string) => void;
  onKeyDown: (event: ReactKeyboardEvent<HTMLTextAreaElement>) => void;
};

function CellInput({ value, label, readOnly, raci, dataKey, col, row, immediate, onWrite, onRefused, onKeyDown }: CellProps) {
  // While focused the input shows its own draft; remote changes to this cell show once it is left.
  const [draft, setDraft] = useState<string | null>(null);
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const write = useRef(onWrite);
  useLayoutEffect(() => {
    write.current = onWrite;
  }, [onWrite]);
  const flush = (): void => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (next !== null) write.current(next);
  };
  useEffect(() => () => flush(), []);
  return (
    // A one-line textarea that grows with its text (long cells stay readable; Shift+Enter adds a line).
    <textarea
      rows={1}
      className={raci ? 'cell cell-raci' : 'cell'}
      value={draft ?? value}
      title={(draft ?? value).length > 30 ? (draft ?? value) : undefined}
      aria-label={label}
      readOnly={readOnly}
      data-key={dataKey}
      data-cell={`${row}:${col}`}
      onFocus={() => setDraft(value)}
      onBlur={() => {
        flush();
        setDraft(null);
      }}
      onKeyDown={onKeyDown}
      onChange={(event) => {
        if (readOnly) return;
        let next = event.target.value;
        if (raci) {
          const { value: letters, rejected } = normaliseRaciInput(next);
          if (rejected !== '') onRefused(rejected);
          next = letters;
        }
        setDraft(next);
        pending.current = next;
        if (timer.current) clearTimeout(timer.current);
        if (immediate) flush();
        else timer.current = setTimeout(flush, WRITE_DELAY_MS);
      }}
    />
  );
}

type Focus = { key: string; col: number };

function TableEditor({ model, target, info }: { model: TablesModel; target: TableTarget; info: BoardInfo }) {
  useSyncExternalStore(model.changed.subscribe, () => model.version);
  const rows = model.rows(target);
  const access = tableAccess({ role: info.role, workshopId: info.workshopId, participantId: info.participantId, control: model.control, zone: target.zone });
  const canWrite = access.canWrite && model.controller.canEdit;
  const columns = target.columns;
  const [undo, setUndo] = useState<{ rows: PlanRow[]; label: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const focus = useRef<Focus | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const sectionRef = useRef<HTMLElement>(null);

  // Put the caret where a keyboard action asked for, once the row exists (rows arrive on the next frame).
  useLayoutEffect(() => {
    const want = focus.current;
    if (!want) return;
    const input = tableRef.current?.querySelector<HTMLTextAreaElement>(`textarea[data-key="${CSS.escape(want.key)}"][data-cell$=":${want.col}"]`);
    if (!input) return;
    focus.current = null;
    if (document.activeElement !== input) {
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
  });

  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => setUndo(null), 10_000);
    return () => clearTimeout(timer);
  }, [undo]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 3_000);
    return () => clearTimeout(timer);
  }, [notice]);

  // Open the editor with the caret in the first cell (or on the editor when there is no row).
  useEffect(() => {
    const first = tableRef.current?.querySelector<HTMLTextAreaElement>('textarea.cell');
    (first ?? sectionRef.current)?.focus();
  }, []);

  const close = (): void => {
    model.openTarget(null);
    model.controller.viewport.stage?.container().parentElement?.focus({ preventScroll: true });
  };

  const ids = new Set(rows.map((row) => row.rowId).filter((id) => id !== null));
  const raciWarnings = target.kind === 'raci' ? raciCheck(model.board).warnings.filter((w) => ids.has(w.row)) : [];
  const funding = target.kind === 'funding' ? fundingCheck(rows) : null;
  const warnedRows = new Set(raciWarnings.map((w) => w.row));

  const focusCell = (row: number, col: number): boolean => {
    const input = tableRef.current?.querySelector<HTMLTextAreaElement>(`textarea[data-cell="${row}:${col}"]`);
    if (!input) return false;
    input.focus();
    input.select();
    return true;
  };

  /** Adds a row (or a child of `parent`) and puts the caret in column `col` of it. */
  const addRow = (parent: ViewRow | null = null, col: number | null = null): void => {
    if (!canWrite) return;
    const depth = parent ? parent.depth + 1 : 0;
    const cells: Record<string, string> = target.kind === 'goal-tree' ? { level: goalLevel(depth) } : {};
    const id = model.addRow(target, { parent: parent?.rowId ?? null, cells });
    focus.current = { key: `row:${id}`, col: col ?? (target.kind === 'goal-tree' ? 1 : 0) };
  };

  const deleteRow = (row: ViewRow, index: number): void => {
    if (!canWrite || row.rowId === null) return;
    const removed = model.deleteRow(target, row.rowId);
    const neighbour = rows.filter((r) => !removed.some((gone) => gone.id === r.rowId))[Math.min(index, rows.length - removed.length - 1)];
    if (neighbour) focus.current = { key: neighbour.key, col: 0 };
    else sectionRef.current?.focus();
    setUndo({ rows: removed, label: removed.length > 1 ? `Row ${index + 1} and ${removed.length - 1} below it deleted.` : `Row ${index + 1} deleted.` });
  };

  const move = (row: ViewRow, delta: -1 | 1, col: number | null): void => {
    if (!canWrite || row.rowId === null) return;
    if (model.moveRow(target, row.rowId, delta) && col !== null) focus.current = { key: row.key, col };
  };

  const onCellKey = (row: ViewRow, r: number, c: number) => (event: ReactKeyboardEvent<HTMLTextAreaElement>) => {
    const last = columns.length - 1;
    const { key, shiftKey, altKey, ctrlKey, metaKey } = event;
    let handled = true;
    if (key === 'Tab' && !shiftKey) handled = c < last ? focusCell(r, c + 1) : focusCell(r + 1, 0);
    else if (key === 'Tab' && shiftKey) handled = c > 0 ? focusCell(r, c - 1) : focusCell(r - 1, last);
    else if (key === 'Enter' && altKey && target.kind === 'goal-tree' && row.depth < 3) addRow(row);
    else if (key === 'Enter' && !altKey && !ctrlKey && !metaKey && !shiftKey) {
      if (!focusCell(r + 1, c)) {
        if (canWrite) addRow(null, c);
        else handled = false;
      }
    } else if (key === 'Escape') close();
    else if (altKey && key === 'ArrowUp') move(row, -1, c);
    else if (altKey && key === 'ArrowDown') move(row, 1, c);
    else if (altKey && (key === 'Delete' || key === 'Backspace')) deleteRow(row, r);
    else handled = false;
    if (handled) event.preventDefault();
  };

  const planKind = target.zone === null && isActionPlanKind(target.kind) ? target.kind : null;
  const rowNoun = target.kind === 'goal-tree' ? 'goal' : 'row';
  const numberWidth = isActionPlanKind(target.kind) ? 124 : 56;
  const actionsWidth = target.kind === 'goal-tree' ? 196 : 112;
  const widths = columns.map((column) => (target.kind === 'raci' ? (column.key === 'deliverable' ? 280 : 120) : Math.round(columnWeight(column.key, target.kind) * 130)));

  return (
    <section
      ref={sectionRef}
      className="table-dock"
      aria-label={`Table editor: ${target.title}`}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          close();
        }
      }}
    >
      <header className="table-dock-header">
        <div className="table-dock-title">
          <h2>{target.title}</h2>
          <span className="table-kind">{KIND_NAMES[target.kind] ?? 'Table'}</span>
          {planKind && (
            <label className="table-template">
              Template
              <select value={planKind} onChange={(event) => model.openTarget(actionPlanTarget(event.target.value as ActionPlanKind))}>
                {ACTION_PLAN_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {ACTION_PLAN_TITLES[kind]}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <div className="table-dock-actions">
          <button type="button" className="primary" onClick={() => addRow()} disabled={!canWrite} aria-label={`Add ${rowNoun}`}>
            + Add {rowNoun}
          </button>
          <button type="button" onClick={close} aria-label="Close the table editor" title="Close (Escape)">
            Close
          </button>
        </div>
      </header>
      {!canWrite && (
        <p className="table-readonly" role="note">
          <span aria-hidden="true">🔒</span> {access.reason ?? 'View only.'}
        </p>
      )}
      {(raciWarnings.length > 0 || funding?.warning) && (
        <ul className="table-warnings" aria-label="Warnings" aria-live="polite">
          {funding?.warning && <li>{funding.warning}</li>}
          {raciWarnings.map((warning) => (
            <li key={`${warning.row}:${warning.code}:${warning.message}`}>
              Row {rows.findIndex((row) => row.rowId === warning.row) + 1}
              {warning.deliverable ? ` (${warning.deliverable})` : ''}: {warning.message}
            </li>
          ))}
        </ul>
      )}
      {funding && !funding.warning && funding.filled > 0 && <p className="table-ok">Shares add up to 100%.</p>}
      <div className="table-scroll">
        <table ref={tableRef} className="plan-table" aria-label={target.title} style={{ minWidth: numberWidth + widths.reduce((a, b) => a + b, 0) + actionsWidth }}>
          <colgroup>
            <col style={{ width: numberWidth }} />
            {widths.map((w, i) => (
              <col key={columns[i]!.key} style={{ width: w }} />
            ))}
            <col style={{ width: actionsWidth }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">#</th>
              {columns.map((column) => (
                <th key={column.key} scope="col" title={column.label}>
                  {column.label}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Row actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => {
              const siblings = target.kind === 'goal-tree' ? rows.filter((other) => other.parent === row.parent) : rows;
              const at = siblings.indexOf(row);
              const movable = canWrite && row.rowId !== null;
              return (
                <tr key={row.key} className={row.rowId === null ? 'row-seed' : warnedRows.has(row.rowId) ? 'row-warn' : undefined} data-row-key={row.key}>
                  <th scope="row" className="row-number">
                    <span>{r + 1}</span>
                    {row.from && <span className="from-tag">{row.from}</span>}
                    {row.rowId !== null && warnedRows.has(row.rowId) && (
                      <span className="warn-tag" title="See the warnings above">
                        ⚠
                      </span>
                    )}
                  </th>
                  {columns.map((column, c) => (
                    <td key={column.key} style={target.kind === 'goal-tree' && c === 0 ? { paddingLeft: 6 + row.depth * 18 } : undefined}>
                      {target.kind === 'goal-tree' && c === 0 && row.depth > 0 && (
                        <span className="tree-branch" aria-hidden="true">
                          └
                        </span>
                      )}
                      <CellInput
                        value={row.cells[column.key] ?? ''}
                        label={`${column.label}, row ${r + 1}`}
                        readOnly={!canWrite}
                        raci={target.kind === 'raci' && column.key !== 'deliverable'}
                        dataKey={row.key}
                        col={c}
                        row={r}
                        immediate={row.rowId === null}
                        onWrite={(value) => canWrite && model.writeCell(target, row, column.key, value)}
                        onRefused={(refused) => setNotice(`Only R, A, C or I here ("${refused}" left out).`)}
                        onKeyDown={onCellKey(row, r, c)}
                      />
                    </td>
                  ))}
                  <td className="row-actions">
                    <button type="button" aria-label={`Move row ${r + 1} up`} title="Move up (Alt+Up)" disabled={!movable || at <= 0 || siblings[at - 1]?.rowId === null} onClick={() => move(row, -1, null)}>
                      ↑
                    </button>
                    <button type="button" aria-label={`Move row ${r + 1} down`} title="Move down (Alt+Down)" disabled={!movable || at >= siblings.length - 1} onClick={() => move(row, 1, null)}>
                      ↓
                    </button>
                    {target.kind === 'goal-tree' && row.depth < 3 && (
                      <button type="button" aria-label={`Add ${goalLevel(row.depth + 1).toLowerCase()} under row ${r + 1}`} title={`Add child: ${goalLevel(row.depth + 1)} (Alt+Enter)`} disabled={!movable} onClick={() => addRow(row)}>
                        + {goalLevel(row.depth + 1)}
                      </button>
                    )}
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Delete row ${r + 1}`}
                      title={row.rowId === null ? 'Seeded from the selected solution: edit it to keep your version' : 'Delete the row (Alt+Delete)'}
                      disabled={!movable}
                      onClick={() => deleteRow(row, r)}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length + 2} className="table-empty">
                  {canWrite ? `No rows yet. “+ Add ${rowNoun}” or Enter starts one.` : 'No rows yet.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <footer className="table-dock-footer">
        <span className="muted">Tab / Shift+Tab: cells · Enter: next row (adds one at the end) · Shift+Enter: new line · Alt+↑/↓: move row · Alt+Delete: delete row{target.kind === 'goal-tree' ? ' · Alt+Enter: add child' : ''} · Esc: close</span>
        <span role="status" aria-live="polite" className="table-status">
          {notice}
          {undo && (
            <>
              {undo.label}{' '}
              <button
                type="button"
                onClick={() => {
                  model.restoreRows(undo.rows);
                  setUndo(null);
                }}
              >
                Undo
              </button>
            </>
          )}
        </span>
      </footer>
    </section>
  );
}

/** Mounted under the canvas: the editor of the open table (nothing while none is open). */
export function TablesDock({ controller, info, token }: { controller: BoardController; info: BoardInfo; token: string }) {
  const model = tablesOf(controller);
  useControlDoc(model, info.workshopId, token, info.boardId);
  const open = useSyncExternalStore(model.uiChanged.subscribe, () => model.open);
  if (!open) return null;
  return <TableEditor key={`${open.zone}:${open.kind}`} model={model} target={open} info={info} />;
}
