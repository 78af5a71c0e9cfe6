import { useEffect, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { addNote, readBoard } from '../../../shared/doc/index.ts';
import { boardLink, createdBoard, fetchBoard, type BoardInfo } from '../api.ts';
import { useBoardSync, useDocValue } from '../sync/useBoardSync.ts';

function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

const readNotes = (doc: Y.Doc) => readBoard(doc).board.notes;

export function BoardPage({ boardId }: { boardId: string }) {
  const [token] = useState(tokenFromHash);
  const [info, setInfo] = useState<BoardInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const sync = useBoardSync(boardId, token);
  const notes = useDocValue(sync.doc, readNotes);

  useEffect(() => {
    fetchBoard(boardId, token).then(setInfo, (err: Error) => setInfoError(err.message));
  }, [boardId, token]);

  const error = sync.fatal ?? infoError;
  if (error) {
    return (
      <main className="page">
        <h1>Plenary</h1>
        <p role="alert" className="error">
          {error}
        </p>
        <a href="/">Create a new board</a>
      </main>
    );
  }

  const canEdit = info?.role === 'edit';
  return (
    <main className="page">
      <header className="board-header">
        <h1>{info?.title ?? 'Loading…'}</h1>
        <span className={`status status-${sync.status}`} role="status" aria-live="polite">
          {sync.status === 'connected' ? (sync.synced ? 'Live' : 'Syncing…') : sync.status === 'connecting' ? 'Connecting…' : 'Offline'}
        </span>
        {info && <span className="role">{canEdit ? 'Can edit' : 'View only'}</span>}
      </header>
      <ShareLinks boardId={boardId} token={token} role={info?.role ?? null} />
      {canEdit && <NoteForm doc={sync.doc} />}
      <section aria-label="Sticky notes">
        <h2>
          Sticky notes <span className="count">{notes.length}</span>
        </h2>
        {notes.length === 0 ? (
          <p className="muted">No notes yet.</p>
        ) : (
          <ul className="notes" data-testid="notes">
            {notes.map((note) => (
              <li key={note.id} className="note" style={{ background: note.color }}>
                <span className="note-text">{note.text}</span>
                {note.author && <span className="note-author">{note.author}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

function ShareLinks({ boardId, token, role }: { boardId: string; token: string; role: 'edit' | 'view' | null }) {
  const created = createdBoard(boardId);
  const links: { label: string; url: string }[] = [];
  if (created) {
    links.push({ label: 'Edit link (participants)', url: boardLink(boardId, created.editToken) });
    links.push({ label: 'View link (observers)', url: boardLink(boardId, created.viewToken) });
  } else if (role) {
    links.push({ label: role === 'edit' ? 'Edit link' : 'View link', url: boardLink(boardId, token) });
  }
  if (links.length === 0) return null;
  return (
    <section className="card share" aria-label="Share links">
      {links.map((link) => (
        <div key={link.label} className="share-row">
          <label>
            {link.label}
            <input readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link.url)}>
            Copy
          </button>
        </div>
      ))}
    </section>
  );
}

const COLORS = ['#fff59d', '#ffcc80', '#a5d6a7', '#90caf9', '#f48fb1'] as const;

function NoteForm({ doc }: { doc: Y.Doc }) {
  const [text, setText] = useState('');
  const [author, setAuthor] = useState(() => localStorage.getItem('plenary:name') ?? '');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    localStorage.setItem('plenary:name', author);
    const index = doc.getMap('notes').size;
    addNote(doc, {
      text: trimmed,
      author: author.trim() || 'Anonymous',
      color: COLORS[index % COLORS.length],
      x: 40 + (index % 6) * 180,
      y: 40 + Math.floor(index / 6) * 140,
      createdAt: Date.now(),
    });
    setText('');
  }

  return (
    <form className="card note-form" onSubmit={onSubmit}>
      <label>
        Your name
        <input value={author} maxLength={80} placeholder="Anonymous" onChange={(e) => setAuthor(e.target.value)} />
      </label>
      <label>
        New sticky note
        <input value={text} maxLength={500} placeholder="An idea, a root cause…" onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit">Add note</button>
    </form>
  );
}
