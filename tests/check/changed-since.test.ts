/**
 * The end-to-end scenario in a real git repository built here: a base branch with an
 * archive, a branch adding a story that copies two background paragraphs from an unchanged archive
 * story and the approved closer. Runs the built binary as a user would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { dupgraf, git, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { BACKGROUND_1, BACKGROUND_2, BACKGROUND_2_EDITED, CLOSER, FRESH } from './texts.js';

const STRIKE = 'archive/2026-10-01-ferry-strike.md';
const TALKS = 'archive/2026-10-02-ferry-talks.md';
const NEW = 'news/2026-10-03-island-supplies.md';

interface Json {
  failed: boolean;
  summary: Record<string, number>;
  stories: {
    path: string;
    violations: { rule: string; limit: number; actual: number }[];
    findings: { line: number; status: string; sources: { path: string; line: number }[] }[];
  }[];
  warnings: { path: string; message: string }[];
}

let repo: string;
const check = (...extra: string[]) => dupgraf(['check', '--changed-since', 'base', ...extra], repo);
const json = (...extra: string[]) => {
  const r = check('--format', 'json', ...extra);
  return { ...r, report: JSON.parse(r.stdout) as Json };
};
const counted = (report: Json) =>
  report.stories.flatMap((s) =>
    s.findings
      .filter((f) => f.status === 'counted')
      .map((f) => `${s.path}:${f.line} <- ${f.sources[0].path}:${f.sources[0].line}`),
  );

beforeAll(() => {
  repo = tempDir('dupgraf-check-git-');
  git(repo, ['init', '-q', '-b', 'base']);
  writeFiles(repo, {
    [STRIKE]: story(FRESH[0], BACKGROUND_1, FRESH[1], BACKGROUND_2),
    [TALKS]: story(FRESH[2], CLOSER),
    'dupgraf.config.json': JSON.stringify({ check: { maxRecycledParagraphs: 0 } }),
  });
  // The closer is approved on the base branch, from the archive story (line 3).
  const approve = dupgraf(
    ['approve', `${TALKS}:3`, '--reason', 'standard closer', '--owner', 'Standards Desk'],
    repo,
  );
  expect(approve.stderr).toBe('');
  expect(approve.code).toBe(0);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'archive']);
  git(repo, ['checkout', '-q', '-b', 'story']);
  writeFiles(repo, {
    [NEW]: story(FRESH[3], BACKGROUND_1, FRESH[4], BACKGROUND_2_EDITED, FRESH[5], CLOSER),
  });
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'new story']);
});

describe('check --changed-since in a git repository', () => {
  test('fails, naming exactly the two copied paragraphs and their sources', () => {
    const { code, report } = json();
    expect(code).toBe(1);
    expect(report.stories.map((s) => s.path)).toEqual([NEW]); // the archive is unchanged
    expect(counted(report)).toEqual([`${NEW}:3 <- ${STRIKE}:3`, `${NEW}:7 <- ${STRIKE}:7`]);
    expect(report.stories[0].violations).toEqual([
      expect.objectContaining({ rule: 'max-recycled-paragraphs', limit: 0, actual: 2 }),
    ]);
    expect(report.summary).toMatchObject({ counted: 2, approved: 1, baselined: 0 });

    const text = check();
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${NEW}:3 copies ${STRIKE}:3 (Jaccard 1)`);
    expect(text.stdout).toMatch(new RegExp(`${NEW}:7 copies ${STRIKE}:7 \\(Jaccard 0\\.\\d+\\)`));
    expect(text.stdout).not.toContain(`${NEW}:11 copies`);
    expect(text.stdout).toMatch(
      /max-recycled-paragraphs: 2 recycled paragraphs, more than the limit of 0/,
    );
  });

  test('passes after approving one paragraph and baselining the other', () => {
    const approve = dupgraf(
      ['approve', `${NEW}:3`, '--reason', 'agreed background', '--owner', 'Ferry Desk'],
      repo,
    );
    expect(approve.code).toBe(0);
    const registry = JSON.parse(fs.readFileSync(path.join(repo, 'dupgraf.approved.json'), 'utf8'));
    expect(registry.entries.map((e: { owner: string }) => e.owner)).toEqual([
      'Standards Desk',
      'Ferry Desk',
    ]);

    const baseline = dupgraf(['baseline', '--changed-since', 'base'], repo);
    expect(baseline.code).toBe(0);
    const lines = fs
      .readFileSync(path.join(repo, 'dupgraf.baseline'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^[0-9a-f]{16}  ${NEW}  ${STRIKE}  Crews voted`));

    const { code, report } = json('--baseline', 'dupgraf.baseline');
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ counted: 0, approved: 2, baselined: 1 });
  });

  test('baseline and approvals survive lines inserted above and edits elsewhere', () => {
    const file = path.join(repo, NEW);
    const edited = story(
      FRESH[6],
      FRESH[3].replace('Tuesday', 'Monday'),
      BACKGROUND_1,
      FRESH[4],
      BACKGROUND_2_EDITED,
      CLOSER,
    );
    fs.writeFileSync(file, edited);
    const { code, report } = json('--baseline', 'dupgraf.baseline');
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ counted: 0, approved: 2, baselined: 1 });
    expect(report.stories[0].findings.map((f) => f.line)).toEqual([5, 9, 11]);
  });

  test('an expired approval stops approving and warns naming its owner', () => {
    const approve = dupgraf(
      [
        'approve',
        `${NEW}:5`,
        '--reason',
        'agreed background',
        '--owner',
        'Ferry Desk',
        '--expires',
        '2099-01-31',
      ],
      repo,
    );
    expect(approve.code).toBe(0);
    expect(approve.stdout).toMatch(/updated/);
    // approve refuses a past date, so let time pass: the approval's date moves back
    const approvals = path.join(repo, 'dupgraf.approved.json');
    const stored = fs.readFileSync(approvals, 'utf8');
    expect(stored).toContain('2099-01-31');
    fs.writeFileSync(approvals, stored.replace('2099-01-31', '2020-01-31'));
    const r = check('--baseline', 'dupgraf.baseline');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /warning: dupgraf\.approved\.json: approval [0-9a-f]{16} \(owner Ferry Desk\) expired on 2020-01-31/,
    );
    expect(r.stdout).toContain(`no longer approves ${NEW}:5`);
    const { report } = json('--baseline', 'dupgraf.baseline');
    expect(counted(report)).toEqual([`${NEW}:5 <- ${STRIKE}:3`]);
  });

  test('--changed-since problems exit 2 with a message', () => {
    const bad = dupgraf(['check', '--changed-since', 'no-such-branch'], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^dupgraf: unknown git ref for --changed-since: no-such-branch/);
    const outside = dupgraf(['check', '--changed-since', 'base'], tempDir('dupgraf-nogit-'));
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^dupgraf: git rev-parse failed/);
    const noGit = dupgraf(['check', '--changed-since', 'base'], repo, { PATH: '/nonexistent' });
    expect(noGit.code).toBe(2);
    expect(noGit.stderr).toMatch(/needs git, which was not found/);
    expect(noGit.stderr + bad.stderr + outside.stderr).not.toMatch(/\n\s+at /);
  });

  test('nothing changed: nothing to check, exit 0', () => {
    const r = dupgraf(['check', '--changed-since', 'HEAD'], repo);
    git(repo, ['stash', '-q']);
    const clean = dupgraf(['check', '--changed-since', 'HEAD', '--format', 'json'], repo);
    git(repo, ['stash', 'pop', '-q']);
    expect(r.code).toBe(1); // the uncommitted edit of the new story is still checked
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).summary.stories).toBe(0);
  });
});
