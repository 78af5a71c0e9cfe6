/**
 * `/w/:id/setup#token=<facilitator token>`: "Edit the day" from the console. The same fields as setting
 * up, each part saved on its own (so one part's error never loses another's edits): the details, each
 * breakout session (rooms renamed, added or removed, challenges changed on the live boards), new
 * sessions, and the participants (corrected, removed before they join, more added by paste or CSV with
 * every bad row named by the server).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { fetchTemplates, fetchWorkshop, workshopCall, workshopToken, type TemplateSummary, type WorkshopCall, type WorkshopSummary } from '../api.ts';
import { PageError } from '../components/PageError.tsx';
import { detailsBody, draftFromSummary, emptySession, rowErrorLines, sessionBody, sessionEditBody, type DayDraft, type SessionDraft } from './draft.ts';
import { DetailsFields, ParticipantsField, SessionFields } from './fields.tsx';
import './setup.css';

type Status = { kind: 'ok' | 'error'; text: string } | null;

function StatusLine({ status }: { status: Status }) {
  if (!status) return null;
  if (status.kind === 'ok') return <p className="feedback-ok" role="status">{status.text}</p>;
  const lines = rowErrorLines(status.text);
  return (
    <div className="error" role="alert">
      {lines.length > 1 ? (
        <ul className="row-errors">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        status.text
      )}
    </div>
  );
}

/** Runs a save, reporting success or the server's message. */
function useSave(after: () => Promise<void>) {
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    setStatus(null);
    try {
      await work();
      await after();
      setStatus({ kind: 'ok', text: done });
      return true;
    } catch (err) {
      setStatus({ kind: 'error', text: (err as Error).message });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { status, busy, run };
}

export function EditDayPage({ workshopId }: { workshopId: string }) {
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? workshopToken(workshopId)?.token ?? '');
  const [summary, setSummary] = useState<WorkshopSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const reload = useCallback(async () => {
    const w = await fetchWorkshop(workshopId, token);
    if (w.role !== 'facilitator') throw new Error('Only the facilitator can edit the day.');
    setSummary(w);
  }, [workshopId, token]);
  useEffect(() => {
    // The first load. reload sets state only after its fetch resolves, never synchronously in the effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the rule cannot see the await inside reload
    reload().then(
      () => undefined,
      (err: Error) => setError(err.message),
    );
    void fetchTemplates().then(setTemplates);
  }, [reload]);

  if (error) return <PageError message={error} />;
  if (!summary) return <main className="page">Loading…</main>;
  const request = workshopCall(workshopId, token);
  const consoleHref = `/w/${workshopId}#token=${token}`;

  return (
    <main className="page setup-page">
      <p>
        <a href={consoleHref}>← Back to the console</a>
      </p>
      <h1>Edit the day</h1>
      <p className="lead">{summary.title}: each part is saved on its own. Boards, notes and votes stay as they are.</p>
      <DetailsSection key={`d-${summary.title}-${summary.date}-${summary.agenda.length}`} summary={summary} request={request} reload={reload} />
      <SessionsSection summary={summary} templates={templates} request={request} reload={reload} />
      <ParticipantsSection summary={summary} request={request} reload={reload} />
      <p>
        <a href={consoleHref}>← Back to the console</a>
      </p>
    </main>
  );
}

type SectionProps = { summary: WorkshopSummary; request: WorkshopCall; reload: () => Promise<void> };

function DetailsSection({ summary, request, reload }: SectionProps) {
  const [details, setDetails] = useState<Pick<DayDraft, 'title' | 'date' | 'voteBudget' | 'agenda'>>(() => draftFromSummary(summary));
  const save = useSave(reload);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(() => request('editDetails', { body: detailsBody(details) }), 'The day is saved.');
  };
  return (
    <form className="setup-section" aria-labelledby="edit-day" onSubmit={onSubmit}>
      <h2 id="edit-day">The day</h2>
      <DetailsFields value={details} onChange={setDetails} />
      <div className="setup-actions">
        <button type="submit" disabled={save.busy}>
          Save the day
        </button>
        <StatusLine status={save.status} />
      </div>
    </form>
  );
}

function SessionsSection({ summary, templates, request, reload }: SectionProps & { templates: readonly TemplateSummary[] }) {
  const [added, setAdded] = useState<SessionDraft[]>([]);
  const defaultTemplate = templates.find((t) => t.id === 'challenge-board')?.id ?? templates[0]?.id ?? '';
  const drafts = draftFromSummary(summary).sessions;
  return (
    <section className="setup-section" aria-labelledby="edit-sessions">
      <h2 id="edit-sessions">Breakout sessions</h2>
      {drafts.map((session, i) => (
        <SessionEditor key={session.id} initial={session} index={i} templates={templates} request={request} reload={reload} />
      ))}
      {added.map((session, i) => (
        <NewSession
          key={session.key}
          initial={session}
          index={drafts.length + i}
          templates={templates}
          request={request}
          reload={reload}
          onDone={() => setAdded(added.filter((s) => s.key !== session.key))}
        />
      ))}
      <button type="button" className="btn secondary" disabled={!defaultTemplate} onClick={() => setAdded([...added, emptySession(defaultTemplate)])}>
        Add a breakout session
      </button>
    </section>
  );
}

function SessionEditor({ initial, index, templates, request, reload }: { initial: SessionDraft; index: number; templates: readonly TemplateSummary[]; request: WorkshopCall; reload: () => Promise<void> }) {
  const [session, setSession] = useState(initial);
  // What the server has now (after a save here or elsewhere) replaces the form's copy: adjusted while
  // rendering when the saved form changes (React's "storing information from previous renders").
  const saved = JSON.stringify(sessionEditBody(initial));
  const [seen, setSeen] = useState(saved);
  if (seen !== saved) {
    setSeen(saved);
    setSession(initial);
  }
  const save = useSave(reload);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(() => request('editSession', { params: { sessionId: initial.id ?? '' }, body: sessionEditBody(session) }), `${session.title}: saved.`);
  };
  return (
    <form className="setup-session" aria-label={`Session ${index + 1}: ${initial.title}`} onSubmit={onSubmit}>
      <SessionFields value={session} index={index} templates={templates} onChange={setSession} />
      <div className="setup-actions">
        <button type="submit" disabled={save.busy}>
          Save session
        </button>
        <button
          type="button"
          className="btn quiet"
          disabled={save.busy}
          onClick={() => {
            if (window.confirm(`Remove the session "${initial.title}" and its rooms?`)) void save.run(() => request('deleteSession', { params: { sessionId: initial.id ?? '' } }), 'Session removed.');
          }}
        >
          Remove session
        </button>
        <StatusLine status={save.status} />
      </div>
    </form>
  );
}

function NewSession({ initial, index, templates, request, reload, onDone }: { initial: SessionDraft; index: number; templates: readonly TemplateSummary[]; request: WorkshopCall; reload: () => Promise<void>; onDone: () => void }) {
  const [session, setSession] = useState(initial);
  const save = useSave(reload);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => request('addSession', { body: sessionBody(session) }), 'Session added.')) onDone();
  };
  return (
    <form className="setup-session new" aria-label={`New session ${index + 1}`} onSubmit={(e) => void onSubmit(e)}>
      <SessionFields value={session} index={index} templates={templates} onChange={setSession} />
      <div className="setup-actions">
        <button type="submit" disabled={save.busy}>
          Add this session
        </button>
        <button type="button" className="btn quiet" onClick={onDone}>
          Cancel
        </button>
        <StatusLine status={save.status} />
      </div>
    </form>
  );
}

function ParticipantsSection({ summary, request, reload }: SectionProps) {
  const [text, setText] = useState('');
  const save = useSave(reload);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => request('importParticipants', { body: { csv: text } }), 'Participants added.')) setText('');
  };
  return (
    <section className="setup-section" aria-labelledby="edit-people">
      <h2 id="edit-people">Participants ({summary.participants.length})</h2>
      {summary.participants.length > 0 && (
        <table className="setup-people">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Cluster</th>
              <th scope="col">Country</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.participants.map((p) => (
              <PersonRow key={`${p.id}-${p.name}-${p.cluster}-${p.country}`} person={p} request={request} reload={reload} />
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(e) => void onSubmit(e)} aria-label="Add participants">
        <ParticipantsField value={text} onChange={setText} taken={summary.participants.map((p) => p.name)} emptyHint="Paste or load more people to add them; people can also join with their name." />
        <div className="setup-actions">
          <button type="submit" disabled={save.busy || text.trim() === ''}>
            Add participants
          </button>
          <StatusLine status={save.status} />
        </div>
      </form>
    </section>
  );
}

function PersonRow({ person, request, reload }: { person: WorkshopSummary['participants'][number]; request: WorkshopCall; reload: () => Promise<void> }) {
  const [draft, setDraft] = useState({ name: person.name, cluster: person.cluster, country: person.country });
  const save = useSave(reload);
  const changed = draft.name !== person.name || draft.cluster !== person.cluster || draft.country !== person.country;
  const field = (key: keyof typeof draft, label: string) => (
    <td>
      <input aria-label={`${label} of ${person.name}`} value={draft[key]} maxLength={key === 'name' ? 120 : 200} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </td>
  );
  return (
    <tr>
      {field('name', 'Name')}
      {field('cluster', 'Cluster')}
      {field('country', 'Country')}
      <td className="muted small">{person.claimed ? 'joined' : person.preRegistered ? 'registered' : ''}</td>
      <td className="row-actions">
        <button type="button" className="btn small" disabled={!changed || !draft.name.trim() || save.busy} onClick={() => void save.run(() => request('editParticipant', { params: { participantId: person.id }, body: draft }), 'Saved.')}>
          Save
        </button>
        {!person.claimed && (
          <button type="button" className="btn quiet small" disabled={save.busy} aria-label={`Remove ${person.name}`} onClick={() => void save.run(() => request('removeParticipant', { params: { participantId: person.id } }), 'Removed.')}>
            Remove
          </button>
        )}
        <StatusLine status={save.status?.kind === 'error' ? save.status : null} />
      </td>
    </tr>
  );
}
