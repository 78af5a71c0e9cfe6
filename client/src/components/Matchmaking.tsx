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
import type { WorkshopSummary } from '../api.ts';
import { useServerOffset, useTick } from '../sync/useWorkshopControl.ts';

async function call(method: string, path: string, token: string, body: unknown): Promise<void> {
  const res = await fetch(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { message?: string }).message ?? `HTTP ${res.status}`);
}

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
      await call('PUT', `/api/workshops/${workshop.workshopId}/me/matchmaking`, token, {
        card: { offers: list(offers), seeks: list(seeks) },
        wishes: Object.entries(levels).filter(([, level]) => level !== '').map(([to, level]) => ({ to, level })),
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

const nextQuarterHour = () => new Date(Math.ceil((Date.now() + 5 * 60_000) / (15 * 60_000)) * 15 * 60_000).toISOString();

export function MatchmakingControls({ workshopId, token }: { workshopId: string; token: string }) {
  const [status, setStatus] = useState<string | null>(null);
  const act = (path: string, body: unknown) => {
    void call('POST', `/api/workshops/${workshopId}/matchmaking/${path}`, token, body).then(
      () => setStatus('Done'),
      (err: Error) => setStatus(err.message),
    );
  };
  return (
    <div className="card" aria-label="Matchmaking controls">
      {/* The plan starts at the quarter hour after the click, not after the last render. */}
      <button type="button" onClick={() => act('plan', { start: nextQuarterHour(), rounds: 6, minutes: 15 })}>
        Plan 6 rounds of 15 min
      </button>
      <button type="button" onClick={() => act('start', {})}>
        Start the rounds now
      </button>
      {status && <span className="muted">{status}</span>}
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
    meetings: t.meetings.map((m) => ({ ...m, weight: 0, locked: false, sequence: 0 })),
    byes: t.byes,
    cancelled: [],
    notes: [],
  };
}

export function TimetableView({ control, me }: { control: WorkshopControlView; me: string | null }) {
  const offset = useServerOffset();
  const now = useTick();
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
                return <td key={i} className={mine ? 'mine' : undefined}>{m ? m.people.map((p) => names.get(p) ?? p).join(' + ') : ''}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
