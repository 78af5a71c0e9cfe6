/**
 * The Business Model Canvas's "Field | Desired change" table, live beside the two canvases: for every
 * field that differs, what the current and the desired canvas hold, what is added (+) and dropped (-),
 * or the group's own words from the reflection table when written.
 */
import { memo } from 'react';
import type { CanvasDiffRow } from '../../../shared/schema/results.ts';
import { Group, Rect, Text } from '../canvas/konva.ts';
import type { Box } from './layout.ts';
import { ADDED, CARD, DROPPED, FONT, INK, MUTED } from './shapes.ts';

const LINE = 26;
const MAX_LINES = 4;
const PAD = 28;
const COLUMNS = [
  { key: 'field', title: 'Field', x: PAD, w: 270 },
  { key: 'current', title: 'Current', x: PAD + 286, w: 290 },
  { key: 'desired', title: 'Desired in 5 years', x: PAD + 592, w: 290 },
  { key: 'change', title: 'Desired change', x: PAD + 898, w: 350 },
] as const;

type Line = { text: string; color: string; bold?: boolean };

function clip(lines: Line[]): Line[] {
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES - 1), { text: `+ ${lines.length - MAX_LINES + 1} more`, color: MUTED }];
}

function cellLines(row: CanvasDiffRow): Record<(typeof COLUMNS)[number]['key'], Line[]> {
  const dropped = new Set(row.removed);
  const added = new Set(row.added);
  // canvasDiff writes "Add: ...; Drop: ..." unless the group wrote its own words for the field.
  const computed = [row.added.length > 0 ? `Add: ${row.added.join('; ')}` : '', row.removed.length > 0 ? `Drop: ${row.removed.join('; ')}` : ''].filter(Boolean).join('. ');
  const own = row.change !== computed ? row.change : '';
  return {
    field: [{ text: row.label, color: INK, bold: true }],
    current: clip(row.current.map((item) => ({ text: `• ${item}`, color: dropped.has(item) ? DROPPED : INK }))),
    desired: clip(row.desired.map((item) => ({ text: `• ${item}`, color: added.has(item) ? ADDED : INK }))),
    change: clip(
      own !== ''
        ? [{ text: own, color: INK }]
        : [...row.added.map((item) => ({ text: `+ ${item}`, color: ADDED })), ...row.removed.map((item) => ({ text: `− ${item}`, color: DROPPED }))],
    ),
  };
}

const TAG_LABEL: Record<string, { text: string; fill: string; ink: string }> = {
  'business-development': { text: 'Business development', fill: '#dbe7fb', ink: '#123a7a' },
  financing: { text: 'Financing', fill: '#d3f0da', ink: '#135c27' },
};

export const CanvasDiffTable = memo(
  function CanvasDiffTable({ box, rows }: { box: Box; rows: CanvasDiffRow[]; json: string }) {
    const changed = rows.filter((row) => row.changed);
    let y = 160;
    const drawn: { row: CanvasDiffRow; y: number; h: number }[] = [];
    for (const row of changed) {
      const lines = cellLines(row);
      const h = Math.max(2, ...Object.values(lines).map((l) => l.length)) * LINE + 30;
      if (y + h > box.h - 60) break;
      drawn.push({ row, y, h });
      y += h;
    }
    const hiddenRows = changed.length - drawn.length;
    // The card grows with its rows (its layout box is the most it may take).
    const height = Math.min(box.h, Math.max(360, y + (hiddenRows > 0 ? 70 : 36)));
    return (
      <Group name="canvas-diff" x={box.x} y={box.y} listening={false}>
        <Rect width={box.w} height={height} fill={CARD.fill} stroke={CARD.stroke} cornerRadius={CARD.radius} shadowColor="#000" shadowOpacity={0.08} shadowBlur={12} shadowOffsetY={3} perfectDrawEnabled={false} />
        <Rect width={box.w} height={8} fill="#1f5fbf" cornerRadius={[CARD.radius, CARD.radius, 0, 0]} perfectDrawEnabled={false} />
        <Text text="Desired changes" x={PAD} y={28} fontSize={32} fontStyle="bold" fontFamily={FONT} fill={INK} />
        <Text text={`Current canvas vs desired canvas in 5 years, field by field · live · ${changed.length} of ${rows.length} fields change`} x={PAD} y={70} width={box.w - 2 * PAD} fontSize={18} fontFamily={FONT} fill={MUTED} />
        <Rect x={PAD - 8} y={110} width={box.w - 2 * PAD + 16} height={40} fill="#f1f3f7" cornerRadius={6} perfectDrawEnabled={false} />
        {COLUMNS.map((column) => (
          <Text key={column.key} text={column.title.toUpperCase()} x={column.x} y={122} width={column.w} fontSize={15} fontStyle="bold" letterSpacing={0.6} fontFamily={FONT} fill={MUTED} />
        ))}
        {drawn.length === 0 && (
          <Text
            text={'No differences yet.\nAdd notes (or cell text) to the current and the desired canvas: every field that changes appears here, with what is added and dropped.'}
            x={PAD}
            y={180}
            width={box.w - 2 * PAD}
            fontSize={20}
            lineHeight={1.4}
            fontFamily={FONT}
            fill={MUTED}
          />
        )}
        {drawn.map(({ row, y: rowY, h }, index) => {
          const lines = cellLines(row);
          const tag = TAG_LABEL[row.tags[0] ?? ''];
          return (
            <Group key={row.field} name="canvas-diff-row" y={rowY}>
              {index % 2 === 1 && <Rect x={PAD - 8} width={box.w - 2 * PAD + 16} height={h} fill="#fafbfc" perfectDrawEnabled={false} />}
              <Rect x={PAD - 8} y={h - 1} width={box.w - 2 * PAD + 16} height={1} fill="#e4e7ee" perfectDrawEnabled={false} />
              {COLUMNS.map((column) =>
                lines[column.key].map((line, i) => (
                  <Text key={`${column.key}-${i}`} text={line.text} x={column.x} y={14 + i * LINE} width={column.w - 8} wrap="none" ellipsis fontSize={20} fontStyle={line.bold ? 'bold' : 'normal'} fontFamily={FONT} fill={line.color} perfectDrawEnabled={false} />
                )),
              )}
              {tag && (
                <Group x={COLUMNS[0].x} y={14 + LINE + 4}>
                  <Rect width={tag.text.length * 8 + 18} height={22} cornerRadius={11} fill={tag.fill} perfectDrawEnabled={false} />
                  <Text text={tag.text} width={tag.text.length * 8 + 18} height={22} align="center" verticalAlign="middle" fontSize={13} fontStyle="bold" fontFamily={FONT} fill={tag.ink} perfectDrawEnabled={false} />
                </Group>
              )}
            </Group>
          );
        })}
        {hiddenRows > 0 && <Text text={`+ ${hiddenRows} more fields change (see the side panel)`} x={PAD} y={height - 48} fontSize={15} fontFamily={FONT} fill={MUTED} />}
      </Group>
    );
  },
  (a, b) => a.json === b.json && a.box === b.box,
);
