#!/usr/bin/env node
/**
 * Bundles the CLI for a faster start (part of `npm run build`, after tsc): esbuild puts
 * src/cli/main.ts, the modules it imports and the pure-JavaScript libraries they import into
 * dist/bundle/ (`dupgraf.mjs` and the chunks it loads on demand), which bin/dupgraf runs: Node
 * then reads and links a few files instead of hundreds (docs/performance.md#start-up). What is
 * loaded only when needed stays so: each `await import()` is its own chunk.
 *
 * Left to node_modules at run time: the native SQLite library and the PostgreSQL client
 * (`--index`), the server's libraries (`serve`) and whatever the sources load with
 * `createRequire(import.meta.url)` (the readers' parsers, decoding, fast-glob, the progress bar):
 * those requires are made relative to the module's place in dist/ (`dist/sources/decode.js` …),
 * so they resolve exactly as in the unbundled build; but fast-glob is bundled (see
 * BUNDLE_THEIR_REQUIRES). Worker threads run the unbundled
 * dist/parallel/*-worker.js the same way.
 *
 * `--out DIR` builds into DIR instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--out');
const outdir = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(root, 'dist/bundle');

/**
 * Libraries not bundled (loaded from node_modules): native, used by `--index`/`serve` only, or
 * the readers' parsers, which src/sources/formats/libraries.ts loads on first use (with
 * `import()` as well as with its `createRequire`).
 */
const EXTERNAL = [
  'better-sqlite3',
  'pg',
  'pg-copy-streams',
  'fastify',
  '@fastify/*',
  'pino',
  'marked',
  'htmlparser2',
  'fast-xml-parser',
];

/**
 * `import.meta.url` where a module finds files beside itself (its `createRequire`, its worker
 * scripts) becomes the URL of that module in dist/: every bundle file sits in dist/bundle/, so
 * `new URL('../sources/decode.js', import.meta.url)` is where the unbundled module would be.
 */
/**
 * Modules whose lazily required libraries are bundled all the same (still evaluated only when
 * first required): fast-glob, which every folder walked needs (about 80 files otherwise).
 */
const BUNDLE_THEIR_REQUIRES = new Set(['sources/walk-state.js']);

const distPlaces = {
  name: 'dist-places',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const rel = path
        .relative(path.join(root, 'src'), args.path)
        .split(path.sep)
        .join('/')
        .replace(/\.ts$/, '.js');
      const place = `new URL('../${rel}', import.meta.url)`;
      if (BUNDLE_THEIR_REQUIRES.has(rel)) {
        // A plain `require(name)`, which esbuild bundles (lazily), instead of createRequire's.
        const contents = source.replace(
          /^const require = createRequire\(import\.meta\.url\);$/m,
          '',
        );
        if (contents.includes('import.meta.url'))
          throw new Error(`${args.path}: an import.meta.url that the bundle would change`);
        return { contents, loader: 'ts' };
      }
      const uses = [
        ['createRequire(import.meta.url)', `createRequire(${place})`],
        ['workerScript(import.meta.url,', `workerScript(${place}.href,`],
      ];
      const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      if (!code.includes('import.meta.url')) return undefined;
      if (uses.reduce((s, [use]) => s.replaceAll(use, ''), code).includes('import.meta.url'))
        throw new Error(`${args.path}: an import.meta.url that the bundle would change`);
      const contents = uses.reduce((s, [use, instead]) => s.replaceAll(use, instead), source);
      return { contents, loader: 'ts' };
    });
  },
};

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { dupgraf: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // One folder, so that '../' from any bundle file is dist/ (see distPlaces).
  chunkNames: '[name]-[hash]',
  // CommonJS libraries in the bundle require Node's built-in modules.
  banner: {
    js: "import { createRequire as __dupgrafRequire } from 'node:module';\nconst require = __dupgrafRequire(import.meta.url);",
  },
  external: EXTERNAL,
  minify: true,
  legalComments: 'eof',
  charset: 'utf8',
  plugins: [distPlaces],
  logLevel: 'warning',
});
