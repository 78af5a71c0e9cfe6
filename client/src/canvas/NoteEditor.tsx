/**
 * Editing a note's text in place: a textarea laid exactly over the note. Every keystroke is written to
 * the note's Y.Text at once (updateNoteText edits only the changed span), so it reaches the others live
 * and the IndexedDB cache before a reload could lose it. A concurrent edit by someone else is merged into
 * the textarea with the caret kept where it was relative to the surrounding text.
 */
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { updateNoteText } from '../../../shared/doc/index.ts';
import { mapCaret } from './caret.ts';
import { NOTE_TEXT_COLOR } from './colors.ts';
import type { BoardController } from './controller.ts';
import { NOTE_FONT } from './NoteNode.tsx';

export function NoteEditor({ controller }: { controller: BoardController }) {
  const id = useSyncExternalStore(controller.editingChanged.subscribe, () => controller.editing);
  if (id === null) return null;
  return <Editor key={id} id={id} controller={controller} />;
}

function Editor({ id, controller }: { id: string; controller: BoardController }) {
  const { notes, viewport } = controller;
  const note = useSyncExternalStore(
    (listener) => notes.subscribeNote(id, listener),
    () => notes.get(id),
  );
  const [camera, setCamera] = useState(viewport.camera);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => viewport.subscribe((next) => setCamera(next)), [viewport]);

  useLayoutEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.value = notes.get(id)?.text ?? '';
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }, [id, notes]);

  // Someone else changed the text while we edit: take it in, keep our caret.
  useLayoutEffect(() => {
    const area = ref.current;
    if (!area || !note || area.value === note.text) return;
    const { selectionStart, selectionEnd, value } = area;
    area.value = note.text;
    area.setSelectionRange(mapCaret(value, note.text, selectionStart), mapCaret(value, note.text, selectionEnd));
  }, [note?.text, note]);

  if (!note) return null;
  const { scale } = camera;
  const at = viewport.toScreen(note.x, note.y);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    event.stopPropagation();
    if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
      event.preventDefault();
      controller.stopEditing();
      viewport.stage?.container().parentElement?.focus();
    }
  };

  return (
    <textarea
      ref={ref}
      className="note-editor"
      aria-label="Note text"
      maxLength={10_000}
      onInput={(event) => updateNoteText(controller.doc, id, event.currentTarget.value)}
      onKeyDown={onKeyDown}
      onBlur={() => controller.stopEditing()}
      style={{
        left: at.x,
        top: at.y,
        width: note.w,
        height: note.h,
        transform: `scale(${scale})`,
        transformOrigin: '0 0',
        padding: NOTE_FONT.padding,
        fontSize: NOTE_FONT.size,
        fontFamily: NOTE_FONT.family,
        lineHeight: NOTE_FONT.lineHeight,
        color: NOTE_TEXT_COLOR,
        background: note.color,
      }}
    />
  );
}
