#!/usr/bin/env node
/**
 * Bundles the CLI for a faster start (part of `npm run build`, after tsc): esbuild puts
 * src/cli/main.ts, the modules it imports and the pure-JavaScript libraries they import into one
 * CommonJS file, dist/bundle/dupgraf.cjs, then scripts/warm-cli.mjs makes its code caches
 * (dist/bundle/dupgraf.cjs.cache, and .check.cache for `check`). bin/dupgraf runs it through
 * bin/load-bundle.cjs: Node reads
 * two files instead of hundreds, and V8 takes the compiled code from the cache instead of
 * compiling (docs/performance.md#start-up). What is loaded only when needed stays so: a bundled
 * module that src/ imports with `await import()` is evaluated on first use.
 *
 * Left to node_modules at run time: the native SQLite library and the PostgreSQL client
 * (`--index`), the server's libraries (`serve`) and whatever the sources load with
 * `createRequire(import.meta.url)` (the readers' parsers, decoding, the progress bar): those
 * requires are made relative to the module's place in dist/ (`dist/sources/decode.js` …), so
 * they resolve exactly as in the unbundled build; but fast-glob is bundled (see
 * BUNDLE_THEIR_REQUIRES). Worker threads run the unbundled dist/parallel/*-worker.js the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/bundle');

/**
 * Libraries not bundled (loaded from node_modules): used by `--index` with PostgreSQL or by
 * `serve` only, or the readers' parsers, which src/sources/formats/libraries.ts loads on first use
 * (with `import()` as well as with its `createRequire`). better-sqlite3's JavaScript is bundled,
 * its native library is not (see nativeSqlite).
 */
const EXTERNAL = [
  'better-sqlite3/package.json', // where its native library is (see nativeSqlite)
  'pg',
  'pg-copy-streams',
  'fastify',
  '@fastify/*',
  'pino',
  'marked',
  'entities',
  'htmlparser2',
  'fast-xml-parser',
];

/**
 * `import.meta.url` where a module finds files beside itself (its `createRequire`, its worker
 * scripts) becomes the URL of that module in dist/: the bundle sits in dist/bundle/, so
 * `new URL('../sources/decode.js', import.meta.url)` is where the unbundled module would be.
 */
/**
 * Modules whose lazily required libraries are bundled all the same (still evaluated only when
 * first required): fast-glob, which every folder walked needs (about 80 files otherwise).
 */
const BUNDLE_THEIR_REQUIRES = new Set(['sources/walk-state.js']);

/**
 * A source file of src/ as the bundle takes it. `import fs from 'node:fs'` (path, os) becomes
 * `const fs = require('node:fs')`: esbuild turns a default import of a module it leaves out of the
 * bundle into a copy of all the module's properties, made in each of the ~40 modules that import
 * one, at every start (~3 ms).
 */
async function srcSource(file) {
  const source = await fs.promises.readFile(file, 'utf8');
  return source.replace(
    /^import (\w+) from '(node:(?:fs|path|os))';$/gm,
    (_, name, module) => `const ${name} = require('${module}');`,
  );
}

const distPlaces = {
  name: 'dist-places',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await srcSource(args.path);
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
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
      if (!code.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      if (uses.reduce((s, [use]) => s.replaceAll(use, ''), code).includes('import.meta.url'))
        throw new Error(`${args.path}: an import.meta.url that the bundle would change`);
      const contents = uses.reduce((s, [use, instead]) => s.replaceAll(use, instead), source);
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * string-width (which yargs's help layout and the progress bar use) builds an Intl.Segmenter
 * and Unicode-property patterns when its module is evaluated: ~40 ms of every start, for a
 * function most runs never call. Here each import of it gets a stand-in that requires the real
 * module (the version that importer would get) on the first call; esbuild evaluates a bundled
 * module that is required at the time of the require.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await b.resolve(args.path, {
        importer: args.importer,
        resolveDir: args.resolveDir,
        kind: args.kind,
        pluginData: { real: true },
      });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: `let real;
export default function stringWidth(string, options) {
  real ??= require(${JSON.stringify(args.path)}).default;
  return real(string, options);
}
`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * zod (the config file's, the registry's and the flags' validation) is evaluated only when a
 * schema is first built: every `import { z } from 'zod'` gets a stand-in whose `z` requires the
 * real module on first use (esbuild evaluates a bundled module that is required at the time of
 * the require). src/ builds its schemas on first use (src/lazy-schema.ts), so a `check` that has
 * no config file and no setting flag never evaluates zod (~0.5 MB of code).
 */
const lazyZod = {
  name: 'lazy-zod',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      // zod's CommonJS build: its modules define their exports when evaluated, where an ES
      // module bundled as a namespace gets its ~1,300 export getters defined at every start.
      const real = await b.resolve(args.path, {
        importer: args.importer,
        resolveDir: args.resolveDir,
        kind: 'require-call',
        pluginData: { real: true },
      });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-zod' };
    });
    // zod itself is dist/bundle/zod.cjs (built below), which bin/load-bundle.cjs loads with its
    // own code cache (__dupgrafLibrary).
    b.onLoad({ filter: /.*/, namespace: 'lazy-zod' }, (args) => ({
      contents: `let real;
const load = () => (real ??= __dupgrafLibrary('zod.cjs').z);
export const z = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
    if (descriptor) descriptor.configurable = true;
    return descriptor;
  },
});
`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * better-sqlite3 (`--index` with an SQLite file) is bundled but for its native library, which its
 * lib/database.js loads with the `bindings` package: that searches a dozen places for the file,
 * from the caller's place (read from a stack trace), which in the bundle would be
 * dist/bundle/. Here it is loaded from where npm builds it, in the better-sqlite3 package Node
 * resolves from the bundle (where the unbundled CLI loads it from), and only if it is not there
 * through `bindings` told that package's folder.
 */
const SQLITE_ADDON = "require('bindings')('better_sqlite3.node')";
const nativeSqlite = {
  name: 'native-sqlite',
  setup(b) {
    b.onLoad({ filter: /[\\/]better-sqlite3[\\/]lib[\\/]database\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (source.split(SQLITE_ADDON).length !== 2)
        throw new Error(`${args.path}: expected one ${SQLITE_ADDON} (better-sqlite3 changed)`);
      const addon = `(() => {
  const dir = path.dirname(require.resolve('better-sqlite3/package.json'));
  try {
    return require(path.join(dir, 'build', 'Release', 'better_sqlite3.node'));
  } catch (error) {
    if (error?.code !== 'MODULE_NOT_FOUND') throw error;
  }
  const bindings = require(require.resolve('bindings', { paths: [dir] }));
  return bindings({ bindings: 'better_sqlite3.node', module_root: dir });
})()`;
      return { contents: source.replace(SQLITE_ADDON, addon), loader: 'js' };
    });
  },
};

/**
 * A user's JavaScript config file is loaded with `import()` (an ES module or CommonJS, with
 * Node's own errors). Code that node:vm compiles cannot run `import()` on Node 20 (not without
 * --experimental-vm-modules), so in the bundle that call goes to `__dupgrafImport`, which
 * bin/load-bundle.cjs passes in: its own `import()`.
 */
const CONFIG_IMPORT = 'await import(pathToFileURL(filepath).href)';
const configImport = {
  name: 'config-import',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]config\.ts$/ }, async (args) => {
      const source = await srcSource(args.path);
      if (source.split(CONFIG_IMPORT).length !== 2)
        throw new Error(`${args.path}: expected one ${CONFIG_IMPORT}`);
      return {
        contents: source.replace(
          CONFIG_IMPORT,
          CONFIG_IMPORT.replace('import(', '__dupgrafImport('),
        ),
        loader: 'ts',
      };
    });
  },
};

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { dupgraf: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  // One CommonJS file, so that bin/dupgraf can compile it with V8's code cache (see below).
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.cjs' },
  // What dupgraf loads lazily stays lazy: `import()` of a bundled module becomes a call that
  // evaluates it on first use; of a library left in node_modules, a require (Node >= 20.19
  // requires ES modules too). A user's JavaScript config file: see configImport.
  supported: { 'dynamic-import': false },
  // Where a module finds files beside itself (see distPlaces): its place in dist/.
  define: { 'import.meta.url': '__dupgrafBundleUrl' },
  banner: { js: "const __dupgrafBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  external: EXTERNAL,
  minify: true,
  // Class and function names as written (minified, \`IndexFileError\` would log as \`le\`): the
  // access log's \`err.type\` and every \`error.constructor.name\` name the real class.
  keepNames: true,
  legalComments: 'eof',
  charset: 'ascii',
  // configImport first: it takes src/cli/config.ts, distPlaces every other file of src/.
  plugins: [configImport, distPlaces, lazyStringWidth, lazyZod, nativeSqlite],
  logLevel: 'warning',
});
// zod, a file of its own: a run that validates nothing does not read its half megabyte.
await build({
  absWorkingDir: root,
  entryPoints: { zod: createRequire(path.join(root, 'package.json')).resolve('zod') },
  outdir,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.cjs' },
  minify: true,
  legalComments: 'eof',
  charset: 'ascii',
  logLevel: 'warning',
});
const bundle = path.join(outdir, 'dupgraf.cjs');
// ASCII only, so that bin/load-bundle.cjs reads it as Latin-1 (no UTF-8 decoding of a megabyte
// at every start, and V8 keeps one byte per character). esbuild escapes what is beyond ASCII in
// strings, not in regular expressions or String.raw templates: src/ writes those as \u escapes
// (`${'\u2026'}` in a String.raw template).
for (const file of [bundle, path.join(outdir, 'zod.cjs')]) {
  const text = fs.readFileSync(file, 'latin1');
  const beyond = text.search(/[\u0080-\uffff]/);
  if (beyond >= 0)
    throw new Error(
      `${file}: not ASCII at ${beyond}: ${JSON.stringify(text.slice(beyond - 60, beyond + 10))}`,
    );
}
const code = fs.readFileSync(bundle, 'latin1');
if (/\bimport\(/.test(code))
  throw new Error(`${bundle}: an import() is left, which a script run by node:vm cannot run`);

// The code caches: V8's compiled code of the bundle after a `check` of one story against an
// index (what a pre-commit hook runs) and after a `scan` (for the other commands), which
// bin/dupgraf gives V8 instead of compiling again.
// Without it the CLI works the same, only starts slower: a failure is a warning.
const warm = spawnSync(process.execPath, [path.join(root, 'scripts/warm-cli.mjs')], {
  stdio: 'inherit',
});
if (warm.status !== 0)
  process.stderr.write(
    `build-cli: warning: no code cache for the bundle (scripts/warm-cli.mjs exited ${warm.status}); the CLI will start slower\n`,
  );
