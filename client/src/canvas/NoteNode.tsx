/**
 * One sticky note on the canvas: a light Konva group (a rectangle and two texts; only the rectangle
 * listens for pointer events). It subscribes to its own note in the store, so a change elsewhere on the
 * board does not render it, and its text separately (NoteText), so a keystroke renders only the text. Its position is set on the Konva node directly, never while it is being
 * dragged, so that a throttled write coming back from the doc cannot make it jump under the pointer.
 */
import type Konva from 'konva';
import { displayName } from '../sync/names.ts';
import { voting } from '../sync/voting.ts';
import { memo, useCallback, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { Circle, Group, Rect, Text } from './konva.ts';
import { NOTE_AUTHOR_COLOR, NOTE_TEXT_COLOR } from './colors.ts';
import type { BoardController } from './controller.ts';
import { NoteDecorations } from '../derived/NoteDecorations.tsx';

const PADDING = 10;
const FONT_SIZE = 16;
const AUTHOR_SIZE = 11;
const LIVE_WRITE_MS = 80;

export const NOTE_FONT = { padding: PADDING, size: FONT_SIZE, family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', lineHeight: 1.25 } as const;

type DragState = { startX: number; startY: number; others: { id: string; x: number; y: number }[]; lastWrite: number };

/**
 * The note's text on the canvas, subscribed on its own: a keystroke (someone typing) renders this one
 * Konva text and nothing else of the note, and a note drawn without its text (zoomed out) renders nothing.
 */
function NoteText({ id, controller, w, h }: { id: string; controller: BoardController; w: number; h: number }) {
  const { notes } = controller;
  const text = useSyncExternalStore(
    useCallback((listener: () => void) => notes.subscribeNote(id, listener), [notes, id]),
    () => notes.get(id)?.text ?? '',
  );
  return (
    <Text
      name="note-text"
      text={text}
      x={PADDING}
      y={PADDING}
      width={Math.max(1, w - 2 * PADDING)}
      height={Math.max(1, h - 2 * PADDING - AUTHOR_SIZE - 2)}
      fontSize={FONT_SIZE}
      fontFamily={NOTE_FONT.family}
      lineHeight={NOTE_FONT.lineHeight}
      fill={NOTE_TEXT_COLOR}
      wrap="word"
      ellipsis
      listening={false}
      perfectDrawEnabled={false}
    />
  );
}

function NoteNodeImpl({ id, controller }: { id: string; controller: BoardController }) {
  const { notes } = controller;
  // Everything but the text (NoteText above): the card does not render for keystrokes.
  const note = useSyncExternalStore(
    useCallback((listener: () => void) => notes.subscribeNote(id, listener), [notes, id]),
    () => notes.shape(id),
  );
  const drag = useRef<DragState | null>(null);
  const selected = useSyncExternalStore(controller.selectionChanged.subscribe, () => controller.selection.has(id));
  const editing = useSyncExternalStore(controller.editingChanged.subscribe, () => controller.editing === id);
  const showText = useSyncExternalStore(controller.viewChanged.subscribe, () =>
    note ? controller.showsText(note) || drag.current !== null : false,
  );
  const groupRef = useRef<Konva.Group>(null);

  useLayoutEffect(() => {
    const group = groupRef.current;
    if (!group) return;
    controller.nodes.set(id, group);
    return () => {
      if (controller.nodes.get(id) === group) controller.nodes.delete(id);
    };
  }, [controller, id]);

  useLayoutEffect(() => {
    const group = groupRef.current;
    if (!group || !note || drag.current || group.isDragging()) return;
    const visible = controller.isVisible(note);
    if (group.x() !== note.x || group.y() !== note.y || group.visible() !== visible) {
      group.position({ x: note.x, y: note.y });
      group.visible(visible);
      group.getLayer()?.batchDraw();
    }
  }, [note?.x, note?.y, note?.w, note?.h, note, controller]);

  // Before the early return: a hook called only for notes that exist would change the hook order when one is deleted.
  const dots = useSyncExternalStore(voting.subscribe, () => voting.dotsFor(id));
  const [dotCount, myDot] = dots.split(':').map(Number) as [number, number];

  if (!note) return null;

  const onDragStart = (event: Konva.KonvaEventObject<DragEvent>) => {
    event.cancelBubble = true;
    if (!controller.selection.has(id)) controller.select(event.evt.shiftKey ? [...controller.selection, id] : [id]);
    const others = [...controller.selection]
      .filter((other) => other !== id)
      .map((other) => controller.notes.get(other))
      .filter((other) => other !== undefined)
      .map((other) => ({ id: other.id, x: other.x, y: other.y }));
    drag.current = { startX: note.x, startY: note.y, others, lastWrite: 0 };
  };

  const onDragMove = (event: Konva.KonvaEventObject<DragEvent>) => {
    event.cancelBubble = true;
    const state = drag.current;
    const group = groupRef.current;
    if (!state || !group) return;
    const dx = group.x() - state.startX;
    const dy = group.y() - state.startY;
    for (const other of state.others) controller.nodes.get(other.id)?.position({ x: other.x + dx, y: other.y + dy });
    const now = performance.now();
    if (now - state.lastWrite >= LIVE_WRITE_MS) {
      state.lastWrite = now;
      controller.doc.transact(() => {
        controller.moveLive(id, group.x(), group.y());
        for (const other of state.others) controller.moveLive(other.id, other.x + dx, other.y + dy);
      });
    }
  };

  const onDragEnd = (event: Konva.KonvaEventObject<DragEvent>) => {
    event.cancelBubble = true;
    const state = drag.current;
    const group = groupRef.current;
    drag.current = null;
    if (!state || !group) return;
    const dx = group.x() - state.startX;
    const dy = group.y() - state.startY;
    controller.doc.transact(() => {
      const landed = controller.drop(id, group.x(), group.y());
      if (landed) group.position({ x: landed.x, y: landed.y });
      for (const other of state.others) {
        const at = controller.drop(other.id, other.x + dx, other.y + dy);
        if (at) controller.nodes.get(other.id)?.position({ x: at.x, y: at.y });
      }
    });
    group.getLayer()?.batchDraw();
  };


  const onClick = (event: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    event.cancelBubble = true;
    if (voting.state.active) {
      // While voting is open a click places a dot, and takes it back on the second click.
      voting.toggle(id);
      return;
    }
    if (event.evt.shiftKey) controller.toggle(id);
    else if (!(controller.selection.size === 1 && selected)) controller.select([id]);
  };

  const onDblClick = (event: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    event.cancelBubble = true;
    // While voting, two quick clicks are a dot and its taking back, not an edit.
    if (voting.state.active) return;
    controller.select([id]);
    controller.startEditing(id);
  };

  return (
    <Group
      ref={groupRef}
      id={id}
      name="note"
      draggable={controller.canEdit && !editing}
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
      onClick={onClick}
      onTap={onClick}
      onDblClick={onDblClick}
      onDblTap={onDblClick}
    >
      <Rect
        width={note.w}
        height={note.h}
        fill={note.color}
        stroke={selected ? '#1f5fbf' : showText ? '#00000026' : undefined}
        strokeWidth={selected ? 3 : 1}
        strokeScaleEnabled={false}
        perfectDrawEnabled={false}
      />
      {!editing && showText && <NoteText id={id} controller={controller} w={note.w} h={note.h} />}
      {Array.from({ length: Math.min(dotCount, 12) }, (_, i) => (
        <Circle
          key={i}
          name="vote-dot"
          x={note.w - 10 - (i % 6) * 14}
          y={10 + Math.floor(i / 6) * 14}
          radius={5}
          fill={i === 0 && myDot ? '#c62828' : '#1d2330'}
          listening={false}
          perfectDrawEnabled={false}
        />
      ))}
      {note.author !== '' && showText && (
        <Text
          text={displayName(note.author)}
          x={PADDING}
          y={note.h - PADDING - AUTHOR_SIZE}
          width={Math.max(1, note.w - 2 * PADDING)}
          fontSize={AUTHOR_SIZE}
          fontFamily={NOTE_FONT.family}
          fill={NOTE_AUTHOR_COLOR}
          wrap="none"
          ellipsis
          listening={false}
          perfectDrawEnabled={false}
        />
      )}
      <NoteDecorations note={note} controller={controller} />
    </Group>
  );
}

export const NoteNode = memo(NoteNodeImpl);
