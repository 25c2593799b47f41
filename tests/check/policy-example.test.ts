/** The Policy example of docs/check.md works as written in a fresh clone (no other file). */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { BACKGROUND_1, FRESH } from './texts.js';

test('the Policy example config of docs/check.md runs in a fresh folder', () => {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs/check.md'), 'utf8');
  const policy = doc.slice(doc.indexOf('## Policy'), doc.indexOf('## Approved boilerplate'));
  const example = /```json\n([\s\S]*?)```/.exec(policy)![1];
  const dir = tempDir('dupgraf-policy-example-');
  writeFiles(dir, {
    'dupgraf.config.json': example,
    'news/a.md': story(FRESH[0], BACKGROUND_1),
    'wire/b.md': story(FRESH[1], BACKGROUND_1),
  });
  const r = dupgraf(['check', '.'], dir);
  expect(r.stderr).toBe('');
  // It runs (no config error, no missing registry or baseline); its wire/** override applies.
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^FAIL {2}news\/a\.md /m);
  expect(r.stdout).toMatch(/^ok {4}wire\/b\.md /m);
});
