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
});
