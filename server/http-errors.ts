/**
 * Every error answer has the same JSON body: { error, message, field? }. Request bodies are parsed with
 * zod through `parseOr400`, which names the first failing field.
 */
import type { z } from 'zod';

export class HttpError extends Error {
  readonly statusCode: number;
  readonly error: string;
  readonly field: string | undefined;
  constructor(statusCode: number, error: string, message: string, field?: string) {
    super(message);
    this.statusCode = statusCode;
    this.error = error;
    this.field = field;
  }
}

export function parseOr400<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  let field = path.map(String).join('.');
  if (issue?.code === 'unrecognized_keys') field = [...path.map(String), ...issue.keys].join('.');
  throw new HttpError(400, 'invalid_request', issue ? `${field || 'body'}: ${issue.message}` : 'invalid request', field || undefined);
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
