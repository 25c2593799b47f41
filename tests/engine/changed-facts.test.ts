/**
 * Changed facts: examples of each kind of fact, and properties checking the hand-written
 * tokenizer (and the whole comparison) against the regular-expression implementation it replaced,
 * kept below as the oracle.
 */
import { describe, expect, test } from '@jest/globals';
import { diffArrays } from 'diff';
import fc from 'fast-check';
import {
  changedFacts,
  changedFactsOfTokens,
  factTokenList,
  factTokens,
  NOT_NAMES,
  type ChangedFact,
  type FactKind,
} from '../../src/engine/changed-facts.js';

// ---- Oracle: the regular-expression implementation the scanner replaced (with the module's own
// NOT_NAMES list), extended as the scanner was: numbers in digits of any script, a Han/kana letter
// a token of its own, and a word starting with a letter without case ending before a digit. ----

const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December|' +
  'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const WEEKDAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';

/** Han, Hiragana, Katakana and Bopomofo letters: one token each. */
const PER_CHAR = String.raw`[\p{L}&&[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Bopomofo}]]`;
/** Word characters without digits, and with (for a word starting with a cased letter or a mark). */
const W = String.raw`[[\p{L}\p{M}]--${PER_CHAR}]`;
const WP = String.raw`[[\p{L}\p{M}\p{N}]--${PER_CHAR}]`;
const CASED_START = String.raw`[${W}&&[\p{Cased}\p{M}]]`;
const UNCASED_START = String.raw`[${W}--[\p{Cased}\p{M}]]`;

const TOKEN = new RegExp(
  [
    String.raw`(?<iso>\b\d{4}-\d{2}-\d{2}\b)`,
    String.raw`(?<md>\b(?:${MONTHS})\.? \d{1,2}(?:st|nd|rd|th)?\b(?:,? \d{4}\b)?)`,
    String.raw`(?<dm>\b\d{1,2}(?:st|nd|rd|th)? (?:${MONTHS})\b(?:,? \d{4}\b)?)`,
    String.raw`(?<day>\b(?:${WEEKDAYS}|${MONTHS.replace('|May', '')})\b(?: \d{4}\b)?)`,
    String.raw`(?<num>\p{Nd}+(?:[.,\u066b\u066c]\p{Nd}+)*(?:\s?%)?)`,
    String.raw`(?<char>${PER_CHAR}\p{M}*)`,
    String.raw`(?<word>${CASED_START}${WP}*(?:['\-]${WP}+)*|${UNCASED_START}${W}*(?:['\-]${W}+)*)`,
  ].join('|'),
  'gv',
);

/** A fact with digits of any script folded to ASCII (the same number). */
const digitsFolded = (s: string) =>
  s.replace(/\p{Nd}/gu, (d) => String((d.codePointAt(0)! - zeroOf(d.codePointAt(0)!)) % 10));
function zeroOf(cp: number): number {
  let start = cp;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return start;
}

interface Token {
  text: string;
  kind: FactKind | 'word';
}

function isCapitalized(word: string): boolean {
  const first = word[0];
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

function oracleTokens(text: string): Token[] {
  const out: Token[] = [];
  const folded = text.replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
  for (const m of folded.matchAll(TOKEN)) {
    const g = m.groups!;
    if (g.iso || g.md || g.dm || g.day) out.push({ text: m[0], kind: 'date' });
    else if (g.num) out.push({ text: m[0], kind: 'number' });
    else out.push({ text: m[0], kind: isCapitalized(m[0]) ? 'name' : 'word' });
  }
  return out;
}

function oracleFactsOf(part: readonly Token[]): Record<FactKind, string[]> {
  const facts: Record<FactKind, string[]> = { number: [], date: [], name: [] };
  let run: string[] = [];
  const flush = () => {
    while (run.length > 0 && NOT_NAMES.has(run[0])) run.shift();
    if (run.length > 0) facts.name.push(run.join(' '));
    run = [];
  };
  for (const t of part) {
    if (t.kind === 'name') {
      run.push(t.text);
      continue;
    }
    flush();
    if (t.kind === 'number' || t.kind === 'date') facts[t.kind].push(t.text);
  }
  flush();
  return facts;
}

function oracleChangedFacts(representative: string, copy: string): ChangedFact[] {
  const a = oracleTokens(representative);
  const b = oracleTokens(copy);
  const changes: ChangedFact[] = [];
  const parts = diffArrays(
    a.map((t) => t.text),
    b.map((t) => t.text),
  );
  let ia = 0;
  let ib = 0;
  let removed: Token[] = [];
  let added: Token[] = [];
  const settle = () => {
    if (removed.length > 0 && added.length > 0) {
      const from = oracleFactsOf(removed);
      const to = oracleFactsOf(added);
      for (const kind of ['number', 'date', 'name'] as const) {
        const n = Math.min(from[kind].length, to[kind].length);
        for (let i = 0; i < n; i++) {
          if (digitsFolded(from[kind][i]) !== digitsFolded(to[kind][i]))
            changes.push({ from: from[kind][i], to: to[kind][i], kind });
        }
      }
    }
    removed = [];
    added = [];
  };
  for (const part of parts) {
    const count = part.value.length;
    if (part.removed) {
      removed.push(...a.slice(ia, ia + count));
      ia += count;
    } else if (part.added) {
      added.push(...b.slice(ib, ib + count));
      ib += count;
    } else {
      settle();
      ia += count;
      ib += count;
    }
  }
  settle();
  return changes;
}

// ---- Generators ----

const MONTH_LIST = MONTHS.split('|');
const WEEKDAY_LIST = WEEKDAYS.split('|');
const month = fc.constantFrom(...MONTH_LIST, 'Ma', 'Sept', 'Septe', 'march', 'MARCH', 'Mayday');
const weekday = fc.constantFrom(...WEEKDAY_LIST, 'monday', 'Mon', 'Sundays');
const space = fc.constantFrom(
  ' ',
  ' ',
  ' ',
  '  ',
  '\t',
  '\n',
  '\u00a0',
  ' \n ',
  '\u2009',
  '\u3000',
);
const digits = (min: number, max: number) =>
  fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
/** Mostly four digits, sometimes three or five. */
const year = fc.oneof({ arbitrary: digits(4, 4), weight: 3 }, digits(3, 5));
/** Mostly two digits, sometimes one or three. */
const twoDigits = fc.oneof({ arbitrary: digits(2, 2), weight: 3 }, digits(1, 3));
const ordinal = fc.constantFrom('', '', 'st', 'nd', 'rd', 'th', 's', 'rdx', 'th_');
/** What may follow a date: nothing, punctuation, or something that breaks `\b` (or does not). */
const after = fc.constantFrom('', '', '.', ',', ' ', 'x', '_', '1', 'é', '\u0301', '’s', "'", '-');
const before = fc.constantFrom('', '', ' ', '(', 'x', '_', '1', 'é', '-', '’');

const monthDay = fc
  .tuple(
    fc.tuple(before, month, fc.constantFrom('', '.'), space, digits(1, 3), ordinal),
    fc.tuple(fc.constantFrom('', ',', ' ,'), space, year, after),
  )
  .map(([t, y]) => [...t, ...y].join(''));
const dayMonth = fc
  .tuple(
    fc.tuple(before, digits(1, 3), ordinal, space, month, after),
    fc.tuple(fc.constantFrom('', '', ',', ',,'), space, year, after),
  )
  .map(([t, y]) => [...t, ...y].join(''));
const alone = fc
  .tuple(before, fc.oneof(weekday, month), fc.constantFrom('', ' ', '\n'), digits(0, 5), after)
  .map((t) => t.join(''));
const iso = fc
  .tuple(
    before,
    year,
    fc.constantFrom('-', '-', '-', '–'),
    twoDigits,
    fc.constantFrom('-', '-', '-', '/'),
    twoDigits,
    after,
  )
  .map((t) => t.join(''));
const numberish = fc
  .array(
    fc.oneof(
      digits(1, 4),
      fc.constantFrom('.', ',', '%', ' %', '\u00a0%', '-', '$', '\u066b', '\u0661\u0664', '\u0968'),
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((t) => t.join(''));
const LETTERS = [
  'a',
  'Z',
  'x',
  'Q',
  'é',
  'É',
  'ß',
  'Ж',
  'ж',
  'Σ',
  'İ',
  '中',
  '文',
  'ﬁ',
  'Ａ',
  'e\u0301',
  '\u0301',
  '\u0903',
  '𝐀',
  '𐐀',
  '𐐨',
  'ǅ',
  'ʼ',
  '²',
  '٣',
  '①',
  'Ⅻ',
  // Scripts without case, Han/kana letters, digits of other scripts.
  '人',
  'ー',
  'カ',
  'が',
  'か\u3099',
  '명이',
  'مقتل',
  'ใหม่',
  '\u0966',
  '\u06f1\u06f4',
  '\u0e51',
];
const word = fc
  .array(fc.oneof(fc.constantFrom(...LETTERS), fc.constantFrom('ab', 'Port', 'the', 'can', 'O')), {
    minLength: 1,
    maxLength: 4,
  })
  .map((t) => t.join(''));
const piece = fc.oneof(
  { arbitrary: monthDay, weight: 2 },
  { arbitrary: dayMonth, weight: 2 },
  { arbitrary: alone, weight: 2 },
  { arbitrary: iso, weight: 1 },
  { arbitrary: numberish, weight: 2 },
  { arbitrary: word, weight: 3 },
  { arbitrary: space, weight: 3 },
  {
    arbitrary: fc.constantFrom(
      "'",
      '’',
      '‘',
      '-',
      '.',
      ',',
      '%',
      '_',
      '"',
      '“',
      '😀',
      '\ud800',
      '\udc00',
      '\u200b',
      '\ufeff',
      '\r\n',
    ),
    weight: 2,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 3 }), weight: 1 },
);
/** A text made of date-, number- and word-like pieces glued together. */
const factText = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));

/** Edits to a text made of pieces: each replaces, drops or inserts a piece. */
const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'drop', 'insert'), piece), {
  maxLength: 3,
});

function applyEdits(pieces: readonly string[], list: [number, string, string][]): string {
  const out = [...pieces];
  for (const [at, op, with_] of list) {
    const i = out.length === 0 ? 0 : at % out.length;
    if (op === 'replace') out[i] = with_;
    else if (op === 'drop') out.splice(i, 1);
    else out.splice(i, 0, with_, ' ');
  }
  return out.join('');
}

const NEWS =
  'The union represents about 12,000 workers at Port Alder, and inflation ran at 12.5% ' +
  'in the year to March 3rd, 2026, the Reserve Bank said on 2026-11-28. ' +
  'Talks resume on Monday, 3 March 2026, said Mayor Ilse Varga. ';

const BASE =
  'The union represents about 12,000 workers at Port Alder, and inflation ran at 12.5% ' +
  'in the year to March 3, the Reserve Bank said on 2026-11-28.';

describe('changedFacts', () => {
  test('a changed figure with thousands separators', () => {
    expect(changedFacts(BASE, BASE.replace('12,000', '12,500'))).toEqual([
      { from: '12,000', to: '12,500', kind: 'number' },
    ]);
    expect(
      changedFacts('about 1,200 homes were flooded', 'about 1,500 homes were flooded'),
    ).toEqual([{ from: '1,200', to: '1,500', kind: 'number' }]);
  });

  test('a changed percentage and decimal', () => {
    expect(changedFacts(BASE, BASE.replace('12.5%', '13.1%'))).toEqual([
      { from: '12.5%', to: '13.1%', kind: 'number' },
    ]);
    expect(changedFacts('rose to 4.50 percent', 'rose to 4.75 percent')).toEqual([
      { from: '4.50', to: '4.75', kind: 'number' },
    ]);
  });

  test('dates: month and day, day and month, ISO, weekday', () => {
    expect(changedFacts(BASE, BASE.replace('March 3', 'March 4'))).toEqual([
      { from: 'March 3', to: 'March 4', kind: 'date' },
    ]);
    expect(changedFacts(BASE, BASE.replace('2026-11-28', '2026-11-29'))).toEqual([
      { from: '2026-11-28', to: '2026-11-29', kind: 'date' },
    ]);
    expect(changedFacts('talks ended on 3 March 2026.', 'talks ended on 5 March 2026.')).toEqual([
      { from: '3 March 2026', to: '5 March 2026', kind: 'date' },
    ]);
    expect(changedFacts('the bank met on Tuesday', 'the bank met on Wednesday')).toEqual([
      { from: 'Tuesday', to: 'Wednesday', kind: 'date' },
    ]);
  });

  test('capitalized names, not sentence openers', () => {
    expect(changedFacts(BASE, BASE.replace('Port Alder', 'Port Brannock'))).toEqual([
      { from: 'Alder', to: 'Brannock', kind: 'name' },
    ]);
    expect(
      changedFacts(
        'Mayor Ilse Varga said the wall was safe.',
        'Mayor Tomas Reyes said the wall was safe.',
      ),
    ).toEqual([{ from: 'Ilse Varga', to: 'Tomas Reyes', kind: 'name' }]);
    // "The" → "A" at the start of a sentence is no name.
    expect(changedFacts('The wall was built in 2010.', 'A wall was built in 2010.')).toEqual([]);
  });

  test('several changes of different kinds, in order', () => {
    const copy = BASE.replace('12,000', '11,000')
      .replace('March 3', 'April 30')
      .replace('Reserve Bank', 'Treasury');
    expect(changedFacts(BASE, copy)).toEqual([
      { from: '12,000', to: '11,000', kind: 'number' },
      { from: 'March 3', to: 'April 30', kind: 'date' },
      { from: 'Reserve Bank', to: 'Treasury', kind: 'name' },
    ]);
  });

  test('no false flags: identical copies, spacing, curly quotes, case of plain words', () => {
    expect(changedFacts(BASE, BASE)).toEqual([]);
    expect(changedFacts(BASE, BASE.replace(', and', ' , and').replace(/ /g, '  '))).toEqual([]);
    expect(changedFacts("the union's members", 'the union’s members')).toEqual([]);
  });

  test('a dropped or added clause is not a changed fact', () => {
    expect(
      changedFacts(
        'Port Alder handled 2.4 million containers last year, according to the port authority.',
        'Port Alder handled 2.4 million containers last year.',
      ),
    ).toEqual([]);
    expect(
      changedFacts(
        'The river rose quickly.',
        'The river rose quickly after 40 mm of rain on Monday.',
      ),
    ).toEqual([]);
  });

  test('a reworded plain phrase is not a fact', () => {
    expect(changedFacts('the wall was left unfinished', 'the wall was never completed')).toEqual(
      [],
    );
  });
});

describe('fact tokenizer', () => {
  const list = (text: string) => factTokenList(factTokens(text));

  test('dates, numbers, words and names, as the regular expression cut them', () => {
    const text =
      'On Jan. 5th, 2026 and 3rd March 2026, 2026-11-28, Sept 30 and Sept, ' +
      'Tuesday 2026, the union’s 12.5 % and 1,200.50; well-known O’Brien, É Ж é.';
    expect(list(text)).toEqual(oracleTokens(text));
    expect(
      list(text)
        .filter((t) => t.kind === 'date')
        .map((t) => t.text),
    ).toEqual([
      'Jan. 5th, 2026',
      '3rd March 2026',
      '2026-11-28',
      'Sept 30',
      'Sept',
      'Tuesday 2026',
    ]);
    expect(
      list(text)
        .filter((t) => t.kind === 'number')
        .map((t) => t.text),
    ).toEqual(['12.5 %', '1,200.50']);
    expect(
      list(text)
        .filter((t) => t.kind === 'name')
        .map((t) => t.text),
    ).toEqual(['On', "O'Brien", 'É', 'Ж']);
  });

  test('`\\b` is an ASCII word boundary: a date may end before é but not before x, 1 or _', () => {
    for (const text of ['March 3é', 'March 3x', 'March 31', 'March 3_', 'éMarch 3', '_March 3']) {
      expect(list(text)).toEqual(oracleTokens(text));
    }
    expect(list('March 3é')[0]).toEqual({ text: 'March 3', kind: 'date' });
    expect(list('_March 3')[0]).toEqual({ text: 'March', kind: 'name' });
    expect(list('May')).toEqual([{ text: 'May', kind: 'name' }]);
  });

  test('every UTF-16 code unit is classified as the regular expression classifies it', () => {
    // Each code unit as a word part, word start, boundary, space and number neighbour.
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const text = `x${ch}y ${ch}March${ch}3rd${ch}2026${ch}é${ch}12${ch}%${ch}a'${ch}`;
      const got = list(text);
      const want = oracleTokens(text);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        expect({ code: c.toString(16), got }).toEqual({ code: c.toString(16), got: want });
      }
    }
  });

  test('property: the same tokens and kinds as the regular expression', () => {
    fc.assert(
      fc.property(factText, (text) => {
        expect(list(text)).toEqual(oracleTokens(text));
      }),
      { numRuns: 6000 },
    );
  });

  test('property: the same tokens on arbitrary Unicode text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'Mar 3,2016-%\u2019\u00e9\u0301'), maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (a, b) => {
          expect(list(a + b)).toEqual(oracleTokens(a + b));
          expect(list(b + a)).toEqual(oracleTokens(b + a));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('changedFactsOfTokens', () => {
  test('one tokenized representative, many copies', () => {
    const rep = factTokens(NEWS);
    expect(changedFactsOfTokens(rep, factTokens(NEWS.replace('12,000', '11,000')))).toEqual([
      { from: '12,000', to: '11,000', kind: 'number' },
    ]);
    expect(
      changedFactsOfTokens(rep, factTokens(NEWS.replace('March 3rd, 2026', 'March 4th, 2026'))),
    ).toEqual([{ from: 'March 3rd, 2026', to: 'March 4th, 2026', kind: 'date' }]);
    expect(changedFactsOfTokens(rep, factTokens(NEWS))).toEqual([]);
    expect(changedFactsOfTokens(rep, factTokens('no facts here at all'))).toEqual([]);
  });

  test('property: the cached-representative path, the plain path and the oracle agree', () => {
    const repPieces = fc.oneof(
      fc.constant(NEWS.split(/(?<= )/)),
      fc.array(piece, { minLength: 1, maxLength: 14 }),
    );
    fc.assert(
      fc.property(repPieces, fc.array(edits, { minLength: 1, maxLength: 4 }), (pieces, copies) => {
        const rep = pieces.join('');
        const tokens = factTokens(rep);
        for (const copy of copies.map((list) => applyEdits(pieces, list))) {
          const want = oracleChangedFacts(rep, copy);
          expect(changedFactsOfTokens(tokens, factTokens(copy))).toEqual(want);
          expect(changedFacts(rep, copy)).toEqual(want);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('changed facts in every script', () => {
  test('numbers inside Chinese and Japanese text are cut off the characters around them', () => {
    const zh = '据地震台网测定，7.1级地震凌晨发生在该市以南30公里，造成至少1400人死亡。';
    expect(changedFacts(zh, zh.replace('1400', '1600'))).toEqual([
      { from: '1400', to: '1600', kind: 'number' },
    ]);
    expect(
      factTokenList(factTokens('至少1400人'))
        .map((t) => `${t.text}:${t.kind}`)
        .join(' '),
    ).toBe('至:word 少:word 1400:number 人:word');
    const ja = 'これまでに少なくとも1400人の死亡が確認された。';
    expect(changedFacts(ja, ja.replace('1400', '1600'))).toEqual([
      { from: '1400', to: '1600', kind: 'number' },
    ]);
  });

  test('Korean counters and particles written onto a number', () => {
    const ko = '지금까지 최소 1400명이 숨진 것으로 확인됐다.';
    expect(changedFacts(ko, ko.replace('1400', '1600'))).toEqual([
      { from: '1400', to: '1600', kind: 'number' },
    ]);
    expect(factTokenList(factTokens('규모7.1의')).map((t) => t.text)).toEqual([
      '규모',
      '7.1',
      '의',
    ]);
  });

  test('digits of other scripts are numbers; the same number in other digits is no change', () => {
    const fa = 'تاکنون دست‌کم ۱۴۰۰ نفر جان خود را از دست داده‌اند';
    expect(changedFacts(fa, fa.replace('۱۴۰۰', '۱۶۰۰'))).toEqual([
      { from: '۱۴۰۰', to: '۱۶۰۰', kind: 'number' },
    ]);
    const ar = 'مقتل ١٤٠٠ شخص على الأقل';
    expect(changedFacts(ar, ar.replace('١٤٠٠', '١٬٦٠٠'))).toEqual([
      { from: '١٤٠٠', to: '١٬٦٠٠', kind: 'number' },
    ]);
    expect(changedFacts(ar, ar.replace('١٤٠٠', '1400'))).toEqual([]);
    const th = 'มีผู้เสียชีวิตอย่างน้อย ๑,๔๐๐ คน';
    expect(changedFacts(th, th.replace('๑,๔๐๐', '๑,๖๐๐'))).toEqual([
      { from: '๑,๔๐๐', to: '๑,๖๐๐', kind: 'number' },
    ]);
  });

  test('names are not guessed in scripts without case', () => {
    expect(changedFacts('市长王明表示道路将继续封闭', '市长李华表示道路将继续封闭')).toEqual([]);
    expect(changedFacts('وقال الوزير أحمد إن الطريق', 'وقال الوزير محمود إن الطريق')).toEqual([]);
    expect(
      changedFacts('Мэр Иван Петров заявил, что дорога', 'Мэр Олег Сидоров заявил, что дорога'),
    ).toEqual([{ from: 'Иван Петров', to: 'Олег Сидоров', kind: 'name' }]);
  });
});
