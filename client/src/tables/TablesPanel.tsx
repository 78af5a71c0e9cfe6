/**
 * Side-panel section: the board's tables, each with an "Edit" button (the keyboard path to the editor),
 * and on a challenge board the action plan built from the selected solutions, with its template.
 */
import { useState, useSyncExternalStore } from 'react';
import { ACTION_PLAN_KINDS, ACTION_PLAN_TITLES, type ActionPlanKind } from '../../../shared/schema/action-plan-row.ts';
import type { BoardController } from '../canvas/controller.ts';
import { tablesOf } from './model.ts';
import { actionPlanTarget, tableTargets } from './rows.ts';
import './tables.css';

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function TablesPanel({ controller }: { controller: BoardController }) {
  const model = tablesOf(controller);
  useSyncExternalStore(model.changed.subscribe, () => model.version);
  const [kind, setKind] = useState<ActionPlanKind>('individual');
  const targets = tableTargets(model.board);
  const hasChallenges = model.board.challenges.length > 0;
  if (targets.length === 0 && !hasChallenges) return null;
  const plan = actionPlanTarget(kind);
  const planRows = hasChallenges ? model.rows(plan) : [];
  const seeded = planRows.filter((row) => row.from !== null).length;
  return (
    <section aria-label="Tables" className="tables-panel">
      <h2>{targets.length > 0 ? 'Tables' : 'Action plan'}</h2>
      {targets.map((target) => (
        <div key={target.zone} className="tables-panel-row">
          <span>
            {target.title} <span className="muted">({plural(model.rows(target).length, 'row')})</span>
          </span>
          <button type="button" aria-label={`Edit table: ${target.title}`} onClick={() => model.openTarget(target)}>
            Edit table
          </button>
        </div>
      ))}
      {hasChallenges && (
        <div className="tables-panel-plan">
          {targets.length > 0 && <h3>Action plan</h3>}
          <label>
            Template
            <select value={kind} onChange={(event) => setKind(event.target.value as ActionPlanKind)}>
              {ACTION_PLAN_KINDS.map((option) => (
                <option key={option} value={option}>
                  {ACTION_PLAN_TITLES[option]}
                </option>
              ))}
            </select>
          </label>
          <p className="muted">
            {plural(planRows.length, 'row')}{seeded > 0 ? `, ${seeded} from the selected solutions` : ''}.
          </p>
          <button type="button" className="primary" onClick={() => model.openTarget(plan)}>
            Open action plan
          </button>
        </div>
      )}
    </section>
  );
}
