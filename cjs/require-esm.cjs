'use strict';
/**
 * `require()` of one of dupgraf's entry points (`load` requires its ES module): Node ≥ 20.19
 * loads an ES module through `require()` (require(esm)); on an older Node, or with it turned off,
 * this says so and what to do instead of Node's generic error.
 */
module.exports = function requireEsm(load, name) {
  try {
    return load();
  } catch (error) {
    if (error && (error.code === 'ERR_REQUIRE_ESM' || error.code === 'ERR_REQUIRE_ASYNC_MODULE')) {
      const wrapped = new Error(
        `dupgraf is an ES module, and require() loads ES modules only on Node.js 20.19 or newer ` +
          `(this is ${process.version}). Use \`const dupgraf = await import('${name}')\`, or ` +
          `upgrade Node.js.`,
      );
      wrapped.code = 'ERR_REQUIRE_ESM';
      wrapped.cause = error;
      throw wrapped;
    }
    throw error;
  }
};
