'use strict';
/**
 * `require('dupgraf')`: dupgraf is an ES module. Node ≥ 20.19 loads it through `require()`
 * (require(esm)); on an older Node, this says so and what to do instead of Node's generic error.
 */
try {
  module.exports = require('../dist/index.js');
} catch (error) {
  if (error && (error.code === 'ERR_REQUIRE_ESM' || error.code === 'ERR_REQUIRE_ASYNC_MODULE')) {
    const wrapped = new Error(
      `dupgraf is an ES module, and require() loads ES modules only on Node.js 20.19 or newer ` +
        `(this is ${process.version}). Use \`const dupgraf = await import('dupgraf')\`, or ` +
        `upgrade Node.js.`,
    );
    wrapped.code = 'ERR_REQUIRE_ESM';
    wrapped.cause = error;
    throw wrapped;
  }
  throw error;
}
