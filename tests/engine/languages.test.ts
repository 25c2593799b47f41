/**
 * Every language a wire agency publishes in: the fixture corpus (tests/fixtures/languages, 17
 * languages of own-written earthquake copy) scanned per language and all together; the ways of
 * writing a copy differently that dupgraf folds; scripts without spaces; the skips made visible.
 */
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { scan, type Report } from '../../src/index.js';
import { detect, intersectionSize, shingleSet, tokenize } from '../../src/engine-api.js';
import {
  backgroundParagraph,
  fixtureLanguages,
  FOLDING_VARIANTS,
  LANGUAGES_DIR,
  otherTonePlacement,
  VIETNAMESE_TONES,
} from '../helpers/variants.js';

const LANGUAGES = fixtureLanguages();

function jaccard(a: string, b: string, foldAccents = false): number {
  const x = shingleSet(tokenize(a, { foldAccents }).hashes, 3);
  const y = shingleSet(tokenize(b, { foldAccents }).hashes, 3);
  const i = intersectionSize(x, y);
  return i / (x.length + y.length - i);
}

describe('the multilingual fixture corpus', () => {
  test('has the languages the issue names, and more', () => {
    const codes = LANGUAGES.map((l) => l.code);
    for (const code of ['zh', 'ja', 'ko', 'th', 'ar', 'fa', 'hi', 'ru', 'tr', 'de', 'es', 'vi'])
      expect(codes).toContain(code);
    expect(codes.length).toBeGreaterThanOrEqual(12);
  });

  // Each language alone: story b copies a's background paragraph, story c changes one figure of
  // it; the other paragraphs are on the same topic and pair with nothing.
  test.each(LANGUAGES.map((l) => [l.code, l] as const))('%s', async (_code, language) => {
    const report = await scan([path.join(LANGUAGES_DIR, language.code)], { jobs: 1, pairs: true });
    expect(report.warnings).toEqual([]);
    expect(report.summary.shortParagraphs).toBe(0);
    expect(report.clusters).toHaveLength(1);
    const [group] = report.clusters;
    const byStory = Object.fromEntries(
      group.occurrences.map((o) => [path.basename(o.path), o] as const),
    );
    expect(Object.keys(byStory).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(byStory['a.txt'].similarity).toBe(1);
    expect(byStory['b.txt'].similarity).toBe(1);
    expect(byStory['c.txt'].similarity).toBeGreaterThanOrEqual(0.7);
    expect(byStory['c.txt'].changedFacts).toEqual([
      { from: language.from, to: language.to, kind: 'number' },
    ]);
    // Zero false pairs: the three pairs of the group and nothing else.
    expect(report.pairs).toHaveLength(3);
    expect(report.partials).toEqual([]);
  });

  test('all languages together: one group each, no pair across languages', async () => {
    const report = await scan([LANGUAGES_DIR], { jobs: 1, pairs: true });
    expect(report.clusters).toHaveLength(LANGUAGES.length);
    for (const c of report.clusters)
      expect(new Set(c.occurrences.map((o) => path.dirname(o.path))).size).toBe(1);
    expect(report.pairs).toHaveLength(3 * LANGUAGES.length);
    expect(report.partials).toEqual([]);
  });

  test('the Chinese background paragraph is 40 characters; one changed figure scores ≥ 0.7', () => {
    const zh = backgroundParagraph('zh');
    expect([...zh]).toHaveLength(40);
    expect(jaccard(zh, zh.replace('1400', '1600'))).toBeGreaterThanOrEqual(0.7);
  });
});

describe('copies written differently read the same (the issue’s folding gaps)', () => {
  test.each(FOLDING_VARIANTS.map((v) => [v.name, v] as const))('%s: J = 1', (_name, variant) => {
    const original = backgroundParagraph(variant.code);
    const copy = variant.make(original);
    expect(copy).not.toBe(original);
    expect(jaccard(original, copy, variant.foldAccents)).toBe(1);
  });

  test('Vietnamese with the other tone placement (hòa/hoà, thủy/thuỷ), both ways: J = 1', async () => {
    const newStyle = otherTonePlacement(VIETNAMESE_TONES);
    expect(newStyle).toMatch(/Uỷ .* Hoà .* thuỷ .* khoẻ .* hoá /);
    expect(otherTonePlacement(newStyle)).toBe(VIETNAMESE_TONES);
    expect(jaccard(VIETNAMESE_TONES, newStyle)).toBe(1);
    expect(jaccard(newStyle, VIETNAMESE_TONES)).toBe(1);
    const report = await scan(
      [
        { path: 'a.txt', text: VIETNAMESE_TONES },
        { path: 'b.txt', text: newStyle },
      ],
      { jobs: 1 },
    );
    expect(report.clusters).toHaveLength(1);
    expect(report.clusters[0].occurrences.map((o) => o.similarity)).toEqual([1, 1]);
  });

  test('look-alike letters are found, reported as mixed-script words, and still grouped', async () => {
    const en = backgroundParagraph('en');
    const disguised = en.replace('national', 'nаtional').replace('killed', 'kіlled');
    const report = await scan(
      [
        { path: 'a.txt', text: en },
        { path: 'b.txt', text: disguised },
      ],
      { jobs: 1 },
    );
    expect(report.clusters).toHaveLength(1);
    expect(report.clusters[0].occurrences.map((o) => o.similarity)).toEqual([1, 1]);
    expect(report.summary.mixedScriptWords).toBe(2);
    expect(report.warnings).toEqual([
      {
        path: 'b.txt',
        message:
          'mixed-script words: 2 (letters of two scripts in one word, as look-alikes disguise copy; first at line 1)',
      },
    ]);
  });
});

describe('scripts written without spaces', () => {
  test('Han and kana are one token per character; numbers stay whole', () => {
    const t = tokenize('至少1400人死亡');
    expect(t.count).toBe(6);
    expect(t.words).toBe(3); // five characters count as 2.5 words, rounded up
    expect(t.letterless).toBe(1);
  });

  test('Hangul without spaces is read per syllable, with spaces per word', () => {
    const spaced = '지금까지 최소 1400명이 숨진 것으로 확인됐다';
    // 1400 and 명이 apart: Korean writes counters and particles onto numbers.
    expect(tokenize(spaced).count).toBe(7);
    const unspaced = spaced.replace(/ /g, '');
    const syllables = [...unspaced].filter((c) => /\p{Script=Hangul}/u.test(c)).length;
    expect(tokenize(unspaced).count).toBe(syllables + 1);
    const long =
      '기상청은규모7.1의지진이오전4시17분쯤도시남쪽약30킬로미터지점에서발생했으며지금까지최소1400명이숨진것으로확인됐다고밝혔다';
    expect(jaccard(long, long.replace('1400', '1600'))).toBeGreaterThanOrEqual(0.7);
    const report = detect([
      { path: 'a.txt', text: long },
      { path: 'b.txt', text: long.replace('1400', '1600') },
    ]);
    expect(report.clusters).toHaveLength(1);
  });

  test('Thai, Lao, Khmer and Myanmar are cut into words by the segmenter', () => {
    expect(tokenize('แผ่นดินไหวขนาด').count).toBeGreaterThan(1);
    expect(tokenize('ກະຊວງສາທາລະນະສຸກລາວ').count).toBeGreaterThan(1);
    expect(tokenize('ក្រសួងសុខាភិបាលកម្ពុជា').count).toBeGreaterThan(1);
    expect(tokenize('မြန်မာနိုင်ငံအစိုးရ').count).toBeGreaterThan(1);
  });
});

describe('skips made visible', () => {
  const short = 'ROME (Wire) - Story filed.\n\nMore to come.\n\nEnd of story.\n';
  // A results-table row: 16 tokens, 7 of them figures (44%), 9 words.
  const table = 'Oper shr 1.43 dlrs vs 1.21 dlrs 12 mths 3.02 vs 2.81 net 4,500 vs 3,900';
  const prose = backgroundParagraph('en');

  test('a file with no paragraph long enough gets a warning; the summary counts the short ones', async () => {
    const report = await scan(
      [
        { path: 'short.txt', text: short },
        { path: 'prose.txt', text: prose },
      ],
      { jobs: 1 },
    );
    expect(report.warnings).toEqual([
      { path: 'short.txt', message: '0 of 3 paragraphs have 8 or more words; see --min-words' },
    ]);
    expect(report.summary.shortParagraphs).toBe(3);
    expect(report.summary.paragraphs).toBe(1);
  });

  test('figure rows are left out of groups unless includeTables, and counted apart', () => {
    const docs = [
      { path: 'a.txt', text: `${table}\n\n${prose}` },
      { path: 'b.txt', text: `${table}\n\n${prose}` },
    ];
    const plain: Report = detect(docs);
    expect(plain.clusters).toHaveLength(1);
    expect(plain.summary.figureRows).toBe(2);
    const tables = detect(docs, { includeTables: true });
    expect(tables.clusters).toHaveLength(2);
    expect(tables.summary.figureRows).toBe(0);
    expect(tables.settings.includeTables).toBe(true);
    // A story of figure rows only says so.
    const only = detect([{ path: 'results.txt', text: table }]);
    expect(only.warnings).toEqual([
      {
        path: 'results.txt',
        message: '0 of 1 paragraph compared: 1 figure row (see --include-tables)',
      },
    ]);
  });

  test('numbers are one token and count as no word', () => {
    const t = tokenize('Net 3,029,930 vs 1.43 dlrs, 4.50 and 12,000 or ١٤٠٠');
    expect(t.count).toBe(10);
    expect(t.letterless).toBe(5);
    expect(t.words).toBe(5);
  });
});
