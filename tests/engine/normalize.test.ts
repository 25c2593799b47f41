import { describe, expect, test } from '@jest/globals';
import { normalize, tokenize, words } from '../../src/engine-api.js';

describe('normalize', () => {
  test('NFKC, lower case, quotes and dashes folded, soft hyphen and zero-width dropped, NBSP to space', () => {
    expect(normalize('“Quoted” ‘single’ — en–dash ﬁne\u00a0x co\u00adop\u200bera')).toBe(
      '"quoted" \'single\' - en-dash fine x coopera',
    );
  });
});

describe('tokenize', () => {
  test('an apostrophe inside a word joins it; curly or straight alike', () => {
    expect(words("Pyongyang's program")).toEqual(['pyongyangs', 'program']);
    expect(words('Pyongyang’s program')).toEqual(['pyongyangs', 'program']);
  });

  test('quotes at word edges, hyphens and punctuation separate tokens; digits are kept', () => {
    expect(words("'Six-party' talks, 2003 (NPT).")).toEqual([
      'six',
      'party',
      'talks',
      '2003',
      'npt',
    ]);
  });

  test('letters of other scripts and combining marks are word characters', () => {
    expect(words('Café Zürich Ελλάδα 東京')).toEqual(['café', 'zürich', 'ελλάδα', '東', '京']);
    expect(words('Cafe\u0301')).toEqual(['café']);
  });

  test('soft hyphens and zero-width characters do not split words', () => {
    expect(words('co\u00adoperation zero\u200bwidth')).toEqual(['cooperation', 'zerowidth']);
  });

  test('the same word gets the same hash whatever its case or quote style', () => {
    const a = tokenize('Moscow’s Talks');
    const b = tokenize("MOSCOW'S talks");
    expect([...a.hashes]).toEqual([...b.hashes]);
    expect(a.count).toBe(2);
  });

  test('offsets point into the (NFKC) source text', () => {
    const t = tokenize('  Hello, world');
    expect(t.source.slice(t.starts[1], t.ends[1])).toBe('world');
  });
});

describe('tokenize on ASCII text (its fast path)', () => {
  test('gives the tokens of the general path', () => {
    // A trailing no-break space sends a text down the general path (NFKC makes it a space, so
    // the tokens and their offsets are the same).
    const pieces = [
      'Alpha',
      'beta',
      'GAMMA',
      '42',
      "it's",
      'it`s',
      "'",
      '`',
      "x'",
      ' ',
      '  ',
      '\t',
    ];
    pieces.push(',', '.', '-', '\n', "'a", 'a1b2', '"q"', '(', ')');
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let tokens = 0;
    for (let k = 0; k < 500; k++) {
      let text = '';
      for (let i = Math.floor(rnd() * 40); i > 0; i--)
        text += pieces[Math.floor(rnd() * pieces.length)];
      const fast = tokenize(text);
      const general = tokenize(text + '\u00a0');
      expect(fast.source).toBe(text);
      expect([fast.count, [...fast.hashes], [...fast.starts], [...fast.ends]]).toEqual([
        general.count,
        [...general.hashes],
        [...general.starts],
        [...general.ends],
      ]);
      tokens += fast.count;
    }
    expect(tokens).toBeGreaterThan(2000);
  });
});
