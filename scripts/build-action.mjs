#!/usr/bin/env node
/**
 * Builds the bundled dupgraf (`npm run build:action`) that the GitHub Action and the pre-commit
 * hook run: esbuild bundles src/ and its libraries into action/dist, committed to the repository,
 * so both run on the Node already there with no `npm install` and no compiler:
 * - `main.mjs`: the action (src/cli/action-main.ts; action.yml's `runs.main`);
 * - `dupgraf.mjs`: the CLI (src/cli/main.ts, executable; the hook's entry in
 *   .pre-commit-hooks.yaml);
 * - `chunks/`: the code they share and load on demand.
 * tests/check/github-action.test.ts rebuilds it and fails when the committed files differ, so
 * they cannot go stale: after changing src/, run this and commit action/dist.
 *
 * `--out DIR` builds into DIR instead (the test's rebuild). Of package.json only the name and
 * version are bundled. Not in the bundle: the archive index's
 * SQLite library (better-sqlite3, a native module) and the server (`serve`: fastify, pino); the
 * bundle has stand-ins that stop with a usage error (exit 2) saying to install dupgraf with npm.
 * `scan` in the bundle runs without worker threads.
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

/**
 * What the bundle leaves out, replaced by modules that stop with a usage error (exit 2) when
 * reached: `serve` (fastify, pino and the server) and the SQLite library of the archive index.
 */
const STAND_INS = {
  'better-sqlite3': `import { UsageError } from './src/errors.ts';
export default class Database {
  constructor() {
    throw new UsageError(
      'the archive index (--index, dupgraf index) needs dupgraf installed with npm (see the README: Install): its SQLite library is a native module that the bundled dupgraf of the GitHub Action and the pre-commit hook does not carry',
    );
  }
}`,
  'serve-command': `import { UsageError } from './src/errors.ts';
export async function runServeCommand() {
  throw new UsageError(
    '\`dupgraf serve\` needs dupgraf installed with npm (see the README: Install); the bundled dupgraf of the GitHub Action and the pre-commit hook does not carry the server',
  );
}`,
};
const standIns = {
  name: 'stand-ins',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, () => ({
      path: 'better-sqlite3',
      namespace: 'stand-in',
    }));
    b.onResolve({ filter: /^\.\/serve-command\.js$/ }, () => ({
      path: 'serve-command',
      namespace: 'stand-in',
    }));
    // The tool's name and version only: the bundle does not change with the rest of package.json.
    b.onResolve({ filter: /^\.\.\/package\.json$/ }, () => ({
      path: 'package.json',
      namespace: 'stand-in',
    }));
    b.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => {
      if (args.path === 'package.json') {
        const { name, version } = JSON.parse(
          fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
        );
        return { contents: JSON.stringify({ name, version }), loader: 'json' };
      }
      return { contents: STAND_INS[args.path], loader: 'ts', resolveDir: root };
    });
  },
};

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/action-main.ts', dupgraf: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The runner runs the action with its own Node (action.yml: node24); the tests with Node 20.
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS libraries in the bundle require Node's built-in modules.
  banner: {
    js: "import { createRequire as __dupgrafRequire } from 'node:module';\nconst require = __dupgrafRequire(import.meta.url);",
  },
  minify: true,
  legalComments: 'eof',
  charset: 'utf8',
  plugins: [plainRequire, standIns],
  logLevel: 'warning',
});
// The hook runs the CLI as a program (pre-commit's `language: script`).
const cli = path.join(outdir, 'dupgraf.mjs');
fs.writeFileSync(cli, '#!/usr/bin/env node\n' + fs.readFileSync(cli, 'utf8'));
fs.chmodSync(cli, 0o755);
