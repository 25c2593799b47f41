/**
 * dupgraf's own reports written inside the tree are not read back as stories by the next scan or
 * check (src/sources/own-reports.ts); one named on the command line is said to be a report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { isOwnReport } from '../../src/sources/own-reports.js';
import { CSV_COLUMNS } from '../../src/reporters/csv.js';
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

  test('scan naming only reports says they are reports, not that no file was found (exit 2)', () => {
    dupgraf(['scan', '.', '-f', 'json', '-o', 'only.json'], dir);
    const r = dupgraf(['scan', 'only.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'dupgraf: warning: only.json: skipped: a report written by dupgraf, not a story\n' +
        'dupgraf: no input files found: only.json is a report written by dupgraf, not read as a story\n',
    );
    // With a story beside it: the story is scanned, the report is a warning (as check says).
    const both = dupgraf(['scan', 'only.json', 'news/a.md', '-f', 'json'], dir);
    expect(both.code).toBe(0);
    expect(JSON.parse(both.stdout).warnings).toEqual([
      { path: 'only.json', message: 'skipped: a report written by dupgraf, not a story' },
    ]);
    // A folder holding only reports: passed over, and the message says how many.
    fs.mkdirSync(path.join(dir, 'old-reports'), { recursive: true });
    fs.copyFileSync(path.join(dir, 'only.json'), path.join(dir, 'old-reports/a.json'));
    const folder = dupgraf(['scan', 'old-reports'], dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(
      'dupgraf: no input files found (a report written by dupgraf passed over: dupgraf does not read its reports as stories)\n',
    );
  });

  test('CSV reports are recognised by their header row (read only with --ext csv)', () => {
    const csv = tempDir('dupgraf-own-csv-');
    writeFiles(csv, {
      'a.md': story(FRESH[0], BACKGROUND_1),
      'b.md': story(FRESH[1], BACKGROUND_1),
    });
    const last = (text: string) => text.trimEnd().split('\n').pop()!;
    const before = last(dupgraf(['scan', '.', '--ext', 'md', 'csv'], csv).stdout);
    expect(before).toMatch(/^2 stories, /);
    expect(dupgraf(['scan', '.', '-f', 'csv', '-o', 'report.csv'], csv).code).toBe(0);
    dupgraf(['scan', 'a.md', '-f', 'csv', '-o', 'none.csv'], csv); // no group: the header alone
    for (const file of ['report.csv', 'none.csv'])
      expect(isOwnReport(fs.readFileSync(path.join(csv, file), 'utf8'))).toBe(true);
    expect(last(dupgraf(['scan', '.', '--ext', 'md', 'csv'], csv).stdout)).toBe(before);
    const named = dupgraf(['scan', 'report.csv', '--ext', 'csv'], csv);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(
      /no input files found: report\.csv is a report written by dupgraf/,
    );
    // The header row as the CSV reporter writes it, and as earlier versions did.
    expect(isOwnReport(`${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(
      isOwnReport(
        'group,group_rank,path,line,end_line,paragraph,similarity,words,representative\n',
      ),
    ).toBe(true);
    expect(isOwnReport('group,rank,path\nA story of the group.\n')).toBe(false);
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
