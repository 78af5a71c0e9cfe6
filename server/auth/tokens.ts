/**
 * Board access is by capability: whoever holds a token has its rights. Tokens are 24 nanoid characters
 * (144 random bits); only their sha256 is stored, so a copy of the database grants nothing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { nanoid } from 'nanoid';
import type { BoardRecord } from '../storage/types.ts';

export type Role = 'edit' | 'view';

export function newToken(): string {
  return nanoid(24);
}

export function newBoardId(): string {
  return nanoid(12);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameSecret(given: string, expected: string): boolean {
  // Compare digests so neither the length nor the content leaks through timing.
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

export function roleFor(board: BoardRecord, token: string | undefined): Role | null {
  if (!token) return null;
  const hash = Buffer.from(hashToken(token), 'hex');
  if (timingSafeEqual(hash, Buffer.from(board.editTokenHash, 'hex'))) return 'edit';
  if (timingSafeEqual(hash, Buffer.from(board.viewTokenHash, 'hex'))) return 'view';
  return null;
}
