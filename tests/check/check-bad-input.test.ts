/**
 * check, baseline, approve and index add on bad input (found by a black-box sweep of the CLI):
 * each gives exit code 2 and one clear message, never a stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { dupgraf, story, tempDir, writeFiles, type RunResult } from '../helpers/check-cli.js';
import { BACKGROUND_1, FRESH } from './texts.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('dupgraf-check-bad-');
  writeFiles(dir, {
    'archive/a.md': story(FRESH[0], BACKGROUND_1),
    'news/b.md': story(FRESH[1], BACKGROUND_1),
    'reg/soon.json': JSON.stringify({
      version: 1,
      entries: [
        {
          id: 'a1',
          text: BACKGROUND_1,
          owner: 'Desk',
          reason: 'background',
          expires: '2099-01-01',
        },
        { id: 'b2', text: FRESH[3], owner: 'Desk', reason: 'closer', expires: 'soon' },
      ],
    }),
  });
});

/** Exit code 2 with a message on stderr matching `pattern`, and no stack trace. */
function expectUsageError(r: RunResult, pattern: RegExp): void {
  expect({ code: r.code, stderr: r.stderr }).toEqual({
    code: 2,
    stderr: expect.stringMatching(pattern),
  });
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
}

describe('dates in approve and the approved registry', () => {
  test('approve --expires with a word is a usage error', () => {
    const r = dupgraf(
      ['approve', 'news/b.md:3', '--reason', 'x', '--owner', 'o', '--expires', 'bogus'],
      dir,
    );
    expectUsageError(r, /^dupgraf: --expires must be a date YYYY-MM-DD \(got "bogus"\)\n$/);
  });

  test('a registry entry with a bad expiry date is a registry error naming file and entry', () => {
    const r = dupgraf(
      ['check', 'news/b.md', '--against', 'archive', '--approved', 'reg/soon.json'],
      dir,
    );
    expectUsageError(
      r,
      /invalid approved registry reg\/soon\.json: entry 2 \(id "b2"\): expires: a real date YYYY-MM-DD \(got "soon"\)/,
    );
    // approve refuses to rewrite it too.
    const a = dupgraf(
      ['approve', 'news/b.md:3', '--reason', 'x', '--owner', 'o', '--approved', 'reg/soon.json'],
      dir,
    );
    expectUsageError(a, /invalid approved registry reg\/soon\.json: entry 2/);
  });
});

test('an empty glob under check.overrides is a config error naming the key', () => {
  writeFiles(dir, {
    'bad/empty-glob.json': '{"check":{"overrides":{"":{"maxBoilerplateShare":1}}}}',
  });
  const r = dupgraf(
    ['check', 'news/b.md', '--against', 'archive', '--config', 'bad/empty-glob.json'],
    dir,
  );
  expectUsageError(
    r,
    /^dupgraf: bad\/empty-glob\.json: key "check\.overrides": expected an object of limits keyed by non-empty globs \(the key "" is empty\)/,
  );
});

describe('an approved registry named but missing', () => {
  test('--approved FILE that does not exist is a usage error', () => {
    const r = dupgraf(
      ['check', 'news/b.md', '--against', 'archive', '--approved', 'nope.json'],
      dir,
    );
    expectUsageError(
      r,
      /^dupgraf: approved registry not found: nope\.json \(named by --approved\)\n$/,
    );
  });

  test('check.approved in the config that does not exist is a usage error naming the config', () => {
    writeFiles(dir, { 'conf/missing-registry.json': '{"check":{"approved":"nope.json"}}' });
    const r = dupgraf(
      ['check', 'news/b.md', '--against', 'archive', '--config', 'conf/missing-registry.json'],
      dir,
    );
    expectUsageError(
      r,
      /approved registry not found: conf\/nope\.json \(named by check\.approved in conf\/missing-registry\.json\)/,
    );
  });

  test('a registry that is a folder says so', () => {
    const r = dupgraf(['check', 'news/b.md', '--against', 'archive', '--approved', 'reg'], dir);
    expectUsageError(r, /approved registry reg is a folder, not a file/);
  });

  test('the default registry may be missing; approve creates a registry named explicitly', () => {
    const args = ['check', 'news/b.md', '--against', 'archive', '--max-recycled-paragraphs', '0'];
    expect(dupgraf(args, dir).code).toBe(1);
    const a = dupgraf(
      ['approve', 'news/b.md:3', '--reason', 'x', '--owner', 'o', '--approved', 'reg/new.json'],
      dir,
    );
    expect(a.code).toBe(0);
    expect(dupgraf([...args, '--approved', 'reg/new.json'], dir).code).toBe(0);
  });
});

describe('nothing to check', () => {
  test('check and baseline on a folder without stories exit 2, as scan does', () => {
    fs.mkdirSync(path.join(dir, 'empty'), { recursive: true });
    expectUsageError(
      dupgraf(['check', 'empty'], dir),
      /^dupgraf: no input files found: nothing to check in empty\n$/,
    );
    expectUsageError(dupgraf(['baseline', 'empty'], dir), /no input files found/);
    expect(fs.existsSync(path.join(dir, 'dupgraf.baseline'))).toBe(false);
  });

  test('--against without paths is a usage error', () => {
    expectUsageError(
      dupgraf(['check', 'news/b.md', '--against'], dir),
      /^dupgraf: --against needs at least one path/,
    );
    expectUsageError(
      dupgraf(['check', '--against', '--', 'news/b.md'], dir),
      /--against needs at least one path/,
    );
  });
});

describe('baselines', () => {
  const args = ['check', 'news/b.md', '--against', 'archive', '--max-recycled-paragraphs', '0'];

  test('a file that is not a baseline is an error naming the file and the line', () => {
    writeFiles(dir, { 'bl/garbage.baseline': '# a comment\ngarbage\n' });
    fs.writeFileSync(path.join(dir, 'bl/binary.baseline'), Buffer.from('garbage\n\x00\x01\n'));
    expectUsageError(
      dupgraf([...args, '--baseline', 'bl/garbage.baseline'], dir),
      /^dupgraf: baseline file bl\/garbage\.baseline is not a dupgraf baseline: line 2: expected a fingerprint \(16 hex digits\) at the start, got "garbage"/,
    );
    expectUsageError(
      dupgraf([...args, '--baseline', 'bl/binary.baseline'], dir),
      /baseline file bl\/binary\.baseline is not a dupgraf baseline: it holds binary data/,
    );
  });

  test('a baseline path that is a folder says so', () => {
    expectUsageError(
      dupgraf([...args, '--baseline', 'bl'], dir),
      /^dupgraf: baseline bl is a folder, not a file\n$/,
    );
  });

  test('check reads dupgraf.baseline by default when it exists; --no-baseline reads none', () => {
    const cwd = tempDir('dupgraf-default-baseline-');
    writeFiles(cwd, {
      'archive/a.md': story(FRESH[0], BACKGROUND_1),
      'news/b.md': story(FRESH[1], BACKGROUND_1),
    });
    const json = [...args, '--format', 'json'];
    const before = dupgraf(json, cwd);
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout).summary).toMatchObject({ counted: 1, baselined: 0 });
    const written = dupgraf(['baseline', 'news/b.md', '--against', 'archive'], cwd);
    expect(written).toMatchObject({
      code: 0,
      stdout: 'dupgraf: wrote 1 fingerprint to dupgraf.baseline\n',
    });
    const after = dupgraf(json, cwd);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).summary).toMatchObject({ counted: 0, baselined: 1 });
    const none = dupgraf([...json, '--no-baseline'], cwd);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).summary).toMatchObject({ counted: 1, baselined: 0 });
    // The default baseline is read, so a damaged one is reported, not ignored.
    fs.writeFileSync(path.join(cwd, 'dupgraf.baseline'), 'not a baseline\n');
    expectUsageError(
      dupgraf(args, cwd),
      /baseline file dupgraf\.baseline is not a dupgraf baseline: line 1/,
    );
  });
});

describe('two records of one JSON Lines file with the same id', () => {
  const records = () =>
    [
      { id: 'x', text: BACKGROUND_1 },
      { id: 'x', text: `${BACKGROUND_1} Second copy.` },
      { id: 'y', text: BACKGROUND_1 },
    ]
      .map((r) => JSON.stringify(r) + '\n')
      .join('');

  test('check keeps both: the later one is checked as path#id@line, and the warning says so', () => {
    writeFiles(dir, { 'rec/r.jsonl': records() });
    const r = dupgraf(['check', 'rec/r.jsonl', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const stories = report.stories.map(
      (s: { path: string; record: string; findings: { line: number }[] }) => ({
        path: s.path,
        record: s.record,
        lines: s.findings.map((f) => f.line),
      }),
    );
    // Undated records of one file are ordered by position: the first copies none of the later.
    expect(stories).toEqual([
      { path: 'rec/r.jsonl#x', record: 'x', lines: [] },
      { path: 'rec/r.jsonl#x@2', record: 'x', lines: [2] },
      { path: 'rec/r.jsonl#y', record: 'y', lines: [3] },
    ]);
    expect(report.warnings).toContainEqual({
      path: 'rec/r.jsonl',
      message: 'line 2: record id "x" also used on line 1; checked as "rec/r.jsonl#x@2"',
    });
  });

  test('index add stores all three, and scan --index knows the stored copies as the same records', () => {
    writeFiles(dir, { 'rec2/r.jsonl': records() });
    const add = dupgraf(['index', 'add', 'rec2/r.jsonl', '--index', 'rec2.db'], dir);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(
      /^added 3, updated 0, unchanged 0 \(3 paragraphs stored\); rec2\.db now holds 3 stories/,
    );
    expect(add.stderr).toContain(
      'dupgraf: warning: rec2/r.jsonl: line 2: record id "x" also used on line 1; stored as "rec2/r.jsonl#x@2"\n',
    );
    const scan = dupgraf(['scan', 'rec2/r.jsonl', '--index', 'rec2.db', '--format', 'json'], dir);
    expect(scan.code).toBe(0);
    const members = JSON.parse(scan.stdout).clusters.flatMap(
      (c: { occurrences: { path: string; line: number }[] }) =>
        c.occurrences.map((m) => `${m.path}:${m.line}`),
    );
    expect(members.sort()).toEqual(['rec2/r.jsonl#x:1', 'rec2/r.jsonl#x@2:2', 'rec2/r.jsonl#y:3']);
  });
});

test('--max-boilerplate-share and --max-recycled-paragraphs take null, as their message says', () => {
  writeFiles(dir, {
    'conf/strict.json': '{"check":{"maxBoilerplateShare":0,"maxRecycledParagraphs":0}}',
  });
  const args = ['check', 'news/b.md', '--against', 'archive', '--config', 'conf/strict.json'];
  expect(dupgraf(args, dir).code).toBe(1);
  expect(
    dupgraf([...args, '--max-boilerplate-share', 'null', '--max-recycled-paragraphs', 'null'], dir)
      .code,
  ).toBe(0);
  expect(
    dupgraf([...args, '--max-boilerplate-share', '1', '--max-recycled-paragraphs', 'null'], dir)
      .code,
  ).toBe(0);
  expect(dupgraf([...args, '--max-boilerplate-share', 'null'], dir).code).toBe(1);
  expectUsageError(
    dupgraf([...args, '--max-boilerplate-share', 'abc'], dir),
    /^dupgraf: --max-boilerplate-share: a number in \[0, 1\] or a percentage such as 40%, or null for no limit \(got "abc"\)\n$/,
  );
});

describe('flags of another command', () => {
  test.each([
    ['--pairs', 'dupgraf scan'],
    ['--verbose', 'dupgraf scan'],
    ['--jobs', 'dupgraf scan'],
  ])('check %s says it is not an option of check, once', (flag, owner) => {
    const r = dupgraf(['check', 'news/b.md', flag], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `dupgraf: ${flag} is not an option of \`dupgraf check\` (it is one of \`${owner}\`)\n` +
        'Run `dupgraf check --help` for usage.\n',
    );
  });

  test('a typo still gets the nearest flag of the command typed, never the flag typed', () => {
    const r = dupgraf(['check', 'news/b.md', '--formt', 'json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'dupgraf: Unknown argument: --formt (did you mean --format?)\nRun `dupgraf check --help` for usage.\n',
    );
    const s = dupgraf(['check', 'news/b.md', '--verbos'], dir);
    expect(s.stderr).not.toMatch(/did you mean/i);
  });
});

test('`-` (stdin) is refused by check, baseline and index add with a clear message', () => {
  for (const [args, command] of [
    [['check', '-'], 'check'],
    [['check', 'news/b.md', '--against', '-'], 'check'],
    [['baseline', '--', '-'], 'baseline'],
    [['index', 'add', '-', '--index', 'stdin.db'], 'index add'],
  ] as const) {
    const r = dupgraf([...args], dir);
    expectUsageError(
      r,
      new RegExp(
        `^dupgraf: \`-\` \\(stdin\\) is not supported by \`dupgraf ${command}\`: name the story's file instead\\n$`,
      ),
    );
  }
  expect(fs.existsSync(path.join(dir, 'stdin.db'))).toBe(false);
});

test('two outputs to one file are a usage error, and nothing is written', () => {
  const base = ['check', 'news/b.md', '--against', 'archive'];
  expectUsageError(
    dupgraf([...base, '-f', 'json:out/same.json', '-f', 'sarif:out/same.json'], dir),
    /^dupgraf: --format json:out\/same\.json and --format sarif:out\/same\.json write to the same file; give each output its own file\n$/,
  );
  expectUsageError(
    dupgraf([...base, '-o', 'out/same.json', '-f', 'json', '-f', 'sarif:out/./same.json'], dir),
    /^dupgraf: -o out\/same\.json and --format sarif:out\/\.\/same\.json write to the same file/,
  );
  expect(fs.existsSync(path.join(dir, 'out/same.json'))).toBe(false);
});

test('number flags of index add and check that are not numbers are quoted as typed', () => {
  expectUsageError(
    dupgraf(['index', 'add', 'news', '--index', 'num.db', '--batch-size', 'abc'], dir),
    /^dupgraf: --batch-size must be a whole number ≥ 1 \(got "abc"\)\n$/,
  );
  expectUsageError(
    dupgraf(['index', 'add', 'news', '--index', 'num.db', '--min-words', 'abc'], dir),
    /^dupgraf: --min-words: expected a whole number in \[1, 10000\] \(got "abc"\)\n$/,
  );
  expectUsageError(dupgraf(['check', 'news/b.md', '--threshold', 'abc'], dir), /\(got "abc"\)/);
  expect(fs.existsSync(path.join(dir, 'num.db'))).toBe(false);
  // Numbers still read as numbers.
  const ok = dupgraf(
    ['index', 'add', 'news', '--index', 'num.db', '--batch-size', '1', '--min-words', '5'],
    dir,
  );
  expect(ok.code).toBe(0);
  expect(ok.stdout).toMatch(/^added 1, updated 0, unchanged 0 \(2 paragraphs stored\)/);
});

test("a file's warnings come in line order (line 3 before line 12), not as text", () => {
  const lines = Array.from({ length: 12 }, (_, i) =>
    i === 2 || i === 11 ? '{not json' : JSON.stringify({ id: `r${i}`, text: FRESH[i % 4] }),
  );
  writeFiles(dir, { 'order/w.jsonl': lines.join('\n') + '\n' });
  const r = dupgraf(['check', 'order/w.jsonl', '--format', 'json'], dir);
  const messages = JSON.parse(r.stdout).warnings.map((w: { message: string }) => w.message);
  expect(messages.map((m: string) => m.split(':')[0])).toEqual(['line 3', 'line 12']);
});
