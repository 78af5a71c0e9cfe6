/** The app itself (React, the pages, Konva): loaded by main.tsx once the early network work has started. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

export function render(root: HTMLElement): void {
  performance.mark('plenary:app-start');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
