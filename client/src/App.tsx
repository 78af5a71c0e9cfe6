import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { BoardPage } from './pages/BoardPage.tsx';
import { HomePage } from './pages/HomePage.tsx';

// Only the board page is in the app chunk: a board's first visit (the page that must draw fast, see
// BENCHMARKS.md) neither downloads nor compiles the workshop, console, plenary, matchmaking and setup code.
const JoinPage = lazy(() => import('./pages/JoinPage.tsx').then((m) => ({ default: m.JoinPage })));
const WorkshopPage = lazy(() => import('./pages/WorkshopPage.tsx').then((m) => ({ default: m.WorkshopPage })));
const EditDayPage = lazy(() => import('./setup/EditDayPage.tsx').then((m) => ({ default: m.EditDayPage })));
const SetupPage = lazy(() => import('./setup/SetupPage.tsx').then((m) => ({ default: m.SetupPage })));
const PlenaryRoute = lazy(() => import('./plenary/route.tsx').then((m) => ({ default: m.PlenaryRoute })));

const PLENARY_PATH = /^\/w\/([A-Za-z0-9_-]+)\/(plenary|handout)\/?$/;

function Loading({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="muted loading">Loading…</p>}>{children}</Suspense>;
}

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
  if (join?.[1]) return <Loading><JoinPage workshopId={join[1]} /></Loading>;
  if (/^\/new\/?$/.test(path)) return <Loading><SetupPage /></Loading>;
  const setup = /^\/w\/([A-Za-z0-9_-]+)\/setup\/?$/.exec(path);
  if (setup?.[1]) return <Loading><EditDayPage workshopId={setup[1]} /></Loading>;
  const workshop = /^\/w\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (workshop?.[1]) return <Loading><WorkshopPage workshopId={workshop[1]} /></Loading>;
  if (PLENARY_PATH.test(path)) return <Loading><PlenaryRoute path={path} /></Loading>;
  return <HomePage />;
}
