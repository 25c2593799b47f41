/** The HTTP API of `dupgraf serve` over an SQLite archive (the tests are in api-suite.ts). */
import { defineApiSuite } from './api-suite.js';

defineApiSuite(() => ({ kind: 'sqlite' }), 'sqlite');
