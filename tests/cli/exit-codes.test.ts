/** The built binary, run as a user runs it: a table of exit codes, help, formats. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { dupgraf, dupgrafAsync, writeTree } from '../helpers/cli.js';
import { REPO_ROOT, TWO_STORIES } from '../helpers/paths.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-cli-'));
fs.writeFileSync(path.join(tmp, 'binary.txt'), Buffer.from([0x41, 0x00, 0x42]));
const other = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-cli-'));
const configs = path.join(other, 'configs');
writeTree(configs, {
  'not-json.json': '{ "threshold": 0.8, }',
  'bad-value.json': '{ "threshold": 1.5 }',
  'unknown-key.json': '{ "treshold": 0.8 }',
  'good.json': '{ "threshold": 0.9, "failOnDuplicates": 100 }',
  'throws.mjs': 'throw new Error("boom");\n',
  'syntax.mjs': 'export default {{\n',
  'syntax.cjs': 'module.exports = {\n  threshold: 0.8,\n  x: {{\n};\n',
});
fs.symlinkSync(path.join(other, 'nowhere.txt'), path.join(other, 'dangling.txt'));

type Case = [name: string, args: string[], code: number, stdout: RegExp | null, stderr?: RegExp];

describe('exit codes', () => {
  const c = (name: string) => path.join(configs, name);
  const cases: Case[] = [
    ['a scan with findings', ['scan', 'corpus/'], 0, /Repeated paragraphs: 8 groups/],
    ['a scan of one file', ['scan', TWO_STORIES], 0, /2 groups/],
    ['JSON format', ['scan', TWO_STORIES, '--format', 'json'], 0, /"schemaVersion": 1/],
    ['help', ['--help'], 0, /Exit codes/],
    ['scan help', ['scan', '--help'], 0, /--fail-on-duplicates[\s\S]*Exit codes/],
    ['version', ['--version'], 0, /^\d+\.\d+\.\d+/],
    [
      '--fail-on-duplicates, 8 groups ≥ 1',
      ['scan', 'corpus/', '--fail-on-duplicates'],
      1,
      /8 groups/,
    ],
    [
      'bare --fail-on-duplicates before a path',
      ['scan', '--fail-on-duplicates', 'corpus/'],
      1,
      null,
    ],
    ['--fail-on-duplicates 8 (8 found)', ['scan', 'corpus/', '--fail-on-duplicates', '8'], 1, null],
    ['--fail-on-duplicates 9 (8 found)', ['scan', 'corpus/', '--fail-on-duplicates', '9'], 0, null],
    [
      '--fail-on-duplicates=8 --min-copies 4',
      ['scan', 'corpus/', '--fail-on-duplicates=8', '--min-copies', '4'],
      0,
      null,
    ],
    [
      '--fail-on-duplicates from the config, flag wins',
      ['scan', 'corpus/', '-c', c('good.json'), '--fail-on-duplicates', '2'],
      1,
      null,
    ],
    ['--fail-on-duplicates from the config', ['scan', 'corpus/', '-c', c('good.json')], 0, null],
    [
      '--fail-on-duplicates 0',
      ['scan', 'corpus/', '--fail-on-duplicates', '0'],
      2,
      null,
      /fail-on-duplicates: expected a whole number ≥ 1/,
    ],
    [
      'no findings with --fail-on-duplicates',
      ['scan', path.join(REPO_ROOT, 'corpus/README.md'), '--fail-on-duplicates'],
      0,
      /No repeated paragraphs/,
    ],
    ['no command', [], 2, null],
    ['unknown flag', ['scan', 'corpus/', '--treshold', '0.8'], 2, null, /did you mean --threshold/],
    ['unknown command', ['scna', 'corpus/'], 2, null],
    [
      'nonexistent path',
      ['scan', 'no/such/dir'],
      2,
      null,
      /no such file or directory: no\/such\/dir/,
    ],
    ['dangling link given explicitly', ['scan', path.join(other, 'dangling.txt')], 2, null],
    [
      'threshold out of range',
      ['scan', 'corpus/', '--threshold', '1.5'],
      2,
      null,
      /--threshold: expected a number in \(0, 1\] \(got 1.5\)/,
    ],
    ['threshold not a number', ['scan', 'corpus/', '--threshold', 'high'], 2, null],
    ['shingle size not a whole number', ['scan', 'corpus/', '--shingle-size', '2.5'], 2, null],
    ['bad format', ['scan', 'corpus/', '--format', 'yaml'], 2, null],
    ['bad sort', ['scan', 'corpus/', '--sort', 'name'], 2, null],
    ['min copies below 2', ['scan', 'corpus/', '--min-copies', '1'], 2, null],
    ['no input files', ['scan', path.join(REPO_ROOT, 'bin')], 2, null, /no input files/],
    [
      'config: not JSON',
      ['scan', 'corpus/', '--config', c('not-json.json')],
      2,
      null,
      /not-json\.json: not valid JSON/,
    ],
    [
      'config: bad value',
      ['scan', 'corpus/', '--config', c('bad-value.json')],
      2,
      null,
      /bad-value\.json: key "threshold": expected a number in \(0, 1\] \(got 1.5\)/,
    ],
    [
      'config: unknown key',
      ['scan', 'corpus/', '--config', c('unknown-key.json')],
      2,
      null,
      /unknown-key\.json: unknown key "treshold" \(did you mean "threshold"\?\)/,
    ],
    [
      'config: module that throws',
      ['scan', 'corpus/', '--config', c('throws.mjs')],
      2,
      null,
      /throws\.mjs: cannot be loaded: boom/,
    ],
    ['config: empty path', ['scan', 'corpus/', '--config='], 2, null, /--config: expected a/],
    [
      'config: a folder',
      ['scan', 'corpus/', '-c', 'corpus'],
      2,
      null,
      /^dupgraf: config file expected, but corpus is a folder\n$/,
    ],
    [
      '--threshold not a number',
      ['scan', 'corpus/', '--threshold', 'abc'],
      2,
      null,
      /--threshold: expected a number in \(0, 1\] \(got "abc"\)/,
    ],
    [
      'config: ES module with a syntax error',
      ['scan', 'corpus/', '--config', c('syntax.mjs')],
      2,
      null,
      /syntax\.mjs: cannot be loaded: syntax error: Unexpected token/,
    ],
    [
      'config: CommonJS with a syntax error (its line said)',
      ['scan', 'corpus/', '--config', c('syntax.cjs')],
      2,
      null,
      /syntax\.cjs: cannot be loaded: syntax error on line 3: Unexpected token/,
    ],
    [
      'config: file missing',
      ['scan', 'corpus/', '--config', c('missing.json')],
      2,
      null,
      /config file not found/,
    ],
    [
      '--output below a file (not a folder)',
      ['scan', 'corpus/', '-o', path.join(other, 'dangling.txt/r.txt')],
      2,
      null,
      /cannot write the report/,
    ],
    ['--stdin-filename without -', ['scan', 'corpus/', '--stdin-filename', 'a.txt'], 2, null],
    ['two stdin paths', ['scan', '-', '-'], 2, null],
    ['empty --stdin-filename', ['scan', '-', '--stdin-filename='], 2, null, /expected a name/],
    ['empty stdin only (one empty story)', ['scan', '-'], 0, /1 story, 0 paragraphs/],
    [
      '--fail-on-duplicates abc (a word that is no path)',
      ['scan', 'corpus/', '--fail-on-duplicates', 'abc'],
      2,
      null,
      /^dupgraf: --fail-on-duplicates: expected a whole number ≥ 1 \(got "abc"\)\n$/,
    ],
    [
      '--fail-on-duplicates 1.5',
      ['scan', 'corpus/', '--fail-on-duplicates', '1.5'],
      2,
      null,
      /^dupgraf: --fail-on-duplicates: expected a whole number ≥ 1 \(got 1\.5\)\n$/,
    ],
    [
      'a switch given a value (--include-tables=maybe)',
      ['scan', 'corpus/', '--include-tables=maybe'],
      2,
      null,
      /^dupgraf: --include-tables is a switch and takes no value \(got "maybe"\): give --include-tables, or --no-include-tables to turn it off\nRun `dupgraf scan --help` for usage\.\n$/,
    ],
    [
      'a switch of check given a value (--strict=1)',
      ['check', 'corpus/', '--strict=1'],
      2,
      null,
      /^dupgraf: --strict is a switch and takes no value \(got "1"\)/,
    ],
    ['a switch given =true', ['scan', TWO_STORIES, '--include-tables=true'], 0, /2 groups/],
  ];
  const rows = cases.map(
    ([n, a, code, out, err]) => [`${n} → exit ${code}`, a, code, out, err ?? null] as const,
  );
  test.concurrent.each(rows)('%s', async (_name, args, code, stdout, stderr) => {
    const r = await dupgrafAsync(args);
    expect(r.code).toBe(code);
    if (stdout) expect(r.stdout).toMatch(stdout);
    if (stderr) expect(r.stderr).toMatch(stderr);
    if (code === 2) {
      expect(r.stderr).toMatch(/^dupgraf: /);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).toBe('');
    }
  });

  test('--strict fails on file warnings, not on the advisories of what was compared', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-strict-'));
    writeTree(dir, {
      // A wire results table: figure rows only, so "0 of 2 paragraphs compared: 2 figure rows".
      'table.txt':
        'Alder United Football Club of the Old Port District 3 2 1 0 7 5 2 11 12\n\n' +
        'Port Rovers Football Club of the New Harbour Side 3 1 1 1 4 4 0 4 5\n',
      'a.txt': 'The council voted on Tuesday to approve the new budget for the harbour district.\n',
    });
    const advisory = dupgraf(['scan', '.', '--strict'], { cwd: dir });
    expect(advisory.stdout).toMatch(
      /warning: table\.txt: 0 of 2 paragraphs compared: 2 figure rows/,
    );
    expect(advisory.code).toBe(0);
    expect(advisory.stderr).not.toMatch(/--strict/);
    expect(dupgraf(['check', '.', '--strict'], { cwd: dir }).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'binary.txt'), Buffer.from([0x41, 0x00, 0x42]));
    const r = dupgraf(['scan', '.', '--strict'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dupgraf: 1 warning \(--strict\): exit 2$/m);
  });

  test('an empty or blank file is a warning (a failed export, usually): read, and --strict fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-empty-'));
    writeTree(dir, {
      'a.txt': 'The council voted on Tuesday to approve the new budget for the harbour district.\n',
      'empty.txt': '',
      'blank.md': ' \n\n\t\n',
    });
    const r = dupgraf(['scan', '.', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.warnings).toEqual([
      {
        path: 'blank.md',
        message: 'blank file (only white space): read as a story without paragraphs',
      },
      { path: 'empty.txt', message: 'empty file (0 bytes): read as a story without paragraphs' },
    ]);
    expect(report.summary.documents).toBe(3); // still read, as stories without paragraphs
    expect(r.stderr).toContain(
      'warning: empty.txt: empty file (0 bytes): read as a story without paragraphs',
    );
    // A warning about a file, as a binary or a guessed encoding is: --strict fails.
    const strict = dupgraf(['scan', '.', '--strict'], { cwd: dir });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/^dupgraf: 2 warnings \(--strict\): exit 2$/m);
    expect(dupgraf(['check', 'empty.txt', '--strict'], { cwd: dir }).code).toBe(2);
    expect(dupgraf(['check', 'empty.txt'], { cwd: dir }).code).toBe(0);
  });

  test('unknown command gets a suggestion', () => {
    expect(dupgraf(['scna']).stderr).toMatch(/scan/);
  });

  test('a binary file is reported and the run goes on', () => {
    fs.copyFileSync(TWO_STORIES, path.join(tmp, 'two-stories.txt'));
    const r = dupgraf(['scan', tmp, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/binary\.txt: skipped: binary file/);
    const report = JSON.parse(r.stdout);
    expect(report.summary.clusters).toBe(2);
    expect(report.warnings).toEqual([
      { path: expect.stringMatching(/binary\.txt$/), message: 'skipped: binary file (NUL bytes)' },
    ]);
    // --quiet: only the report.
    const quiet = dupgraf(['scan', tmp, '--format', 'json', '--quiet']);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(r.stdout);
  });

  test('--verbose prints settings and timings per phase on stderr', () => {
    const r = dupgraf(['scan', 'corpus/', '--verbose', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/settings: \{"threshold":0.7/);
    expect(r.stderr).toMatch(
      /timings: reading \d+ ms, shingling \d+ ms, comparing \d+ ms, grouping \d+ ms, writing \d+ ms/,
    );
    JSON.parse(r.stdout);
  });

  test('text output is not coloured when NO_COLOR is set or stdout is a pipe', () => {
    expect(dupgraf(['scan', TWO_STORIES]).stdout).not.toContain('\u001b[');
  });
});
