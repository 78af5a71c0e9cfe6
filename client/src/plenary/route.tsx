/** `/w/:id/plenary` (the plenary screen) and `/w/:id/handout` (the printable handout); null for other paths. */
import type { ReactElement } from 'react';
import { HandoutPage } from './HandoutPage.tsx';
import { PlenaryPage } from './PlenaryPage.tsx';

export function plenaryRoute(path: string): ReactElement | null {
  const match = /^\/w\/([A-Za-z0-9_-]+)\/(plenary|handout)\/?$/.exec(path);
  if (!match?.[1]) return null;
  return match[2] === 'handout' ? <HandoutPage key={`h:${match[1]}`} workshopId={match[1]} /> : <PlenaryPage key={`p:${match[1]}`} workshopId={match[1]} />;
}

/** The route as a component, for App's lazy import. */
export function PlenaryRoute({ path }: { path: string }): ReactElement | null {
  return plenaryRoute(path);
}
