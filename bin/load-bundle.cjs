'use strict';
/**
 * Runs the CLI bundle, dist/bundle/dupgraf.cjs (made by `npm run build`), with V8's code cache:
 * the code V8 compiled for it during a run at build time (scripts/warm-cli.mjs), so a run does
 * not parse and compile the bundle again (docs/performance.md#start-up). There are two caches: a
 * `check` takes dist/bundle/dupgraf.cjs.check.cache (made by a `check`: only what a check runs,
 * so the least to read), every other command dist/bundle/dupgraf.cjs.cache (made by a `scan`:
 * yargs, the settings, the engine). A cache begins with the SHA-256 of the bundle it was made
 * for; V8 itself refuses a cache from another version of V8 or other flags. A cache that does not
 * fit is not used: the bundle is then compiled as usual. zod, which the bundle loads only to
 * validate something, is a file of its own beside it (dist/bundle/zod.cjs, with zod.cjs.cache).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'dupgraf.cjs');
/** Bytes of the bundle's SHA-256 at the start of the cache. */
const HASH_BYTES = 32;

/** The code cache of `bundle` for a run with `args` (the CLI's arguments): see above. */
function cacheFileOf(bundle, args) {
  return args[0] === 'check' ? `${bundle}.check.cache` : `${bundle}.cache`;
}

/**
 * Runs a CommonJS file (ASCII: scripts/build-cli.mjs checks it) compiled with V8's code cache
 * `cacheFile` when it fits (else compiled as usual); `extra` are more parameters of its module
 * function, by name. Returns its module's exports and how it was compiled (`'cached'` or
 * `'compiled'`), or null when there is no such file. With `writeCache`, the cache is not read, and
 * V8's code for the file, as compiled by the end of the run, is written to `cacheFile` when the
 * process exits.
 */
function runCached(file, cacheFile, writeCache, extra = {}) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
  // ASCII: read as Latin-1, which needs no decoding.
  const source = bytes.toString('latin1');
  const hash = crypto.createHash('sha256').update(bytes).digest();
  let cachedData;
  if (!writeCache) {
    try {
      const cache = fs.readFileSync(cacheFile);
      if (cache.length > HASH_BYTES && cache.subarray(0, HASH_BYTES).equals(hash))
        cachedData = cache.subarray(HASH_BYTES);
    } catch {
      // no cache: compiled as usual
    }
  }
  // Module.wrap's function, with the extra parameters.
  const names = ['exports', 'require', 'module', '__filename', '__dirname', ...Object.keys(extra)];
  const wrapped = `(function (${names.join(', ')}) { ${source}\n});`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  if (writeCache)
    process.once('exit', () =>
      fs.writeFileSync(cacheFile, Buffer.concat([hash, script.createCachedData()])),
    );
  const compiled = cachedData && !script.cachedDataRejected ? 'cached' : 'compiled';
  script
    .runInThisContext()
    .call(
      loaded.exports,
      loaded.exports,
      Module.createRequire(file),
      loaded,
      file,
      path.dirname(file),
      ...Object.values(extra),
    );
  return { exports: loaded.exports, compiled };
}

/**
 * Runs the bundle (its main module starts the CLI on process.argv). Returns how it was compiled:
 * `'cached'` (V8 took the code cache), `'compiled'` (no cache, or one that does not fit), or
 * false when there is no bundle. With `writeCache`, the caches are not read, and V8's code for
 * the bundle (and for the libraries it loaded), as compiled by the end of the run, is written to
 * the cache files (the bundle's for this run's command) when the process exits. `bundle` is
 * another bundle file (with its caches and libraries beside it), for tests.
 */
function loadBundle({ writeCache = false, bundle: file = BUNDLE } = {}) {
  const libraries = new Map();
  // A library beside the bundle (zod.cjs), loaded once, with its own code cache.
  const library = (name) => {
    if (!libraries.has(name)) {
      const libraryFile = path.join(path.dirname(file), name);
      const ran = runCached(libraryFile, `${libraryFile}.cache`, writeCache);
      if (!ran) throw new Error(`${libraryFile} is missing: run \`npm run build\``);
      libraries.set(name, ran.exports);
    }
    return libraries.get(name);
  };
  const ran = runCached(file, cacheFileOf(file, process.argv.slice(2)), writeCache, {
    // The bundle's import() of a user's config file (node:vm cannot run import() itself on
    // Node 20; scripts/build-cli.mjs).
    __dupgrafImport: (specifier) => import(specifier),
    __dupgrafLibrary: library,
  });
  return ran ? ran.compiled : false;
}

module.exports = { loadBundle, cacheFileOf };
