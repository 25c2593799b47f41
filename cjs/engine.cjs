'use strict';
/** `require('dupgraf/engine')`: dist/engine-api.js through require(esm) (see require-esm.cjs). */
module.exports = require('./require-esm.cjs')(
  () => require('../dist/engine-api.js'),
  'dupgraf/engine',
);
