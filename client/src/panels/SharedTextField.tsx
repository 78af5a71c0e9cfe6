/**
 * A textarea bound to a challenge's collaborative text (root causes or details), edited by several
 * people at once: each input is written as the span it changed (editChallengeText), and someone else's
 * edit is merged into the textarea at once with this person's caret and selection carried through the
 * edit's delta (or, when the whole text was replaced, through the one changed span, as the note editor
 * does). Read-only, with the reason, when the phase or a lock closes it.
 */
import { useLayoutEffect, useRef } from 'react';
import * as Y from 'yjs';
import { editChallengeText, watchChallengeText, type ChallengeTextKind } from '../../../shared/doc/board-doc.ts';
import { mapCaret } from '../canvas/caret.ts';
import { mapThroughDelta } from './caretDelta.ts';

/** The origin of this page's own edits, so that their echo is told apart from others' edits. */
const LOCAL = Symbol('local text edit');

export type SharedTextFieldProps = {
  doc: Y.Doc;
  kind: ChallengeTextKind;
  challenge: string;
  label: string;
  /** The accessible name when the visible label repeats across challenges. */
  name: string;
  placeholder: string;
  writable: boolean;
  reason: string | null;
  rows?: number;
};

export function SharedTextField({ doc, kind, challenge, label, name, placeholder, writable, reason, rows = 4 }: SharedTextFieldProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  /** What the Y.Text held when the textarea last matched it: the "before" of the next local edit. */
  const synced = useRef('');

  useLayoutEffect(() => {
    const area = ref.current;
    if (!area) return;
    return watchChallengeText(doc, kind, challenge, ({ text, delta, origin }) => {
      if (origin === LOCAL || text === area.value) {
        synced.current = text;
        return;
      }
      const before = area.value;
      const focused = document.activeElement === area;
      const { selectionStart, selectionEnd, selectionDirection } = area;
      area.value = text;
      synced.current = text;
      if (!focused) return;
      const map = (at: number) => (delta.length > 0 ? mapThroughDelta(delta, at) : mapCaret(before, text, at));
      area.setSelectionRange(map(selectionStart), map(selectionEnd), selectionDirection);
    });
  }, [doc, kind, challenge]);

  const reasonId = `${kind}-${challenge}-reason`;
  return (
    <div className="shared-text">
      <label>
        <span className="shared-text-label">{label}</span>
        <textarea
          ref={ref}
          aria-label={name}
          aria-describedby={reason ? reasonId : undefined}
          rows={rows}
          maxLength={20_000}
          placeholder={writable ? placeholder : ''}
          readOnly={!writable}
          data-testid={`${kind}-${challenge}`}
          onInput={(event) => {
            const after = event.currentTarget.value;
            editChallengeText(doc, kind, challenge, synced.current, after, LOCAL);
            synced.current = after;
          }}
        />
      </label>
      {reason && (
        <p id={reasonId} className="shared-text-reason">
          <span className="shared-text-lock">Read-only</span> {reason}
        </p>
      )}
    </div>
  );
}
