/**
 * Starts a board page's network work before the app's code has loaded: `main.tsx` calls `startEarly()`
 * first thing, then imports the app. On `/b/:boardId#token=...` this opens the board's connection (the
 * websocket sync and the IndexedDB cache) and requests `GET /api/boards/:id`, so the server encodes and
 * sends the board while the browser is still downloading and compiling React, Konva and the pages. The
 * board page then adopts both (`takeEarlyConnection`, `takeEarlyInfo`) instead of starting its own.
 * Each is handed out once; a page for another board or token starts fresh.
 */
import { fetchBoard, type BoardInfo } from '../api.ts';
import { BoardConnection } from './boardConnection.ts';

export const BOARD_PATH = /^\/b\/([A-Za-z0-9_-]+)\/?$/;

export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.slice(1)).get('token') ?? '';
}

let connection: BoardConnection | null = null;
let info: { boardId: string; token: string; promise: Promise<BoardInfo> } | null = null;

export function startEarly(location: { pathname: string; hash: string } = window.location): void {
  const boardId = BOARD_PATH.exec(location.pathname)?.[1];
  const token = tokenFromHash(location.hash);
  if (!boardId || !token) return;
  connection = new BoardConnection(boardId, token);
  const promise = fetchBoard(boardId, token);
  promise.catch(() => undefined); // read by the page; not an unhandled rejection if it never asks
  info = { boardId, token, promise };
}

export function takeEarlyConnection(boardId: string, token: string): BoardConnection | null {
  const taken = connection;
  connection = null;
  if (taken && taken.boardId === boardId && taken.token === token) return taken;
  taken?.destroy();
  return null;
}

/**
 * What a page does with its connection when it unmounts: destroyed, but only after the current task, so
 * that a remount right away (React's StrictMode runs every effect twice in development) takes it back.
 */
export function releaseConnection(released: BoardConnection): void {
  if (connection && connection !== released) connection.destroy();
  connection = released;
  setTimeout(() => {
    if (connection !== released) return;
    connection = null;
    released.destroy();
  }, 0);
}

/** The early `GET /api/boards/:id`, for the rest of the current task (StrictMode's second effect run included). */
export function takeEarlyInfo(boardId: string, token: string): Promise<BoardInfo> | null {
  const taken = info;
  if (taken) {
    setTimeout(() => {
      if (info === taken) info = null;
    }, 0);
  }
  return taken && taken.boardId === boardId && taken.token === token ? taken.promise : null;
}
