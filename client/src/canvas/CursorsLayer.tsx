/** Others' pointers with their names, drawn at a constant screen size whatever the zoom. */
import { useEffect, useState } from 'react';
import { Group, Label, Layer, Path, Tag, Text } from './konva.ts';
import type { Presence } from '../sync/presence.ts';
import type { Viewport } from './viewport.ts';

const ARROW = 'M0 0 L0 16 L4.5 12 L8 19 L11 17.6 L7.6 11 L13 11 Z';

export function CursorsLayer({ others, viewport }: { others: readonly Presence[]; viewport: Viewport }) {
  const [scale, setScale] = useState(viewport.camera.scale);
  useEffect(() => viewport.subscribe((camera) => setScale(camera.scale)), [viewport]);
  const inverse = 1 / scale;
  // Nobody else's pointer on the board, no layer (a stage-sized canvas less to allocate and composite).
  if (!others.some((other) => other.cursor)) return null;
  return (
    <Layer listening={false} name="cursors">
      {others.map((other) =>
        other.cursor ? (
          <Group key={other.clientId} x={other.cursor.x} y={other.cursor.y} scaleX={inverse} scaleY={inverse}>
            <Path data={ARROW} fill={other.user.color} stroke="#ffffff" strokeWidth={1} />
            <Label x={12} y={18}>
              <Tag fill={other.user.color} cornerRadius={4} />
              <Text text={other.user.name} fontSize={12} padding={4} fill="#ffffff" />
            </Label>
          </Group>
        ) : null,
      )}
    </Layer>
  );
}
