/**
 * The production entry (`npm start`): turns on Node's compile cache, then runs main.ts.
 *
 * Plain JavaScript so that it runs before any TypeScript is loaded. With the cache on, the second and later
 * starts read main.ts and its imports already stripped of their types (and V8's code cache with them):
 * Node's type stripper, a WebAssembly module that stays resident once instantiated (about 18 MB), is then
 * never loaded, and start-up is faster. The cache lives in the OS temp folder (NODE_COMPILE_CACHE
 * overrides it) and is keyed by file content, so a changed file is simply stripped again.
 *
 * `npm start` also runs it with --max-semi-space-size=2 (a V8 flag, so it cannot be set from here): with
 * V8's default, the young generation grows to 3 x 16 MB as soon as a burst of connections comes in and stays
 * resident, about 15 KB of RSS per idle connection of 2,000 (measured by `npm run bench:sync`, scenario c);
 * with 2 MB semi-spaces, 7.5 KB. Scavenges come more often; CPU per relayed update moved within the noise.
 */
import { enableCompileCache, flushCompileCache } from 'node:module';

enableCompileCache();
await import('./main.ts');
// Node writes the cache at a normal exit; a server ended by kill -9 or a crash would never write it, and
// every start would pay the stripper again. Everything main.ts imports is loaded by now.
flushCompileCache();
