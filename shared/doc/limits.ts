/**
 * Size limits of a board's texts, checked on write (the server's write policy) and not only on read:
 * readBoard drops a note text over NOTE_TEXT_MAX, but a document that holds one still costs every joiner
 * its bytes. `oversized` looks at what one transaction touched, plus everything it created (new notes
 * with their texts are not in `transaction.changed`: only the map they were put into is), so it costs the
 * size of the change, not of the board.
 */
import * as Y from 'yjs';
import { LongText, ShortText } from '../schema/common.ts';
import { NOTE_TEXT_MAX } from '../schema/note.ts';
import { BOARD_MAPS } from './layout.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its shared types with YEvent<any>.
type AnyType = Y.AbstractType<any>;

export const TEXT_LIMITS = {
  note: NOTE_TEXT_MAX,
  /** Board titles and other short labels. */
  title: ShortText.maxLength ?? 500,
  /** Root causes, details, plan cells, canvas cells: everything else. */
  long: LongText.maxLength ?? 20_000,
  /** One plain value (a number, a record) as JSON. */
  valueBytes: 64 * 1024,
} as const;

function limitOf(type: AnyType, key: string | null, doc: Y.Doc): number {
  const parent = type._item?.parent as AnyType | undefined;
  if (type === doc.share.get(BOARD_MAPS.meta) && key === 'title') return TEXT_LIMITS.title;
  // A note's Y.Text sits under the key 'text' of a note map, itself directly under `notes`.
  if (key === 'text' && parent === doc.share.get(BOARD_MAPS.notes)) return TEXT_LIMITS.note;
  return TEXT_LIMITS.long;
}

/** What is too long in the transaction's result, or null. */
export function oversized(doc: Y.Doc, transaction: Y.Transaction): string | null {
  for (const [type, keys] of transaction.changed) {
    if (type instanceof Y.Text) {
      const limit = type._item ? limitOf(type._item.parent as AnyType, type._item.parentSub, doc) : TEXT_LIMITS.long;
      if (type.length > limit) return `a text of ${type.length} characters (at most ${limit})`;
      continue;
    }
    if (type instanceof Y.Map) {
      for (const key of keys) {
        if (key === null || !type.has(key)) continue;
        const problem = valueProblem(type.get(key), limitOf(type, key, doc), doc, 0);
        if (problem) return problem;
      }
    } else if (type instanceof Y.Array) {
      for (const value of type.toArray()) {
        const problem = valueProblem(value, TEXT_LIMITS.long, doc, 0);
        if (problem) return problem;
      }
    }
  }
  return null;
}

function valueProblem(value: unknown, limit: number, doc: Y.Doc, depth: number): string | null {
  if (depth > 8) return 'values nested too deep';
  if (typeof value === 'string') return value.length > limit ? `a text of ${value.length} characters (at most ${limit})` : null;
  if (value instanceof Y.Text) return value.length > limit ? `a text of ${value.length} characters (at most ${limit})` : null;
  if (value instanceof Y.Map) {
    for (const [key, inner] of value.entries()) {
      const problem = valueProblem(inner, limitOf(value, key, doc), doc, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (value instanceof Y.Array) {
    for (const inner of value.toArray()) {
      const problem = valueProblem(inner, TEXT_LIMITS.long, doc, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (value instanceof Y.AbstractType) return null;
  if (value !== null && typeof value === 'object') {
    const bytes = JSON.stringify(value)?.length ?? 0;
    return bytes > TEXT_LIMITS.valueBytes ? `a value of ${bytes} bytes (at most ${TEXT_LIMITS.valueBytes})` : null;
  }
  return null;
}
