/**
 * The GitHub Action's run step (taken from action.yml and run with bash, as the runner would) and
 * the pre-commit hook's entry, against the built binary.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { BACKGROUND_1, BACKGROUND_2, FRESH } from './texts.js';

interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
}

const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8'));
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

describe('action.yml', () => {
  test('declares the inputs, runs the check and uploads SARIF', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['paths', 'against', 'changed-since', 'config']),
    );
    const uses = (action.runs.steps as Step[]).map((s) => s.uses).filter(Boolean);
    expect(uses).toContain('github/codeql-action/upload-sarif@v3');
  });

  test('its check step runs dupgraf check with the inputs and records the exit code', () => {
    const step = (action.runs.steps as Step[]).find((s) => s.id === 'check');
    const dir = fixture();
    const output = path.join(dir, 'github-output');
    const r = spawnSync('bash', ['-e', '-c', step!.run!], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        GITHUB_ACTION_PATH: REPO_ROOT,
        GITHUB_OUTPUT: output,
        DUPGRAF_PATHS: 'news\n',
        DUPGRAF_AGAINST: 'archive news',
        DUPGRAF_CHANGED_SINCE: '',
        DUPGRAF_CONFIG: 'ci/dupgraf.json',
        DUPGRAF_BASELINE: '',
        DUPGRAF_SARIF: 'out/dupgraf.sarif',
      },
    });
    expect(r.status).toBe(0); // the step itself succeeds; the verdict step fails the job
    expect(fs.readFileSync(output, 'utf8')).toBe('exit-code=1\n');
    expect(r.stdout).toMatch(
      /^::error title=dupgraf max-recycled-paragraphs,file=news\/island\.md,line=3,/m,
    );
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out/dupgraf.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBe(2);
  });
});

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
