/**
 * The test-requirements helper (tests/helpers/requirements.ts) end to end: jest run on a test file
 * that needs ../shared, with the shared folder absent, skips with one visible line and passes;
 * with CI=true the same run fails, naming what is missing; with the data present the tests run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { REPO_ROOT } from './helpers/paths.js';
import { inCi, missing, testNeeding } from './helpers/requirements.js';

const JEST = path.join(REPO_ROOT, 'node_modules/jest/bin/jest.js');

/** Runs jest on one test file with `env` on top of a clean environment. */
function jest(file: string, env: Record<string, string>) {
  const r = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      JEST,
      '--ci',
      '--colors=false',
      file,
    ],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), TMPDIR: os.tmpdir(), ...env },
    },
  );
  return { code: r.status, output: r.stdout + r.stderr };
}

describe('tests that need ../shared', () => {
  const nowhere = path.join(os.tmpdir(), 'no-shared-here');
  fs.rmSync(nowhere, { recursive: true, force: true });

  test('absent, outside CI: skipped with one line saying what is missing; the run passes', () => {
    const r = jest('tests/engine/seed.test.ts', { DUPGRAF_SHARED: nowhere });
    expect(r.output).toContain(
      `skipped: ${nowhere}/seeds not found (tests/engine/seed.test.ts, 1 test)`,
    );
    expect(r.output).toMatch(/Tests:\s+1 skipped, 1 total/);
    expect(r.code).toBe(0);
  });

  test('absent, with CI=true: the test fails, naming what is missing', () => {
    const r = jest('tests/engine/seed.test.ts', { DUPGRAF_SHARED: nowhere, CI: 'true' });
    expect(r.output).toContain(`required when CI is set: ${nowhere}/seeds not found`);
    expect(r.output).toMatch(/Tests:\s+1 failed, 1 total/);
    expect(r.code).toBe(1);
  });

  testNeeding(['seeds'], 'present: the tests run (and nothing is reported skipped)', () => {
    const r = jest('tests/engine/seed.test.ts', { CI: 'true' });
    expect(r.output).toMatch(/Tests:\s+4 passed, 4 total/);
    expect(r.output).not.toContain('skipped:');
    expect(r.code).toBe(0);
  });
});

test('CI is on when set to anything but "", 0 or false', () => {
  expect(
    [undefined, '', '0', 'false', 'FALSE', 'true', '1', 'yes'].map((v) => inCi({ CI: v })),
  ).toEqual([false, false, false, false, false, true, true, true]);
});

test('chromium is missing when DUPGRAF_CHROMIUM names no executable file', () => {
  const saved = process.env.DUPGRAF_CHROMIUM;
  try {
    process.env.DUPGRAF_CHROMIUM = path.join(os.tmpdir(), 'no-chromium-here');
    expect(missing('chromium')).toBe(`chromium not found (${process.env.DUPGRAF_CHROMIUM})`);
    process.env.DUPGRAF_CHROMIUM = os.tmpdir(); // a folder is not a browser
    expect(missing('chromium')).toMatch(/^chromium not found/);
    process.env.DUPGRAF_CHROMIUM = process.execPath; // an executable file is taken as one
    expect(missing('chromium')).toBeNull();
  } finally {
    if (saved === undefined) delete process.env.DUPGRAF_CHROMIUM;
    else process.env.DUPGRAF_CHROMIUM = saved;
  }
});
