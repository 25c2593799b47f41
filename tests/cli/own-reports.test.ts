/**
 * dupgraf's own reports written inside the tree are not read back as stories by the next scan or
 * check (src/sources/own-reports.ts); one named on the command line is said to be a report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { isOwnReport } from '../../src/sources/own-reports.js';
import { BACKGROUND_1, FRESH } from '../check/texts.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('dupgraf-own-reports-');
  writeFiles(dir, {
    'news/a.md': story(FRESH[0], BACKGROUND_1),
    'news/b.md': story(FRESH[1], BACKGROUND_1),
    'news/c.md': story(FRESH[2]),
  });
});

/** The summary line of `scan .` and the verdict line of `check .` in `dir`. */
function counts(): { scan: string; check: string } {
  const scan = dupgraf(['scan', '.'], dir);
  const check = dupgraf(['check', '.'], dir);
  const last = (text: string) => text.trimEnd().split('\n').pop()!;
  return { scan: last(scan.stdout), check: last(check.stdout) };
}

describe('reports written inside the tree', () => {
  test('are not read back as stories by the next scan . or check .', () => {
    const before = counts();
    expect(before.scan).toMatch(/^3 stories, /);
    expect(before.check).toMatch(/: 3 stories checked /);
    const runs = [
      ['scan', '.', '-o', 'report.html'],
      ['scan', '.', '-f', 'json', '-o', 'scan.json'],
      ['scan', '.', '-f', 'markdown', '-o', 'scan.md'],
      ['scan', '.', '-o', 'scan.txt'],
      [
        'check',
        '.',
        '-f',
        'junit:dupgraf.xml',
        '-f',
        'sarif:reports/check.sarif.json',
        '-f',
        'json:reports/check.json',
        '-f',
        'markdown:reports/check.md',
        '-f',
        'html:reports/check.html',
        '-f',
        'text:reports/check.txt',
      ],
    ];
    for (const args of runs) expect(dupgraf(args, dir).code).not.toBe(2);
    for (const file of ['report.html', 'scan.json', 'dupgraf.xml', 'reports/check.sarif.json'])
      expect(isOwnReport(fs.readFileSync(path.join(dir, file), 'utf8'))).toBe(true);
    expect(counts()).toEqual(before);
  });

  test('a report named as a story is not checked, and said to be a report', () => {
    dupgraf(['scan', '.', '-f', 'json', '-o', 'named.json'], dir);
    const r = dupgraf(['check', 'named.json', 'news'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /warning: named\.json: skipped: a report written by dupgraf, not a story/,
    );
  });

  test('stories that only look like reports are read', () => {
    expect(isOwnReport('## dupgraf: how we check copy\nThe desk runs a tool.\n')).toBe(false);
    expect(isOwnReport('{"schemaVersion": 1, "tool": {"name": "other"}}')).toBe(false);
    expect(isOwnReport('<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title>')).toBe(
      false,
    );
    expect(isOwnReport('Repeated paragraphs: 2 groups\n\nA story about reports.\n')).toBe(false);
  });
});
