/**
 * `dupgraf check -q/--quiet`: only the report on stdout, nothing on stderr (no warnings, no note
 * about the baseline written); without it the same run warns on stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, test } from '@jest/globals';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { BACKGROUND_1, FRESH } from './texts.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('dupgraf-check-quiet-');
  writeFiles(dir, {
    'archive/old.txt': story(FRESH[0], BACKGROUND_1),
    'news/new.txt': story(FRESH[1], BACKGROUND_1),
    // A binary file in the archive: a warning.
    'archive/photo.txt': 'GIF89a\u0000\u0001\u0002',
  });
});

test('without --quiet: the JSON report on stdout, warnings on stderr', () => {
  const r = dupgraf(['check', 'news', '--against', 'archive', '-f', 'json'], dir);
  expect(r.code).toBe(1); // the story breaks the default policy
  expect(JSON.parse(r.stdout).summary.findings).toBe(1);
  expect(r.stderr).toContain('dupgraf: warning: archive/photo.txt: skipped: binary file');
});

test.each([['-q'], ['--quiet']])('%s: the same report, nothing on stderr', (flag) => {
  const loud = dupgraf(['check', 'news', '--against', 'archive', '-f', 'json'], dir);
  const r = dupgraf(['check', 'news', '--against', 'archive', '-f', 'json', flag], dir);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe(loud.stdout);
  expect(r.stderr).toBe('');
  const u = dupgraf(
    ['check', 'news', '--against', 'archive', '--update-baseline', '--baseline', 'b.txt', flag],
    dir,
  );
  expect(u.code).toBe(0);
  expect(u.stderr).toBe('');
  expect(fs.existsSync(path.join(dir, 'b.txt'))).toBe(true);
});

test('a usage error still says why (exit 2)', () => {
  const r = dupgraf(['check', 'news', '-q', '--format', 'nope'], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/unknown format "nope"/);
});
