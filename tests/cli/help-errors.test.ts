/**
 * The help and error defects a new user met (issue 21): each message or help line as it should be.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { commandOf, loadBuilders, normalizeArgs } from '../../src/cli/args.js';
import { buildParser } from '../../src/cli/parser.js';
import { run } from '../../src/cli/run.js';
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

describe('examples in --help', () => {
  /** The `--help` of `command` laid out for a terminal `columns` wide (in process). */
  async function help(command: string[], columns: number): Promise<string> {
    let out = '';
    const code = await run([...command, '--help'], {
      stdout: { write: (chunk: string) => (out += chunk) },
      stderr: { write: () => true },
      cwd: tmp,
      env: {},
      stdoutIsTTY: false,
      columns,
    });
    expect(code).toBe(0);
    return out;
  }

  /** The dupgraf arguments of an example's command line (shell redirection and pipes left out). */
  function dupgrafArgs(line: string): string[] {
    const words = line.split(' ');
    const start = words.indexOf('dupgraf');
    const end = words.findIndex((w, i) => i > start && (w === '>' || w === '|'));
    return words.slice(start + 1, end < 0 ? undefined : end);
  }

  for (const command of [[], ['scan'], ['check'], ['index'], ['serve']])
    for (const columns of [80, 100])
      test(`dupgraf ${command.join(' ')} --help at ${columns} columns: every example line is whole`, async () => {
        const text = await help(command, columns);
        const section = /^Examples:\n((?: {2}.*\n)+)/m.exec(text);
        expect(section).not.toBeNull();
        const lines = section![1].trimEnd().split('\n');
        expect(lines.length % 2).toBe(0);
        for (let i = 0; i < lines.length; i += 2) {
          expect(lines[i]).toMatch(/^ {2}# \S/); // what it does
          expect(lines[i + 1]).toMatch(/^ {2}([^#]+ \| |[A-Z_]+=\S+ )?dupgraf \S/); // the command
          expect(lines[i + 1].length).toBeLessThanOrEqual(columns);
          // The command is one the CLI accepts as written.
          const args = normalizeArgs(dupgrafArgs(lines[i + 1]));
          const builders = await loadBuilders([commandOf(args)]);
          const parsed = await new Promise<Error | null>((resolve) =>
            buildParser(args, columns, builders).parse(args, {}, (error) => resolve(error ?? null)),
          );
          expect([lines[i + 1], parsed?.message]).toEqual([lines[i + 1], undefined]);
        }
      });
});
