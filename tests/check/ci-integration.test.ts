/**
 * The pre-commit hook's entry (from .pre-commit-hooks.yaml), run with the built binary. The
 * GitHub Action has its own test (github-action.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { BACKGROUND_1, BACKGROUND_2, FRESH } from './texts.js';

const hooks = parse(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8'));

function fixture(): string {
  const dir = tempDir('dupgraf-action-');
  writeFiles(dir, {
    'archive/ferry strike.md': story(FRESH[0], BACKGROUND_1, FRESH[1], BACKGROUND_2),
    'news/island.md': story(FRESH[3], BACKGROUND_1, FRESH[4], BACKGROUND_2),
    'news/fresh.md': story(FRESH[5]),
    'ci/dupgraf.json': JSON.stringify({ check: { maxRecycledParagraphs: 1 } }),
  });
  return dir;
}

describe('.pre-commit-hooks.yaml', () => {
  test('the hook checks the files it is given against the working tree', () => {
    const [hook] = hooks as { id: string; entry: string; files: string }[];
    expect(hook.id).toBe('dupgraf-check');
    const [command, ...args] = hook.entry.split(' ');
    expect(command).toBe('dupgraf');
    const dir = fixture();
    fs.writeFileSync(
      path.join(dir, 'dupgraf.config.json'),
      JSON.stringify({ check: { maxRecycledParagraphs: 1 } }),
    );
    const staged = ['news/island.md', 'news/fresh.md'].filter((f) =>
      new RegExp(hook.files).test(f),
    );
    expect(dupgraf([...args, ...staged], dir).code).toBe(1);
    expect(dupgraf([...args, 'news/fresh.md'], dir).code).toBe(0);
  });
});
