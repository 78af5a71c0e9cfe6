/** The canvas toolbar: every button has a label and a keyboard shortcut listed in its title. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { NOTE_COLORS } from './colors.ts';
import type { BoardController } from './controller.ts';
import { downloadBoardPng } from './exportPng.ts';

/** Tidies and says what happened (a tidy that moves nothing should not look like a broken button). */
export function tidyMessage(controller: BoardController): string {
  const zones = controller.tidyTargets();
  if (zones.length === 0) return 'Nothing to tidy here: select a note in a zone, or centre the view on a zone.';
  const moved = controller.tidy(zones);
  const names = zones.map((zone) => zone.title).join(', ');
  return moved === 0 ? `${names}: already tidy.` : `${names}: ${moved} note${moved === 1 ? '' : 's'} tidied.`;
}

export function Toolbar({ controller, title }: { controller: BoardController; title: string }) {
  const { viewport } = controller;
  const selection = useSyncExternalStore(controller.selectionChanged.subscribe, () => controller.selection);
  const color = useSyncExternalStore(controller.colorChanged.subscribe, () => controller.color);
  const [scale, setScale] = useState(viewport.camera.scale);
  useEffect(() => viewport.subscribe((camera) => setScale(camera.scale)), [viewport]);
  const selectedColor = selection.size > 0 ? (controller.selectedNotes()[0]?.color ?? color) : color;
  const [tidied, setTidied] = useState<string | null>(null);
  // The outcome of a tidy stays until the selection changes (or for a while), long enough to be read.
  useEffect(() => {
    if (tidied === null) return;
    const timer = setTimeout(() => setTidied(null), 15_000);
    const stop = controller.selectionChanged.subscribe(() => setTidied(null));
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [tidied, controller]);

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
          <button type="button" aria-label="Tidy the zone" title="Tidy: pack the notes of the selected notes' zone, or of the zone in the middle of the view, into rows (T)" onClick={() => setTidied(tidyMessage(controller))}>
            Tidy
          </button>
        </>
      )}
      <span className="toolbar-message" aria-live="polite">
        {tidied}
      </span>
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
