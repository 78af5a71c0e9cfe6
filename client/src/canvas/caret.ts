/**
 * Where a caret at `caret` in `before` belongs in `after`, assuming one contiguous change between them
 * (what one remote edit of a note's text looks like): before the change it stays, after it it shifts by
 * the change in length, inside it it goes to the end of the new text.
 */
export function mapCaret(before: string, after: string, caret: number): number {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (caret <= prefix) return caret;
  if (caret >= before.length - suffix) return caret + after.length - before.length;
  return after.length - suffix;
}
