/**
 * Every error answer has the same JSON body: { error, message, field? } (`ErrorSchema` in
 * shared/schema/responses.ts). Route params, queries and bodies are checked against their zod schemas
 * (shared/schema/api.ts) by `zodValidator`, and values checked inside a handler by `parseOr400`: both
 * answer 400 naming the first failing field.
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
  throw invalidRequest(result.error);
}

/** Fastify's validator compiler for zod schemas: a 400 HttpError naming the field. A missing body counts as `{}`. */
export function zodValidator({ schema, httpPart }: { schema: z.ZodType; httpPart?: string }) {
  return (data: unknown): { value: unknown } | { error: HttpError } => {
    const result = schema.safeParse(httpPart === 'body' ? (data ?? {}) : data);
    return result.success ? { value: result.data } : { error: invalidRequest(result.error) };
  };
}

function invalidRequest(error: z.ZodError): HttpError {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  let field = path.map(String).join('.');
  if (issue?.code === 'unrecognized_keys') field = [...path.map(String), ...issue.keys].join('.');
  return new HttpError(400, 'invalid_request', issue ? `${field || 'body'}: ${issue.message}` : 'invalid request', field || undefined);
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
