/**
 * The write rules of a workshop's boards, enforced by the server on every incoming update.
 *
 * How: the room applies a client's update inside a transaction it tracks, then asks `check` with that
 * transaction. `describeBoardChange` reads `transaction.changed` (the Yjs types that existed before
 * and the keys that changed) and walks each changed type up to its top-level map, and for notes up to
 * the note's own Y.Map under `notes`, whose key is the note id. The rules:
 *   - nobody writes a text over its size limit (shared/doc/limits.ts);
 *   - nobody puts a note into a scavenger hunt's hints zone: hints come from the server (hints.ts), which
 *     keeps them hidden until revealed;
 *   - the facilitator may change anything, except on a locked board;
 *   - a participant only on the board of a room they are in, never on a locked board, and only in the
 *     maps their room's phase opens (participantWritableMaps);
 *   - a new note must carry the writer's participant id as its author;
 *   - an existing note (fields, text, deletion) only by its author, and its author never changes;
 *     except that on a board without challenge zones (priority matrix, canvases: no votes to protect)
 *     any member may move another's note (x, y, zone) and set its status (SHARED_NOTE_FIELDS).
 * A refused update is undone for everyone (the room's undo manager tracked it), the sender included.
 * Note authors are indexed once on load and kept up to date from accepted changes, so a check never
 * scans the board.
 */
import type * as Y from 'yjs';
import { BOARD_ROOT_NAMES, boardRoots, describeBoardChange, hasChallengeZones, noteAuthor, noteAuthors, noteZone, zoneRole } from '../../shared/doc/changes.ts';
import { BOARD_MAPS } from '../../shared/doc/layout.ts';
import { oversized } from '../../shared/doc/limits.ts';
import { participantWritableMaps, type BoardPhase } from '../../shared/workshop/phase-rules.ts';
import type { Connection } from '../sync/connection.ts';
import type { WritePolicy } from '../sync/live-doc.ts';

export type BoardRules = {
  phase: BoardPhase;
  locked: boolean;
  /** New notes allowed whatever the phase (the facilitator's choice). */
  allowNotes: boolean;
  members: ReadonlySet<string>;
};

/**
 * What any room member may change on someone else's note when the board has no challenge zones: where
 * it is and how far the action has come. Text, colour, size and deletion stay the author's.
 */
export const SHARED_NOTE_FIELDS: ReadonlySet<string> = new Set(['x', 'y', 'zone', 'status']);

/** `rules()` is read at every check, so phase, lock and membership changes apply at once. */
export function workshopBoardPolicy(rules: () => BoardRules | null, options: { draft?: boolean } = {}): WritePolicy {
  let authors = new Map<string, string>();
  let challenges = true;
  return {
    rootNames: BOARD_ROOT_NAMES,
    scope: boardRoots,
    loaded(doc) {
      authors = noteAuthors(doc);
      challenges = hasChallengeZones(doc);
    },
    check(conn: Connection, transaction: Y.Transaction, doc: Y.Doc): string | null {
      const current = rules();
      if (!current) return 'this board is not open';
      const principal = conn.principal;
      if (current.locked && !options.draft) return 'the board is locked';
      const tooLong = oversized(doc, transaction);
      if (tooLong) return tooLong;
      const change = describeBoardChange(doc, transaction, (id) => authors.has(id));
      for (const [noteId, note] of change.notes) {
        if (!note.deleted && (note.created || note.fields.has('zone')) && zoneRole(doc, noteZone(doc, noteId)) === 'hints') {
          return 'hints are added from the hunt panel, which keeps them hidden until they are revealed';
        }
      }
      if (!principal || principal.role === 'facilitator') return null;
      const me = principal.participantId;
      if (principal.role !== 'participant' || me === null || !current.members.has(me)) return 'not a member of this room';
      const writable = new Set<string>(options.draft ? [BOARD_MAPS.notes] : participantWritableMaps(current.phase));
      if (current.allowNotes) writable.add(BOARD_MAPS.notes);
      for (const map of change.maps) {
        if (!writable.has(map)) return `${map || 'that part'} cannot be changed now (phase ${current.phase ?? 'none'})`;
      }
      for (const [noteId, note] of change.notes) {
        if (note.created) {
          if (noteAuthor(doc, noteId) !== me) return 'a new note must carry your participant id as author';
          continue;
        }
        if (authors.get(noteId) !== me) {
          const shared = !challenges && !note.deleted && [...note.fields].every((field) => SHARED_NOTE_FIELDS.has(field));
          if (!shared) return challenges || note.deleted ? 'only its author may change or delete a note' : "only its author may change a note's text, colour or size";
          continue;
        }
        if (note.fields.has('author') || note.fields.has('*')) return 'a note keeps its author';
      }
      return null;
    },
    accepted(transaction, doc) {
      const change = describeBoardChange(doc, transaction, (id) => authors.has(id));
      if (change.maps.has(BOARD_MAPS.zones)) challenges = hasChallengeZones(doc);
      for (const [noteId, note] of change.notes) {
        if (note.deleted) authors.delete(noteId);
        else authors.set(noteId, noteAuthor(doc, noteId) ?? '');
      }
    },
  };
}
