import { useEffect, useState } from 'react';
import { BoardPage } from './pages/BoardPage.tsx';
import { HomePage } from './pages/HomePage.tsx';

/** Two pages: `/` creates a board, `/b/:boardId#token=...` opens one. The token stays in the fragment, never sent in a page request. */
export function App() {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const match = /^\/b\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (match?.[1]) return <BoardPage boardId={match[1]} />;
  return <HomePage />;
}
