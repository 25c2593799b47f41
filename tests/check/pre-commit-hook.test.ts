/**
 * The pre-commit hook (.pre-commit-hooks.yaml). Its entry is run as a program, as pre-commit's
 * `language: script` runs it; and, where pre-commit is installed (required in CI), the real
 * pre-commit installs the hook from a clone of this repository at a commit, in a temporary git
 * repository of stories, and blocks a commit that copies background, then lets a clean one
 * through. Nothing is downloaded: the hook runs the committed bundle with the `node` on PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { git, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { describeNeeding, preCommitPath } from '../helpers/requirements.js';
import { BACKGROUND_1, BACKGROUND_2, FRESH } from './texts.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
}
const [hook] = parse(
  fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8'),
) as Hook[];

/** The archive story and two new ones: one copying its background, one clean. */
const ARCHIVE = story(FRESH[0], BACKGROUND_1, FRESH[1], BACKGROUND_2);
const COPYING = story(FRESH[3], BACKGROUND_1, FRESH[4], BACKGROUND_2);
const CLEAN = story(FRESH[5], FRESH[6]);

/** PATH with this Node first: the hook's `#!/usr/bin/env node` finds it. */
const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;

describe('.pre-commit-hooks.yaml', () => {
  test('the hook is a script: the committed bundle, executable, run on the given files', () => {
    expect(hook.id).toBe('dupgraf-check');
    expect(hook.language).toBe('script');
    const [program, ...args] = hook.entry.split(' ');
    expect(program).toBe('action/dist/dupgraf.mjs');
    expect(args).toEqual(['check', '--against', '.', '--']);
    const file = path.join(REPO_ROOT, program);
    fs.accessSync(file, fs.constants.X_OK);
    // Git records it as executable, so a clone (pre-commit's) can run it.
    expect(
      execFileSync('git', ['ls-files', '-s', program], { cwd: REPO_ROOT, encoding: 'utf8' }),
    ).toMatch(/^100755 /);

    const dir = tempDir('dupgraf-hook-');
    writeFiles(dir, {
      'archive/ferry.md': ARCHIVE,
      'news/island.md': COPYING,
      'news/fresh.md': CLEAN,
    });
    const staged = ['news/island.md', 'news/fresh.md'].filter((f) =>
      new RegExp(hook.files).test(f),
    );
    expect(staged).toHaveLength(2);
    const run = (files: string[]) =>
      spawnSync(file, [...args, ...files], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH, NO_COLOR: '1' },
      });
    const failing = run(staged);
    expect(failing.stderr).toBe('');
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/FAIL {2}news\/island\.md/);
    expect(run(['news/fresh.md']).status).toBe(0);
  });
});

/**
 * The files of this checkout as a commit would hold them: tracked and new files that git does
 * not ignore, as they are now (so the test sees uncommitted work too; in CI, the clone's commit).
 */
function checkoutFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(
      (f) => f !== '' && fs.lstatSync(path.join(REPO_ROOT, f), { throwIfNoEntry: false })?.isFile(),
    );
}

describeNeeding(['pre-commit'], 'the real pre-commit with the hook', () => {
  test('blocks a commit that copies background and passes a clean one', () => {
    const root = tempDir('dupgraf-pre-commit-');
    // A clone of this repository at a commit: what pre-commit fetches from `repo:` at `rev:`.
    const upstream = path.join(root, 'dupgraf');
    for (const f of checkoutFiles()) {
      fs.mkdirSync(path.dirname(path.join(upstream, f)), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, f), path.join(upstream, f));
    }
    git(upstream, ['init', '-q']);
    git(upstream, ['add', '-A']);
    git(upstream, ['commit', '-q', '-m', 'dupgraf']);
    const rev = git(upstream, ['rev-parse', 'HEAD']).trim();

    // The newsroom's repository: an archive story, the hook configured at that commit.
    const desk = path.join(root, 'desk');
    writeFiles(desk, {
      'archive/ferry.md': ARCHIVE,
      '.pre-commit-config.yaml': [
        'repos:',
        `  - repo: ${upstream}`,
        `    rev: ${rev}`,
        '    hooks:',
        '      - id: dupgraf-check',
        '',
      ].join('\n'),
    });
    git(desk, ['init', '-q']);
    git(desk, ['add', '-A']);
    git(desk, ['commit', '-q', '-m', 'archive']);
    const env = {
      PATH,
      HOME: root,
      PRE_COMMIT_HOME: path.join(root, 'pre-commit-cache'),
      NO_COLOR: '1',
      GIT_AUTHOR_NAME: 'Test Desk',
      GIT_AUTHOR_EMAIL: 'desk@example.org',
      GIT_COMMITTER_NAME: 'Test Desk',
      GIT_COMMITTER_EMAIL: 'desk@example.org',
      GIT_CONFIG_NOSYSTEM: '1',
    };
    const installed = spawnSync(preCommitPath()!, ['install'], {
      cwd: desk,
      encoding: 'utf8',
      env,
    });
    expect(installed.stderr).toBe('');
    expect(installed.status).toBe(0);
    const commit = (file: string, text: string) => {
      writeFiles(desk, { [file]: text });
      git(desk, ['add', file]);
      return spawnSync('git', ['commit', '-m', `add ${file}`], {
        cwd: desk,
        encoding: 'utf8',
        env,
      });
    };

    const blocked = commit('news/island.md', COPYING);
    const said = blocked.stdout + blocked.stderr;
    expect(said).toMatch(/dupgraf check\.+Failed/);
    expect(said).toMatch(/FAIL {2}news\/island\.md {2}2 recycled paragraphs/);
    expect(said).toMatch(/news\/island\.md:3 copies archive\/ferry\.md:3/);
    expect(blocked.status).toBe(1);
    expect(git(desk, ['log', '--format=%s'])).toBe('archive\n'); // nothing committed

    git(desk, ['rm', '-q', '--cached', 'news/island.md']);
    fs.rmSync(path.join(desk, 'news/island.md'));
    const passed = commit('news/fresh.md', CLEAN);
    expect(passed.stdout + passed.stderr).toMatch(/dupgraf check\.+Passed/);
    expect(passed.status).toBe(0);
    expect(git(desk, ['log', '--format=%s'])).toBe('add news/fresh.md\narchive\n');
  });
});
