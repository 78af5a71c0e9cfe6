/**
 * The side panel: your name, a form that adds a note without the canvas, and the board's notes as a
 * list (the accessible view of the board for screen readers and keyboard users). Picking a note in the
 * list selects it on the canvas, brings it into view and moves focus there, where Enter edits it, the
 * arrows move it and Delete removes it. Each row subscribes to its own note only.
 */
import { memo, useCallback, useDeferredValue, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import type { Note } from '../../../shared/schema/note.ts';
import { afterTyping } from '../sync/textOnly.ts';
import { sameExceptText } from '../sync/noteStore.ts';
import { displayName } from '../sync/names.ts';
import { colorName } from '../canvas/colors.ts';
import type { BoardController } from '../canvas/controller.ts';
import { listedText, NoteBadges, useNoteDecor } from '../derived/NoteBadges.tsx';
import { voting } from '../sync/voting.ts';

export function NamePicker({ name, onName }: { name: string; onName: (name: string) => void }) {
  return (
    <label className="name-picker">
      Your name
      <input value={name} maxLength={80} placeholder="Anonymous" onChange={(e) => onName(e.target.value)} />
    </label>
  );
}

function QuickAdd({ controller }: { controller: BoardController }) {
  const [text, setText] = useState('');
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    controller.createNoteInView(trimmed);
    setText('');
  }
  return (
    <form className="quick-add" onSubmit={onSubmit}>
      <label>
        New sticky note
        <input value={text} maxLength={500} placeholder="An idea, a root cause…" onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit">Add note</button>
    </form>
  );
}

/**
 * A note as the list shows it: at once when it moves, changes colour or status, or when this page types
 * into it, but its text while somebody else types into it at most once a second, on the shared typing
 * clock (textOnly.ts: every row somebody typed into catches up in the same frame). The canvas shows every
 * keystroke; the list is its accessible twin and need not re-render per key.
 */
function useListedNote(controller: BoardController, id: string): Note | undefined {
  const shown = useRef<Note | undefined>(controller.notes.get(id));
  const subscribe = useCallback(
    (listener: () => void) => {
      let pending: (() => void) | null = null;
      const show = (): void => {
        pending?.();
        pending = null;
        shown.current = controller.notes.get(id);
        listener();
      };
      const stop = controller.notes.subscribeNote(id, () => {
        const next = controller.notes.get(id);
        const before = shown.current;
        // Someone else typing; the note this page is editing follows every key.
        const typing = controller.editing !== id && next !== undefined && before !== undefined && next.text !== before.text && sameExceptText(next, before);
        if (!typing) show();
        else pending ??= afterTyping(show);
      });
      return () => {
        stop();
        pending?.();
      };
    },
    [controller, id],
  );
  return useSyncExternalStore(subscribe, () => shown.current);
}

const NoteRow = memo(function NoteRow({ id, controller, onPick }: { id: string; controller: BoardController; onPick: (id: string) => void }) {
  const note = useListedNote(controller, id);
  const selected = useSyncExternalStore(controller.selectionChanged.subscribe, () => controller.selection.has(id));
  const decor = useNoteDecor(id);
  // The dots the canvas draws, in words: this person's own until the reveal, everybody's after it.
  const [count, mine] = useSyncExternalStore(voting.subscribe, () => voting.dotsFor(id)).split(':').map(Number) as [number, number];
  const revealed = useSyncExternalStore(voting.subscribe, () => voting.state.revealed);
  if (!note) return null;
  const dots = revealed ? `${count} ${count === 1 ? 'dot' : 'dots'}${mine ? ', one of them yours' : ''}` : mine ? 'your dot' : '';
  return (
    <li className={`note${selected ? ' note-selected' : ''}`} style={{ background: note.color }} data-selected={decor.winner ?? undefined} data-votes={count}>
      <button type="button" className="note-pick" aria-pressed={selected} title={`${colorName(note.color)} note: show it on the board (Shift: add it to the selection)`} onClick={(event) => (event.shiftKey ? controller.toggle(id) : onPick(id))}>
        <span className="note-text">{listedText(note, decor)}</span>
        {note.author && <span className="note-author">{displayName(note.author)}</span>}
        {dots && <span className="note-dots">● {dots}</span>}
      </button>
      <NoteBadges note={note} decor={decor} controller={controller} />
    </li>
  );
});

const NO_IDS: readonly string[] = [];

export function NotesList({ controller, onPick }: { controller: BoardController; onPick: (id: string) => void }) {
  const latest = useSyncExternalStore(
    useCallback((listener: () => void) => controller.notes.subscribeList(listener), [controller]),
    () => controller.notes.ids(),
  );
  // A big board's list renders after the canvas has drawn, in the background, never delaying it: even
  // on the first render (the notes may all be there already), which starts from an empty list.
  const ids = useDeferredValue(latest, NO_IDS);
  return (
    <section aria-label="Sticky notes" className="notes-section">
      <h2>
        Sticky notes <span className="count">{latest.length}</span>
      </h2>
      {ids.length === 0 ? (
        latest.length === 0 && <p className="muted">No notes yet.</p>
      ) : (
        <ul className="notes" data-testid="notes">
          {ids.map((id) => (
            <NoteRow key={id} id={id} controller={controller} onPick={onPick} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function NotesPanel({ controller, onPick }: { controller: BoardController; onPick: (id: string) => void }) {
  return (
    <>
      {controller.canEdit && <QuickAdd controller={controller} />}
      <NotesList controller={controller} onPick={onPick} />
    </>
  );
}
