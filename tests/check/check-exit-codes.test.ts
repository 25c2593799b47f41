/** Exit codes of check, baseline and approve for bad usage, bad config and unreadable input. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { BACKGROUND_1, FRESH } from './texts.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('dupgraf-check-exit-');
  writeFiles(dir, {
    'archive/a.md': story(FRESH[0], BACKGROUND_1),
    'news/b.md': story(FRESH[1], BACKGROUND_1),
    'news/clean.md': story(FRESH[2]),
    'bad/config.json': '{"check": {"maxBoilerplateShare": 1.5}}',
    'bad/unknown.json': '{"check": {"maxRecycled": 1}}',
    'bad/notjson.json': '{check:',
    'bad/minwords.json': '{"minWords": 100}',
    'bad/registry.json': '{"version": 1, "entries": [{"text": "x"}]}',
  });
  fs.writeFileSync(path.join(dir, 'news/binary.txt'), Buffer.from([0x41, 0x00, 0x42]));
  fs.writeFileSync(path.join(dir, 'news/broken.json'), '{"id":1,"text":"ok"\n');
});

describe('check exit codes', () => {
  const cases: [string, number, string[], RegExp][] = [
    ['within policy', 0, ['check', 'news/clean.md', '--against', 'archive'], /PASSED/],
    [
      'a violation',
      1,
      ['check', 'news/b.md', '--against', 'archive', '--max-recycled-paragraphs', '0'],
      /FAIL/,
    ],
    ['unknown format', 2, ['check', 'news/b.md', '--format', 'yaml'], /unknown format "yaml"/],
    [
      'limit out of range',
      2,
      ['check', 'news/b.md', '--max-boilerplate-share', '2'],
      /--max-boilerplate-share: /,
    ],
    [
      'not a whole number',
      2,
      ['check', 'news/b.md', '--max-recycled-paragraphs', '1.5'],
      /--max-recycled-paragraphs: /,
    ],
    ['bad engine option', 2, ['check', 'news/b.md', '--threshold', '0'], /threshold/],
    [
      'invalid config value',
      2,
      ['check', 'news/b.md', '--config', 'bad/config.json'],
      /bad\/config\.json: key "check\.maxBoilerplateShare": expected a number in \[0, 1\] or a percentage such as 40%, or null for no limit \(got 1\.5\)/,
    ],
    [
      'unknown config key',
      2,
      ['check', 'news/b.md', '--config', 'bad/unknown.json'],
      /unknown key "check\.maxRecycled" \(did you mean "maxRecycledParagraphs"\?\)/,
    ],
    [
      'config not JSON',
      2,
      ['check', 'news/b.md', '--config', 'bad/notjson.json'],
      /not valid JSON/,
    ],
    ['missing config', 2, ['check', 'news/b.md', '--config', 'nope.json'], /config file not found/],
    [
      'invalid registry',
      2,
      ['check', 'news/b.md', '--approved', 'bad/registry.json'],
      /invalid approved registry/,
    ],
    [
      'missing baseline',
      2,
      ['check', 'news/b.md', '--baseline', 'none.txt'],
      /baseline file not found: none\.txt/,
    ],
    ['nonexistent story', 2, ['check', 'news/nope.md'], /no such file or directory/],
    [
      'unreadable story under check',
      2,
      ['check', 'news/binary.txt', 'news/clean.md', '--against', 'archive'],
      /dupgraf: a story under check could not be read, so it was not checked: news\/binary\.txt \(see the warnings\)\n$/,
    ],
    [
      'a JSON story that does not parse (no story read from it)',
      2,
      ['check', 'news/broken.json', 'news/clean.md', '--against', 'archive'],
      /dupgraf: a story under check could not be read, so it was not checked: news\/broken\.json \(see the warnings\)\n$/,
    ],
    ['approve without reason', 2, ['approve', 'news/b.md:3'], /reason/],
    [
      'approve a blank line',
      2,
      ['approve', 'news/b.md:2', '--reason', 'x', '--owner', 'o'],
      /no paragraph at news\/b\.md:2/,
    ],
    ['approve a bad location', 2, ['approve', 'news/b.md', '--reason', 'x'], /expected path:line/],
    [
      'approve a bad date',
      2,
      ['approve', 'news/b.md:3', '--reason', 'x', '--owner', 'o', '--expires', '2026-02-30'],
      /--expires must be a date/,
    ],
    [
      'approve a short paragraph',
      2,
      ['approve', 'news/b.md:1', '--reason', 'x', '--owner', 'o', '--config', 'bad/minwords.json'],
      /fewer than 100 words/,
    ],
  ];
  test.each(cases)('%s → exit %d', (_name, code, args, pattern) => {
    const r = dupgraf(args, dir);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code, stderr: expect.any(String) });
    expect(code === 2 ? r.stderr : r.stdout).toMatch(pattern);
    if (code === 2) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a check that exits 2 never says PASSED: the reports say it did not complete', () => {
    const base = ['check', 'news/binary.txt', 'news/broken.json', 'news/clean.md'];
    const r = dupgraf([...base, '--against', 'archive'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toMatch(/PASSED/);
    expect(r.stdout).toMatch(
      /^NOT COMPLETED: 1 story checked, 2 not checked \(could not be read\) against /m,
    );
    const json = dupgraf([...base, '--against', 'archive', '--format', 'json'], dir);
    expect(JSON.parse(json.stdout).notChecked).toEqual(['news/binary.txt', 'news/broken.json']);
    const md = dupgraf([...base, '--against', 'archive', '--format', 'markdown'], dir);
    expect(md.stdout).toMatch(/^## dupgraf check: not completed$/m);
    const junit = dupgraf([...base, '--against', 'archive', '--format', 'junit'], dir);
    expect(junit.stdout).toMatch(/tests="3" failures="0" errors="2"/);
    expect(junit.stdout).toMatch(/name="news\/broken\.json"[^\n]*>\n\s*<error /);
    const sarif = dupgraf([...base, '--against', 'archive', '--format', 'sarif'], dir);
    expect(JSON.parse(sarif.stdout).runs[0].invocations[0].executionSuccessful).toBe(false);
    // --strict failing on warnings (exit 2) does not say PASSED either.
    const strict = dupgraf(
      ['check', 'news/clean.md', '--against', 'news', 'archive', '--strict'],
      dir,
    );
    expect(strict.code).toBe(2);
    expect(strict.stdout).toMatch(/^FAILED: 1 story checked .*; 2 warnings \(--strict\)$/m);
  });

  test('an unreadable archive file is a warning, not an error', () => {
    const r = dupgraf(['check', 'news/clean.md', '--against', 'news', 'archive'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: news\/binary\.txt: skipped: binary file/);
  });

  test('--update-baseline writes the findings and then passes', () => {
    const args = [
      'check',
      'news/b.md',
      '--against',
      'archive',
      '--max-recycled-paragraphs',
      '0',
      '--baseline',
      'base/line',
    ];
    const r = dupgraf([...args, '--update-baseline'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote baseline base\/line/);
    expect(dupgraf(args, dir).code).toBe(0);
  });
});

test('-o writes the stdout format to a file (folders created), other formats to theirs', () => {
  const r = dupgraf(
    [
      'check',
      'news/b.md',
      '--against',
      'archive',
      '-o',
      'reports/check.txt',
      '--format',
      'text',
      '--format',
      'junit:reports/junit.xml',
    ],
    dir,
  );
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(fs.readFileSync(path.join(dir, 'reports/check.txt'), 'utf8')).toMatch(
    /^FAIL {2}news\/b\.md/,
  );
  expect(fs.readFileSync(path.join(dir, 'reports/junit.xml'), 'utf8')).toMatch(
    /<testcase classname="dupgraf.check" name="news\/b.md"/,
  );
});

test('a YAML approved registry: approve writes it, check reads it', () => {
  const approve = dupgraf(
    [
      'approve',
      'news/b.md:3',
      '--reason',
      'agreed: background',
      '--owner',
      'Desk',
      '--approved',
      'reg/approved.yaml',
    ],
    dir,
  );
  expect(approve.code).toBe(0);
  const yamlText = fs.readFileSync(path.join(dir, 'reg/approved.yaml'), 'utf8');
  expect(yamlText).toMatch(/^version: 1\nentries:\n {2}- id: [0-9a-f]{16}\n/);
  expect(yamlText).toContain('reason: "agreed: background"');
  const args = [
    'check',
    'news/b.md',
    '--against',
    'archive',
    '--max-recycled-paragraphs',
    '0',
    '--format',
    'json',
  ];
  expect(dupgraf(args, dir).code).toBe(1);
  const r = dupgraf([...args, '--approved', 'reg/approved.yaml'], dir);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).summary).toMatchObject({ counted: 0, approved: 1 });
  fs.writeFileSync(path.join(dir, 'reg/bad.yml'), 'version: 1\nentries: [\n');
  const bad = dupgraf([...args, '--approved', 'reg/bad.yml'], dir);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/is not valid YAML/);
});

test('approve records `from` relative to the registry, wherever it is run from', () => {
  const root = tempDir('dupgraf-approve-from-');
  writeFiles(root, { 'news/desk/b.md': story(FRESH[1], BACKGROUND_1) });
  fs.writeFileSync(path.join(root, 'dupgraf.approved.json'), '{"version": 1, "entries": []}\n');
  const registry = () =>
    JSON.parse(fs.readFileSync(path.join(root, 'dupgraf.approved.json'), 'utf8')) as {
      entries: { from: string }[];
    };
  const approve = (location: string, cwd: string) =>
    dupgraf(['approve', location, '--reason', 'background', '--owner', 'Desk'], cwd, {
      HOME: root,
    });
  expect(approve('news/desk/b.md:3', root).code).toBe(0);
  expect(registry().entries.map((e) => e.from)).toEqual(['news/desk/b.md:3']);
  // From a subfolder: the same registry (found upward), the same entry.
  const sub = approve('b.md:3', path.join(root, 'news/desk'));
  expect(sub.code).toBe(0);
  expect(sub.stdout).toMatch(
    /^dupgraf: updated b\.md:3 as [0-9a-f]{16} in \.\.\/\.\.\/dupgraf\.approved\.json\n$/,
  );
  expect(registry().entries.map((e) => e.from)).toEqual(['news/desk/b.md:3']);
});
