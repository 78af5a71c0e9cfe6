/**
 * Setup of every browser test file (vitest.config.ts, project "browser"). The files of a fork share their
 * modules and one Chromium (no isolation), so what one file leaves behind is cleared here: the page errors
 * it collected (each file checks its own stay empty) and, once it is done, its browser contexts.
 */
import { afterAll, beforeAll } from 'vitest';
import { closeContexts } from '../helpers/browser.ts';
import { pageErrors } from './helpers.ts';

beforeAll(() => {
  pageErrors.length = 0;
});

afterAll(async () => {
  await closeContexts();
});
