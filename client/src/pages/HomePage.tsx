import { useState, type FormEvent } from 'react';
import { boardLink, createBoard, rememberCreated } from '../api.ts';

export function HomePage() {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const board = await createBoard(title);
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
      <form onSubmit={onSubmit} className="card">
        <label htmlFor="title">Board title</label>
        <input
          id="title"
          value={title}
          maxLength={200}
          placeholder="Breakout room 1: attracting members"
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create board'}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
