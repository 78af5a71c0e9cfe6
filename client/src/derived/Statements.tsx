/** A Value Proposition Canvas row's statement, live beside the row, with the columns still empty. */
import { memo } from 'react';
import type { ValueProposition } from '../../../shared/schema/results.ts';
import { Group, Rect, Text } from '../canvas/konva.ts';
import type { Box } from './layout.ts';
import { ADDED, CARD, FONT, INK, MUTED, WARN } from './shapes.ts';

export const StatementCard = memo(
  function StatementCard({ box, proposition }: { box: Box; proposition: ValueProposition | undefined; json: string }) {
    const missing = proposition?.missing ?? [];
    const complete = proposition?.complete ?? false;
    return (
      <Group name="vpc-statement" x={box.x} y={box.y + 10} listening={false}>
        <Rect width={box.w} height={box.h - 20} fill={CARD.fill} stroke={CARD.stroke} cornerRadius={CARD.radius} shadowColor="#000" shadowOpacity={0.08} shadowBlur={10} shadowOffsetY={2} perfectDrawEnabled={false} />
        <Rect width={8} height={box.h - 20} fill={complete ? ADDED : '#d9a400'} cornerRadius={[CARD.radius, 0, 0, CARD.radius]} perfectDrawEnabled={false} />
        <Text text={`Value proposition ${proposition?.row ?? ''}`.trim()} x={30} y={20} fontSize={15} fontStyle="bold" letterSpacing={0.5} fontFamily={FONT} fill={MUTED} />
        <Text name="vpc-statement-text" text={proposition?.statement ?? ''} x={30} y={48} width={box.w - 60} height={box.h - 20 - 48 - 50} fontSize={22} lineHeight={1.35} fontFamily={FONT} fill={INK} wrap="word" ellipsis />
        <Text
          text={complete ? '✓ Every column filled in' : `Still missing: ${missing.join(', ')}`}
          x={30}
          y={box.h - 20 - 40}
          width={box.w - 60}
          wrap="none"
          ellipsis
          fontSize={16}
          fontStyle="bold"
          fontFamily={FONT}
          fill={complete ? ADDED : WARN}
        />
      </Group>
    );
  },
  (a, b) => a.json === b.json && a.box === b.box,
);
