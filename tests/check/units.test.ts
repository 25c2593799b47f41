/** Unit tests of the check's parts: suppression markers, baseline files, policy, approvals, formats. */
import { describe, expect, test } from '@jest/globals';
import {
  addApproval,
  ApprovalMatcher,
  emptyRegistry,
  isExpired,
  serializeRegistry,
} from '../../src/check/approvals.js';
import { parseBaseline, serializeBaseline } from '../../src/check/baseline.js';
import { contentKey, findingFingerprint } from '../../src/check/fingerprint.js';
import type { Finding } from '../../src/check/model.js';
import { Policy } from '../../src/check/policy.js';
import { markerOf, prepareStory } from '../../src/check/suppression.js';
import { parseFormats } from '../../src/cli/check-command.js';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { segment } from '../../src/engine/segment.js';
import { BACKGROUND_1, BACKGROUND_2, BACKGROUND_2_EDITED, CLOSER, FRESH } from './texts.js';

describe('inline suppression', () => {
  test('marker syntax', () => {
    expect(markerOf('<!-- dupgraf-ignore-next -->')).toBe('next');
    expect(markerOf('  <!--dupgraf-ignore-start-->  ')).toBe('start');
    expect(markerOf('[dupgraf-ignore-end]')).toBe('end');
    expect(markerOf('text <!-- dupgraf-ignore-next -->')).toBeNull();
    expect(markerOf('<!-- dupgraf-ignore-everything -->')).toBeNull();
  });

  test('ignore-next written directly above a paragraph suppresses it without changing its words', () => {
    const text = `${FRESH[0]}\n\n<!-- dupgraf-ignore-next -->\n${BACKGROUND_1}\n\n${FRESH[1]}\n`;
    const p = prepareStory(text);
    expect([...p.suppressedLines]).toEqual([4]);
    expect(p.markers).toBe(1);
    const para = segment(p.text).find((s) => s.line === 4);
    expect(para?.text).toBe(BACKGROUND_1);
    expect(p.text.split('\n')).toHaveLength(text.split('\n').length); // lines keep their numbers
  });

  test('start/end ranges in Markdown and line markers in a one-paragraph-per-line text', () => {
    const md = [
      FRESH[0],
      '',
      '<!-- dupgraf-ignore-start -->',
      '',
      BACKGROUND_1,
      '',
      BACKGROUND_2,
      '',
      '<!-- dupgraf-ignore-end -->',
      '',
      CLOSER,
    ].join('\n');
    expect([...prepareStory(md).suppressedLines].sort((a, b) => a - b)).toEqual([5, 7]);
    const cms = [
      FRESH[0],
      '[dupgraf-ignore-next]',
      BACKGROUND_1,
      '[dupgraf-ignore-start]',
      BACKGROUND_2,
      CLOSER,
      '[dupgraf-ignore-end]',
      FRESH[1],
    ].join('\n');
    const p = prepareStory(cms);
    expect(p.text).toBe(cms); // one paragraph per line: markers are their own (short) lines
    expect([...p.suppressedLines].sort((a, b) => a - b)).toEqual([3, 5, 6]);
    expect(p.markers).toBe(2);
    expect(p.problems).toEqual([]);
  });

  test('misused markers are reported', () => {
    const p = prepareStory(
      `${FRESH[0]}\n\n[dupgraf-ignore-end]\n\n[dupgraf-ignore-start]\n\n${FRESH[1]}\n\n<!-- dupgraf-ignore-next -->\n`,
    );
    expect(p.problems.map((x) => x.message)).toEqual([
      'dupgraf-ignore-end without a start',
      'dupgraf-ignore-next with no paragraph after it',
      'dupgraf-ignore-start without an end: ignored to the end of the file',
    ]);
    expect([...p.suppressedLines]).toEqual([7]);
  });
});

describe('fingerprints and baseline files', () => {
  test('the fingerprinted words keep the rules of normalization version 1 (baselines stay valid)', () => {
    // What dupgraf's words() gave before the tokenizer's version 2: numbers cut at separators,
    // no folding beyond lower case (computed with that release).
    expect(contentKey('Net 3,029,930 vs 1.43 dlrs')).toBe('net 3 029 930 vs 1 43 dlrs');
    expect(contentKey('ΣΕΙΣΜΟΣ Straße İstanbul')).toBe('σεισμος straße i̇stanbul');
    expect(contentKey('至少1400人死亡')).toBe('至少1400人死亡');
    expect(contentKey('Pyongyang’s co\u00adoperation')).toBe('pyongyangs cooperation');
    expect(contentKey('مقتل ١٤٠٠ شخص')).toBe('مقتل ١٤٠٠ شخص');
  });

  test('fingerprints depend on content, path and source, not on spacing or case', () => {
    const a = findingFingerprint('news/a.md', BACKGROUND_1, BACKGROUND_1);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(
      findingFingerprint(
        'news/a.md',
        BACKGROUND_1.replace(/ /g, '\n  '),
        BACKGROUND_1.toUpperCase(),
      ),
    ).toBe(a);
    expect(findingFingerprint('news/b.md', BACKGROUND_1, BACKGROUND_1)).not.toBe(a);
    expect(findingFingerprint('news/a.md', BACKGROUND_2, BACKGROUND_2_EDITED)).not.toBe(
      findingFingerprint('news/a.md', BACKGROUND_2, BACKGROUND_2),
    );
  });

  const finding = (fp: string, status: Finding['status'], path = 'news/a.md'): Finding => ({
    path,
    line: 3,
    endLine: 3,
    paragraph: 2,
    words: 30,
    text: BACKGROUND_1,
    kind: 'duplicate',
    sources: [{ path: 'archive/x.md', line: 5, endLine: 5, jaccard: 1, containment: 1 }],
    fingerprint: fp,
    fingerprints: [fp],
    status,
  });

  test('serialize: sorted, one per line, approved and suppressed left out; parse reads it back', () => {
    const text = serializeBaseline([
      finding('ffff000011112222', 'counted'),
      finding('0000aaaabbbbcccc', 'baselined', 'news/b\tc.md'),
      finding('1111111111111111', 'approved'),
      finding('2222222222222222', 'suppressed'),
      finding('ffff000011112222', 'counted'),
    ]);
    const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual([
      '0000aaaabbbbcccc  news/b c.md  archive/x.md  The Harwick ferry link carries about four thousand …',
      'ffff000011112222  news/a.md  archive/x.md  The Harwick ferry link carries about four thousand …',
    ]);
    expect([...parseBaseline(text)]).toEqual(['0000aaaabbbbcccc', 'ffff000011112222']);
    expect([...parseBaseline('# c\r\n\r\nABCDEF0123456789 rest\r\n')]).toEqual([
      'abcdef0123456789',
    ]);
  });
});

describe('policy', () => {
  test('defaults, config, per-path overrides in order, then flags', () => {
    expect(new Policy().forPath('news/a.md').limits).toEqual({
      maxBoilerplateShare: 0.4,
      maxRecycledParagraphs: null,
      countPartials: false,
    });
    const policy = new Policy(
      {
        maxRecycledParagraphs: 2,
        overrides: {
          'wire/**': { maxBoilerplateShare: 0.8 },
          '**/*.md': { countPartials: true },
          'wire/ap/**': { maxBoilerplateShare: null },
        },
      },
      { maxRecycledParagraphs: 3 },
    );
    expect(policy.forPath('wire/ap/x.md')).toEqual({
      limits: { maxBoilerplateShare: null, maxRecycledParagraphs: 3, countPartials: true },
      overrides: ['wire/**', '**/*.md', 'wire/ap/**'],
    });
    expect(policy.forPath('news/x.txt')).toEqual({
      limits: { maxBoilerplateShare: 0.4, maxRecycledParagraphs: 3, countPartials: false },
      overrides: [],
    });
  });
});

describe('approved registry', () => {
  test('entries match near-duplicates at the threshold, not only exact text', () => {
    let registry = emptyRegistry();
    registry = addApproval(registry, {
      text: BACKGROUND_2,
      owner: 'Desk',
      reason: 'background',
    }).registry;
    const matcher = new ApprovalMatcher(registry, DEFAULT_ENGINE_OPTIONS);
    expect(matcher.match(BACKGROUND_2_EDITED).map((e) => e.owner)).toEqual(['Desk']);
    expect(matcher.match(BACKGROUND_1)).toEqual([]);
    const strict = new ApprovalMatcher(registry, { ...DEFAULT_ENGINE_OPTIONS, threshold: 0.95 });
    expect(strict.match(BACKGROUND_2_EDITED)).toEqual([]);
  });

  test('re-approving the same text replaces the entry; expiry is inclusive of its day', () => {
    const first = addApproval(emptyRegistry(), { text: CLOSER, owner: 'A', reason: 'r' });
    const second = addApproval(first.registry, {
      text: ` ${CLOSER.toLowerCase()} `,
      owner: 'B',
      reason: 'r',
      expires: '2026-03-01',
    });
    expect(second.replaced).toBe(true);
    expect(second.registry.entries).toHaveLength(1);
    expect(isExpired(second.entry, '2026-03-01')).toBe(false);
    expect(isExpired(second.entry, '2026-03-02')).toBe(true);
    expect(JSON.parse(serializeRegistry(second.registry)).entries[0]).toEqual({
      id: first.entry.id,
      text: ` ${CLOSER.toLowerCase()} `,
      owner: 'B',
      reason: 'r',
      expires: '2026-03-01',
    });
  });
});

describe('--format values', () => {
  test('NAME and NAME:FILE; one to stdout at most; unknown names rejected', () => {
    expect(parseFormats(['text', 'sarif:out/a.sarif', 'junit:C:/x.xml'])).toEqual([
      { format: 'text', file: undefined },
      { format: 'sarif', file: 'out/a.sarif' },
      { format: 'junit', file: 'C:/x.xml' },
    ]);
    expect(() => parseFormats(['text', 'json'])).toThrow(/only one --format may write to stdout/);
    expect(() => parseFormats(['yaml'])).toThrow(/unknown format "yaml"/);
    expect(() => parseFormats(['sarif:'])).toThrow(/missing file name/);
  });
});

describe('runCheck over any ParagraphIndex', () => {
  test('queries the index once per story and measures the policy', async () => {
    const { runCheck } = await import('../../src/check/run-check.js');
    const { Corpus } = await import('../../src/engine/corpus.js');
    const corpus = new Corpus();
    const archive = {
      path: 'archive/a.md',
      text: [FRESH[0], BACKGROUND_1, BACKGROUND_2].join('\n\n'),
    };
    const mine = {
      path: 'news/b.md',
      text: [FRESH[1], BACKGROUND_1, BACKGROUND_2_EDITED].join('\n\n'),
    };
    corpus.add(archive);
    corpus.add(mine);
    const queried: string[] = [];
    const index = {
      query: (d: { path: string; text: string }) => {
        queried.push(d.path);
        return corpus.query(d);
      },
    };
    const texts = new Map([archive, mine].map((d) => [d.path, segment(d.text)]));
    const report = runCheck({
      stories: [{ document: mine, suppressedLines: new Set(), markers: 0 }],
      index,
      sourceText: (p, line) => texts.get(p)?.find((s) => s.line === line)?.text,
      policy: new Policy({ maxRecycledParagraphs: 1 }),
      engine: DEFAULT_ENGINE_OPTIONS,
      approvals: emptyRegistry(),
      approvalsPath: 'dupgraf.approved.json',
      baseline: null,
      today: '2026-11-28',
      tool: { name: 'dupgraf', version: '0' },
      warnings: [],
      archiveDocuments: 2,
    });
    expect(queried).toEqual(['news/b.md']);
    expect(report.failed).toBe(true);
    expect(report.stories[0].findings.map((f) => [f.line, f.sources[0].path, f.status])).toEqual([
      [3, 'archive/a.md', 'counted'],
      [5, 'archive/a.md', 'counted'],
    ]);
    expect(report.stories[0].findings[0].fingerprint).toBe(
      findingFingerprint('news/b.md', BACKGROUND_1, BACKGROUND_1),
    );
  });
});
