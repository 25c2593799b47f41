/** The built binary, run as a user runs it: exit codes, help, formats. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { BIN, REPO_ROOT, SEED } from '../helpers/paths.js';

function dupgraf(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-cli-'));
fs.writeFileSync(path.join(tmp, 'binary.txt'), Buffer.from([0x41, 0x00, 0x42]));

describe('exit codes', () => {
  const cases: [string, string[], number, RegExp | null][] = [
    ['a scan with findings', ['scan', 'corpus/'], 0, /Repeated paragraphs: 8 groups/],
    ['a scan of one file', ['scan', SEED], 0, /2 groups/],
    ['JSON format', ['scan', SEED, '--format', 'json'], 0, /"schemaVersion": 1/],
    ['help', ['--help'], 0, /Exit codes/],
    ['scan help', ['scan', '--help'], 0, /--threshold/],
    ['version', ['--version'], 0, /^\d+\.\d+\.\d+/],
    ['no command', [], 2, null],
    ['unknown flag', ['scan', 'corpus/', '--treshold', '0.8'], 2, null],
    ['unknown command', ['scna', 'corpus/'], 2, null],
    ['nonexistent path', ['scan', 'no/such/dir'], 2, null],
    ['threshold out of range', ['scan', 'corpus/', '--threshold', '1.5'], 2, null],
    ['shingle size not a whole number', ['scan', 'corpus/', '--shingle-size', '2.5'], 2, null],
    ['bad format', ['scan', 'corpus/', '--format', 'yaml'], 2, null],
    ['no input files', ['scan', path.join(REPO_ROOT, 'bin')], 2, null],
  ];
  test.each(cases)('%s → exit %d', (_name, args, code, stdout) => {
    const r = dupgraf(args);
    expect(r.code).toBe(code);
    if (stdout) expect(r.stdout).toMatch(stdout);
    if (code === 2) {
      expect(r.stderr).toMatch(/^dupgraf: /);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  test('unknown flag and unknown command get a suggestion', () => {
    expect(dupgraf(['scan', 'corpus/', '--treshold', '0.8']).stderr).toMatch(/threshold/);
    expect(dupgraf(['scna']).stderr).toMatch(/scan/);
  });

  test('a binary file is reported and the run goes on', () => {
    fs.copyFileSync(SEED, path.join(tmp, 'seed.txt'));
    const r = dupgraf(['scan', tmp, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/binary\.txt: skipped: binary file/);
    const report = JSON.parse(r.stdout);
    expect(report.summary.clusters).toBe(2);
    expect(report.warnings).toEqual([
      { path: expect.stringMatching(/binary\.txt$/), message: 'skipped: binary file' },
    ]);
  });

  test('text output is not coloured when NO_COLOR is set or stdout is a pipe', () => {
    expect(dupgraf(['scan', SEED]).stdout).not.toContain('\u001b[');
  });
});
