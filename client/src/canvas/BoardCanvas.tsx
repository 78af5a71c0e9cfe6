/**
 * The board: a Konva stage with three layers (zones, notes, and an overlay for the selection handles,
 * the rubber band and others' cursors) plus the HTML textarea that edits a note in place. Dragging the
 * background pans, shift-dragging it selects with a rubber band, the wheel pans and ctrl/cmd + wheel (a
 * trackpad pinch) zooms, two fingers pinch-zoom, double-click creates a note. Keyboard: see KEYS in
 * keyboard.ts. The camera lives on the stage itself (viewport.ts), so panning never renders React.
 */
import type Konva from 'konva';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Layer, Rect, Stage, Transformer } from './konva.ts';
import { NOTE_DEFAULTS } from '../../../shared/schema/note.ts';
import type { Presence } from '../sync/presence.ts';
import type { BoardController } from './controller.ts';
import { CursorsLayer } from './CursorsLayer.tsx';
import { useBoardKeys } from './keyboard.ts';
import { NoteEditor } from './NoteEditor.tsx';
import { NoteNode } from './NoteNode.tsx';
import { ZoneLabelsLayer, ZonesLayer } from './ZonesLayer.tsx';
import { TablesLayer } from '../tables/TablesLayer.tsx';
import { DerivedLayer } from '../derived/DerivedLayer.tsx';

type Band = { x0: number; y0: number; x1: number; y1: number };

export type BoardCanvasProps = {
  controller: BoardController;
  others: readonly Presence[];
  /** Pointer position in board coordinates (null when the pointer leaves), for the others' cursors. */
  onPointer: (at: { x: number; y: number } | null) => void;
};

/**
 * Only the notes near the view are mounted (the rest of a big board costs nothing until the camera comes
 * close); the set is re-derived when the camera settles, when notes are added or deleted, and when a
 * note moves in or out of the area.
 */
function NotesLayer({ controller }: { controller: BoardController }) {
  const [ids, setIds] = useState<readonly string[]>([]);
  useEffect(() => {
    const { notes } = controller;
    let mounted = new Set<string>();
    const recompute = (): void => {
      const next = notes.ids().filter((id) => {
        const note = notes.get(id);
        return note !== undefined && (controller.isNear(note) || controller.selection.has(id));
      });
      mounted = new Set(next);
      setIds(next);
    };
    recompute();
    const stops = [
      notes.subscribeList(recompute),
      controller.viewChanged.subscribe(recompute),
      notes.subscribeChanges((touched) => {
        for (const id of touched) {
          const note = notes.get(id);
          if (note && mounted.has(id) !== controller.isNear(note)) return recompute();
        }
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }, [controller]);
  if (ids.length > 0 && performance.getEntriesByName('plenary:notes-render').length === 0) performance.mark('plenary:notes-render');
  const layerRef = useRef<Konva.Layer>(null);
  useEffect(() => {
    // Marks the first frame that shows notes, for the client benchmark (tests/bench/client.bench.ts).
    const layer = layerRef.current;
    if (!layer) return;
    let marked = false;
    const onDraw = (): void => {
      // Only a frame with notes in it: the store may be full before the first notes are mounted.
      if (marked || controller.notes.size === 0 || !layer.getChildren().some((node) => node.visible())) return;
      marked = true;
      performance.mark('plenary:first-notes-frame', { detail: { notes: controller.notes.size } });
    };
    layer.on('draw.mark', onDraw);
    return () => {
      layer.off('draw.mark');
    };
  }, [controller]);
  // Created not listening: the stage's first camera (attach, sizing) stops hit-testing until the camera
  // settles anyway (controller.onCamera), and a listening layer would allocate its stage-sized hit canvas
  // first, on the way to a big board's first frame, only to release it. The settle turns it on.
  return (
    <Layer ref={layerRef} name="notes" listening={false}>
      {ids.map((id) => (
        <NoteNode key={id} id={id} controller={controller} />
      ))}
    </Layer>
  );
}

/** The one note that gets resize handles: selected alone and not being edited, by someone who may edit. */
function useHandled(controller: BoardController): string | undefined {
  const selection = useSyncExternalStore(controller.selectionChanged.subscribe, () => controller.selection);
  const editing = useSyncExternalStore(controller.editingChanged.subscribe, () => controller.editing);
  return controller.canEdit && selection.size === 1 && editing === null ? [...selection][0] : undefined;
}

/**
 * The selection handles and the rubber band, in a layer that exists only while one of them is shown:
 * every layer is a stage-sized canvas, and this one a hit canvas too, which the browser allocates and
 * composites (10-40 ms each before a big board's first frame on a loaded machine, BENCHMARKS.md).
 */
function OverlayLayer({ controller, band }: { controller: BoardController; band: Band | null }) {
  const single = useHandled(controller);
  if (single === undefined && band === null) return null;
  return (
    <Layer name="overlay">
      {single !== undefined && <SelectionHandles controller={controller} single={single} />}
      {band && (
        <Rect
          x={Math.min(band.x0, band.x1)}
          y={Math.min(band.y0, band.y1)}
          width={Math.abs(band.x1 - band.x0)}
          height={Math.abs(band.y1 - band.y0)}
          fill="#1f5fbf22"
          stroke="#1f5fbf"
          strokeWidth={1}
          strokeScaleEnabled={false}
          listening={false}
        />
      )}
    </Layer>
  );
}

/** A note is never resized below 40 x 40 by its handles. Defined once: a new function on each render would make the transformer redraw its layer. */
const keepMinimumSize = <B extends { width: number; height: number }>(old: B, next: B): B => (next.width < 40 || next.height < 40 ? old : next);

function SelectionHandles({ controller, single }: { controller: BoardController; single: string }) {
  const ids = useSyncExternalStore(
    useCallback((listener: () => void) => controller.notes.subscribeList(listener), [controller]),
    () => controller.notes.ids(),
  );
  const ref = useRef<Konva.Transformer>(null);

  useEffect(() => {
    const transformer = ref.current;
    if (!transformer) return;
    const node = controller.nodes.get(single);
    transformer.nodes(node ? [node] : []);
    transformer.getLayer()?.batchDraw();
  }, [single, controller, ids]);

  const onTransformEnd = () => {
    const node = ref.current?.nodes()[0];
    const note = controller.notes.get(single);
    if (!node || !note) return;
    const w = note.w * node.scaleX();
    const h = note.h * node.scaleY();
    node.scale({ x: 1, y: 1 });
    controller.resize(note.id, { x: node.x(), y: node.y(), w, h });
  };

  return (
    <Transformer
      ref={ref}
      rotateEnabled={false}
      flipEnabled={false}
      keepRatio={false}
      ignoreStroke
      anchorSize={10}
      borderStroke="#1f5fbf"
      anchorStroke="#1f5fbf"
      boundBoxFunc={keepMinimumSize}
      onTransformEnd={onTransformEnd}
    />
  );
}

export function BoardCanvas({ controller, others, onPointer }: BoardCanvasProps) {
  const { viewport } = controller;
  const wrapRef = useRef<HTMLDivElement>(null);
  // Measured before the stage first renders: every layer's canvases are allocated once, at their size.
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [band, setBand] = useState<Band | null>(null);
  const bandRef = useRef<Band | null>(null);
  const pinch = useRef<{ distance: number } | null>(null);

  useLayoutEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const observer = new ResizeObserver(() => setSize({ width: wrap.clientWidth, height: wrap.clientHeight }));
    observer.observe(wrap);
    setSize({ width: wrap.clientWidth, height: wrap.clientHeight });
    // Before Konva sees a press (its listeners sit on the stage's own element, inside this one).
    const press = (): void => controller.settleNow();
    wrap.addEventListener('pointerdown', press, { capture: true });
    wrap.addEventListener('touchstart', press, { capture: true, passive: true });
    return () => {
      observer.disconnect();
      wrap.removeEventListener('pointerdown', press, { capture: true });
      wrap.removeEventListener('touchstart', press, { capture: true });
    };
  }, [controller]);

  useEffect(() => controller.onCamera(), [controller, size]);

  const stageRef = useCallback((stage: Konva.Stage | null) => viewport.attach(stage), [viewport]);

  useBoardKeys(controller, wrapRef);

  const boardPointer = (stage: Konva.Stage): { x: number; y: number } | null => {
    const pointer = stage.getPointerPosition();
    return pointer ? viewport.toBoard(pointer.x, pointer.y) : null;
  };

  const onMouseDown = (event: Konva.KonvaEventObject<MouseEvent>) => {
    const stage = event.target.getStage();
    wrapRef.current?.focus({ preventScroll: true });
    if (!stage || event.target !== stage) return;
    if (event.evt.shiftKey && event.evt.button === 0) {
      stage.stopDrag();
      stage.draggable(false);
      const at = boardPointer(stage);
      if (at) {
        bandRef.current = { x0: at.x, y0: at.y, x1: at.x, y1: at.y };
        setBand(bandRef.current);
      }
    }
  };

  const onMouseMove = (event: Konva.KonvaEventObject<MouseEvent>) => {
    const stage = event.target.getStage();
    if (!stage) return;
    const at = boardPointer(stage);
    onPointer(at);
    if (bandRef.current && at) {
      bandRef.current = { ...bandRef.current, x1: at.x, y1: at.y };
      setBand(bandRef.current);
    }
  };

  const onMouseUp = (event: Konva.KonvaEventObject<MouseEvent>) => {
    const stage = event.target.getStage();
    stage?.draggable(true);
    const current = bandRef.current;
    if (!current) return;
    bandRef.current = null;
    setBand(null);
    const x0 = Math.min(current.x0, current.x1);
    const x1 = Math.max(current.x0, current.x1);
    const y0 = Math.min(current.y0, current.y1);
    const y1 = Math.max(current.y0, current.y1);
    const hit: string[] = [];
    for (const note of controller.notes.all()) {
      if (note.x < x1 && note.x + note.w > x0 && note.y < y1 && note.y + note.h > y0) hit.push(note.id);
    }
    controller.select([...controller.selection, ...hit]);
  };

  const onClick = (event: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    if (event.target !== event.target.getStage() || event.evt.shiftKey) return;
    controller.stopEditing();
    controller.select([]);
  };

  const onDblClick = (event: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    const stage = event.target.getStage();
    if (!stage || event.target !== stage || !controller.canEdit) return;
    const at = boardPointer(stage);
    if (at) controller.createNoteAt(at.x - NOTE_DEFAULTS.w / 2, at.y - NOTE_DEFAULTS.h / 2);
  };

  const onWheel = (event: Konva.KonvaEventObject<WheelEvent>) => {
    event.evt.preventDefault();
    const stage = event.target.getStage();
    const pointer = stage?.getPointerPosition();
    const { deltaX, deltaY, ctrlKey, metaKey } = event.evt;
    if ((ctrlKey || metaKey) && pointer) viewport.zoomAt(Math.exp(-deltaY * 0.01), pointer.x, pointer.y);
    else viewport.panBy(-deltaX, -deltaY);
  };

  const onTouchMove = (event: Konva.KonvaEventObject<TouchEvent>) => {
    const touches = event.evt.touches;
    const a = touches[0];
    const b = touches[1];
    if (touches.length !== 2 || !a || !b) {
      pinch.current = null;
      return;
    }
    event.evt.preventDefault();
    const stage = event.target.getStage();
    stage?.stopDrag();
    const rect = wrapRef.current?.getBoundingClientRect();
    const distance = Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
    const cx = (a.clientX + b.clientX) / 2 - (rect?.left ?? 0);
    const cy = (a.clientY + b.clientY) / 2 - (rect?.top ?? 0);
    if (pinch.current && pinch.current.distance > 0) viewport.zoomAt(distance / pinch.current.distance, cx, cy);
    pinch.current = { distance };
  };

  return (
    <div
      ref={wrapRef}
      className="board-canvas"
      tabIndex={0}
      role="application"
      aria-label={
        controller.canEdit
          ? 'Board canvas. N adds a note, T tidies the zone, Enter edits the selected note, arrow keys move it, Alt and arrow keys resize it, Delete removes it, plus and minus zoom, 0 fits the board.'
          : 'Board canvas, view only. Arrow keys pan, plus and minus zoom, 0 fits the board.'
      }
      data-testid="board-canvas"
    >
      {size && (
        <Stage
          ref={stageRef}
          width={size.width}
          height={size.height}
          draggable
          onMouseDown={onMouseDown}
          onMouseMove={onMouseMove}
          onMouseUp={onMouseUp}
          onMouseLeave={() => onPointer(null)}
          onClick={onClick}
          onTap={onClick}
          onDblClick={onDblClick}
          onDblTap={onDblClick}
          onWheel={onWheel}
          onTouchMove={onTouchMove}
          onTouchEnd={() => (pinch.current = null)}
          onDragMove={(event) => {
            if (event.target === event.target.getStage()) viewport.syncFromStage();
          }}
          onDragEnd={(event) => {
            if (event.target === event.target.getStage()) viewport.syncFromStage();
          }}
        >
          <ZonesLayer controller={controller} />
          <TablesLayer controller={controller} />
          <DerivedLayer controller={controller} />
          <NotesLayer controller={controller} />
          <ZoneLabelsLayer controller={controller} />
          <OverlayLayer controller={controller} band={band} />
          <CursorsLayer others={others} viewport={viewport} />
        </Stage>
      )}
      <NoteEditor controller={controller} />
    </div>
  );
}
