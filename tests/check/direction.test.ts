/**
 * Who copied whom, in time: `check` counts a paragraph only as a copy of an earlier source, scan
 * names each group's origin, and `--window` leaves out sources dated too long before. On a small
 * repository of dated stories (dates in the file names, a front matter, a dateline), and the
 * defining example's two undated stories in one file, ordered by position.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { dupgraf, tempDir, writeFiles } from '../helpers/check-cli.js';
import { SEED } from '../helpers/paths.js';
import { describeNeeding } from '../helpers/requirements.js';
import type { CheckReport, Report } from '../../src/index.js';
import { FLOOD_STORIES } from './flood-stories.js';

/** An archive of dated stories: the first one original, the later ones copying from it. */
function repo(): string {
  const root = tempDir('dupgraf-direction-');
  writeFiles(root, FLOOD_STORIES);
  return root;
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout) as CheckReport;
const failed = (report: CheckReport) =>
  report.stories.filter((s) => s.violations.length > 0).map((s) => s.path);

describe('check: only earlier sources count', () => {
  const root = repo();

  test('the archive story is never failed for copying the later ones', () => {
    const r = dupgraf(['check', '.', '-f', 'json', '--max-boilerplate-share', '0.3'], root);
    expect(r.code).toBe(1);
    const report = json(r);
    const first = report.stories.find((s) => s.path.endsWith('first-warning.txt'))!;
    expect(first.findings).toEqual([]);
    expect(first.violations).toEqual([]);
    expect(failed(report).sort()).toEqual(['news/2026-04-10-all-clear.txt', 'news/levels-rise.md']);
    // Every source named is earlier than the story that copies it.
    const levels = report.stories.find((s) => s.path === 'news/levels-rise.md')!;
    expect(levels.findings.map((f) => f.sources.map((s) => s.path))).toEqual([
      ['archive/2026-03-01-first-warning.txt'],
      ['archive/2026-03-01-first-warning.txt'],
    ]);
    const clear = report.stories.find((s) => s.path === 'news/2026-04-10-all-clear.txt')!;
    for (const f of clear.findings)
      expect(f.sources.map((s) => s.path).sort()).toEqual([
        'archive/2026-03-01-first-warning.txt',
        'news/levels-rise.md',
      ]);
  });

  test('--window excludes an older source (and the config key does too)', () => {
    let r = dupgraf(['check', 'news', '--against', '.', '-f', 'json', '--window', '30d'], root);
    const clear = json(r).stories.find((s) => s.path === 'news/2026-04-10-all-clear.txt')!;
    // The story of 1 March is 40 days older: out of the window; 5 March is 36 days: out too.
    expect(clear.findings).toEqual([]);
    const levels = json(r).stories.find((s) => s.path === 'news/levels-rise.md')!;
    expect(levels.findings).toHaveLength(2); // 4 days: within 30 days
    r = dupgraf(['check', 'news', '--against', '.', '-f', 'json', '--window', '38d'], root);
    const wider = json(r).stories.find((s) => s.path === 'news/2026-04-10-all-clear.txt')!;
    expect(wider.findings.map((f) => f.sources.map((s) => s.path))).toEqual([
      ['news/levels-rise.md'],
      ['news/levels-rise.md'],
    ]);
    fs.writeFileSync(path.join(root, 'dupgraf.config.json'), JSON.stringify({ window: '2d' }));
    r = dupgraf(['check', 'news', '--against', '.', '-f', 'json'], root);
    expect(json(r).summary.findings).toBe(0);
    fs.rmSync(path.join(root, 'dupgraf.config.json'));
  });

  test('a bad --window is a usage error', () => {
    for (const bad of ['soon', '0d', '-3d', '30']) {
      const r = dupgraf(['check', '.', '--window', bad], root);
      expect([bad, r.code]).toEqual([bad, 2]);
      expect(r.stderr).toMatch(/--window: expected a span of time such as 30d/);
    }
  });

  test('scan: each group names its origin; --window splits what is too far apart', () => {
    let r = dupgraf(['scan', '.', '-f', 'json'], root);
    const report = JSON.parse(r.stdout) as Report;
    const background = report.clusters.find((c) => c.text.startsWith('The Tessel drains'))!;
    expect(background.origin).toEqual({
      path: 'archive/2026-03-01-first-warning.txt',
      line: 5,
      date: '2026-03-01',
    });
    expect(background.occurrences.map((o) => o.date)).toEqual([
      '2026-03-01',
      '2026-04-10',
      '2026-03-05',
    ]);
    expect(report.documents.map((d) => [d.path, d.date, d.dateSource])).toEqual([
      ['archive/2026-03-01-first-warning.txt', '2026-03-01', 'file name'],
      ['news/2026-04-10-all-clear.txt', '2026-04-10', 'dateline'],
      ['news/levels-rise.md', '2026-03-05', 'metadata'],
    ]);
    r = dupgraf(['scan', '.'], root);
    expect(r.stdout).toContain(
      'first published in archive/2026-03-01-first-warning.txt:5 on 2026-03-01; 2 later copies',
    );
    // Within 30 days of the representative (the first story): the 10 April copy is left out.
    r = dupgraf(['scan', '.', '-f', 'json', '--window', '30d'], root);
    const windowed = JSON.parse(r.stdout) as Report;
    expect(windowed.settings.window).toBe(30 * 86400000);
    for (const c of windowed.clusters)
      expect(c.occurrences.map((o) => o.path)).toEqual([
        'archive/2026-03-01-first-warning.txt',
        'news/levels-rise.md',
      ]);
    expect(
      windowed.documents.find((d) => d.path === 'news/2026-04-10-all-clear.txt')!
        .duplicateParagraphs,
    ).toBe(0);
  });
});

describeNeeding(['seeds'], 'the defining example: two undated stories in one file', () => {
  test('check fails story 2 only, naming lines 5 and 6 as the sources of 11 and 12', () => {
    const root = tempDir('dupgraf-seed-check-');
    fs.copyFileSync(SEED, path.join(root, 'seed.txt'));
    const r = dupgraf(['check', 'seed.txt', '--max-boilerplate-share', '0.3', '-f', 'json'], root);
    expect(r.code).toBe(1);
    const report = json(r);
    expect(report.stories.map((s) => [s.path, s.violations.length > 0])).toEqual([
      ['seed.txt#1', false],
      ['seed.txt#2', true],
    ]);
    const two = report.stories[1];
    expect(two.findings.map((f) => [f.line, f.sources.map((s) => `${s.path}:${s.line}`)])).toEqual([
      [11, ['seed.txt#1:5']],
      [12, ['seed.txt#1:6']],
    ]);
    expect(report.stories[0].findings).toEqual([]);
  });
});
