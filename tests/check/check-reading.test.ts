/**
 * `check` and `index add` take scan's file-reading flags `--encoding` and `--max-file-size`
 * (from the same settings table; bad values exit 2), and the config file's keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, test } from '@jest/globals';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { BACKGROUND_1, FRESH } from './texts.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('dupgraf-check-reading-');
  writeFiles(dir, {
    // The archive story is padded past 4 KiB; the story under check stays small.
    'archive/old.txt': story(FRESH[0], BACKGROUND_1, 'Filler words for the archive. '.repeat(150)),
    'news/new.txt': story(FRESH[1], BACKGROUND_1),
  });
});

test('check --max-file-size skips a larger archive file with a warning (its copy is not found)', () => {
  const all = dupgraf(['check', 'news', '--against', 'archive', '-f', 'json'], dir);
  expect(all.code).toBe(1);
  expect(JSON.parse(all.stdout).summary.findings).toBe(1);
  const small = dupgraf(
    ['check', 'news', '--against', 'archive', '-f', 'json', '--max-file-size', '4k'],
    dir,
  );
  expect(small.code).toBe(0);
  expect(JSON.parse(small.stdout).summary.findings).toBe(0);
  expect(small.stderr).toMatch(/archive\/old\.txt: skipped: .* over --max-file-size \(4 KiB\)/);
});

test('a max file size from the config file works as the flag does; the flag wins', () => {
  const configured = tempDir('dupgraf-check-reading-config-');
  fs.cpSync(dir, configured, { recursive: true });
  fs.writeFileSync(path.join(configured, '.dupgrafrc'), '{"maxFileSize": 4096}');
  const r = dupgraf(['check', 'news', '--against', 'archive', '-f', 'json'], configured);
  expect(JSON.parse(r.stdout).summary.findings).toBe(0);
  const flag = dupgraf(
    ['check', 'news', '--against', 'archive', '-f', 'json', '--max-file-size', '1MB'],
    configured,
  );
  expect(JSON.parse(flag.stdout).summary.findings).toBe(1);
});

test.each([
  [['check', 'news', '--encoding', 'klingon'], /--encoding: expected an encoding label/],
  [['check', 'news', '--max-file-size', 'huge'], /--max-file-size: expected/],
  [['index', 'add', 'archive', '--index', 'a.db', '--encoding', 'klingon'], /--encoding/],
])('%j exits 2 with a message', (args, message) => {
  const r = dupgraf(args, dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('index add --max-file-size skips the larger file with a warning', () => {
  const r = dupgraf(
    ['index', 'add', 'archive', 'news', '--index', 'idx.db', '--max-file-size', '4k'],
    dir,
  );
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/archive\/old\.txt: skipped: .* over --max-file-size/);
  const stats = dupgraf(['index', 'stats', '--index', 'idx.db', '--format', 'json'], dir);
  expect(stats.stdout).toMatch(/"stories": 1/);
});
