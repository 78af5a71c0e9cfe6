/**
 * Every table zone's rows drawn on the canvas as a grid (header with the column labels, row numbers,
 * cell text cut to fit), live from the board doc, so the PNG export and view-only screens show the
 * content. Text exists only at a readable zoom (the controller's level of detail); below it, filled
 * cells are grey bars. A click selects a table, a double-click (or Enter once selected) opens the editor.
 */
import type Konva from 'konva';
import { memo, useEffect, useSyncExternalStore } from 'react';
import { Group, Layer, Rect, Text } from '../canvas/konva.ts';
import type { BoardController } from '../canvas/controller.ts';
import type { Zone } from '../../../shared/schema/zone.ts';
import { gridLayout } from './layout.ts';
import { tablesOf, type TablesModel } from './model.ts';
import { goalLevel, tableTargets, type ViewRow } from './rows.ts';
import { isRaciCell } from './checks.ts';
import { raciCheck } from '../../../shared/reducers/raci.ts';

const NONE: ReadonlySet<string> = new Set();

const LINE = '#d5d9e2';
const HEADER_FILL = '#eef1f6';
const TEXT = '#1d2330';
const MUTED = '#5b6476';
const SELECTED = '#1f5fbf';

function cellText(row: ViewRow, key: string, kind: string | undefined, first: boolean): string {
  const value = (row.cells[key] ?? '').replace(/\s+/g, ' ').trim();
  if (kind === 'goal-tree' && first) return `${'   '.repeat(row.depth)}${row.depth > 0 ? '└ ' : ''}${value || goalLevel(row.depth)}`;
  return value;
}

type GridProps = { zone: Zone; rows: ViewRow[]; warnings: ReadonlySet<string>; text: boolean; selected: boolean; model: TablesModel };

const TableGrid = memo(function TableGrid({ zone, rows, warnings, text, selected, model }: GridProps) {
  const columns = zone.columns ?? [{ key: 'text', label: 'Text' }];
  const grid = gridLayout(zone, columns, rows.length);
  const bodyTop = grid.y + grid.header;
  const k = grid.scale;
  const pad = 8 * k;
  const textY = (grid.row - 14 * k) / 2;
  const onClick = (event: Konva.KonvaEventObject<MouseEvent | TouchEvent>): void => {
    event.cancelBubble = true;
    model.controller.stopEditing();
    model.controller.select([]);
    model.selectZone(zone.id);
    model.controller.viewport.stage?.container().parentElement?.focus({ preventScroll: true });
  };
  const onDblClick = (event: Konva.KonvaEventObject<MouseEvent | TouchEvent>): void => {
    event.cancelBubble = true;
    model.openZone(zone.id);
  };
  return (
    <Group x={zone.x} y={zone.y} name={`table-${zone.id}`}>
      {/* The whole zone catches clicks, so a double-click opens the editor instead of adding a note. */}
      <Rect width={zone.w} height={zone.h} fill="#00000001" onClick={onClick} onTap={onClick} onDblClick={onDblClick} onDblTap={onDblClick} />
      <Group listening={false}>
        <Rect x={grid.x} y={grid.y} width={grid.w} height={grid.h} fill="#ffffff" stroke={LINE} strokeWidth={1} cornerRadius={4} perfectDrawEnabled={false} />
        <Rect x={grid.x} y={grid.y} width={grid.w} height={grid.header} fill={HEADER_FILL} cornerRadius={[4, 4, 0, 0]} perfectDrawEnabled={false} />
        {grid.columns.map((column) => (
          <Rect key={`v:${column.key}`} x={column.x} y={grid.y} width={1} height={grid.h} fill={LINE} perfectDrawEnabled={false} />
        ))}
        {Array.from({ length: grid.shown + (grid.hidden > 0 ? 1 : 0) }, (_, i) => (
          <Rect key={`h:${i}`} x={grid.x} y={bodyTop + i * grid.row} width={grid.w} height={1} fill={LINE} perfectDrawEnabled={false} />
        ))}
        {text &&
          grid.columns.map((column) => (
            <Text
              key={`l:${column.key}`}
              text={column.label}
              x={column.x + pad}
              y={grid.y + (grid.header - 13 * k) / 2}
              width={Math.max(1, column.w - 2 * pad)}
              fontSize={13 * k}
              fontStyle="bold"
              fill={TEXT}
              wrap="none"
              ellipsis
              perfectDrawEnabled={false}
            />
          ))}
        {text && <Text text="#" x={grid.x + pad} y={grid.y + (grid.header - 13 * k) / 2} fontSize={13 * k} fontStyle="bold" fill={MUTED} perfectDrawEnabled={false} />}
        {rows.slice(0, grid.shown).map((row, index) => {
          const y = bodyTop + index * grid.row;
          const warned = row.rowId !== null && warnings.has(row.rowId);
          return (
            <Group key={row.key} y={y}>
              {(row.rowId === null || warned) && <Rect x={grid.x + 1} y={1} width={grid.w - 2} height={grid.row - 1} fill={warned ? '#fff1f0' : '#f3f7ff'} perfectDrawEnabled={false} />}
              {text ? (
                <>
                  <Text text={warned ? `${index + 1} !` : String(index + 1)} x={grid.x + pad} y={textY} width={grid.number - pad} fontSize={13 * k} fontStyle={warned ? 'bold' : 'normal'} fill={warned ? '#b42318' : MUTED} wrap="none" perfectDrawEnabled={false} />
                  {grid.columns.map((column, c) => {
                    const value = cellText(row, column.key, zone.table, c === 0);
                    const raci = zone.table === 'raci' && column.key !== 'deliverable';
                    const bad = raci && !isRaciCell(value);
                    return (
                      <Text
                        key={column.key}
                        text={value}
                        x={column.x + pad}
                        y={textY}
                        width={Math.max(1, column.w - 2 * pad)}
                        fontSize={14 * k}
                        fontStyle={raci ? 'bold' : 'normal'}
                        align={raci ? 'center' : 'left'}
                        fill={bad ? '#b42318' : zone.table === 'goal-tree' && c === 0 && !row.cells[column.key] ? MUTED : TEXT}
                        wrap="none"
                        ellipsis
                        perfectDrawEnabled={false}
                      />
                    );
                  })}
                </>
              ) : (
                grid.columns.map((column) =>
                  (row.cells[column.key] ?? '') === '' ? null : (
                    <Rect key={column.key} x={column.x + pad} y={grid.row / 2 - 5 * k} width={Math.max(4, (column.w - 2 * pad) * 0.7)} height={10 * k} fill="#c7ccd6" cornerRadius={3} perfectDrawEnabled={false} />
                  ),
                )
              )}
            </Group>
          );
        })}
        {text && grid.hidden > 0 && (
          <Text
            text={`+ ${grid.hidden} more row${grid.hidden === 1 ? '' : 's'} (open the table to see all)`}
            x={grid.x + pad}
            y={bodyTop + grid.shown * grid.row + textY}
            fontSize={13 * k}
            fill={MUTED}
            perfectDrawEnabled={false}
          />
        )}
        {text && rows.length === 0 && (
          <Text
            text={model.controller.canEdit ? 'No rows yet. Double-click the table to add one.' : 'No rows yet.'}
            x={grid.x}
            y={bodyTop + 14 * k}
            width={grid.w}
            align="center"
            fontSize={14 * k}
            fill={MUTED}
            perfectDrawEnabled={false}
          />
        )}
        {selected && <Rect width={zone.w} height={zone.h} stroke={SELECTED} strokeWidth={3} strokeScaleEnabled={false} cornerRadius={6} perfectDrawEnabled={false} />}
      </Group>
    </Group>
  );
});

export function TablesLayer({ controller }: { controller: BoardController }) {
  const model = tablesOf(controller);
  useSyncExternalStore(model.changed.subscribe, () => model.version);
  useSyncExternalStore(controller.zonesChanged.subscribe, () => controller.zones);
  const selectedZone = useSyncExternalStore(model.uiChanged.subscribe, () => model.selectedZone);
  const openZone = useSyncExternalStore(model.uiChanged.subscribe, () => model.open?.zone ?? null);
  // Text only at a readable zoom (or for the PNG export).
  const detail = useSyncExternalStore(controller.viewChanged.subscribe, () => controller.showsText({ x: -1e7, y: -1e7, w: 2e7, h: 2e7 }));

  useEffect(() => {
    // Selecting a note deselects the table; Enter on the canvas opens the selected table.
    const stop = controller.selectionChanged.subscribe(() => {
      if (controller.selection.size > 0) model.selectZone(null);
    });
    const onKeyDown = (event: KeyboardEvent): void => {
      const canvas = controller.viewport.stage?.container().parentElement;
      if (event.defaultPrevented || event.target !== canvas) return;
      if (event.key === 'Enter' && model.selectedZone !== null && controller.selection.size === 0) {
        event.preventDefault();
        model.openZone(model.selectedZone);
      } else if (event.key === 'Escape') model.selectZone(null);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      stop();
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [controller, model]);

  const zones = controller.zones.filter((zone) => zone.role === 'table' && zone.table !== undefined);
  // No table on the board, no layer: each layer is a stage-sized canvas (and this one a hit canvas too) that
  // the browser allocates and composites, about 10-40 ms each before a big board's first frame (BENCHMARKS.md).
  if (zones.length === 0) return null;
  const targets = new Map(tableTargets(model.board).map((target) => [target.zone, target]));
  const warned = zones.some((zone) => zone.table === 'raci') ? new Set(raciCheck(model.board).warnings.map((w) => w.row)) : NONE;
  return (
    <Layer name="tables">
      {zones.map((zone) => {
        const target = targets.get(zone.id) ?? { zone: zone.id, kind: zone.table!, title: zone.title, columns: zone.columns ?? [] };
        return <TableGrid key={zone.id} zone={zone} rows={model.rows(target)} warnings={warned} text={detail} selected={selectedZone === zone.id || openZone === zone.id} model={model} />;
      })}
    </Layer>
  );
}
