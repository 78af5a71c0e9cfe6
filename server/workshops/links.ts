/**
 * The links a facilitator hands out (participant, observer, co-facilitator), available on any of their
 * screens, not only the browser that created the workshop. Tokens are stored only as sha256 (a copy of
 * the database grants nothing), so the links are kept sealed: AES-256-GCM under a key derived from each
 * facilitator token (sha256 of a prefix and the token, which the stored hash does not reveal), one
 * sealed copy per facilitator token, found by that token's hash.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { WorkshopLinksSchema, type WorkshopLinks } from '../../shared/schema/responses.ts';

export type { WorkshopLinks };

export function linksFor(workshopId: string, tokens: { joinToken: string; observerToken: string; coFacilitatorToken: string }): WorkshopLinks {
  const base = `/w/${workshopId}`;
  return {
    participant: `${base}/join#code=${tokens.joinToken}`,
    observer: `${base}#token=${tokens.observerToken}`,
    coFacilitator: `${base}#token=${tokens.coFacilitatorToken}`,
  };
}

const keyOf = (token: string) => createHash('sha256').update(`plenary-links\n${token}`, 'utf8').digest();

/** base64url of iv (12 bytes) + tag (16 bytes) + ciphertext. */
export function sealLinks(token: string, links: WorkshopLinks): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(token), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(links), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The links sealed for `token`, or null when they were sealed for another token or do not read. */
export function openLinks(token: string, sealed: string): WorkshopLinks | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(token), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const parsed = WorkshopLinksSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
