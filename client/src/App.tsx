import { useEffect, useState } from 'react';
import { BoardPage } from './pages/BoardPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { JoinPage } from './pages/JoinPage.tsx';
import { WorkshopPage } from './pages/WorkshopPage.tsx';
import { plenaryRoute } from './plenary/route.tsx';
import { EditDayPage } from './setup/EditDayPage.tsx';
import { SetupPage } from './setup/SetupPage.tsx';

/**
 * `/` creates a board or a sample workshop, `/new` sets up a workshop day, `/w/:id/setup#token=...` edits it, `/b/:boardId#token=...` opens a board, `/w/:id#token=...` a
 * workshop, `/w/:id/join#code=...` joins one. Tokens stay in the fragment, never sent in a page request.
 */
export function App() {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const match = /^\/b\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (match?.[1]) return <BoardPage boardId={match[1]} />;
  const join = /^\/w\/([A-Za-z0-9_-]+)\/join\/?$/.exec(path);
  if (join?.[1]) return <JoinPage workshopId={join[1]} />;
  if (/^\/new\/?$/.test(path)) return <SetupPage />;
  const setup = /^\/w\/([A-Za-z0-9_-]+)\/setup\/?$/.exec(path);
  if (setup?.[1]) return <EditDayPage workshopId={setup[1]} />;
  const workshop = /^\/w\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (workshop?.[1]) return <WorkshopPage workshopId={workshop[1]} />;
  const plenary = plenaryRoute(path);
  if (plenary) return plenary;
  return <HomePage />;
}
