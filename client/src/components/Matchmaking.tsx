/**
 * Matchmaking on the workshop page: each participant's card (who to meet, what they offer and seek), the
 * facilitator's plan and start buttons, and the live timetable (rounds x tables) with "next: ..." and a
 * countdown on the server's clock.
 */
import { useState, type FormEvent } from 'react';
import type { Timetable, WorkshopControlView } from '../../../shared/doc/workshop-control.ts';
import { nextUp } from '../../../shared/matchmaking/agenda.ts';
import type { Plan } from '../../../shared/matchmaking/model.ts';
import { formatCountdown, serverNow } from '../../../shared/workshop/clock.ts';
import type { Api, BodyOf } from '../../../shared/schema/api.ts';
import { workshopCall, type Result, type WorkshopSummary } from '../api.ts';
import { useServerOffset, useTick } from '../sync/useWorkshopControl.ts';

type Level = '' | 'must' | 'like' | 'no';

export function MatchCard({ workshop, token }: { workshop: WorkshopSummary; token: string }) {
  const others = workshop.participants.filter((p) => p.id !== workshop.me?.id);
  const [levels, setLevels] = useState<Record<string, Level>>({});
  const [offers, setOffers] = useState('');
  const [seeks, setSeeks] = useState('');
  const [status, setStatus] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
    try {
      await workshopCall(workshop.workshopId, token)('setMyMatchmaking', {
        body: {
          card: { offers: list(offers), seeks: list(seeks) },
          wishes: Object.entries(levels).flatMap(([to, level]) => (level === '' ? [] : [{ to, level }])),
        },
      });
      setStatus('Saved');
    } catch (err) {
      setStatus((err as Error).message);
    }
  }

  return (
    <form className="card stack" onSubmit={(event) => void onSubmit(event)} aria-label="Your matchmaking card">
      <h3>Who would you like to meet?</h3>
      <ul className="rooms">
        {others.map((p) => (
          <li key={p.id}>
            <label className="inline">
              <select aria-label={`Meet ${p.name}`} value={levels[p.id] ?? ''} onChange={(e) => setLevels({ ...levels, [p.id]: e.target.value as Level })}>
                <option value="">no preference</option>
                <option value="must">must meet</option>
                <option value="like">would like to</option>
                <option value="no">no thanks</option>
              </select>{' '}
              {p.name} <span className="muted">{[p.cluster, p.country].filter(Boolean).join(', ')}</span>
            </label>
          </li>
        ))}
      </ul>
      <label>
        I offer (comma-separated)
        <input value={offers} onChange={(e) => setOffers(e.target.value)} placeholder="test sites, funding advice" />
      </label>
      <label>
        I seek
        <input value={seeks} onChange={(e) => setSeeks(e.target.value)} placeholder="partners for a hydrogen project" />
      </label>
      <button type="submit">Save my card</button>
      {status && <p role="status">{status}</p>}
    </form>
  );
}

type Progress = Result<'planProgress'>;

/**
 * Plans and re-plans run in a worker on the server and can take seconds: while one of ours is pending, poll its
 * progress for the bar, and offer cancel.
 */
function usePlanRun(workshopId: string, token: string) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const request = workshopCall(workshopId, token);
  /** `send` posts the plan or re-plan; the progress is polled until it answers. */
  async function run(send: () => Promise<unknown>, done: string): Promise<void> {
    setStatus(null);
    setProgress({ running: false });
    let pending = true;
    const poll = async () => {
      while (pending) {
        try {
          const now = await request('planProgress', {});
          if (pending) setProgress(now);
        } catch {
          // The bar just stays where it was; the plan request itself reports errors.
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    void poll();
    try {
      await send();
      setStatus(done);
    } catch (err) {
      setStatus((err as Error).message);
    } finally {
      pending = false;
      setProgress(null);
    }
  }
  async function cancel(): Promise<void> {
    await request('cancelPlan', { body: {} }).catch((err: Error) => setStatus(err.message));
  }
  return { run, cancel, progress, status, setStatus, request };
}

function PlanProgress({ progress, onCancel }: { progress: Progress; onCancel: () => void }) {
  const p = progress.running ? (progress.progress ?? null) : null;
  const label = !p ? 'Starting the planner…' : p.phase === 'slots' && p.slot !== null ? `Planning round ${p.slot + 1} of ${p.slots}` : 'Improving the plan';
  return (
    <div className="plan-progress" role="group" aria-label="Planning progress">
      <progress max={1} value={p?.fraction ?? 0} aria-label={label} />
      <span role="status">{label}</span>
      <button type="button" onClick={onCancel}>
        Cancel planning
      </button>
    </div>
  );
}

/** The plan starts at the quarter hour after the click, not after the last render. */
const nextQuarterHour = () => new Date(Math.ceil((Date.now() + 5 * 60_000) / (15 * 60_000)) * 15 * 60_000).toISOString();

export function MatchmakingControls({ workshopId, token }: { workshopId: string; token: string }) {
  const { run, cancel, progress, status, request } = usePlanRun(workshopId, token);
  const [startStatus, setStartStatus] = useState<string | null>(null);
  return (
    <div className="card" aria-label="Matchmaking controls">
      <button type="button" disabled={progress !== null} onClick={() => void run(() => request('plan', { body: { start: nextQuarterHour(), rounds: 6, minutes: 15 } }), 'Planned')}>
        Plan 6 rounds of 15 min
      </button>
      <button type="button" onClick={() => void request('startRounds', {}).then(() => setStartStatus('Started'), (err: Error) => setStartStatus(err.message))}>
        Start the rounds now
      </button>
      {progress && <PlanProgress progress={progress} onCancel={() => void cancel()} />}
      {(status ?? startStatus) && <span className="muted" role="status">{status ?? startStatus}</span>}
    </div>
  );
}

/** The facilitator's edits on the timetable: select one meeting to lock or unlock it, two to swap them. */
function TimetableEditor({ workshopId, token, timetable, selected, clear }: { workshopId: string; token: string; timetable: Timetable; selected: string[]; clear: () => void }) {
  const { run, cancel, progress, status, setStatus, request } = usePlanRun(workshopId, token);
  const [fromRound, setFromRound] = useState(1);
  const edit = (body: BodyOf<Api['editPlan']>, done: string) => (): void =>
    void request('editPlan', { body }).then(
      () => {
        setStatus(done);
        clear();
      },
      (err: Error) => setStatus(err.message),
    );
  const one = selected.length === 1 ? timetable.meetings.find((m) => m.id === selected[0]) : undefined;
  return (
    <div className="timetable-editor" role="toolbar" aria-label="Edit the timetable">
      <span className="muted">{selected.length === 0 ? 'Select a meeting to lock it, or two to swap them.' : `${selected.length} selected`}</span>
      <button type="button" disabled={!one || one.locked} onClick={edit({ action: 'lock', meeting: one?.id }, 'Locked')}>
        Lock
      </button>
      <button type="button" disabled={!one || !one.locked} onClick={edit({ action: 'unlock', meeting: one?.id }, 'Unlocked')}>
        Unlock
      </button>
      <button type="button" disabled={selected.length !== 2} onClick={edit({ action: 'swap', meeting: selected[0], other: selected[1] }, 'Swapped')}>
        Swap
      </button>
      <button type="button" onClick={edit({ action: 'undo' }, 'Undone')}>
        Undo
      </button>
      <label className="inline">
        Re-plan from round{' '}
        <select aria-label="Re-plan from round" value={fromRound} onChange={(e) => setFromRound(Number(e.target.value))}>
          {timetable.slots.map((s) => (
            <option key={s.index} value={s.index + 1}>
              {s.index + 1}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={progress !== null} onClick={() => void run(() => request('replan', { body: { fromSlot: fromRound - 1, fillOnly: false } }), 'Re-planned')}>
        Re-plan
      </button>
      {progress && <PlanProgress progress={progress} onCancel={() => void cancel()} />}
      {status && <span role="status">{status}</span>}
    </div>
  );
}

function asPlan(t: Timetable): Plan {
  return {
    mode: 'workshop',
    eventId: '',
    seed: 0,
    slots: t.slots,
    tableCount: 0,
    meetings: t.meetings.map((m) => ({ ...m, weight: 0, sequence: 0 })),
    byes: t.byes,
    cancelled: [],
    notes: [],
  };
}

export function TimetableView({ control, me, facilitator }: { control: WorkshopControlView; me: string | null; facilitator?: { workshopId: string; token: string } }) {
  const offset = useServerOffset();
  const now = useTick();
  const [selected, setSelected] = useState<string[]>([]);
  const timetable = control.timetable;
  if (!timetable) return <p className="muted">No matchmaking timetable yet.</p>;
  const names = new Map(control.roster.map((r) => [r.id, r.name]));
  const people = control.roster.map((r) => ({ id: r.id, name: r.name, cluster: r.cluster, country: r.country }));
  const serverTime = serverNow(now, offset);
  const next = me ? nextUp(asPlan(timetable), me, people, new Date(serverTime).toISOString()) : null;
  const tables = Math.max(0, ...timetable.meetings.map((m) => m.table ?? 0));
  const time = (iso: string) => iso.slice(11, 16);
  return (
    <section aria-label="Matchmaking timetable">
      {me && (
        <p className="next-up" role="status">
          {next ? `${next.text} ${next.startsInMs > 0 ? `(in ${formatCountdown(next.startsInMs)})` : ''}` : 'No more meetings for you.'}
        </p>
      )}
      {facilitator && <TimetableEditor workshopId={facilitator.workshopId} token={facilitator.token} timetable={timetable} selected={selected} clear={() => setSelected([])} />}
      <table className="timetable">
        <thead>
          <tr>
            <th>Round</th>
            {Array.from({ length: tables }, (_, i) => (
              <th key={i}>Table {i + 1}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {timetable.slots.map((slot) => (
            <tr key={slot.index}>
              <th>
                {slot.index + 1} · {time(slot.start)}–{time(slot.end)}
              </th>
              {Array.from({ length: tables }, (_, i) => {
                const m = timetable.meetings.find((x) => x.slot === slot.index && x.table === i + 1);
                const mine = m && me !== null && m.people.includes(me);
                const text = m ? m.people.map((p) => names.get(p) ?? p).join(' + ') : '';
                const classes = [mine ? 'mine' : '', m?.locked ? 'locked' : '', m && selected.includes(m.id) ? 'selected' : ''].filter(Boolean).join(' ');
                if (!facilitator || !m) return <td key={i} className={classes || undefined}>{text}{m?.locked ? ' 🔒' : ''}</td>;
                const toggle = () => setSelected((s) => (s.includes(m.id) ? s.filter((x) => x !== m.id) : [...s, m.id].slice(-2)));
                return (
                  <td key={i} className={classes || undefined}>
                    <button type="button" className="meeting" aria-pressed={selected.includes(m.id)} title={m.reason} onClick={toggle}>
                      {text}
                      {m.locked ? ' 🔒' : ''}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
