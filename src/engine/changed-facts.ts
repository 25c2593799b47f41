/**
 * Changed facts: the numbers, dates and capitalized names in which a near-duplicate differs from
 * its group's representative ("about 12,000 workers" → "about 12,500 workers"). A recycled
 * background paragraph whose casualty count or date changed is what a standards editor must check.
 *
 * How: both texts are cut into tokens (a date such as `March 3`, `March 3rd, 2026`,
 * `3 March 2026`, `2026-11-28` or a weekday or month alone is one token, a number such as `1,200`,
 * `12.5%`, `12.5 %` or `١٤٠٠` (digits of any script) is one token, a Han, Hiragana or Katakana
 * letter is a token of its own (`至少1400人` is `至`, `少`, `1400`, `人`), other words are single
 * words, and a word that starts with a letter of a script without case (Korean, Arabic, Thai…)
 * ends before a digit (`1400명이` is `1400` and `명이`); punctuation is dropped, curly
 * single quotes are folded to `'` and runs of whitespace to one space), the token sequences are
 * aligned with a longest-common-subsequence diff (the `diff` package), and in each place where
 * the copy replaced words of the representative, the facts removed and the facts added are paired
 * by kind in order of appearance (a number written in other digits, `١٤٠٠` for `1400`, is the
 * same number). A fact only added or only removed (a dropped clause) is not a change. Identical token sequences, a copy that only inserts or only drops one run of tokens,
 * or a side without any fact give no changes (and skip the diff).
 *
 * The tokenizer is a hand-written scanner (one pass of `charCodeAt`, ASCII fast path; non-ASCII
 * characters are classified by `\p{L}`, `\p{M}`, `\p{N}` and `\s` tests, cached per BMP code unit).
 * It gives exactly the tokens of the regular expression it replaced, which the tests keep as an
 * oracle: ISO date | month day [year] | day month [year] | weekday or month (not `May`) alone
 * [year] | number | Han/kana letter | word, tried in that order at each position, with `\b`
 * meaning a boundary of ASCII word characters `[A-Za-z0-9_]` as in a `u`-flag regular expression.
 * Names are only guessed from capitals: scripts without case give none.
 *
 * To compare many copies with one representative, tokenize the representative once with
 * `factTokens` and call `changedFactsOfTokens`; `changedFacts` does both for one pair.
 * Pure; cost linear in the characters of the two texts plus the diff (linear-ish for near
 * duplicates).
 */

import { diffArrays } from 'diff';
import { foldChar } from './normalize.js';

/** Kind of a changed fact. */
export type FactKind = 'number' | 'date' | 'name';

/** One fact of the representative changed in a copy: `from` (representative) → `to` (copy). */
export interface ChangedFact {
  /** As written in the representative, e.g. `12,000`, `March 3`, `Varga`. */
  from: string;
  /** As written in the copy. */
  to: string;
  kind: FactKind;
}

declare const factTokensBrand: unique symbol;

/**
 * A text cut into fact tokens by `factTokens`: opaque, immutable, reusable for any number of
 * `changedFactsOfTokens` calls. Inspect it with `factTokenList`.
 */
export interface FactTokens {
  readonly [factTokensBrand]: true;
}

/** What a `FactTokens` holds: parallel arrays, one entry per token in text order. */
interface TokenArrays {
  /** Tokens as written, curly quotes and whitespace runs folded. */
  texts: string[];
  /** Kind per token: `WORD`, `NAME`, `NUMBER` or `DATE`. */
  kinds: Uint8Array;
  /** Number of tokens whose kind is not `WORD`. */
  facts: number;
}

const WORD = 0;
const NAME = 1;
const NUMBER = 2;
const DATE = 3;
const KIND_NAMES = ['word', 'name', 'number', 'date'] as const;

const MONTH_NAMES = (
  'January February March April May June July August September October November December ' +
  'Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec'
).split(' ');
const WEEKDAY_NAMES = 'Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' ');
const MONTH = 1; // may begin `March 3` or end `3 March`
const DAY = 2; // a date on its own (not `May`: too often a verb or a name)

/** Month and weekday names by their first three letters (`packed3`), with `MONTH` and `DAY` flags. */
const NAMED = new Map<number, { name: string; flags: number }[]>();
for (const name of [...MONTH_NAMES, ...WEEKDAY_NAMES]) {
  const key = packed3(name, 0);
  const flags = (MONTH_NAMES.includes(name) ? MONTH : 0) | (name === 'May' ? 0 : DAY);
  NAMED.set(key, [...(NAMED.get(key) ?? []), { name, flags }]);
}

/** The three code units at `i` as one number. */
function packed3(text: string, i: number): number {
  return (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2);
}

/** `MONTH` and `DAY` flags of the name that is exactly `text[i..end)`; 0 for any other text. */
function namedFlags(text: string, i: number, end: number): number {
  const length = end - i;
  if (length < 3 || length > 9) return 0;
  const names = NAMED.get(packed3(text, i));
  if (names === undefined) return 0;
  for (const { name, flags } of names) {
    if (name.length === length && text.startsWith(name, i)) return flags;
  }
  return 0;
}

/** Capitalized words that start sentences or clauses rather than name anyone. */
export const NOT_NAMES: ReadonlySet<string> = new Set(
  (
    'A An The This That These Those It Its He She They We I You His Her Their Our Your ' +
    'In On At Of For From By With To Into After Before As And But Or If When While Since ' +
    'Until Although Though Because Where Which Who What How Why There Here Some Many Most ' +
    'All No Not One Two Three Four Five Six Seven Eight Nine Ten Mr Mrs Ms Dr'
  ).split(' '),
);

// Character classes of non-ASCII UTF-16 code units, filled lazily: 0 = not yet known.
const KNOWN = 1;
const WORD_START = 2; // \p{L} or \p{M}, not a Han/kana letter
const WORD_PART = 4; // \p{L}, \p{M} or \p{N}, not a Han/kana letter
const SPACE = 8; // \s
const DIGIT = 16; // \p{Nd}
const NUMERAL = 32; // \p{N}
const CASED = 64; // \p{Cased} or \p{M}: a word starting with it may go on with digits
const PER_CHAR = 128; // a Han, Hiragana, Katakana or Bopomofo letter: a token of its own
const MARK = 256; // \p{M}
const bmpClass = new Uint16Array(0x10000);
const MARK_RE = /^\p{M}$/u;
const PER_CHAR_RE =
  /^[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Bopomofo}]$/u;
const LETTER_RE = /^\p{L}$/u;
const WORD_START_RE = /^[\p{L}\p{M}]$/u;
const SPACE_RE = /^\s$/u;
const DIGIT_RE = /^\p{Nd}$/u;
const NUMERAL_RE = /^\p{N}$/u;
const CASED_RE = /^[\p{Cased}\p{M}]$/u;

function classOf(ch: string): number {
  const perChar = LETTER_RE.test(ch) && PER_CHAR_RE.test(ch);
  const start = WORD_START_RE.test(ch) && !perChar;
  return (
    KNOWN |
    (start ? WORD_START : 0) |
    (start || NUMERAL_RE.test(ch) ? WORD_PART : 0) |
    (SPACE_RE.test(ch) ? SPACE : 0) |
    (DIGIT_RE.test(ch) ? DIGIT : 0) |
    (NUMERAL_RE.test(ch) ? NUMERAL : 0) |
    (CASED_RE.test(ch) ? CASED : 0) |
    (perChar ? PER_CHAR : 0) |
    (MARK_RE.test(ch) ? MARK : 0)
  );
}

function bmp(c: number): number {
  let k = bmpClass[c];
  if (k === 0) bmpClass[c] = k = classOf(String.fromCharCode(c));
  return k;
}

/** Class of the code point at `i` (a surrogate pair is one code point; a lone surrogate is none). */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) return KNOWN | WORD_START | WORD_PART | CASED;
    if (c >= 0x30 && c <= 0x39) return KNOWN | WORD_PART | DIGIT | NUMERAL;
    return c === 0x20 || (c >= 0x09 && c <= 0x0d) ? KNOWN | SPACE : KNOWN;
  }
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return classOf(text.slice(i, i + 2));
  }
  return bmp(c);
}

/** Length in UTF-16 code units of the code point at `i` (2 for a surrogate pair, else 1). */
function sizeAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

/** `\w` without the `i` flag: `[A-Za-z0-9_]` (NaN past the end: false). */
function isAsciiWord(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c) || c === 0x5f;
}

function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (bmp(c) & SPACE) !== 0;
}

function isCapitalized(word: string): boolean {
  const first = word[0];
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/**
 * Scanner state: whether the token being scanned needs folding (it spans a whitespace run other
 * than one plain space, or a curly quote). The scanners take the text and a 0-based UTF-16 index.
 */
let fold = false;

/** End of the whitespace run at `i` (`i` itself when there is none). */
function skipSpaces(text: string, i: number): number {
  const start = i;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (i - start > 1 || (i > start && text.charCodeAt(start) !== 0x20)) fold = true;
  return i;
}

/** `\b` at `i` before a word character: the character before `i` is not `[A-Za-z0-9_]`. */
function boundaryBefore(text: string, i: number): boolean {
  return i === 0 || !isAsciiWord(text.charCodeAt(i - 1));
}

/** End of `st`, `nd`, `rd` or `th` at `i`, else `i`. */
function skipOrdinal(text: string, i: number): number {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  if (
    (a === 0x73 && b === 0x74) || // st
    (a === 0x6e && b === 0x64) || // nd
    (a === 0x72 && b === 0x64) || // rd
    (a === 0x74 && b === 0x68) // th
  )
    return i + 2;
  return i;
}

/** End of the run of ASCII letters at `i`. */
function letterRunEnd(text: string, i: number): number {
  while (i < text.length && isAsciiLetter(text.charCodeAt(i))) i++;
  return i;
}

/** `(?:,? \d{4}\b)?` (`comma`) or `(?: \d{4}\b)?` at `i`: its end, `i` when absent. */
function optionalYear(text: string, i: number, comma: boolean): number {
  const saved = fold;
  let j = comma && text.charCodeAt(i) === 0x2c ? i + 1 : i;
  const k = skipSpaces(text, j);
  if (k > j) {
    j = k;
    if (
      isDigit(text.charCodeAt(j)) &&
      isDigit(text.charCodeAt(j + 1)) &&
      isDigit(text.charCodeAt(j + 2)) &&
      isDigit(text.charCodeAt(j + 3)) &&
      !isAsciiWord(text.charCodeAt(j + 4))
    )
      return j + 4;
  }
  fold = saved;
  return i;
}

/** A date starting with a month or weekday name at `i` (`\b` before already checked), else -1. */
function scanNamedDate(text: string, i: number): number {
  const end = letterRunEnd(text, i);
  const flags = namedFlags(text, i, end);
  if (flags === 0) return -1;
  const saved = fold;
  // Month day [year]: the month is followed by an optional `.` and a space, so it is the whole
  // run of letters.
  if (flags & MONTH) {
    const j = text.charCodeAt(end) === 0x2e ? end + 1 : end;
    let k = skipSpaces(text, j);
    if (k > j && isDigit(text.charCodeAt(k))) {
      k++;
      if (isDigit(text.charCodeAt(k))) k++;
      k = skipOrdinal(text, k);
      if (!isAsciiWord(text.charCodeAt(k))) return optionalYear(text, k, true);
    }
    fold = saved;
  }
  // Weekday or month alone [year]: `\b` after the name, so again the whole run of letters.
  if (flags & DAY && !isAsciiWord(text.charCodeAt(end))) return optionalYear(text, end, false);
  return -1;
}

/** A date starting with a digit at `i` (ISO, or day month), else -1. Needs `\b` before `i`. */
function scanNumericDate(text: string, i: number): number {
  if (!boundaryBefore(text, i)) return -1;
  // 2026-11-28
  if (
    isDigit(text.charCodeAt(i + 1)) &&
    isDigit(text.charCodeAt(i + 2)) &&
    isDigit(text.charCodeAt(i + 3)) &&
    text.charCodeAt(i + 4) === 0x2d &&
    isDigit(text.charCodeAt(i + 5)) &&
    isDigit(text.charCodeAt(i + 6)) &&
    text.charCodeAt(i + 7) === 0x2d &&
    isDigit(text.charCodeAt(i + 8)) &&
    isDigit(text.charCodeAt(i + 9)) &&
    !isAsciiWord(text.charCodeAt(i + 10))
  )
    return i + 10;
  // 3 March, 3rd March 2026, 12 Sept, 2026
  let j = i + 1;
  if (isDigit(text.charCodeAt(j))) j++;
  j = skipOrdinal(text, j);
  const saved = fold;
  const k = skipSpaces(text, j);
  if (k > j && text.charCodeAt(k) >= 0x41 && text.charCodeAt(k) <= 0x5a) {
    const end = letterRunEnd(text, k);
    if (!isAsciiWord(text.charCodeAt(end)) && namedFlags(text, k, end) & MONTH)
      return optionalYear(text, end, true);
  }
  fold = saved;
  return -1;
}

/** Whether a digit of any script (`\p{Nd}`) is at `i`. */
function isAnyDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return isDigit(c);
  return (classAt(text, i) & DIGIT) !== 0;
}

/**
 * A number at `i` (a digit of any script): `\p{Nd}+(?:[.,٫٬]\p{Nd}+)*(?:\s?%)?`; its end.
 */
function scanNumber(text: string, i: number): number {
  let j = i + sizeAt(text, i);
  for (;;) {
    while (j < text.length && isAnyDigit(text, j)) j += sizeAt(text, j);
    const c = text.charCodeAt(j);
    if ((c === 0x2e || c === 0x2c || c === 0x066b || c === 0x066c) && isAnyDigit(text, j + 1))
      j += 1 + sizeAt(text, j + 1);
    else break;
  }
  if (text.charCodeAt(j) === 0x25) return j + 1;
  const saved = fold;
  const k = skipSpaces(text, j);
  if (k > j && text.charCodeAt(k) === 0x25) return k + 1;
  fold = saved;
  return j;
}

/**
 * A word at `i` (a letter or mark, not Han/kana): `W[WP]*(?:['-][WP]+)*` where W is the letters
 * and marks but Han/kana letters, and WP is W plus `\p{N}` when the first character is cased or
 * a mark (`F16`, `Ж1`), W alone when it is a letter without case (`명이` ends before `1`);
 * curly single quotes count as `'`. Its end.
 */
function scanWord(text: string, i: number): number {
  let j = i + sizeAt(text, i);
  const n = text.length;
  const part = classAt(text, i) & CASED ? WORD_PART : WORD_START;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c < 0x80) {
      if (isAsciiLetter(c) || (isDigit(c) && part === WORD_PART)) {
        j++;
        continue;
      }
      if ((c === 0x27 || c === 0x2d) && j + 1 < n && classAt(text, j + 1) & part) {
        j++;
        continue;
      }
      break;
    }
    if (c === 0x2018 || c === 0x2019) {
      if (j + 1 < n && classAt(text, j + 1) & part) {
        fold = true;
        j++;
        continue;
      }
      break;
    }
    if (classAt(text, j) & part) j += sizeAt(text, j);
    else break;
  }
  return j;
}

/** A Han/kana letter at `i` and the marks after it: `L\p{M}*`; its end. */
function scanCharacter(text: string, i: number): number {
  let j = i + sizeAt(text, i);
  while (j < text.length && classAt(text, j) & MARK) j += sizeAt(text, j);
  return j;
}

/** A fact with its digits of any script as ASCII digits (`١٤٠٠` → `1400`). */
function digitsFolded(fact: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(fact) ? fact.replace(/\p{Nd}/gu, (d) => foldChar(d)) : fact;
}

// Reused buffer for the kinds of the tokens of one text (grows by doubling).
let kindBuffer = new Uint8Array(256);

/** Cuts a text into tokens (see the module comment). */
function tokenize(text: string): TokenArrays {
  const texts: string[] = [];
  let facts = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let end = -1;
    let kind = WORD;
    fold = false;
    if (c < 0x80) {
      if (isDigit(c)) {
        end = scanNumericDate(text, i);
        if (end >= 0) kind = DATE;
        else {
          end = scanNumber(text, i);
          kind = NUMBER;
        }
      } else if (c >= 0x41 && c <= 0x5a) {
        if (boundaryBefore(text, i)) end = scanNamedDate(text, i);
        if (end >= 0) kind = DATE;
        else {
          end = scanWord(text, i);
          kind = NAME;
        }
      } else if (c >= 0x61 && c <= 0x7a) {
        end = scanWord(text, i);
      } else {
        i++;
        continue;
      }
    } else {
      const cls = classAt(text, i);
      if (cls & DIGIT) {
        end = scanNumber(text, i);
        kind = NUMBER;
      } else if (cls & PER_CHAR) end = scanCharacter(text, i);
      else if (cls & WORD_START) {
        end = scanWord(text, i);
        if (isCapitalized(text[i])) kind = NAME;
      }
    }
    if (end < 0) {
      i += sizeAt(text, i);
      continue;
    }
    let token = text.slice(i, end);
    if (fold) token = token.replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ');
    if (texts.length === kindBuffer.length) {
      const grown = new Uint8Array(kindBuffer.length * 2);
      grown.set(kindBuffer);
      kindBuffer = grown;
    }
    kindBuffer[texts.length] = kind;
    texts.push(token);
    if (kind !== WORD) facts++;
    i = end;
  }
  const kinds = kindBuffer.slice(0, texts.length);
  // A huge paragraph does not keep its buffer alive.
  if (kindBuffer.length > 0x10000) kindBuffer = new Uint8Array(256);
  return { texts, kinds, facts };
}

/**
 * Cuts `text` into the tokens `changedFactsOfTokens` compares (see the module comment). Tokenize a
 * group's representative once and compare it with each copy.
 */
export function factTokens(text: string): FactTokens {
  return tokenize(text) as unknown as FactTokens;
}

/**
 * The tokens of a `FactTokens`, in text order, with their kinds (`word` is a token that is no
 * fact): for tests and debugging.
 */
export function factTokenList(tokens: FactTokens): { text: string; kind: FactKind | 'word' }[] {
  const t = tokens as unknown as TokenArrays;
  return t.texts.map((text, i) => ({ text, kind: KIND_NAMES[t.kinds[i]] }));
}

/** Facts of tokens `from..to-1` (0-based): dates, numbers, and runs of capitalized words. */
function factsOf(t: TokenArrays, from: number, to: number): Record<FactKind, string[]> {
  const facts: Record<FactKind, string[]> = { number: [], date: [], name: [] };
  let runStart = from;
  const flush = (runEnd: number) => {
    while (runStart < runEnd && NOT_NAMES.has(t.texts[runStart])) runStart++;
    if (runStart < runEnd) facts.name.push(t.texts.slice(runStart, runEnd).join(' '));
  };
  for (let i = from; i < to; i++) {
    const kind = t.kinds[i];
    if (kind === NAME) continue;
    flush(i);
    runStart = i + 1;
    if (kind === NUMBER) facts.number.push(t.texts[i]);
    else if (kind === DATE) facts.date.push(t.texts[i]);
  }
  flush(to);
  return facts;
}

/**
 * Whether one token sequence is the other with one run of tokens inserted (or none): then a
 * minimal diff (which the `diff` package computes) only adds or only removes, and no fact changed.
 */
function onlyInsertedOrDropped(a: readonly string[], b: readonly string[]): boolean {
  const na = a.length;
  const nb = b.length;
  let prefix = 0;
  while (prefix < na && prefix < nb && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < na - prefix && suffix < nb - prefix && a[na - 1 - suffix] === b[nb - 1 - suffix])
    suffix++;
  return prefix + suffix === na || prefix + suffix === nb;
}

/**
 * The facts that changed from `representative` to `copy`, both from `factTokens`: the same result
 * as `changedFacts` on their texts.
 */
export function changedFactsOfTokens(representative: FactTokens, copy: FactTokens): ChangedFact[] {
  const a = representative as unknown as TokenArrays;
  const b = copy as unknown as TokenArrays;
  const changes: ChangedFact[] = [];
  // A change pairs a fact removed from the representative with one added in the copy.
  if (a.facts === 0 || b.facts === 0 || onlyInsertedOrDropped(a.texts, b.texts)) return changes;
  const parts = diffArrays(a.texts, b.texts);
  let ia = 0;
  let ib = 0;
  let removedFrom = 0;
  let addedFrom = 0;
  const settle = () => {
    if (ia > removedFrom && ib > addedFrom) {
      const from = factsOf(a, removedFrom, ia);
      const to = factsOf(b, addedFrom, ib);
      for (const kind of ['number', 'date', 'name'] as const) {
        const n = Math.min(from[kind].length, to[kind].length);
        for (let i = 0; i < n; i++) {
          if (digitsFolded(from[kind][i]) !== digitsFolded(to[kind][i]))
            changes.push({ from: from[kind][i], to: to[kind][i], kind });
        }
      }
    }
  };
  for (const part of parts) {
    if (part.removed) ia += part.count;
    else if (part.added) ib += part.count;
    else {
      settle();
      ia += part.count;
      ib += part.count;
      removedFrom = ia;
      addedFrom = ib;
    }
  }
  settle();
  return changes;
}

/**
 * The facts that changed from `representative` to `copy` (see the module comment), in order of
 * appearance; empty when the copy keeps every number, date and name (or only adds or drops some).
 */
export function changedFacts(representative: string, copy: string): ChangedFact[] {
  if (representative === copy) return [];
  return changedFactsOfTokens(factTokens(representative), factTokens(copy));
}
