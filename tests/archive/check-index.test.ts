/** `dupgraf check --index FILE`: the archive index stands in for the archive's files. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { makeTemp, removeTemp } from '../helpers/archive.js';
import { dupgraf as runCli } from '../helpers/cli.js';
import { CORPORA, REPO_ROOT } from '../helpers/paths.js';
import { testNeeding } from '../helpers/requirements.js';

const dupgraf = (args: string[], cwd = REPO_ROOT) => runCli(args, { cwd });

let tmp: string;
beforeAll(() => {
  tmp = makeTemp();
});
afterAll(() => removeTemp(tmp));

/**
 * Archives half of `files` in an index; checks the other half against the index, and against
 * the files of the whole set: the same findings, story by story (sources, similarities,
 * fingerprints, statuses).
 */
function compare(name: string, files: string[]) {
  const archived = files.filter((_, i) => i % 2 === 0);
  const checked = files.filter((_, i) => i % 2 === 1);
  const index = path.join(tmp, `${name}.dupgraf.db`);
  expect(dupgraf(['index', 'add', ...archived, '--index', index]).code).toBe(0);
  const args = ['check', ...checked, '--format', 'json'];
  const viaIndex = dupgraf([...args, '--index', index]);
  const viaFiles = dupgraf([...args, '--against', ...files, '--']);
  expect(viaIndex.stderr).toBe('');
  expect(viaFiles.stderr).toBe('');
  expect(viaIndex.code).toBe(viaFiles.code);
  const a = JSON.parse(viaIndex.stdout);
  const b = JSON.parse(viaFiles.stdout);
  expect(a.stories).toEqual(b.stories);
  expect(a.summary).toEqual(b.summary);
  return a;
}

describe('check --index', () => {
  test('corpus/: findings equal to a check against all the files', () => {
    const root = path.join(REPO_ROOT, 'corpus');
    const files = fs
      .readdirSync(root)
      .filter((d) => fs.statSync(path.join(root, d)).isDirectory())
      .sort()
      .flatMap((d) =>
        fs
          .readdirSync(path.join(root, d))
          .sort()
          .map((n) => `corpus/${d}/${n}`),
      );
    const report = compare('corpus', files);
    expect(report.summary.findings).toBeGreaterThan(5);
  });

  testNeeding(['corpora'], 'a sample of Reuters-21578', () => {
    const dir = path.join(CORPORA, 'reuters21578');
    const files = fs
      .readdirSync(dir)
      .sort()
      .slice(8000, 8300)
      .map((n) => path.join(dir, n));
    const report = compare('reuters', files);
    expect(report.summary.findings).toBeGreaterThan(5);
  });

  test('a foreign file as --index: exit 2, untouched', () => {
    const file = path.join(tmp, 'notes.txt');
    fs.writeFileSync(file, 'not an index\n');
    const r = dupgraf(['check', 'corpus/port-strike', '--index', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a dupgraf index/);
    expect(fs.readFileSync(file, 'utf8')).toBe('not an index\n');
  });

  test('an index given to --against: exit 2, one line pointing to --index (no false pass)', () => {
    const index = path.join(tmp, 'against.dupgraf.db');
    expect(dupgraf(['index', 'add', 'corpus/port-strike', '--index', index]).code).toBe(0);
    const story = 'corpus/rate-decision';
    const r = dupgraf(['check', story, '--against', index]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(
      `dupgraf: ${index} (--against) is a dupgraf archive index, not a story file: check against it with --index ${index}`,
    );
    // Named as a story, the same.
    const s = dupgraf(['check', index]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/\(a story under check\) is a dupgraf archive index/);
  });

  test('DUPGRAF_INDEX_URL with --against: not used, and a note says so', () => {
    const index = path.join(tmp, 'env.dupgraf.db');
    expect(dupgraf(['index', 'add', 'corpus/port-strike', '--index', index]).code).toBe(0);
    const env = { DUPGRAF_INDEX_URL: index };
    const args = ['check', 'corpus/rate-decision', '--against', 'corpus/rate-decision', '--'];
    const r = runCli(args, { cwd: REPO_ROOT, env });
    const plain = dupgraf(args);
    expect(r.code).toBe(plain.code);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stderr).toBe(
      'dupgraf: note: DUPGRAF_INDEX_URL is not used: --against names the archive (add --index "$DUPGRAF_INDEX_URL" to check against the index as well)\n',
    );
    expect(
      runCli([...args.slice(0, 2), '-q', ...args.slice(2)], { cwd: REPO_ROOT, env }).stderr,
    ).toBe('');
    // Without --against, the variable names the index.
    const viaEnv = runCli(
      ['check', 'corpus/port-strike/2026-03-09-deal-reached.txt', '--format', 'json'],
      {
        cwd: REPO_ROOT,
        env,
      },
    );
    expect(JSON.parse(viaEnv.stdout).summary.archiveDocuments).toBe(6);
  });
});
