/** The canvas toolbar: every button has a label and a keyboard shortcut listed in its title. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { NOTE_COLORS } from './colors.ts';
import type { BoardController } from './controller.ts';
import { downloadBoardPng } from './exportPng.ts';

export function Toolbar({ controller, title }: { controller: BoardController; title: string }) {
  const { viewport } = controller;
  const selection = useSyncExternalStore(controller.selectionChanged.subscribe, () => controller.selection);
  const color = useSyncExternalStore(controller.colorChanged.subscribe, () => controller.color);
  const [scale, setScale] = useState(viewport.camera.scale);
  useEffect(() => viewport.subscribe((camera) => setScale(camera.scale)), [viewport]);
  const selectedColor = selection.size > 0 ? (controller.selectedNotes()[0]?.color ?? color) : color;

  return (
    <div className="toolbar" role="toolbar" aria-label="Board tools">
      {controller.canEdit && (
        <>
          <button type="button" aria-label="Add sticky note" title="Add sticky note (N)" onClick={() => controller.createNoteInView()}>
            + Note
          </button>
          <div className="swatches" role="group" aria-label="Note colour">
            {NOTE_COLORS.map((option) => (
              <button
                key={option.value}
                type="button"
                className="swatch"
                aria-label={`Colour ${option.name}`}
                aria-pressed={selectedColor.toLowerCase() === option.value.toLowerCase()}
                title={`${option.name}${selection.size > 0 ? ' (selected notes)' : ' (new notes)'}`}
                style={{ background: option.value }}
                onClick={() => controller.setColor(option.value)}
              />
            ))}
          </div>
          <button
            type="button"
            aria-label="Delete selected notes"
            title="Delete selected notes (Delete)"
            disabled={selection.size === 0}
            onClick={() => controller.deleteSelected()}
          >
            Delete
          </button>
        </>
      )}
      <span className="toolbar-gap" />
      <button type="button" aria-label="Zoom out" title="Zoom out (-)" onClick={() => viewport.zoomCenter(1 / 1.25)}>
        −
      </button>
      <span className="zoom" aria-live="off">
        {Math.round(scale * 100)}%
      </span>
      <button type="button" aria-label="Zoom in" title="Zoom in (+)" onClick={() => viewport.zoomCenter(1.25)}>
        +
      </button>
      <button type="button" aria-label="Fit board" title="Fit the whole board (0)" onClick={() => viewport.fit(controller.contentBounds())}>
        Fit
      </button>
      <button type="button" aria-label="Export PNG" title="Download the whole board as a PNG" onClick={() => void downloadBoardPng(controller, title)}>
        PNG
      </button>
    </div>
  );
}
