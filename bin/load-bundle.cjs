'use strict';
/**
 * Runs the CLI bundle, dist/bundle/dupgraf.cjs (made by `npm run build`), with V8's code cache:
 * the code V8 compiled for it during a run at build time (scripts/warm-cli.mjs), so a run does
 * not parse and compile the bundle again (docs/performance.md#start-up). There are two caches: a
 * `check` takes dist/bundle/dupgraf.cjs.check.cache (made by a `check`: only what a check runs,
 * so the least to read), every other command dist/bundle/dupgraf.cjs.cache (made by a `scan`:
 * yargs, the settings, the engine). A cache begins with the SHA-256 of the bundle it was made
 * for; V8 itself refuses a cache from another version of V8 or other flags. A cache that does not
 * fit is not used: the bundle is then compiled as usual.
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
 * Runs the bundle (its main module starts the CLI on process.argv). Returns how it was compiled:
 * `'cached'` (V8 took the code cache), `'compiled'` (no cache, or one that does not fit), or
 * false when there is no bundle. With `writeCache`, the cache is not read, and V8's code for the
 * bundle, as compiled by the end of the run, is written to the cache file (of this run's
 * command) when the process exits. `bundle` is another bundle file (with its caches beside it),
 * for tests.
 */
function loadBundle({ writeCache = false, bundle: file = BUNDLE } = {}) {
  const cacheFile = cacheFileOf(file, process.argv.slice(2));
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    if (error.code === 'ENOENT') return false;
    throw error;
  }
  // ASCII (scripts/build-cli.mjs checks it): read as Latin-1, which needs no decoding.
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
  // Module.wrap's function, with one more parameter: the bundle's import() of a user's config
  // file (node:vm cannot run import() itself on Node 20; scripts/build-cli.mjs).
  const wrapped = `(function (exports, require, module, __filename, __dirname, __dupgrafImport) { ${source}\n});`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const bundle = new Module(file, module);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(path.dirname(file));
  if (writeCache)
    process.once('exit', () =>
      fs.writeFileSync(cacheFile, Buffer.concat([hash, script.createCachedData()])),
    );
  const compiled = cachedData && !script.cachedDataRejected ? 'cached' : 'compiled';
  script
    .runInThisContext()
    .call(
      bundle.exports,
      bundle.exports,
      Module.createRequire(file),
      bundle,
      file,
      path.dirname(file),
      (specifier) => import(specifier),
    );
  return compiled;
}

module.exports = { loadBundle, cacheFileOf };
