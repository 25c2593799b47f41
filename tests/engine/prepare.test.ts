/** The compact per-document stage gives exactly what segment → tokenize → shingleSet give. */
import { describe, expect, test } from '@jest/globals';
import { fingerprint, segment, shingleSet, tokenize } from '../../src/index.js';
import { prepareTexts } from '../../src/engine/prepare.js';
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
];

function randomText(rnd: () => number): string {
  const n = Math.floor(rnd() * 120);
  let s = rnd() < 0.1 ? '\ufeff' : '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rnd() * PIECES.length)];
  return s;
}

describe('prepareTexts', () => {
  test('matches segment, tokenize, shingleSet and fingerprint on random texts', () => {
    const rnd = mulberry32(11);
    const texts = Array.from({ length: 400 }, () => randomText(rnd));
    for (const [shingleSize, minWords] of [
      [3, 8],
      [1, 1],
      [5, 2],
    ]) {
      const b = prepareTexts(texts, { shingleSize, minWords });
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
          expect(b.words[p]).toBe(t.count);
          const got = b.shingles.slice(b.shingleOffsets[p], b.shingleOffsets[p + 1]);
          if (t.count >= minWords) {
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
  });
});
