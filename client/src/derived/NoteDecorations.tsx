/**
 * Drawn on top of a sticky note, inside its Konva group: the gold outline and "Selected" ribbon of a
 * challenge's winning idea, a scavenger-hunt hint's number (and, for participants, a cover over a hint
 * not revealed yet), and an action's status chip on the priority matrix, a tab on the note's lower
 * edge clear of its text and author (click cycles it). Subscribes
 * to this note's decorations only.
 */
import type Konva from 'konva';
import { useSyncExternalStore } from 'react';
import type { Note } from '../../../shared/schema/note.ts';
import { Group, Rect, Text } from '../canvas/konva.ts';
import type { BoardController } from '../canvas/controller.ts';
import { decodeDecor } from './decor.ts';
import { boardView } from './boardView.ts';
import { cycleStatus, STATUS_COLORS, STATUS_LABELS } from './status.ts';

export const WINNER_GOLD = '#b8860b';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function NoteDecorations({ note, controller }: { note: Note; controller: BoardController }) {
  const encoded = useSyncExternalStore(boardView.subscribeDecor, () => boardView.decorFor(note.id));
  if (encoded === '') return null;
  const decor = decodeDecor(encoded);
  const { w, h } = note;
  const stop = (event: Konva.KonvaEventObject<Event>) => {
    event.cancelBubble = true;
  };
  const status = note.status ?? 'not-started';
  const chipW = 96;
  return (
    <>
      {decor.winner && (
        <>
          <Rect name="winner-outline" x={-3} y={-3} width={w + 6} height={h + 6} stroke={WINNER_GOLD} strokeWidth={4} cornerRadius={3} strokeScaleEnabled={false} listening={false} perfectDrawEnabled={false} />
          <Group name="winner-badge" x={8} y={-13} listening={false}>
            <Rect width={decor.winner === 'facilitator' ? 92 : 104} height={24} cornerRadius={12} fill={WINNER_GOLD} shadowColor="#000" shadowOpacity={0.2} shadowBlur={3} shadowOffsetY={1} perfectDrawEnabled={false} />
            <Text text={decor.winner === 'facilitator' ? '★ Selected' : '★ Most votes'} width={decor.winner === 'facilitator' ? 92 : 104} height={24} align="center" verticalAlign="middle" fontSize={13} fontStyle="bold" fontFamily={FONT} fill="#fff" perfectDrawEnabled={false} />
          </Group>
        </>
      )}
      {decor.hint !== null && decor.hintHidden && !boardView.facilitator && (
        // A double-click would open the note's editor, with the hint's text in it.
        <Group name="hint-hidden" onDblClick={stop} onDblTap={stop}>
          <Rect width={w} height={h} fill="#fff4d6" stroke="#d9a400" strokeWidth={1.5} dash={[8, 5]} cornerRadius={3} strokeScaleEnabled={false} perfectDrawEnabled={false} />
          <Text text={`Hint ${decor.hint} – hidden`} x={10} y={h / 2 - 22} width={Math.max(1, w - 20)} align="center" fontSize={17} fontStyle="bold" fontFamily={FONT} fill="#6b4e00" listening={false} perfectDrawEnabled={false} />
          <Text text="The facilitator reveals it" x={10} y={h / 2 + 4} width={Math.max(1, w - 20)} align="center" fontSize={12} fontFamily={FONT} fill="#6b4e00" listening={false} perfectDrawEnabled={false} />
        </Group>
      )}
      {decor.hint !== null && (!decor.hintHidden || boardView.facilitator) && (
        <Group name="hint-badge" x={8} y={-16} listening={false}>
          <Rect width={decor.hintHidden ? 150 : 64} height={22} cornerRadius={11} fill={decor.hintHidden ? '#6b4e00' : '#d9a400'} perfectDrawEnabled={false} />
          <Text text={decor.hintHidden ? `Hint ${decor.hint} · hidden to others` : `Hint ${decor.hint}`} width={decor.hintHidden ? 150 : 64} height={22} align="center" verticalAlign="middle" fontSize={12} fontStyle="bold" fontFamily={FONT} fill="#fff" perfectDrawEnabled={false} />
        </Group>
      )}
      {decor.chip && (
        <Group
          name="status-chip"
          x={w - chipW - 8}
          y={h - 9}
          onClick={(event) => {
            stop(event);
            cycleStatus(controller, note.id);
          }}
          onTap={(event) => {
            stop(event);
            cycleStatus(controller, note.id);
          }}
          onDblClick={stop}
          onDblTap={stop}
          onMouseEnter={(event) => {
            const container = event.target.getStage()?.container();
            if (container) container.style.cursor = 'pointer';
          }}
          onMouseLeave={(event) => {
            const container = event.target.getStage()?.container();
            if (container) container.style.cursor = '';
          }}
        >
          <Rect width={chipW} height={22} cornerRadius={11} fill={STATUS_COLORS[status].fill} stroke={STATUS_COLORS[status].text} strokeWidth={1} strokeScaleEnabled={false} shadowColor="#000" shadowOpacity={0.12} shadowBlur={2} shadowOffsetY={1} perfectDrawEnabled={false} />
          <Text name="status-text" text={`${status === 'done' ? '✓ ' : ''}${STATUS_LABELS[status]}`} width={chipW} height={22} align="center" verticalAlign="middle" fontSize={12} fontStyle="bold" fontFamily={FONT} fill={STATUS_COLORS[status].text} listening={false} perfectDrawEnabled={false} />
        </Group>
      )}
    </>
  );
}
