/**
 * The help and error defects a new user met (issue 21): each message or help line as it should be.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { dupgraf } from '../helpers/cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-help-'));

test('--text-field and --date-field each give their own example', () => {
  const help = dupgraf(['scan', '--help']).stdout.replace(/\s+/g, ' ');
  expect(help).toMatch(
    /--text-field JSON\/JSONL record field holding the text \(a field name, or a dotted path such as story\.body\)/,
  );
  expect(help).toMatch(
    /--date-field JSON\/JSONL record field holding the date \(a field name, or a dotted path such as meta\.published\)/,
  );
});

test('--ext says its values as typed, not as a JSON array', () => {
  const help = dupgraf(['scan', '--help']).stdout.replace(/\s+/g, ' ');
  expect(help).toMatch(
    /--ext file extensions taken from directories \(a list of file extensions such as txt md \(or txt,md\)\)/,
  );
  expect(help).not.toContain('["txt", "md"]');
});

test('the positionals show their real default, `.`', () => {
  for (const command of ['check', 'baseline']) {
    const help = dupgraf([command, '--help']).stdout;
    expect(help).toMatch(
      /files\s+stories under check: files or directories\s+\[array\] \[default: \.\]/,
    );
    expect(help).not.toContain('[default: []]');
  }
});

test('the top-level --help lists the exit codes of every command', () => {
  const help = dupgraf(['--help']).stdout;
  expect(help).toMatch(/Exit codes \(each command's --help has its own\):/);
  expect(help).toMatch(/a check policy violation/);
  expect(help).toMatch(/index verify/);
});

test('a usage error points at the help of the command typed', () => {
  expect(dupgraf(['check', '--bogus']).stderr).toMatch(
    /\nRun `dupgraf check --help` for usage\.\n$/,
  );
  expect(dupgraf(['index', 'add', 'x', '--index', 'i.db', '--bogus']).stderr).toMatch(
    /\nRun `dupgraf index add --help` for usage\.\n$/,
  );
  expect(dupgraf(['--bogus']).stderr).toMatch(/\nRun `dupgraf --help` for usage\.\n$/);
});

test('`dupgraf -V` is named as typed', () => {
  expect(dupgraf(['-V']).stderr).toMatch(/^dupgraf: Unknown argument: -V\n/);
});

test('approve --expires refuses a day in the past', () => {
  fs.writeFileSync(
    path.join(tmp, 'a.md'),
    'The harbour master said the channel would reopen to all shipping by the end of the week.\n',
  );
  const r = dupgraf(
    ['approve', 'a.md:1', '--reason', 'closer', '--owner', 'desk', '--expires', '2020-01-01'],
    { cwd: tmp },
  );
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^dupgraf: --expires 2020-01-01 is in the past/);
  expect(fs.existsSync(path.join(tmp, 'dupgraf.approved.json'))).toBe(false);
});

test('-o under /proc fails at once instead of spinning (it hung at 100% CPU)', () => {
  const started = Date.now();
  const r = dupgraf(['scan', 'examples/two-stories.txt', '-o', '/proc/no-such/y.txt']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(
    /cannot write the report to \/proc\/no-such\/y\.txt \(cannot make the folder \/proc\/no-such: E[A-Z]+\)/,
  );
  expect(Date.now() - started).toBeLessThan(60_000);
});

test('-o through a file says the file is in the way (it said EEXIST)', () => {
  fs.writeFileSync(path.join(tmp, 'afile'), 'x');
  for (const args of [
    ['scan', 'examples/two-stories.txt', '-o', path.join(tmp, 'afile/y.txt')],
    ['check', 'examples/two-stories.txt', '-f', `json:${path.join(tmp, 'afile/y.json')}`],
  ]) {
    const r = dupgraf(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`(${path.join(tmp, 'afile')} is a file, not a folder)`);
  }
});
