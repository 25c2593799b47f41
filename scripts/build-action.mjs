#!/usr/bin/env node
/**
 * Builds the GitHub Action's bundle (`npm run build:action`): src/cli/action-main.ts and
 * everything `dupgraf check` needs, bundled by esbuild into action/dist (main.mjs and the chunks
 * it loads on demand), committed to the repository so the action runs on the runner's own Node
 * with no `npm ci` and no compiler. tests/check/github-action.test.ts rebuilds it and fails when
 * the committed files differ, so they cannot go stale: after changing src/, run this and commit
 * action/dist.
 *
 * `--out DIR` builds into DIR instead (the test's rebuild). Left out of the bundle, as the action
 * never loads them: better-sqlite3 (a native module; the archive index, `--index`) and the
 * server's fastify, @fastify/cors and pino (`serve`). They sit in chunks of their own, loaded only
 * by those commands.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--out');
const outdir = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(root, 'action/dist');

/**
 * The sources load some libraries lazily with `createRequire(import.meta.url)(name)`, which
 * esbuild cannot see through: at run time that require would look for node_modules beside the
 * bundle, and there are none. Written as a plain `require(name)`, esbuild bundles the library
 * and keeps it lazy (it runs when first required).
 */
const plainRequire = {
  name: 'plain-require',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes('createRequire(import.meta.url)')) return undefined;
      const contents = source
        .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
        .replaceAll('createRequire(import.meta.url)(', 'require(');
      if (contents.includes('createRequire(import.meta.url)'))
        throw new Error(
          `${args.path}: a createRequire(import.meta.url) left that the bundle cannot follow`,
        );
      return { contents, loader: 'ts' };
    });
  },
};

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/action-main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The runner runs it with its own Node (action.yml: node24); the tests with Node 20.
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  external: ['better-sqlite3', 'fastify', '@fastify/cors', 'pino'],
  // CommonJS libraries in the bundle require Node's built-in modules.
  banner: {
    js: "import { createRequire as __dupgrafRequire } from 'node:module';\nconst require = __dupgrafRequire(import.meta.url);",
  },
  minify: true,
  legalComments: 'eof',
  charset: 'utf8',
  plugins: [plainRequire],
  logLevel: 'warning',
});
