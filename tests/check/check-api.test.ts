/**
 * `check()`, the package's CI check: with only stories and an index it gives what `dupgraf check`
 * gives for the same files (same findings, fingerprints, source texts, verdicts); its options are
 * checked like the other entry points'; its baseline and policy take the config file's shapes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  check,
  Corpus,
  InvalidBaselineError,
  InvalidOptionError,
  UsageError,
  type CheckReport,
} from '../../src/index.js';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { BACKGROUND_1, BACKGROUND_2, BACKGROUND_2_EDITED, CLOSER, FRESH } from './texts.js';

const FILES: Record<string, string> = {
  'archive/ferry.txt': story(FRESH[0], BACKGROUND_1, BACKGROUND_2, CLOSER),
  'news/today.txt': story(FRESH[1], BACKGROUND_1, BACKGROUND_2_EDITED, CLOSER),
  'news/quiet.txt': story(
    FRESH[2],
    '[dupgraf-ignore-next]',
    BACKGROUND_1,
    FRESH[3],
    FRESH[4],
    FRESH[5],
  ),
};

let tmp: string;
beforeAll(() => {
  tmp = tempDir('dupgraf-check-api-');
  writeFiles(tmp, FILES);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The files as documents and a Corpus holding them all, as `check news --against archive` has. */
function corpusOfFiles(): { corpus: Corpus; stories: { path: string; text: string }[] } {
  const corpus = new Corpus();
  const docs = Object.keys(FILES)
    .sort()
    .map((p) => ({ path: p, text: fs.readFileSync(path.join(tmp, p), 'utf8') }));
  for (const d of docs) corpus.add(d);
  return { corpus, stories: docs.filter((d) => d.path.startsWith('news/')) };
}

describe('check()', () => {
  test('with stories and an index only, the report of `dupgraf check --format json`', () => {
    const cli = dupgraf(['check', 'news', '--against', 'archive', '--format', 'json'], tmp);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(1);
    const { corpus, stories } = corpusOfFiles();
    const report: CheckReport = check({ stories, index: corpus });
    expect(report).toEqual(JSON.parse(cli.stdout));
    // What it found: the edited background paragraph and the others, with their source text.
    const today = report.stories.find((s) => s.path === 'news/today.txt')!;
    expect(today.findings.map((f) => [f.line, f.status, f.sources[0].text])).toEqual([
      [3, 'counted', BACKGROUND_1],
      [5, 'counted', BACKGROUND_2],
      [7, 'counted', CLOSER],
    ]);
    const quiet = report.stories.find((s) => s.path === 'news/quiet.txt')!;
    expect(quiet.findings.map((f) => [f.line, f.status])).toEqual([[5, 'suppressed']]);
  });

  test('policy, baseline and approvals in the config file’s shapes', () => {
    const { corpus, stories } = corpusOfFiles();
    const first = check({ stories, index: corpus });
    const baseline = fs.readFileSync(
      (() => {
        const r = dupgraf(['baseline', 'news', '--against', 'archive'], tmp);
        expect(r.code).toBe(0);
        return path.join(tmp, 'dupgraf.baseline');
      })(),
      'utf8',
    );
    const baselined = check({ stories, index: corpus, baseline });
    expect(baselined.failed).toBe(false);
    expect(baselined.stories.flatMap((s) => s.findings.map((f) => f.status))).toEqual([
      'suppressed',
      'baselined',
      'baselined',
      'baselined',
    ]);
    const lenient = check({
      stories,
      index: corpus,
      policy: { overrides: { 'news/**': { maxBoilerplateShare: 1 } } },
    });
    expect([first.failed, lenient.failed]).toEqual([true, false]);
    const approved = check({
      stories,
      index: corpus,
      approvals: {
        version: 1,
        entries: [{ id: 'closer', text: CLOSER, owner: 'desk', reason: 'standard closer' }],
      },
    });
    const statuses = (r: CheckReport) =>
      r.stories.find((s) => s.path === 'news/today.txt')!.findings.map((f) => f.status);
    expect(statuses(approved)).toEqual(['counted', 'counted', 'approved']);
  });

  test('bad input: unknown or bad options, a baseline that is not one, an index with promises', () => {
    const { corpus, stories } = corpusOfFiles();
    expect(() => check({ stories, index: corpus, polcy: {} } as never)).toThrow(
      /unknown option "polcy" of check; did you mean "policy"\?/,
    );
    expect(() => check({ stories, index: corpus, policy: { maxBoilerplateShare: 2 } })).toThrow(
      InvalidOptionError,
    );
    expect(() =>
      check({ stories, index: corpus, policy: { approved: 'x.json' } as never }),
    ).toThrow(InvalidOptionError);
    expect(() => check({ stories, index: corpus, baseline: 'not a baseline' })).toThrow(
      InvalidBaselineError,
    );
    expect(() => check({ stories: 'news' as never, index: corpus })).toThrow(UsageError);
    expect(() => check({ stories: [{ path: 1 } as never], index: corpus })).toThrow(UsageError);
    const remote = { query: async (d: { path: string; text: string }) => corpus.query(d) };
    expect(() => check({ stories, index: remote as never })).toThrow(
      /answered with a promise; check needs an index that answers at once/,
    );
  });
});
