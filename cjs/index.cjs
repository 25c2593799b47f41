'use strict';
/** `require('dupgraf')`: the ES module dist/index.js through require(esm) (see require-esm.cjs). */
module.exports = require('./require-esm.cjs')(() => require('../dist/index.js'), 'dupgraf');
