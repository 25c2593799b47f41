/** Per-path policy overrides (Vale-style glob sections), through the built binary. */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { BACKGROUND_1, BACKGROUND_2, FRESH } from './texts.js';

let dir: string;
const SAME = story(FRESH[3], BACKGROUND_1, FRESH[4], BACKGROUND_2);

beforeAll(() => {
  dir = tempDir('dupgraf-policy-');
  writeFiles(dir, {
    'archive/ferry-strike.md': story(FRESH[0], BACKGROUND_1, FRESH[1], BACKGROUND_2),
    'wire/island.md': SAME,
    'news/island.md': SAME,
    'dupgraf.config.json': JSON.stringify({
      check: {
        maxBoilerplateShare: 0.4,
        maxRecycledParagraphs: 1,
        overrides: {
          'wire/**': { maxBoilerplateShare: 0.9, maxRecycledParagraphs: null },
          'opinion/**': { maxBoilerplateShare: 0, maxRecycledParagraphs: 0 },
        },
      },
    }),
  });
});

describe('per-path policy overrides', () => {
  test('the same story passes under wire/ and fails under news/', () => {
    const wire = dupgraf(
      ['check', 'wire/island.md', '--against', 'archive', '--format', 'json'],
      dir,
    );
    expect(wire.code).toBe(0);
    const w = JSON.parse(wire.stdout).stories[0];
    expect(w).toMatchObject({
      path: 'wire/island.md',
      overrides: ['wire/**'],
      recycledParagraphs: 2,
      violations: [],
    });
    expect(w.policy).toEqual({
      maxBoilerplateShare: 0.9,
      maxRecycledParagraphs: null,
      countPartials: false,
    });

    const news = dupgraf(
      ['check', 'news/island.md', '--against', 'archive', '--format', 'json'],
      dir,
    );
    expect(news.code).toBe(1);
    const n = JSON.parse(news.stdout).stories[0];
    expect(n.overrides).toEqual([]);
    expect(
      n.violations.map((v: { rule: string; limit: number; actual: number }) => [
        v.rule,
        v.limit,
        v.actual,
      ]),
    ).toEqual([
      ['max-recycled-paragraphs', 1, 2],
      ['max-boilerplate-share', 0.4, n.boilerplateShare],
    ]);
    expect(n.boilerplateShare).toBeGreaterThan(0.4);
  });

  test('flags override the config and its per-path sections', () => {
    const r = dupgraf(
      ['check', 'wire/island.md', '--against', 'archive', '--max-recycled-paragraphs', '1'],
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /max-recycled-paragraphs: 2 recycled paragraphs, more than the limit of 1/,
    );
    const loose = dupgraf(
      [
        'check',
        'news/island.md',
        '--against',
        'archive',
        '--max-recycled-paragraphs',
        '5',
        '--max-boilerplate-share',
        '1',
      ],
      dir,
    );
    expect(loose.code).toBe(0);
  });

  test('partial reuse counts only when the policy says so', () => {
    const lede =
      FRESH[0].replace('Ferry crews on the Harwick to Skellan route', 'Crews on the island route') +
      ' Police said the terminal was calm.';
    writeFiles(dir, { 'news/partial.md': story(lede, FRESH[5]) });
    const off = dupgraf(
      ['check', 'news/partial.md', '--against', 'archive', '--format', 'json'],
      dir,
    );
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout).summary.findings).toBe(0);
    const on = dupgraf(
      [
        'check',
        'news/partial.md',
        '--against',
        'archive',
        '--format',
        'json',
        '--count-partials',
        '--max-recycled-paragraphs',
        '0',
      ],
      dir,
    );
    expect(on.code).toBe(1);
    const finding = JSON.parse(on.stdout).stories[0].findings[0];
    expect(finding).toMatchObject({ kind: 'partial', line: 1, status: 'counted' });
    expect(finding.sources[0]).toMatchObject({ path: 'archive/ferry-strike.md', line: 1 });
  });
});

describe('HTML stories', () => {
  test('paragraphs come from the markup reader, with source lines; comment markers suppress', () => {
    const html = (...ps: string[]) =>
      `<html><body>\n<article>\n${ps.join('\n')}\n</article>\n</body></html>\n`;
    writeFiles(dir, {
      'web/archive.html': html(
        `<p>${FRESH[0]}</p>`,
        `<p>${BACKGROUND_1}</p>`,
        `<p>${BACKGROUND_2}</p>`,
      ),
      'web/new.html': html(
        `<p>${FRESH[5]}</p>`,
        `<p>${BACKGROUND_1}</p>`,
        '<!-- dupgraf-ignore-next -->',
        `<p>${BACKGROUND_2}</p>`,
      ),
    });
    const r = dupgraf(
      [
        'check',
        'web/new.html',
        '--against',
        'web',
        '--format',
        'json',
        '--max-recycled-paragraphs',
        '0',
      ],
      dir,
    );
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout).stories[0];
    expect(
      s.findings.map(
        (f: { line: number; status: string; text: string; sources: { line: number }[] }) => [
          f.line,
          f.status,
          f.sources[0].line,
          f.text.slice(0, 20),
        ],
      ),
    ).toEqual([
      [4, 'counted', 4, BACKGROUND_1.slice(0, 20)],
      [6, 'suppressed', 5, BACKGROUND_2.slice(0, 20)],
    ]);
    expect(s.suppressions).toBe(1);
  });
});
