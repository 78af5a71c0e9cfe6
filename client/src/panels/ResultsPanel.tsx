/**
 * The side panel's part for what a board produces: per challenge its root causes and the detailed best
 * idea (collaborative texts beside the selected idea), the scavenger hunt's hints, and the derived
 * results of the canvases (desired changes, value propositions, funding split) as text, the
 * accessible twin of what the canvas draws.
 */
import { useMemo, useSyncExternalStore } from 'react';
import { challengeSolutions } from '../../../shared/reducers/challenges.ts';
import { canvasDiff, valuePropositions } from '../../../shared/reducers/canvas.ts';
import { fundingSplit } from '../../../shared/reducers/funding.ts';
import { scavengerHunt } from '../../../shared/reducers/hunt.ts';
import type { Board } from '../../../shared/schema/board.ts';
import type { ChallengeSolution } from '../../../shared/schema/results.ts';
import type { BoardController } from '../canvas/controller.ts';
import { boardView } from '../derived/boardView.ts';
import { HintsControl } from './HintsControl.tsx';
import { textPermission } from './permissions.ts';
import { SharedTextField } from './SharedTextField.tsx';
import './panels.css';

function SelectedIdea({ solution }: { solution: ChallengeSolution }) {
  const selected = solution.selected;
  if (!selected) return <p className="muted idea-none">No idea selected yet: the facilitator confirms the most voted one.</p>;
  const votes = `${selected.votes} vote${selected.votes === 1 ? '' : 's'}`;
  return (
    <div className="idea-selected" data-testid={`selected-${solution.id}`}>
      <span className="idea-star" aria-hidden="true">
        ★
      </span>
      <div>
        <p className="idea-text">{selected.text}</p>
        <p className="idea-by">{selected.by === 'facilitator' ? `Selected by the facilitator · ${votes}` : `Most votes so far · ${votes}`}</p>
      </div>
    </div>
  );
}

function Challenges({ board, controller }: { board: Board; controller: BoardController }) {
  const solutions = useMemo(() => challengeSolutions(board).challenges, [board]);
  const who = boardView.writer();
  const roots = textPermission('rootCauses', who);
  const details = textPermission('details', who);
  return (
    <section className="panel-section" aria-label="Challenges">
      <h2>Detail the best idea</h2>
      {solutions.map((solution) => (
        <article key={solution.id} className="challenge-card" aria-labelledby={`challenge-${solution.id}`}>
          <h3 id={`challenge-${solution.id}`}>
            <span className="challenge-number">Challenge {solution.number}</span> {solution.title}
          </h3>
          <SharedTextField
            doc={controller.doc}
            kind="rootCauses"
            challenge={solution.id}
            label="Root causes"
            name={`Root causes, challenge ${solution.number}`}
            placeholder="Why does this challenge exist? One cause per line."
            writable={roots.writable}
            reason={roots.reason}
            rows={2}
          />
          <SelectedIdea solution={solution} />
          <SharedTextField
            doc={controller.doc}
            kind="details"
            challenge={solution.id}
            label="Details"
            name={`Detail the best idea, challenge ${solution.number}`}
            placeholder="Who does what, by when? First step, resources, how you will know it worked."
            writable={details.writable}
            reason={details.reason}
          />
        </article>
      ))}
    </section>
  );
}

function CanvasResults({ board }: { board: Board }) {
  const hasBmc = board.zones.some((z) => z.role === 'canvas-cell' && z.variant !== undefined);
  const hasVpc = board.zones.some((z) => z.role === 'canvas-cell' && z.row !== undefined && z.variant === undefined);
  const hasFunding = board.zones.some((z) => z.role === 'table' && z.table === 'funding');
  const diff = useMemo(() => (hasBmc ? canvasDiff(board).rows.filter((r) => r.changed) : []), [board, hasBmc]);
  const vps = useMemo(() => (hasVpc ? valuePropositions(board) : []), [board, hasVpc]);
  const splits = useMemo(() => (hasFunding ? fundingSplit(board).splits : []), [board, hasFunding]);
  return (
    <>
      {hasBmc && (
        <section className="panel-section" aria-label="Desired changes">
          <h2>Desired changes</h2>
          {diff.length === 0 ? (
            <p className="muted">No differences between the current and the desired canvas yet.</p>
          ) : (
            <dl className="derived-list" data-testid="desired-changes">
              {diff.map((row) => (
                <div key={row.field}>
                  <dt>{row.label}</dt>
                  <dd>{row.change}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      )}
      {hasVpc && (
        <section className="panel-section" aria-label="Value propositions">
          <h2>Value propositions</h2>
          <ol className="derived-list" data-testid="value-propositions">
            {vps.map((vp) => (
              <li key={vp.row}>
                <p>{vp.statement}</p>
                {!vp.complete && <p className="derived-missing">Still missing: {vp.missing.join(', ')}</p>}
              </li>
            ))}
          </ol>
        </section>
      )}
      {hasFunding && (
        <section className="panel-section" aria-label="Funding split">
          <h2>Funding split</h2>
          {splits.map((split) => (
            <div key={split.zone} className="derived-list" data-testid={`funding-${split.zone}`}>
              <h3>{split.title}</h3>
              {split.slices.length === 0 ? <p className="muted">No shares yet.</p> : <p>{split.slices.map((s) => `${s.source} ${s.rounded}%`).join(' · ')}</p>}
              {split.ignored.length > 0 && <p className="derived-missing">Left out (share is not a number): {split.ignored.map((r) => r.source || 'a row').join(', ')}</p>}
              {split.normalised && <p className="derived-missing">The shares add up to {Math.round(split.total)}%: scaled to 100%.</p>}
            </div>
          ))}
        </section>
      )}
    </>
  );
}

export function ResultsPanel({ controller }: { controller: BoardController }) {
  const board = useSyncExternalStore(boardView.subscribe, () => boardView.board);
  const hunt = useMemo(() => (board && board.zones.some((z) => z.role === 'hints') ? scavengerHunt(board) : null), [board]);
  if (!board) return null;
  return (
    <>
      {board.challenges.length > 0 && <Challenges board={board} controller={controller} />}
      {hunt && <HintsControl hunt={hunt} />}
      <CanvasResults board={board} />
    </>
  );
}
