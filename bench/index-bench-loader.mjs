// Lets `node --import ./bench/index-bench-loader.mjs bench/index-bench.ts` run TypeScript directly:
// .ts files are transpiled with @swc/core (already a dev dependency), and `./x.js` imports
// resolve to `./x.ts` when only the TypeScript source exists.
import { register } from 'node:module';

register('./index-bench-hooks.mjs', import.meta.url);
