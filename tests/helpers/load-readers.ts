/**
 * jest setup (setupFilesAfterEnv): loads the readers' parser libraries before each test file.
 * The readers are synchronous and get their library with `require()` when nobody loaded it
 * (see src/sources/formats/libraries.ts); jest's module registry cannot `require()` an ES module
 * on Node 20, so tests that call a reader directly need it loaded first, as `scan()` does.
 */
import { loadReaders } from '../../src/sources/formats/libraries.js';

await loadReaders();
