import { describe, expect, test } from '@jest/globals';
import { normalize, tokenize, words } from '../../src/index.js';

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
    expect(words('Café Zürich Ελλάδα 東京')).toEqual(['café', 'zürich', 'ελλάδα', '東京']);
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
