/**
 * Versioned records. Every stored record type declares its current version and the ordered list of
 * migrations that lift older data to it. A record written without `v` is taken to be version 1, the
 * shape the first clients wrote. Migrations are pure: they return a new object and never touch their
 * input, so a caller can migrate data it does not own (a Yjs value, a parsed request body) safely.
 */
import type { z } from 'zod';

export type Migration = {
  /** The version this step produces; steps run in ascending order. */
  readonly to: number;
  readonly description: string;
  readonly up: (previous: Readonly<Record<string, unknown>>) => Record<string, unknown>;
};

export type MigrateResult<T> =
  | { readonly ok: true; readonly value: T; readonly from: number }
  | { readonly ok: false; readonly error: string };

export type VersionedRecord<S extends z.ZodType> = {
  readonly name: string;
  readonly version: number;
  readonly schema: S;
  readonly migrations: readonly Migration[];
  /** Lift `input` from whatever version it declares to the current one, then validate it. */
  readonly migrate: (input: unknown) => MigrateResult<z.output<S>>;
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function defineRecord<S extends z.ZodType>(spec: {
  name: string;
  version: number;
  schema: S;
  migrations?: readonly Migration[];
}): VersionedRecord<S> {
  const migrations = [...(spec.migrations ?? [])].sort((a, b) => a.to - b.to);
  const last = migrations.at(-1);
  if (last !== undefined && last.to !== spec.version) {
    throw new Error(`${spec.name}: last migration produces v${last.to}, schema is v${spec.version}`);
  }
  const migrate = (input: unknown): MigrateResult<z.output<S>> => {
    if (!isPlainObject(input)) return { ok: false, error: `${spec.name}: expected an object` };
    const declared = input['v'];
    const from = declared === undefined ? 1 : declared;
    if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
      return { ok: false, error: `${spec.name}: invalid version ${JSON.stringify(declared)}` };
    }
    if (from > spec.version) {
      return { ok: false, error: `${spec.name}: version ${from} is newer than this code (v${spec.version})` };
    }
    let current: Readonly<Record<string, unknown>> = input;
    for (const step of migrations) {
      if (step.to <= from) continue;
      current = { ...step.up(current), v: step.to };
    }
    const parsed = spec.schema.safeParse(current);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : issue.path.join('.');
      return { ok: false, error: `${spec.name}: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}` };
    }
    return { ok: true, value: parsed.data, from };
  };
  return { name: spec.name, version: spec.version, schema: spec.schema, migrations, migrate };
}
