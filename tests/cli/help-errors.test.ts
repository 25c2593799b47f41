/**
 * The help and error defects a new user met (issue 21): each message or help line as it should be.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { commandOf, loadBuilders, normalizeArgs } from '../../src/cli/args.js';
import { INDEX_COMMANDS } from '../../src/cli/index-command-names.js';
import { buildParser } from '../../src/cli/parser.js';
import { run } from '../../src/cli/run.js';
import { dupgraf } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

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

describe('every usage error is one line, then the help to run', () => {
  const T = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-usage-'));
  test.each([
    [
      ['index', 'stats', '-f', 'xml', '--index', 'x.db'],
      '--format: "xml" is not one of text, json',
      'index stats',
    ],
    [
      ['scan', 'corpus', '-f', 'xml'],
      '--format: "xml" is not one of text, json, markdown, csv, html',
      'scan',
    ],
    [
      ['index', 'prune', '--index', 'x.db'],
      'index prune needs --older-than AGE (e.g. --older-than 90d)',
      'index prune',
    ],
    [
      ['serve', '--threshold', '0.3', '--index', 'x.db'],
      '--threshold is not an option of `dupgraf serve` (it is one of `dupgraf scan`, `dupgraf check`, `dupgraf baseline`)',
      'serve',
    ],
    [
      ['index', 'frobnicate'],
      'unknown index command frobnicate; the index commands are add, remove, prune, stats, verify, migrate',
      'index',
    ],
    [
      ['index', 'stat', '--index', 'x.db'],
      'unknown index command stat (did you mean stats?); the index commands are add, remove, prune, stats, verify, migrate',
      'index',
    ],
    [
      ['check', 'corpus', '--jobs', '2'],
      '--jobs is not an option of `dupgraf check` (it is one of `dupgraf scan`)',
      'check',
    ],
    [
      ['scan', 'corpus', '--treshold', '0.8'],
      'Unknown argument: --treshold (did you mean --threshold?)',
      'scan',
    ],
    [['scan', 'corpus', '--threshold'], '--threshold needs a value', 'scan'],
    [
      ['index', 'add', '--index', 'x.db'],
      '`dupgraf index add` needs at least one path (files or folders to add)',
      'index add',
    ],
    [['scna', 'corpus'], 'Unknown arguments: scna, corpus (did you mean scan?)', null],
  ])('dupgraf %j', (args, message, help) => {
    const r = dupgraf(args as string[], { cwd: T });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `dupgraf: ${message}\nRun \`dupgraf ${help === null ? '' : `${help} `}--help\` for usage.\n`,
    );
  });

  test('a bad engine value at index add names the flag, not the API option', () => {
    const r = dupgraf(
      [
        'index',
        'add',
        'corpus/port-strike',
        '--index',
        path.join(T, 'a.db'),
        '--shingle-size',
        '11',
      ],
      { cwd: REPO_ROOT },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('dupgraf: --shingle-size: expected a whole number in [1, 10] (got 11)\n');
  });
});

describe('help texts', () => {
  test('the index commands are all named, migrate too', () => {
    const summary = /manage an archive index \(add, remove, prune, stats, verify, migrate\)/;
    expect(dupgraf(['--help']).stdout.replace(/\s+/g, ' ')).toMatch(summary);
    expect(dupgraf(['index', '--help']).stdout).toMatch(summary);
  });

  test('one list of index commands: the ones registered, named in help and errors, told apart', () => {
    // The subcommands yargs registers (from `index --help`) are INDEX_COMMANDS, in its order.
    const help = dupgraf(['index', '--help']).stdout;
    const commands = help.slice(
      help.indexOf('Commands:'),
      help.indexOf('\n\n', help.indexOf('Commands:')),
    );
    const listed = [...commands.matchAll(/^ {2}dupgraf index (\w+)/gm)];
    expect(listed.map((m) => m[1])).toEqual([...INDEX_COMMANDS]);
    const names = INDEX_COMMANDS.join(', ');
    expect(dupgraf(['--help']).stdout.replace(/\s+/g, ' ')).toContain(
      `manage an archive index (${names})`,
    );
    expect(dupgraf(['index']).stderr).toMatch(
      new RegExp(
        `^dupgraf: Name an index command: ${INDEX_COMMANDS.slice(0, -1).join(', ')} or ${INDEX_COMMANDS.at(-1)}\\.\n`,
      ),
    );
    expect(dupgraf(['index', 'frob']).stderr).toContain(`the index commands are ${names}`);
    for (const sub of INDEX_COMMANDS) {
      // Each one's errors point at its own help, and its flags are told from another's.
      const bogus = dupgraf(['index', sub, 'x', '--index', 'x.db', '--bogus']);
      expect([sub, bogus.code]).toEqual([sub, 2]);
      expect(bogus.stderr).toMatch(
        new RegExp(`\nRun \`dupgraf index ${sub} --help\` for usage\\.\n$`),
      );
      const other = sub === 'add' ? '--older-than' : '--batch-size';
      const owner = sub === 'add' ? '`dupgraf index prune`' : '`dupgraf index add`';
      const r = dupgraf(['index', sub, 'x', '--index', 'x.db', other, 'v']);
      expect(r.stderr).toContain(
        `${other} is not an option of \`dupgraf index ${sub}\` (it is one of ${owner})`,
      );
    }
  });

  test('check --help: --index takes a PostgreSQL URL and DUPGRAF_INDEX_URL; exit 2 covers the index', () => {
    const help = dupgraf(['check', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(
      /--index also match against this archive index \(dupgraf index add\): an SQLite file/,
    );
    expect(help).toContain('PostgreSQL URL (postgres://user@host/db, ?schema=name)');
    expect(help).toContain('default $DUPGRAF_INDEX_URL when no --against is given');
    expect(help).toMatch(
      /2 usage or config error .* an archive index \(--index\) that is missing, not a dupgraf index, damaged/,
    );
  });

  test('index add/remove: paths are required, with no default shown; --stories says its values once', () => {
    for (const sub of ['add', 'remove']) {
      const help = dupgraf(['index', sub, '--help']).stdout;
      expect(help).toMatch(/paths\s+.*\[array\] \[required\]\n/);
      expect(help).not.toContain('[default: []]');
    }
    for (const args of [
      ['index', 'add', '--help'],
      ['scan', '--help'],
    ]) {
      const help = dupgraf(args).stdout.replace(/\s+/g, ' ');
      expect(help).toContain(
        '--stories how a plain-text or Markdown file is split into stories: auto (separators, datelines, headlines), file (one per file), or a regular expression matching separator lines [string]',
      );
      expect(help).not.toContain('the lines that separate stories');
    }
  });
});
