/**
 * One set of input flags (src/cli/input-flags.ts): `scan`, `check`, `baseline` and `index add`
 * each take every one of them, with the same help text, and each honours them; and the check's
 * files (approved registry, baseline) are found from a subfolder as the config file is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { BACKGROUND_1, BACKGROUND_2, FRESH } from '../check/texts.js';

const COMMANDS = [['scan'], ['check'], ['baseline'], ['index', 'add']];

/** Every input flag (src/cli/input-flags.ts), as typed. */
const INPUT_FLAGS = [
  '--ext',
  '--include',
  '--exclude',
  '--ignore',
  '--input-format',
  '--id-field',
  '--text-field',
  '--date-field',
  '--encoding',
  '--max-file-size',
  '--strict',
  '--config',
  '--print-config',
  '--progress',
];

/** The help text of each flag of a command's `--help` (from its line to the next flag's). */
function helpEntries(command: string[]): Map<string, string> {
  const r = dupgraf([...command, '--help'], process.cwd());
  expect(r.code).toBe(0);
  const entries = new Map<string, string>();
  let current: string | null = null;
  for (const line of r.stdout.split('\n')) {
    const start = /^\s+(?:-\w, )?(--[\w-]+)\s/.exec(line);
    if (start) {
      current = start[1];
      entries.set(current, line.trim().replace(/\s+/g, ' '));
    } else if (current !== null && /^\s{6,}\S/.test(line)) {
      entries.set(current, `${entries.get(current)} ${line.trim().replace(/\s+/g, ' ')}`);
    } else {
      current = null;
    }
  }
  return entries;
}

test('scan, check, baseline and index add list every input flag with the same help text', () => {
  const [scan, ...others] = COMMANDS.map(helpEntries);
  for (const flag of INPUT_FLAGS) {
    expect(scan.get(flag)).toBeDefined();
    for (const [i, entries] of others.entries())
      expect([COMMANDS[i + 1].join(' '), flag, entries.get(flag)]).toEqual([
        COMMANDS[i + 1].join(' '),
        flag,
        scan.get(flag),
      ]);
  }
});

describe('each command honours the input flags', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('dupgraf-input-flags-');
    writeFiles(dir, {
      'news/a.txt': story(FRESH[0], BACKGROUND_1),
      'news/b.md': story(FRESH[1], BACKGROUND_1),
      'news/c.txt': story(FRESH[2], BACKGROUND_1, BACKGROUND_2, FRESH[5], FRESH[6]),
      'news/d.story': story(FRESH[3], BACKGROUND_1, BACKGROUND_2),
      'news/e.txt': story(FRESH[4], BACKGROUND_1),
      'news/.gitignore': 'e.txt\n',
      'only-md.json': JSON.stringify({ extensions: ['md'] }),
    });
    // Not UTF-8: read with a warning (the encoding was guessed), which --strict makes fatal.
    fs.writeFileSync(
      path.join(dir, 'news/f.txt'),
      Buffer.from(`Caf\xe9 ${FRESH[3]}\n\n${BACKGROUND_1}\n`, 'latin1'),
    );
  });

  /** How many stories each command read from `news/` with `flags`, and its exit code. */
  function run(flags: string[]): Record<string, [number, number | null]> {
    const out: Record<string, [number, number | null]> = {};
    let r = dupgraf(['scan', 'news', '--format', 'json', ...flags], dir);
    out.scan = [r.code === 0 ? JSON.parse(r.stdout).summary.documents : -1, r.code];
    r = dupgraf(['check', 'news', '-f', 'json', '--max-boilerplate-share', 'null', ...flags], dir);
    out.check = [r.code === 0 ? JSON.parse(r.stdout).summary.stories : -1, r.code];
    const file = `b-${Math.random().toString(36).slice(2)}.baseline`;
    r = dupgraf(['baseline', 'news', '--baseline', file, ...flags], dir);
    const written = fs.existsSync(path.join(dir, file))
      ? fs.readFileSync(path.join(dir, file), 'utf8')
      : '';
    // Stories with a copy elsewhere: each has a line in the baseline.
    const stories = new Set(
      written
        .split('\n')
        .filter((l) => /^[0-9a-f]{16}/.test(l))
        .map((l) => l.split(/\s+/)[1]),
    );
    out.baseline = [r.code === 0 ? stories.size : -1, r.code];
    const index = `i-${Math.random().toString(36).slice(2)}.db`;
    r = dupgraf(['index', 'add', 'news', '--index', index, ...flags], dir);
    const added = /^added (\d+),/.exec(r.stdout);
    out['index add'] = [added ? Number(added[1]) : -1, r.code];
    return out;
  }

  // By default a, b, c and f are taken: e.txt is git-ignored and d.story has an extension not
  // taken from folders. (-1: no report; a story that cannot be read fails check and baseline.)
  test.each([
    ['no flags', [], 4, 0],
    ['--exclude', ['--exclude', 'c.txt'], 3, 0],
    ['--include', ['--include', '*.md'], 1, 0],
    ['--ext', ['--ext', 'txt,story'], 4, 0],
    ['--no-ignore', ['--no-ignore'], 5, 0],
    ['-c', ['-c', 'only-md.json'], 1, 0],
  ])('%s', (_name, flags, stories, code) => {
    // A story alone has no copy elsewhere, so nothing for the baseline.
    expect(run(flags)).toEqual({
      scan: [stories, code],
      check: [stories, code],
      baseline: [stories > 1 ? stories : 0, code],
      'index add': [stories, code],
    });
  });

  test('--max-file-size: the larger story is skipped (which fails check and baseline)', () => {
    expect(run(['--max-file-size', '600'])).toEqual({
      scan: [3, 0],
      check: [-1, 2],
      baseline: [-1, 2],
      'index add': [3, 0],
    });
  });

  test('--strict: a file read with a warning exits 2', () => {
    expect(run(['--strict'])).toEqual({
      scan: [-1, 2],
      check: [-1, 2],
      baseline: [-1, 2],
      'index add': [4, 2],
    });
  });

  test('--input-format and --encoding reach the reader', () => {
    writeFiles(dir, { 'fmt/page.txt': `<p>${FRESH[5]}</p>\n\n<p>${BACKGROUND_1}</p>\n` });
    fs.writeFileSync(
      path.join(dir, 'fmt/latin.txt'),
      Buffer.from(`Caf\xe9 ${FRESH[6]}\n\n${BACKGROUND_1}\n`, 'latin1'),
    );
    for (const command of [['check'], ['baseline'], ['index', 'add']]) {
      const args = [...command, 'fmt', ...(command[0] === 'index' ? ['--index', 'fmt.db'] : [])];
      const printed = dupgraf(
        [...args, '--input-format', 'html', '--encoding', 'latin1', '--print-config'],
        dir,
      );
      expect(printed.code).toBe(0);
      expect(JSON.parse(printed.stdout)).toMatchObject({
        inputFormat: 'html',
        encoding: 'latin1',
      });
    }
    const r = dupgraf(
      ['check', 'fmt', '-f', 'json', '--input-format', 'html', '--encoding', 'latin1'],
      dir,
    );
    const report = JSON.parse(r.stdout);
    const texts = report.stories.flatMap((s: { findings: { text: string }[] }) =>
      s.findings.map((f) => f.text),
    );
    expect(texts.join(' ')).not.toContain('<p>');
    expect(dupgraf(['check', 'fmt', '--encoding', 'nonsense'], dir).stderr).toMatch(
      /^dupgraf: --encoding: expected an encoding label/,
    );
  });
});

describe('the approved registry and the baseline are found from a subfolder', () => {
  let root: string;
  const env = () => ({ HOME: path.dirname(root) });
  beforeAll(() => {
    root = tempDir('dupgraf-subfolder-');
    writeFiles(root, {
      'archive/a.md': story(FRESH[0], BACKGROUND_1, BACKGROUND_2),
      'news/b.md': story(FRESH[1], BACKGROUND_1),
      'news/c.md': story(FRESH[2], BACKGROUND_2),
      'news/d.md': story(FRESH[3], BACKGROUND_1, BACKGROUND_2),
      'news/desk/e.md': story(FRESH[4], BACKGROUND_1),
      'dupgraf.config.json': JSON.stringify({
        check: {
          maxBoilerplateShare: null,
          maxRecycledParagraphs: 0,
          overrides: { 'news/desk/**': { maxRecycledParagraphs: 5 } },
        },
      }),
    });
    fs.mkdirSync(path.join(root, '.git'));
    const approve = dupgraf(
      ['approve', 'archive/a.md:5', '--reason', 'standard background', '--owner', 'desk'],
      root,
      env(),
    );
    expect(approve.stderr).toBe('');
    expect(fs.existsSync(path.join(root, 'dupgraf.approved.json'))).toBe(true);
    // The second background paragraph is approved; the baseline accepts what news/b.md copies.
    const baseline = dupgraf(['baseline', 'news/b.md', '--against', 'archive'], root, env());
    expect(baseline.code).toBe(0);
  });

  const summary = (cwd: string, args: string[]) => {
    const r = dupgraf(['check', ...args, '-f', 'json'], cwd, env());
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout);
    return { code: r.code, ...s.summary };
  };

  test('check from news/ gives what check at the root gives', () => {
    const atRoot = summary(root, ['news', '--against', 'archive', 'news']);
    expect(atRoot).toMatchObject({ code: 1, failedStories: 1, approved: 2, baselined: 1 });
    const fromNews = summary(path.join(root, 'news'), ['.', '--against', '../archive', '.']);
    expect(fromNews).toEqual(atRoot);
  });

  test('check --print-config says where the config, the registry and the baseline came from', () => {
    const r = dupgraf(['check', '--print-config'], path.join(root, 'news/desk'), env());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'dupgraf: config file: ../../dupgraf.config.json\n' +
        'dupgraf: approved registry: ../../dupgraf.approved.json (found upward from the working directory)\n' +
        'dupgraf: baseline: ../../dupgraf.baseline (found upward from the working directory)\n',
    );
    expect(JSON.parse(r.stdout).check).toMatchObject({
      maxRecycledParagraphs: 0,
      approved: '../../dupgraf.approved.json',
      baseline: '../../dupgraf.baseline',
    });
    const flags = dupgraf(
      ['check', '--print-config', '--approved', 'x.json', '--no-baseline'],
      path.join(root, 'news'),
      env(),
    );
    expect(flags.stderr).toMatch(/approved registry: x\.json \(--approved\)\n/);
    expect(flags.stderr).toMatch(/baseline: none/);
  });

  test('without them, a new baseline goes beside the config file, whatever the folder', () => {
    const bare = tempDir('dupgraf-subfolder-bare-');
    writeFiles(bare, {
      'news/b.md': story(FRESH[1], BACKGROUND_1),
      'news/c.md': story(FRESH[2], BACKGROUND_1),
    });
    fs.mkdirSync(path.join(bare, '.git'));
    const r = dupgraf(['baseline', '.'], path.join(bare, 'news'), { HOME: path.dirname(bare) });
    expect(r.stdout).toBe('dupgraf: wrote 2 fingerprints to ../dupgraf.baseline\n');
    const printed = dupgraf(['check', '--print-config', '--no-baseline'], path.join(bare, 'news'), {
      HOME: path.dirname(bare),
    });
    expect(printed.stderr).toMatch(
      /approved registry: \.\.\/dupgraf\.approved\.json \(default, not found \(it would be written at the repository root\)\)/,
    );
  });
});
