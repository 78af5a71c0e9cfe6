/**
 * The entry chunk, kept small: it opens a board's connection (early.ts) and only then loads the app, so
 * that the board's sync runs while the browser downloads and compiles the rest (see client/README.md).
 */
import { startEarly } from './sync/early.ts';
import './styles.css';

performance.mark('plenary:script-start');
const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
startEarly();
import('./render.tsx').then(
  ({ render }) => render(root),
  (err: Error) => {
    root.innerHTML = '<main class="page"><h1>Plenary</h1><p role="alert" class="error"></p></main>';
    root.querySelector('p')!.textContent = `The app could not load (${err.message}). Reload the page.`;
  },
);
