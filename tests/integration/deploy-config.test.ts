/**
 * The Docker setup, checked by reading: there is no Docker engine on the machines we develop and test on, so
 * docker-compose.yml, deploy/haproxy.cfg and the Dockerfile are parsed here and held to the topology the README
 * promises (three replicas on one PostgreSQL and one Redis, HAProxy in front with health checks and no sticky
 * sessions, a slim non-root image with production dependencies only). The same topology runs for real,
 * without Docker, in scale-out.test.ts, and haproxy.cfg in a real HAProxy in haproxy.test.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readConfig } from '../../server/config.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

type ComposeService = {
  build?: string | { context: string };
  image?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  command?: string[];
};
type Compose = { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };

// `merge: true`: the replicas share one definition through a YAML merge key (`<<: *app`), as Compose reads it.
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const services = compose.services;
const replicas = Object.entries(services).filter(([, s]) => s.build !== undefined);

type HaproxySection = { kind: string; name: string; lines: string[] };

/** deploy/haproxy.cfg as sections (global, defaults, frontend x, backend y, ...) of trimmed, comment-free lines. */
function haproxySections(text: string): HaproxySection[] {
  const sections: HaproxySection[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const header = /^(global|defaults|frontend|backend|listen|resolvers|peers)\b\s*(\S*)/.exec(raw);
    if (header) sections.push({ kind: header[1] as string, name: header[2] ?? '', lines: [] });
    else sections.at(-1)?.lines.push(line.replace(/\s+/g, ' '));
  }
  return sections;
}
const haproxy = haproxySections(read('deploy/haproxy.cfg'));
const section = (kind: string, name?: string) => {
  const found = haproxy.find((s) => s.kind === kind && (name === undefined || s.name === name));
  if (!found) throw new Error(`haproxy.cfg has no ${kind} ${name ?? ''}`);
  return found;
};

/** The Dockerfile's stages: each FROM and the instructions under it, continuation lines joined. */
function dockerStages(text: string): { from: string; instructions: string[] }[] {
  const joined = text.replace(/\\\n/g, ' ');
  const stages: { from: string; instructions: string[] }[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (/^FROM\s/i.test(line)) stages.push({ from: line, instructions: [] });
    else stages.at(-1)?.instructions.push(line.replace(/\s+/g, ' '));
  }
  return stages;
}
const stages = dockerStages(read('Dockerfile'));

describe('docker-compose.yml', () => {
  it('runs three replicas of the image built from the Dockerfile, each on PostgreSQL and Redis, with a valid configuration', () => {
    expect(replicas.map(([name]) => name)).toHaveLength(3);
    for (const [name, replica] of replicas) {
      const env = replica.environment ?? {};
      // The server's own validation: a misspelt value or a missing DATABASE_URL fails here, not at `compose up`.
      const config = readConfig(env);
      expect(config.STORAGE, name).toBe('postgres');
      expect(new URL(config.DATABASE_URL as string).hostname, name).toBe('postgres');
      expect(new URL(config.REDIS_URL as string).hostname, name).toBe('redis');
      expect(config.HOST, name).toBe('0.0.0.0');
      expect(replica.depends_on, name).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      // No published port: only the balancer is reachable from outside.
      expect(replica.ports, name).toBeUndefined();
    }
    // All three run the same database and Redis (one board, one place).
    expect(new Set(replicas.map(([, r]) => `${r.environment?.DATABASE_URL} ${r.environment?.REDIS_URL}`)).size).toBe(1);
  });

  it('gives PostgreSQL and Redis health checks and named volumes, and the database its credentials', () => {
    for (const name of ['postgres', 'redis', 'lb']) expect(services[name]?.healthcheck?.test.length, name).toBeGreaterThan(0);
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, s] of Object.entries(services)) {
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (source.startsWith('.')) expect(existsSync(join(ROOT, source)), `${name}: ${source}`).toBe(true);
        else expect(declared, `${name}: ${source}`).toContain(source);
      }
    }
    expect(services.postgres?.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    const db = new URL(replicas[0]?.[1].environment?.DATABASE_URL as string);
    expect(services.postgres?.environment).toMatchObject({ POSTGRES_USER: db.username, POSTGRES_PASSWORD: db.password, POSTGRES_DB: db.pathname.slice(1) });
  });

  it('publishes only the balancer, whose published port reaches the port HAProxy binds', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([name]) => name)).toEqual(['lb']);
    const lb = services.lb as ComposeService;
    expect(lb.volumes).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    const target = (lb.ports?.[0] as string).split(':').at(-1);
    expect(section('frontend').lines).toContain(`bind :${target}`);
    expect(lb.healthcheck?.test.join(' ')).toContain(section('frontend').lines.find((l) => l.startsWith('monitor-uri '))?.split(' ')[1]);
    // The replicas' metrics are for a scraper inside the Compose network, not for the public side.
    expect(section('frontend').lines).toContain('http-request deny if { path_beg /metrics }');
  });
});

describe('deploy/haproxy.cfg', () => {
  it('balances over exactly the three replicas on their port, health-checked on /healthz', () => {
    const backend = section('backend', section('frontend').lines.find((l) => l.startsWith('default_backend '))?.split(' ')[1]);
    const servers = backend.lines.filter((l) => l.startsWith('server ')).map((l) => l.split(' ')[2]);
    const port = replicas[0]?.[1].environment?.PORT;
    expect(servers.sort()).toEqual(replicas.map(([name]) => `${name}:${port}`).sort());
    expect(backend.lines).toContain('option httpchk GET /healthz');
    expect(backend.lines).toContain('http-check expect status 200');
    const defaults = backend.lines.find((l) => l.startsWith('default-server ')) ?? '';
    const checked = backend.lines.filter((l) => l.startsWith('server ')).every((l) => / check\b/.test(l) || / check\b/.test(defaults));
    expect(checked).toBe(true);
    // A dead replica's sockets are closed, so their clients reconnect to a live one.
    expect(defaults).toContain('on-marked-down shutdown-sessions');
  });

  it('has no sticky sessions and keeps websockets open far longer than the server stays silent', () => {
    const backend = section('backend', 'plenary');
    for (const line of backend.lines) expect(line).not.toMatch(/^(cookie|stick|hash-type|balance (source|uri|url_param|hdr|rdp-cookie))\b/);
    expect(backend.lines.find((l) => l.startsWith('balance '))).toMatch(/^balance (leastconn|roundrobin)$/);
    const defaults = section('defaults');
    expect(defaults.lines).toContain('mode http');
    const tunnel = defaults.lines.find((l) => l.startsWith('timeout tunnel '))?.split(' ')[2] ?? '';
    const seconds = Number(/^(\d+)h$/.exec(tunnel)?.[1] ?? Number.NaN) * 3600 || Number(/^(\d+)m$/.exec(tunnel)?.[1] ?? 0) * 60 || Number(/^(\d+)s$/.exec(tunnel)?.[1] ?? 0);
    // The server writes to every socket at least every KEEPALIVE_MS (10 s by default, at most 14 s).
    expect(seconds).toBeGreaterThanOrEqual(60);
    const client = Number(/^(\d+)s$/.exec(defaults.lines.find((l) => l.startsWith('timeout client '))?.split(' ')[2] ?? '')?.[1]);
    expect(client).toBeGreaterThan(14);
  });
});

describe('Dockerfile', () => {
  it('builds the client in one Node 24 stage and runs production dependencies only, as a non-root user, in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^FROM node:24(-[a-z]+)?-(slim|alpine)\b/);
    const [build, runtime] = [stages[0], stages.at(-1)] as [(typeof stages)[0], (typeof stages)[0]];
    expect(build.instructions).toContain('RUN npm run build');
    const install = runtime.instructions.find((i) => i.startsWith('RUN npm ci')) ?? '';
    expect(install).toContain('--omit=dev');
    expect(runtime.instructions).toContain('COPY --from=build /app/client/dist ./client/dist');
    const user = runtime.instructions.filter((i) => i.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)\b/);
    expect(runtime.instructions.find((i) => i.startsWith('HEALTHCHECK '))).toContain('/healthz');
  });

  it('starts the server the way `npm start` does, with every folder the server imports copied in', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start as string;
    const command = start.split('&&').at(-1)?.trim().split(/\s+/) ?? [];
    const runtime = stages.at(-1)?.instructions ?? [];
    expect(runtime.find((i) => i.startsWith('CMD '))).toBe(`CMD ${JSON.stringify(command).replaceAll(',', ', ')}`);
    const copied = runtime.filter((i) => i.startsWith('COPY ') && !i.includes('--from')).map((i) => i.split(' ')[1]);
    const imported = new Set<string>();
    for (const file of sourceFiles('server')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from '((?:\.\.\/)+)([a-z]+)\//g)) {
        const top = resolve(file, '..', m[1] as string, m[2] as string).slice(ROOT.length + 1).split('/')[0] as string;
        imported.add(top);
      }
    }
    for (const folder of ['server', ...imported]) expect(copied, folder).toContain(folder);
  });

  it('finds every package the server imports at run time among the production dependencies', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const builtins = new Set(builtinModules);
    const missing = new Set<string>();
    for (const dir of ['server', 'shared', 'boards']) {
      for (const file of sourceFiles(dir)) {
        for (const m of readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*? from '([^'.][^']*)'/gms)) {
          const spec = m[1] as string;
          if (spec.startsWith('node:') || builtins.has(spec)) continue;
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
          if (!(name in pkg.dependencies)) missing.add(`${name} (${file.slice(ROOT.length + 1)})`);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('keeps dependencies, builds and local data out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['.git', 'node_modules', 'client/dist', 'data']) expect(ignored).toContain(entry);
  });
});

/** The files that run in production: .ts and .js outside tests (unit tests and the storage contract suite). */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|js)$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    if (readFileSync(file, 'utf8').includes("from 'vitest'")) continue;
    out.push(file);
  }
  return out;
}
