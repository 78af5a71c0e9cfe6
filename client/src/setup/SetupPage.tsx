/**
 * `/new`: build a workshop day in the browser (title and date, agenda, breakout sessions with rooms,
 * challenges and templates, dot budget, pre-registered participants) and create it in one request. The
 * facilitator lands on the console, where the links to hand out are waiting and "Edit the day" changes
 * any of it later.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { createWorkshop, fetchTemplates, rememberWorkshopToken, type TemplateSummary } from '../api.ts';
import { createBody, emptyDay, emptySession, rowErrorLines, type DayDraft } from './draft.ts';
import { DetailsFields, ParticipantsField, SessionFields } from './fields.tsx';
import './setup.css';

export function SetupPage() {
  const [day, setDay] = useState<DayDraft>(emptyDay);
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void fetchTemplates().then(setTemplates);
  }, []);
  const defaultTemplate = templates.find((t) => t.id === 'challenge-board')?.id ?? templates[0]?.id ?? '';

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const made = createBody(day);
    if (!made.ok) {
      setError(`Participants: ${rowErrorLines(made.errors).join('; ')}`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const w = await createWorkshop(made.body);
      rememberWorkshopToken(w.workshopId, w.facilitatorToken, w.links);
      window.location.assign(w.links.facilitator);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <main className="page setup-page">
      <h1>Set up a workshop</h1>
      <p className="lead">Build the day: agenda, breakout sessions and their rooms, challenges, dots and who is coming. You can change all of it later from the console.</p>
      <form onSubmit={(e) => void onSubmit(e)} aria-label="New workshop">
        <section className="setup-section" aria-labelledby="setup-day">
          <h2 id="setup-day">The day</h2>
          <DetailsFields value={day} onChange={(d) => setDay({ ...day, ...d })} />
        </section>
        <section className="setup-section" aria-labelledby="setup-sessions">
          <h2 id="setup-sessions">Breakout sessions</h2>
          {day.sessions.length === 0 && <p className="muted">No breakout session yet. Add one, with a room per group.</p>}
          {day.sessions.map((session, i) => (
            <fieldset key={session.key} className="setup-session">
              <legend>Session {i + 1}</legend>
              <SessionFields value={session} index={i} templates={templates} onChange={(next) => setDay({ ...day, sessions: day.sessions.map((s) => (s.key === session.key ? next : s)) })} />
              <button type="button" className="btn quiet small" onClick={() => setDay({ ...day, sessions: day.sessions.filter((s) => s.key !== session.key) })}>
                Remove session {i + 1}
              </button>
            </fieldset>
          ))}
          <button type="button" className="btn secondary" disabled={!defaultTemplate} onClick={() => setDay({ ...day, sessions: [...day.sessions, emptySession(defaultTemplate)] })}>
            Add a breakout session
          </button>
        </section>
        <section className="setup-section" aria-labelledby="setup-people">
          <h2 id="setup-people">Participants</h2>
          <ParticipantsField value={day.participantsText} onChange={(participantsText) => setDay({ ...day, participantsText })} />
        </section>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="setup-actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create the workshop'}
          </button>
          <a href="/">Cancel</a>
        </div>
      </form>
    </main>
  );
}
