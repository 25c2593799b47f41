/** The compact per-document stage gives exactly what segment → tokenize → shingleSet give. */
import { describe, expect, test } from '@jest/globals';
import { fingerprint, segment, shingleSet, tokenize } from '../../src/engine-api.js';
import { prepareTexts } from '../../src/engine/prepare.js';
import {
  concatBatches,
  mixedScriptWords,
  TRAIT_COMPARED,
  TRAIT_FIGURES,
} from '../../src/engine/prepared-batch.js';
import { isFigureRow, paragraphKind } from '../../src/engine/paragraph-kind.js';
import { mulberry32 } from '../helpers/random.js';

const PIECES = [
  'alpha',
  'Beta',
  'GAMMA',
  '42',
  "Pyongyang's",
  'Pyongyang\u2019s',
  'caf\u00e9',
  'cafe\u0301',
  '\ufb01ne',
  'x\u00ady',
  'a\u200bb',
  '\u00a0',
  ' ',
  ' ',
  ' ',
  '\t',
  ',',
  '.',
  '--',
  '\u2014',
  "'",
  '`',
  'it`s',
  '\ud83d\ude00',
  '\u3000',
  '\n',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  '\n \n',
  '\ufeff',
  'o\u2019',
  '\u2028',
  // Numbers (one token each), scripts tokenized per character or by Intl.Segmenter, folding
  // and a look-alike letter.
  '3,029,930',
  '1.43',
  '12,',
  '.5',
  '\u0661\u0664\u0660\u0660',
  '\u6771\u4eac',
  '1400\u4eba',
  '\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22',
  '\uae30\uc0c1\uccad\uc5d0\ub530\ub974\uba74\uaddc\ubaa8',
  'M\u043escow',
  'wo\u034frd',
  '\u0130STANBUL',
  'STRA\u00dfE',
  '\u0645\u0640\u0642\u064e\u062a\u0644',
];

/** The pieces of plain ASCII (the tokenizer's fast path). */
// eslint-disable-next-line no-control-regex
const ASCII_PIECES = PIECES.filter((p) => /^[\x00-\x7f]*$/.test(p));

function randomText(rnd: () => number, pieces = PIECES): string {
  const n = Math.floor(rnd() * 120);
  let s = rnd() < 0.1 && pieces === PIECES ? '\ufeff' : '';
  for (let i = 0; i < n; i++) s += pieces[Math.floor(rnd() * pieces.length)];
  return s;
}

describe('prepareTexts', () => {
  test.each([
    ['random texts', PIECES],
    ['random ASCII texts (the fast path)', ASCII_PIECES],
  ])('matches segment, tokenize, shingleSet and fingerprint on %s', (_name, pieces) => {
    const rnd = mulberry32(11);
    const texts = Array.from({ length: 400 }, () => randomText(rnd, pieces));
    let compared = 0;
    let figures = 0;
    let mixed = 0;
    for (const [shingleSize, minWords, includeTables] of [
      [3, 8, false],
      [1, 1, false],
      [5, 2, true],
      [3, 3, false],
    ] as const) {
      const b = prepareTexts(texts, { shingleSize, minWords, includeTables });
      expect(b.docs).toBe(texts.length);
      texts.forEach((text, d) => {
        const spans = segment(text);
        const from = b.paragraphOffsets[d];
        expect(b.paragraphOffsets[d + 1] - from).toBe(spans.length);
        spans.forEach((span, k) => {
          const p = from + k;
          expect([b.line[p], b.endLine[p], b.start[p], b.end[p]]).toEqual([
            span.line,
            span.endLine,
            span.start,
            span.end,
          ]);
          const t = tokenize(span.text);
          expect(b.words[p]).toBe(t.words);
          const kind = paragraphKind(t, { minWords, includeTables });
          const traits = b.traits[p];
          expect([
            (traits & TRAIT_COMPARED) !== 0,
            (traits & TRAIT_FIGURES) !== 0,
            mixedScriptWords(traits),
          ]).toEqual([kind === 'compared', isFigureRow(t.count, t.letterless), t.mixedScript]);
          compared += kind === 'compared' ? 1 : 0;
          figures += kind === 'figures' ? 1 : 0;
          mixed += t.mixedScript;
          const got = b.shingles.slice(b.shingleOffsets[p], b.shingleOffsets[p + 1]);
          if (kind === 'compared') {
            // Each shingle once, in order of first occurrence: as a set, shingleSet's.
            expect(new Set(got).size).toBe(got.length);
            expect(Array.from(got.slice().sort())).toEqual(
              Array.from(shingleSet(t.hashes, shingleSize)),
            );
            expect(b.fpHigh[p] * 2 ** 32 + b.fpLow[p]).toBe(fingerprint(t.hashes));
          } else expect(got.length).toBe(0);
        });
      });
    }
    // The texts reach every case.
    expect(compared).toBeGreaterThan(100);
    expect(figures).toBeGreaterThan(pieces === PIECES ? 10 : 0);
    expect(mixed).toBeGreaterThan(pieces === PIECES ? 10 : -1);
  });
});

describe('concatBatches', () => {
  test('documents taken from several batches, in runs and alone, equal one batch of them', () => {
    const rnd = mulberry32(5);
    const text = () =>
      Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
        Array.from({ length: 3 + Math.floor(rnd() * 20) }, () => `w${Math.floor(rnd() * 30)}`).join(
          ' ',
        ),
      ).join('\n\n');
    const options = { shingleSize: 3, minWords: 4 };
    const textsA = Array.from({ length: 6 }, text);
    const textsB = Array.from({ length: 5 }, text);
    const a = prepareTexts(textsA, options);
    const b = prepareTexts(textsB, options);
    // Runs of consecutive documents (a0-a2, b1-b3), and neighbours that are not consecutive
    // (a3 then a5, a5 then a4, b0 then b4).
    const order: [0 | 1, number][] = [
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 1],
      [1, 2],
      [1, 3],
      [0, 3],
      [0, 5],
      [0, 4],
      [1, 0],
      [1, 4],
    ];
    const joined = concatBatches(order.map(([x, d]) => [x === 0 ? a : b, d] as const));
    const expected = prepareTexts(
      order.map(([x, d]) => (x === 0 ? textsA : textsB)[d]),
      options,
    );
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
      const got = joined[key];
      const want = expected[key];
      expect(typeof got === 'number' ? got : Array.from(got)).toEqual(
        typeof want === 'number' ? want : Array.from(want),
      );
    }
  });
});
