/**
 * The board's zones (challenge columns, canvas cells, quadrants, tables ...) as labelled regions under
 * the notes. They never listen for pointer events: a click or double-click on a zone reaches the stage,
 * which treats it as the background (and a note created there lands in the zone).
 */
import { useSyncExternalStore } from 'react';
import { Group, Layer, Rect, Text } from './konva.ts';
import type { Zone } from '../../../shared/schema/zone.ts';
import type { BoardController } from './controller.ts';
import { zoneColor } from '../derived/zoneStyle.ts';

const TITLE_COLOR = '#1d2330';
const DESCRIPTION_COLOR = '#4a5263';

function label(zone: Zone): string {
  if (zone.role === 'challenge' && zone.number !== undefined) return `Challenge ${zone.number}: ${zone.title}`;
  if (zone.role === 'theme' && zone.number !== undefined) return `${zone.number}. ${zone.title}`;
  if (zone.variant === 'current') return `${zone.title} (current)`;
  if (zone.variant === 'desired') return `${zone.title} (desired, in 5 years)`;
  return zone.title;
}

export function ZonesLayer({ controller }: { controller: BoardController }) {
  const zones = useSyncExternalStore(controller.zonesChanged.subscribe, () => controller.zones);
  return (
    <Layer listening={false} name="zones">
      {zones.map((zone) => (
        <Group key={zone.id} x={zone.x} y={zone.y}>
          <Rect width={zone.w} height={zone.h} fill={zoneColor(zone)} stroke="#b8bdc9" strokeWidth={1} cornerRadius={6} perfectDrawEnabled={false} />
          <Text
            text={label(zone)}
            x={14}
            y={12}
            width={Math.max(1, zone.w - 28)}
            fontSize={20}
            fontStyle="bold"
            fill={TITLE_COLOR}
            wrap="word"
            ellipsis
            height={52}
            perfectDrawEnabled={false}
          />
          {zone.description !== '' && (
            <Text
              text={zone.description}
              x={14}
              y={64}
              width={Math.max(1, zone.w - 28)}
              height={36}
              fontSize={13}
              fill={DESCRIPTION_COLOR}
              wrap="word"
              ellipsis
              perfectDrawEnabled={false}
            />
          )}
        </Group>
      ))}
    </Layer>
  );
}
