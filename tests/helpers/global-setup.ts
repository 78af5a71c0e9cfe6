/**
 * Global setup of the vitest project "browser" (tests/e2e), run once per `vitest run` and only when a
 * browser test is selected: picks (and if need be unpacks) the Chromium, and builds the production client
 * once for every browser test file, instead of one build per file.
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildClient, chooseBrowser } from './browser.ts';

export default async function setup(project: TestProject): Promise<() => void> {
  const started = performance.now();
  // One after the other: unpacking the npm Chromium briefly points TMPDIR at its own folder.
  const browser = await chooseBrowser();
  const clientDir = await buildClient();
  project.provide('clientDir', clientDir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`browser tests: ${browser.source} Chromium at ${browser.executablePath}; client built in ${seconds} s`);
  return () => rmSync(clientDir, { recursive: true, force: true });
}
