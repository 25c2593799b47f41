/**
 * A recycled background paragraph whose figure changed (340 → 360) is the desk's main risk: every
 * check output names the changed facts (text and HTML first), shares read as percentages, and a
 * limit may be given as one (`--max-boilerplate-share 40%`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import type { CheckReport } from '../../src/index.js';

const background = (n: number) =>
  `The regional hospital trust employs about ${n} nurses across its four sites, and its managers say recruitment has not kept pace with the number of patients admitted each winter.`;

function repo(): string {
  const root = tempDir('dupgraf-facts-');
  writeFiles(root, {
    'archive/2026-01-05-ward-closes.txt': story(
      'A ward at the county hospital closed to new patients on Monday after an outbreak of winter vomiting illness spread through two bays.',
      background(340),
    ),
    'news/2026-01-12-nurses-strike.txt': story(
      'Nurses at the county hospital voted on Monday to strike for two days next month over pay and staffing levels on the wards.',
      background(360),
    ),
  });
  return root;
}

describe('changed facts in every check output', () => {
  const root = repo();
  const run = (...args: string[]) =>
    dupgraf(['check', 'news', '--against', '.', '--max-boilerplate-share', '0.3', ...args], root);

  test('text: the changed facts first, shares as percentages', () => {
    const r = run();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'news/2026-01-12-nurses-strike.txt:3 changed 340 → 360: copies archive/2026-01-05-ward-closes.txt:3 (Jaccard ',
    );
    expect(r.stdout).toMatch(/1 recycled paragraph, boilerplate \d+\.\d%/);
    expect(r.stdout).toMatch(/boilerplate share \d+\.\d%, above the limit of 30\.0%/);
  });

  test('JSON keeps the facts on the closest source', () => {
    const report = JSON.parse(run('-f', 'json').stdout) as CheckReport;
    expect(report.stories[0].findings[0].sources[0].changedFacts).toEqual([
      { from: '340', to: '360', kind: 'number' },
    ]);
  });

  test('markdown, github annotations, JUnit, SARIF message and properties, HTML', () => {
    const out = path.join(root, 'out');
    const r = run(
      '-f',
      `markdown:${out}/r.md`,
      '-f',
      `github`,
      '-f',
      `junit:${out}/r.xml`,
      '-f',
      `sarif:${out}/r.sarif`,
      '-f',
      `html:${out}/r.html`,
    );
    expect(r.code).toBe(1);
    const read = (f: string) => fs.readFileSync(path.join(out, f), 'utf8');
    expect(read('r.md')).toContain('(Jaccard ');
    expect(read('r.md')).toContain('; changed 340 → 360');
    expect(read('r.md')).toMatch(/\| 1 \| \d+\.\d% \|/);
    const annotation = r.stdout.split('\n').find((l) => l.startsWith('::error'))!;
    expect(annotation).toContain('; changed 340 → 360.%0AStory breaks the policy');
    expect(read('r.xml')).toContain('; changed 340 → 360');
    const sarif = JSON.parse(read('r.sarif'));
    const result = sarif.runs[0].results[0];
    expect(result.message.text).toContain('; changed 340 → 360.');
    expect(result.properties.changedFacts).toEqual([{ from: '340', to: '360', kind: 'number' }]);
    // HTML: the facts come before the source and its diff.
    const html = read('r.html');
    const copy = html.slice(html.indexOf('<li class="copy has-facts">'));
    expect(copy.indexOf('changed facts')).toBeGreaterThan(0);
    expect(copy.indexOf('changed facts')).toBeLessThan(copy.indexOf('copies <code>'));
    expect(copy).toContain('⚠ number: 340 → 360');
  });

  test('a limit as a percentage: flag and config', () => {
    let r = dupgraf(['check', 'news', '--against', '.', '--max-boilerplate-share', '40%'], root);
    const share = JSON.parse(
      dupgraf(['check', 'news', '--against', '.', '-f', 'json'], root).stdout,
    ) as CheckReport;
    const measured = share.stories[0].boilerplateShare;
    expect(measured).toBeGreaterThan(0.4);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('above the limit of 40.0%');
    r = dupgraf(['check', 'news', '--against', '.', '--max-boilerplate-share', '90%'], root);
    expect(r.code).toBe(0);
    fs.writeFileSync(
      path.join(root, 'dupgraf.config.json'),
      JSON.stringify({ check: { maxBoilerplateShare: '90%' } }),
    );
    expect(dupgraf(['check', 'news', '--against', '.'], root).code).toBe(0);
    fs.writeFileSync(
      path.join(root, 'dupgraf.config.json'),
      JSON.stringify({ check: { maxBoilerplateShare: '140%' } }),
    );
    r = dupgraf(['check', 'news', '--against', '.'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/maxBoilerplateShare": expected .*percentage such as 40%.*got "140%"/);
    fs.rmSync(path.join(root, 'dupgraf.config.json'));
    r = dupgraf(['check', 'news', '--against', '.', '--max-boilerplate-share', 'lots%'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-boilerplate-share');
  });
});
