/** Jest in ESM mode with @swc/jest; type checking is a separate `tsc --noEmit` step. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // The readers' parser libraries are loaded lazily; jest cannot require() them (see the file).
  setupFilesAfterEnv: ['<rootDir>/tests/helpers/load-readers.ts'],
  // Temporary files of the whole run in one folder, removed at the end.
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  testTimeout: 120000,
  // One line per file for tests skipped because ../shared, chromium or PostgreSQL is absent.
  reporters: ['default', '<rootDir>/tests/helpers/skip-reporter.mjs'],
};
