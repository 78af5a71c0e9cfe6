/**
 * One funding-sources pie (current or desired) beside the funding tables: wedges with their
 * percentages, a legend, and a visible note about rows that were left out or shares scaled to 100%.
 */
import { memo } from 'react';
import type { FundingSplit } from '../../../shared/schema/results.ts';
import { Circle, Group, Rect, Text } from '../canvas/konva.ts';
import type { Box } from './layout.ts';
import { CARD, FONT, INK, MUTED, WARN, Wedge } from './shapes.ts';

type Split = FundingSplit['splits'][number];

export const FundingPie = memo(
  function FundingPie({ box, split }: { box: Box; split: Split; json: string }) {
    const radius = Math.min(150, (box.h - 150) / 2);
    const cx = 32 + radius;
    const cy = 96 + radius;
    let angle = -90;
    const wedges = split.slices.map((slice) => {
      const sweep = (slice.percent / 100) * 360;
      const start = angle;
      angle += sweep;
      return { slice, start, sweep };
    });
    const legendX = cx + radius + 40;
    const legendW = box.w - legendX - 28;
    const notes: string[] = [];
    if (split.normalised) notes.push(`The shares add up to ${Math.round(split.total)}%: scaled down to 100%.`);
    if (split.ignored.length > 0) {
      const list = split.ignored.map((row) => `${row.source || 'a row'} ("${row.share.trim() || 'empty'}")`).join(', ');
      notes.push(`Left out, share is not a number: ${list}.`);
    }
    const title = split.variant === 'current' ? 'Current funding split' : split.variant === 'desired' ? 'Desired funding split' : split.title;
    return (
      <Group name="funding-pie" x={box.x} y={box.y} listening={false}>
        <Rect width={box.w} height={box.h} fill={CARD.fill} stroke={CARD.stroke} cornerRadius={CARD.radius} shadowColor="#000" shadowOpacity={0.08} shadowBlur={12} shadowOffsetY={3} perfectDrawEnabled={false} />
        <Rect width={box.w} height={8} fill={split.variant === 'desired' ? '#2e9d5b' : '#2f6fd6'} cornerRadius={[CARD.radius, CARD.radius, 0, 0]} perfectDrawEnabled={false} />
        <Text text={title} x={28} y={26} fontSize={26} fontStyle="bold" fontFamily={FONT} fill={INK} />
        <Text text={`From the "${split.title}" table · live`} x={28} y={62} fontSize={16} fontFamily={FONT} fill={MUTED} />
        {wedges.length === 0 ? (
          <>
            <Circle x={cx} y={cy} radius={radius} stroke="#c9ced8" strokeWidth={2} dash={[10, 6]} perfectDrawEnabled={false} />
            <Text text={'No shares yet.\nAdd rows with a source and a share (%).'} x={cx - radius + 20} y={cy - 22} width={2 * radius - 40} align="center" fontSize={15} lineHeight={1.4} fontFamily={FONT} fill={MUTED} />
          </>
        ) : (
          wedges.map(({ slice, start, sweep }) => (
            <Wedge key={slice.source} name="funding-wedge" x={cx} y={cy} radius={radius} angle={Math.max(0.01, sweep)} rotation={start} fill={slice.color} stroke="#fff" strokeWidth={2} perfectDrawEnabled={false} />
          ))
        )}
        {wedges.map(({ slice, start, sweep }) => {
          if (slice.rounded < 6) return null;
          const mid = ((start + sweep / 2) * Math.PI) / 180;
          return (
            <Text
              key={`label-${slice.source}`}
              text={`${slice.rounded}%`}
              x={cx + Math.cos(mid) * radius * 0.62 - 30}
              y={cy + Math.sin(mid) * radius * 0.62 - 10}
              width={60}
              align="center"
              fontSize={18}
              fontStyle="bold"
              fontFamily={FONT}
              fill={slice.category === 'unallocated' ? INK : '#fff'}
            />
          );
        })}
        {split.slices.map((slice, i) => (
          <Group key={`legend-${slice.source}`} name="funding-legend" x={legendX} y={cy - (split.slices.length * 36) / 2 + i * 36}>
            <Rect width={20} height={20} y={1} cornerRadius={4} fill={slice.color} perfectDrawEnabled={false} />
            <Text text={slice.source} x={32} width={legendW - 92} wrap="none" ellipsis fontSize={19} fontFamily={FONT} fill={INK} />
            <Text text={`${slice.rounded}%`} x={legendW - 56} width={56} align="right" fontSize={19} fontStyle="bold" fontFamily={FONT} fill={INK} />
          </Group>
        ))}
        {notes.length > 0 && (
          <Text name="funding-hint" text={`⚠ ${notes.join(' ')}`} x={28} y={box.h - 58} width={box.w - 56} height={48} fontSize={16} lineHeight={1.3} fontFamily={FONT} fill={WARN} ellipsis />
        )}
      </Group>
    );
  },
  (a, b) => a.json === b.json && a.box === b.box,
);
