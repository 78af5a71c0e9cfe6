/**
 * The board's derived views, drawn live on the canvas between the zones and the notes: the Business
 * Model Canvas's desired changes, each Value Proposition Canvas row's statement, the funding pies,
 * the canvas cells' tags and the scavenger hunt's hint count. Everything is computed by the shared
 * reducers from the board view's board; each view re-renders only when its own result changes.
 */
import { useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import { canvasDiff, valuePropositions } from '../../../shared/reducers/canvas.ts';
import { fundingSplit } from '../../../shared/reducers/funding.ts';
import { scavengerHunt } from '../../../shared/reducers/hunt.ts';
import type { Board } from '../../../shared/schema/board.ts';
import type { Zone } from '../../../shared/schema/zone.ts';
import { cellItems } from '../../../shared/schema/canvas-cell.ts';
import { Group, Layer, Rect, Text } from '../canvas/konva.ts';
import type { BoardController } from '../canvas/controller.ts';
import { CanvasDiffTable } from './CanvasDiffTable.tsx';
import { FundingPie } from './FundingPies.tsx';
import { derivedBoxes, derivedLayout, drawsNothing, type DerivedLayout } from './layout.ts';
import { boardView } from './boardView.ts';
import { FONT } from './shapes.ts';
import { StatementCard } from './Statements.tsx';
import { useStatusKey } from './status.ts';

const TAGS: Record<string, { text: string; fill: string; ink: string }> = {
  'business-development': { text: 'Business development', fill: '#dbe7fb', ink: '#123a7a' },
  financing: { text: 'Financing', fill: '#d3f0da', ink: '#135c27' },
  profile: { text: 'Customer profile', fill: '#f8e3ee', ink: '#7a1f4d' },
  offering: { text: 'Cluster offering', fill: '#e3f1ef', ink: '#12574e' },
};

function ZoneTags({ zones }: { zones: readonly Zone[] }) {
  return (
    <>
      {zones.map((zone) => {
        const tag = zone.role === 'canvas-cell' ? TAGS[zone.tags[0] ?? ''] : undefined;
        if (!tag) return null;
        const w = tag.text.length * 7.4 + 20;
        return (
          <Group key={zone.id} name="zone-tag" x={zone.x + zone.w - w - 10} y={zone.y + zone.h - 32}>
            <Rect width={w} height={22} cornerRadius={11} fill={tag.fill} perfectDrawEnabled={false} />
            <Text text={tag.text} width={w} height={22} align="center" verticalAlign="middle" fontSize={12} fontStyle="bold" fontFamily={FONT} fill={tag.ink} perfectDrawEnabled={false} />
          </Group>
        );
      })}
    </>
  );
}

/** Canvas cells' own text (one item per line), under the cell's title. */
function CellTexts({ board }: { board: Board }) {
  const zones = new Map(board.zones.map((z) => [z.id, z]));
  return (
    <>
      {board.cells.map((cell) => {
        const zone = zones.get(cell.zone);
        const items = cellItems(cell.text);
        if (!zone || items.length === 0) return null;
        return (
          <Text
            key={cell.zone}
            name="cell-text"
            text={items.map((item) => `• ${item}`).join('\n')}
            x={zone.x + 14}
            y={zone.y + 64}
            width={Math.max(1, zone.w - 28)}
            height={Math.max(1, zone.h - 104)}
            fontSize={17}
            lineHeight={1.35}
            fontFamily={FONT}
            fill="#1d2330"
            wrap="word"
            ellipsis
          />
        );
      })}
    </>
  );
}

function MatrixAxes({ axes }: { axes: NonNullable<DerivedLayout['axes']> }) {
  const { impact, effort } = axes;
  return (
    <Group name="matrix-axes">
      <Text text="IMPACT  →" x={impact.x + 14} y={impact.y + impact.h / 2 + 70} rotation={-90} fontSize={20} fontStyle="bold" letterSpacing={2} fontFamily={FONT} fill="#4a5263" />
      <Text text="high" x={impact.x + 14} y={impact.y + 90} rotation={-90} fontSize={15} fontFamily={FONT} fill="#5c6477" />
      <Text text="low" x={impact.x + 14} y={impact.y + impact.h - 20} rotation={-90} fontSize={15} fontFamily={FONT} fill="#5c6477" />
      <Text text="EFFORT  →" x={effort.x} y={effort.y + 8} width={effort.w} align="center" fontSize={20} fontStyle="bold" letterSpacing={2} fontFamily={FONT} fill="#4a5263" />
      <Text text="low" x={effort.x + 20} y={effort.y + 10} fontSize={15} fontFamily={FONT} fill="#5c6477" />
      <Text text="high" x={effort.x + effort.w - 60} y={effort.y + 10} width={40} align="right" fontSize={15} fontFamily={FONT} fill="#5c6477" />
    </Group>
  );
}

function Views({ board, layout, zones }: { board: Board; layout: DerivedLayout; zones: readonly Zone[] }) {
  const diff = useMemo(() => (layout.diff ? canvasDiff(board).rows : null), [board, layout]);
  const propositions = useMemo(() => (layout.statements.length > 0 ? valuePropositions(board) : null), [board, layout]);
  const funding = useMemo(() => (layout.pies.length > 0 ? fundingSplit(board).splits : null), [board, layout]);
  const hunt = useMemo(() => (zones.some((z) => z.role === 'hints') ? scavengerHunt(board) : null), [board, zones]);
  const hintZone = zones.find((z) => z.role === 'hints');
  return (
    <>
      <CellTexts board={board} />
      {layout.diff && diff && <CanvasDiffTable box={layout.diff} rows={diff} json={JSON.stringify(diff)} />}
      {propositions &&
        layout.statements.map(({ row, box }) => {
          const proposition = propositions.find((p) => p.row === row);
          return <StatementCard key={row} box={box} proposition={proposition} json={JSON.stringify(proposition ?? null)} />;
        })}
      {funding &&
        layout.pies.map(({ zone, box }) => {
          const split = funding.find((s) => s.zone === zone);
          return split ? <FundingPie key={zone} box={box} split={split} json={JSON.stringify(split)} /> : null;
        })}
      {hunt && hintZone && (
        <Text
          name="hint-count"
          text={`${hunt.revealed.length} of ${hunt.total} revealed`}
          x={hintZone.x + hintZone.w - 214}
          y={hintZone.y + 16}
          width={200}
          align="right"
          fontSize={15}
          fontStyle="bold"
          fontFamily={FONT}
          fill="#6b4e00"
        />
      )}
    </>
  );
}

export function DerivedLayer({ controller }: { controller: BoardController }) {
  const zones = useSyncExternalStore(controller.zonesChanged.subscribe, () => controller.zones);
  const board = useSyncExternalStore(boardView.subscribe, () => boardView.board);
  const layout = useMemo(() => derivedLayout(zones), [zones]);
  useStatusKey(controller);
  // Fitting the board ("0", and the first view) takes the derived views in.
  useLayoutEffect(() => {
    // eslint-disable-next-line react-hooks/immutability -- the controller is a plain object outside React, not a prop's state: this hands it a callback for as long as the layer is mounted
    controller.extraBounds = () => derivedBoxes(layout);
    return () => {
      controller.extraBounds = () => [];
    };
  }, [controller, layout]);
  if (drawsNothing(layout, zones, board?.cells.length ?? 0)) return null;
  return (
    <Layer listening={false} name="derived">
      <ZoneTags zones={zones} />
      {layout.axes && <MatrixAxes axes={layout.axes} />}
      {board && <Views board={board} layout={layout} zones={zones} />}
    </Layer>
  );
}
