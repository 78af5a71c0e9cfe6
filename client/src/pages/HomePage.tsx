import { useEffect, useState, type FormEvent } from 'react';
import { boardLink, createBoard, createSampleWorkshop, fetchTemplates, rememberCreated, rememberWorkshopToken, type TemplateSummary } from '../api.ts';

export function HomePage() {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [template, setTemplate] = useState('');
  useEffect(() => {
    void fetchTemplates().then(setTemplates);
  }, []);
  const chosen = templates.find((t) => t.id === template);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const board = await createBoard(title, template || null);
      rememberCreated(board);
      window.location.assign(boardLink(board.boardId, board.editToken));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <main className="page">
      <h1>Plenary</h1>
      <p className="lead">A live whiteboard for facilitated breakout sessions.</p>
      <form onSubmit={(event) => void onSubmit(event)} className="card">
        <label>
          Board title
          <input value={title} maxLength={200} placeholder="Breakout room 1: attracting members" onChange={(e) => setTitle(e.target.value)} />
        </label>
        {templates.length > 0 && (
          <label>
            Template
            <select value={template} onChange={(e) => setTemplate(e.target.value)}>
              <option value="">Blank board</option>
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create board'}
        </button>
        {chosen && <p className="muted template-description">{chosen.description}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      <section className="card stack" aria-label="Workshop">
        <p>
          Run a facilitated day: an agenda, breakout sessions with rooms and challenges, dot voting, and links
          and QR codes for everyone to join.
        </p>
        <a className="button-link start-setup" href="/new">
          Set up a workshop
        </a>
      </section>
      <section className="card stack" aria-label="Sample workshop">
        <p>
          Try a whole training day alone: a sample workshop with an agenda, breakout rooms with challenges and
          pre-registered participants. Open the participant link in a second window to join it.
        </p>
        <button type="button" onClick={() => void openSample()} disabled={busy}>
          Try a sample training day
        </button>
      </section>
    </main>
  );

  async function openSample() {
    setBusy(true);
    setError(null);
    try {
      const w = await createSampleWorkshop();
      rememberWorkshopToken(w.workshopId, w.facilitatorToken, w.links);
      window.location.assign(w.links.facilitator);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }
}
