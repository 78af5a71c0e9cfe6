/** A page that could not open (a wrong link, a refused token, the server unreachable): what went wrong, and a way on. */
import type { ReactNode } from 'react';

export function PageError({ title = 'Plenary', message, children }: { title?: string; message: string; children?: ReactNode }) {
  return (
    <main className="page">
      <h1>{title}</h1>
      <p role="alert" className="error">
        {message}
      </p>
      {children}
    </main>
  );
}
