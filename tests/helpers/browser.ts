/** Debian's Chromium driven by playwright-core, and a fresh build of the client for the server to serve. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type TestServer } from './server.ts';

/**
 * Where a browser test saves its screenshots: docs/screenshots with SCREENSHOTS=1 (to refresh the README's
 * pictures), else a temporary folder, so an ordinary run never changes the working tree.
 */
export function screenshotDir(): string {
  return process.env.SCREENSHOTS ? resolve(import.meta.dirname, '../../docs/screenshots') : mkdtempSync(join(tmpdir(), 'plenary-shots-'));
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it with 'apt-get install -y chromium' or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Builds the client from the working tree into a temporary folder, so the test never serves a stale build. */
export async function buildClient(): Promise<string> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'plenary-client-'));
  await build({
    root: resolve(import.meta.dirname, '../../client'),
    configFile: resolve(import.meta.dirname, '../../client/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  return outDir;
}

/**
 * One server serving a fresh client build and one Chromium for a whole test file, both closed at the end.
 * Read `.server` and `.browser` inside tests (they are set once beforeAll has run).
 */
export function browserAndServer() {
  const env = { server: null as unknown as TestServer, browser: null as unknown as Browser, clientDir: '' };
  beforeAll(async () => {
    env.clientDir = await buildClient();
    env.server = await startServer({ clientDir: env.clientDir });
    env.browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
