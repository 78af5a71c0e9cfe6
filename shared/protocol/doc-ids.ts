/**
 * Names of the documents a workshop adds to its rooms' boards, for the server and the client alike.
 * Board ids never contain a dot, so the prefixed names cannot collide with them.
 */
export const docIds = {
  control: (workshopId: string) => `control.${workshopId}`,
  draft: (workshopId: string, participantId: string) => `draft.${workshopId}.${participantId}`,
  /** The server-only state document: never opened by a client (parseDocId does not know it). */
  state: (workshopId: string) => `workshop.${workshopId}`,
  /**
   * A board's hidden scavenger-hunt hints (server/workshops/hints.ts): server-only, so parseDocId does not
   * know it and no client can open it.
   */
  hints: (boardId: string) => `hints.${boardId}`,
};

export type ParsedDocId =
  | { kind: 'board'; boardId: string }
  | { kind: 'control'; workshopId: string }
  | { kind: 'draft'; workshopId: string; participantId: string };

const PART = '[A-Za-z0-9_-]{1,64}';
const BOARD = new RegExp(`^${PART}$`);
const CONTROL = new RegExp(`^control\\.(${PART})$`);
const DRAFT = new RegExp(`^draft\\.(${PART})\\.(${PART})$`);

export function parseDocId(docId: string): ParsedDocId | null {
  if (BOARD.test(docId)) return { kind: 'board', boardId: docId };
  const control = CONTROL.exec(docId);
  if (control?.[1]) return { kind: 'control', workshopId: control[1] };
  const draft = DRAFT.exec(docId);
  if (draft?.[1] && draft[2]) return { kind: 'draft', workshopId: draft[1], participantId: draft[2] };
  return null;
}
