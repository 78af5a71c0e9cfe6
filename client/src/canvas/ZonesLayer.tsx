/**
 * The board's zones (challenge columns, canvas cells, quadrants, tables ...) as labelled regions under
 * the notes. They never listen for pointer events: a click or double-click on a zone reaches the stage,
 * which treats it as the background (and a note created there lands in the zone).
 */
import { useSyncExternalStore } from 'react';
import { Text as KonvaText } from 'konva/lib/shapes/Text.js';
import { Group, Label, Layer, Rect, Tag, Text } from './konva.ts';
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

/** The smallest size, on screen, a zone title is drawn at: below it the title moves to the labels layer. */
const TITLE_SCREEN_PX = 14;
const TITLE_SIZE = 20;

/** The camera's zoom as of its last settle (level of detail changes then, not on every frame). */
function useSettledScale(controller: BoardController): number {
  return useSyncExternalStore(controller.viewChanged.subscribe, () => controller.viewport.camera.scale);
}

/** Whether zone titles at their own size are too small to read at this zoom. */
export function titlesTooSmall(scale: number): boolean {
  return TITLE_SIZE * scale < TITLE_SCREEN_PX;
}

/**
 * Zone titles when the board is zoomed out (the whole board fitted on screen): drawn above the notes, at
 * a size that stays readable on screen (up to four lines, on a light plate), so a crowded column still
 * says which challenge it is.
 */
const LINE = 1.2;
const MAX_LABEL_LINES = 4;
const measure = new KonvaText({ fontStyle: 'bold', wrap: 'word', lineHeight: LINE });

/** How many lines a label wraps to (at most MAX_LABEL_LINES; the rest ends in an ellipsis). */
function labelLines(text: string, width: number, fontSize: number, pad: number): number {
  measure.setAttrs({ text, width, fontSize, padding: pad });
  return Math.max(1, Math.min(MAX_LABEL_LINES, measure.textArr.length));
}

export function ZoneLabelsLayer({ controller }: { controller: BoardController }) {
  const zones = useSyncExternalStore(controller.zonesChanged.subscribe, () => controller.zones);
  const scale = useSettledScale(controller);
  if (!titlesTooSmall(scale)) return null;
  const fontSize = TITLE_SCREEN_PX / scale;
  const pad = 4 / scale;
  return (
    <Layer listening={false} name="zone-labels">
      {zones.map((zone) => {
        const width = Math.max(1, zone.w - 2 * pad);
        return (
          <Label key={zone.id} x={zone.x + pad} y={zone.y + pad}>
            <Tag fill="rgba(255, 255, 255, 0.88)" cornerRadius={pad} />
            <Text
              name="zone-label"
              text={label(zone)}
              width={width}
              fontSize={fontSize}
              fontStyle="bold"
              fill={TITLE_COLOR}
              wrap="word"
              ellipsis
              height={labelLines(label(zone), width, fontSize, pad) * fontSize * LINE + 2 * pad}
              lineHeight={LINE}
              padding={pad}
              perfectDrawEnabled={false}
            />
          </Label>
        );
      })}
    </Layer>
  );
}

export function ZonesLayer({ controller }: { controller: BoardController }) {
  const zones = useSyncExternalStore(controller.zonesChanged.subscribe, () => controller.zones);
  const small = titlesTooSmall(useSettledScale(controller));
  return (
    <Layer listening={false} name="zones">
      {zones.map((zone) => (
        <Group key={zone.id} x={zone.x} y={zone.y}>
          <Rect width={zone.w} height={zone.h} fill={zoneColor(zone)} stroke="#b8bdc9" strokeWidth={1} cornerRadius={6} perfectDrawEnabled={false} />
          <Text
            name="zone-title"
            visible={!small}
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
