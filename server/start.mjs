import { enableCompileCache } from 'node:module';
import { setFlagsFromString } from 'node:v8';
if (process.env.SEMI) setFlagsFromString(`--max-semi-space-size=${process.env.SEMI}`);
enableCompileCache();
await import('./main.ts');
