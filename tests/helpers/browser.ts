/**
 * The Chromium the browser tests drive with playwright-core, and the client build they serve.
 *
 * Which Chromium: CHROMIUM_PATH if set, else Debian's /usr/bin/chromium if installed, else the Chromium that
 * ships inside the `@sparticuz/chromium` devDependency, so that `npm install && npm test` needs no apt and no
 * root. PLENARY_BROWSER=npm or =system forces one of the two (to check the npm browser on a machine that
 * has Debian's too). The npm browser is unpacked once into node_modules/.cache; the vitest global setup
 * (tests/helpers/global-setup.ts) does it before any worker starts, so workers only find it there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { startServer, type TestServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The production build of the client made once per run by the global setup. */
    clientDir: string;
  }
}

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Where a browser test saves its screenshots: docs/screenshots with SCREENSHOTS=1 (to refresh the README's
 * pictures), else a temporary folder, so an ordinary run never changes the working tree.
 */
export function screenshotDir(): string {
  const dir = process.env.SCREENSHOTS ? join(ROOT, 'docs/screenshots') : mkdtempSync(join(tmpdir(), 'plenary-shots-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Flags for every Chromium we start. This machine (and CI's) has no network but the package registries:
 * without the background-networking flags Chromium keeps trying Google's hosts, and those refused
 * connections slow every start.
 */
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--no-first-run',
  '--no-pings',
];

export type BrowserChoice = {
  source: 'system' | 'npm';
  executablePath: string;
  /** Extra environment for the browser process (the npm browser's fonts and, where needed, its libraries). */
  env: Record<string, string>;
  args: string[];
};

let chosen: Promise<BrowserChoice> | null = null;

/** The Chromium this run uses (see the module comment); unpacks the npm one on first use. */
export function chooseBrowser(): Promise<BrowserChoice> {
  chosen ??= choose();
  return chosen;
}

async function choose(): Promise<BrowserChoice> {
  const forced = process.env.PLENARY_BROWSER;
  if (forced !== undefined && forced !== 'npm' && forced !== 'system') {
    throw new Error(`PLENARY_BROWSER must be 'npm' or 'system', not '${forced}'`);
  }
  const systemPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (forced === 'system' || (forced === undefined && process.env.CHROMIUM_PATH)) {
    if (!existsSync(systemPath)) throw new Error(`no Chromium at ${systemPath} (CHROMIUM_PATH or PLENARY_BROWSER=system asked for it)`);
    return { source: 'system', executablePath: systemPath, env: {}, args: QUIET_FLAGS };
  }
  if (forced === undefined && existsSync(systemPath)) {
    return { source: 'system', executablePath: systemPath, env: {}, args: QUIET_FLAGS };
  }
  return npmChromium();
}

/**
 * @sparticuz/chromium ships a brotli-packed headless Chromium and unpacks it into os.tmpdir(). We point
 * that at a folder of our own in node_modules/.cache (one per package version, so an upgrade unpacks
 * afresh; never the shared /tmp/chromium another project may own), unpack into a fresh folder and rename
 * it into place, so two runs starting together never launch a half-written binary.
 */
async function npmChromium(): Promise<BrowserChoice> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/@sparticuz/chromium/package.json'), 'utf8')) as { version: string };
  const cache = join(ROOT, 'node_modules/.cache/plenary-chromium');
  const dir = join(cache, pkg.version);
  const binary = join(dir, 'chromium');
  if (!existsSync(binary)) {
    mkdirSync(cache, { recursive: true });
    const scratch = mkdtempSync(join(cache, 'unpacking-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      const { default: sparticuz, inflate } = await import('@sparticuz/chromium');
      await sparticuz.executablePath();
      // Its shared libraries (NSS, expat) for a machine that lacks them; used only if the binary needs them.
      await inflate(join(ROOT, 'node_modules/@sparticuz/chromium/bin/al2023.tar.br'));
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    // The bundled fonts plus the machine's own, so pages render text (and the handout its ★) either way.
    writeFileSync(
      join(scratch, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
        `  <dir>${join(dir, 'fonts')}</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
    try {
      renameSync(scratch, dir);
    } catch (error) {
      // Another run got there first with the same content.
      rmSync(scratch, { recursive: true, force: true });
      if (!existsSync(binary)) throw error;
    }
  }
  const env: Record<string, string> = { FONTCONFIG_FILE: join(dir, 'fonts.conf') };
  if (/not found/.test(execFileSync('ldd', [binary], { encoding: 'utf8' }))) {
    env.LD_LIBRARY_PATH = [join(dir, 'al2023/lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  }
  const { default: sparticuz } = await import('@sparticuz/chromium');
  // Its recommended flags minus those that switch off web security (--disable-web-security and friends: our
  // tests check what a page may and may not do), --single-process (only needed inside AWS Lambda's
  // sandbox) and its GPU emulation (we render in software like Debian's build under --disable-gpu).
  const dropped = /^--(disable-web-security|allow-running-insecure-content|disable-site-isolation-trials|single-process|use-gl|use-angle|enable-unsafe-swiftshader|ignore-gpu-blocklist|in-process-gpu|headless)\b/;
  const args = [...QUIET_FLAGS, ...sparticuz.args.filter((flag) => !dropped.test(flag) && !QUIET_FLAGS.includes(flag))];
  return { source: 'npm', executablePath: binary, env, args };
}

let shared: Promise<Browser> | null = null;

/**
 * The one Chromium of this vitest worker, launched on first use. The browser project runs its files without
 * isolation (vitest.config.ts), so a fork keeps this module, and the browser, from file to file: a launch
 * costs 0.5-1.5 s and its first page another second. Files must not close it; they get fresh contexts and
 * tests/e2e/setup.ts closes every context at the end of each file. It ends with the worker (playwright
 * closes the browsers it launched when the process exits).
 */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser().then((browser) => {
    browser.on('disconnected', () => {
      shared = null;
    });
    return browser;
  });
  return shared;
}

/** Closes every context (and so every page) of the shared browser, if one was launched. */
export async function closeContexts(): Promise<void> {
  if (!shared) return;
  const browser = await shared;
  await Promise.all(browser.contexts().map((context) => context.close().catch(() => undefined)));
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chooseBrowser();
  return chromium.launch({
    executablePath: browser.executablePath,
    args: browser.args,
    env: { ...process.env, ...browser.env },
  });
}

/** Builds the production client (what `npm run build` ships) into a temporary folder: the global setup's job. */
export async function buildClient(): Promise<string> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'plenary-client-'));
  await build({
    root: join(ROOT, 'client'),
    configFile: join(ROOT, 'client/vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    // The bundle's size is for the build users run to weigh (npm run build warns); here it is only noise.
    build: { outDir, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 10_000 },
  });
  return outDir;
}

/** The client build of this run, made once by the global setup and shared by every browser test file. */
export function builtClient(): string {
  const dir = inject('clientDir');
  if (!dir || !existsSync(join(dir, 'index.html'))) {
    throw new Error('no client build: browser tests run in the vitest project "browser", whose global setup builds the client');
  }
  return dir;
}

/**
 * One server serving this run's client build for a whole test file, and the worker's Chromium. At the end the
 * file's browser contexts are closed (before the server, so no page is left reconnecting to it), then the
 * server. Read `.server` and `.browser` inside tests (they are set once beforeAll has run).
 */
export function browserAndServer() {
  const env = { server: null as unknown as TestServer, browser: null as unknown as Browser, clientDir: '' };
  beforeAll(async () => {
    env.clientDir = builtClient();
    env.server = await startServer({ clientDir: env.clientDir });
    env.browser = await sharedBrowser();
  }, 120_000);
  afterAll(async () => {
    await closeContexts();
    await env.server?.close();
  });
  return env;
}

/**
 * Saves a picture of the page only with SCREENSHOTS=1 (which refreshes docs/screenshots). An ordinary run
 * looks at none of them, and each costs about 0.2 s of CPU and 0.5 s of wall time on this machine; a test
 * that needs pixels reads them itself.
 */
export async function picture(
  page: Page | Locator,
  path: string,
  options: { fullPage?: boolean; clip?: { x: number; y: number; width: number; height: number } } = {},
): Promise<void> {
  if (process.env.SCREENSHOTS) await page.screenshot({ path, ...options });
}
