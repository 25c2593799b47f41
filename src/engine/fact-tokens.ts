/**
 * The fact tokenizer: cuts a text into the tokens `changed-facts.ts` aligns (dates, numbers,
 * Han/kana letters, words; see that module's comment for the exact rules and the regular
 * expression the tests keep as an oracle). One pass of `charCodeAt` with an ASCII fast path; a
 * `FactScanner` holds the text and whether the token being scanned needs folding. Indices are
 * 0-based UTF-16 offsets; past the end `charCodeAt` is NaN, which every test here treats as "no".
 *
 * The character classes and the small ASCII steps stay in this file on purpose: called per
 * character from another module they made the tokenizer about 20% slower (measured over all BBC
 * and Reuters paragraphs); in one module it is as fast as before the scanner object.
 */

import { DAY, MONTH, namedFlags } from './date-names.js';

/** What a `FactTokens` holds: parallel arrays, one entry per token in text order. */
export interface TokenArrays {
  /** Tokens as written, curly quotes and whitespace runs folded. */
  texts: string[];
  /** Kind per token: `WORD`, `NAME`, `NUMBER` or `DATE`. */
  kinds: Uint8Array;
  /** Number of tokens whose kind is not `WORD`. */
  facts: number;
}

// Token kinds (`TokenArrays.kinds`).
/** Kind: a word that is no fact. */
export const WORD = 0;
/** Kind: a capitalized word (runs of them are names). */
export const NAME = 1;
/** Kind: a number. */
export const NUMBER = 2;
/** Kind: a date. */
export const DATE = 3;
/** Names of the kinds, by kind. */
export const KIND_NAMES = ['word', 'name', 'number', 'date'] as const;

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

function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (bmp(c) & SPACE) !== 0;
}

function isCapitalized(word: string): boolean {
  const first = word[0];
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/** An ASCII digit `0-9` (NaN: false). */
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** An ASCII letter `A-Za-z` (NaN: false). */
function isAsciiLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

/** `\w` without the `i` flag: `[A-Za-z0-9_]` (NaN past the end: false). */
function isAsciiWord(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c) || c === 0x5f;
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

/** Whether a digit of any script (`\p{Nd}`) is at `i`. */
function isAnyDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return isDigit(c);
  return (classAt(text, i) & DIGIT) !== 0;
}

/**
 * Scans one text: each `scan…` method takes the 0-based index where a token may start and returns
 * its end (or -1 where noted). `fold` says whether the token being scanned spans a whitespace run
 * other than one plain space, or a curly quote (its text must then be folded); a step that
 * backtracks restores it.
 */
class FactScanner {
  fold = false;

  constructor(readonly text: string) {}

  /** End of the whitespace run at `i` (`i` itself when there is none). */
  skipSpaces(i: number): number {
    const text = this.text;
    const start = i;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i - start > 1 || (i > start && text.charCodeAt(start) !== 0x20)) this.fold = true;
    return i;
  }

  /** `(?:,? \d{4}\b)?` (`comma`) or `(?: \d{4}\b)?` at `i`: its end, `i` when absent. */
  optionalYear(i: number, comma: boolean): number {
    const text = this.text;
    const saved = this.fold;
    let j = comma && text.charCodeAt(i) === 0x2c ? i + 1 : i;
    const k = this.skipSpaces(j);
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
    this.fold = saved;
    return i;
  }

  /** A date starting with a month or weekday name at `i` (`\b` before already checked), else -1. */
  scanNamedDate(i: number): number {
    const text = this.text;
    const end = letterRunEnd(text, i);
    const flags = namedFlags(text, i, end);
    if (flags === 0) return -1;
    const saved = this.fold;
    // Month day [year]: the month is followed by an optional `.` and a space, so it is the whole
    // run of letters.
    if (flags & MONTH) {
      const j = text.charCodeAt(end) === 0x2e ? end + 1 : end;
      let k = this.skipSpaces(j);
      if (k > j && isDigit(text.charCodeAt(k))) {
        k++;
        if (isDigit(text.charCodeAt(k))) k++;
        k = skipOrdinal(text, k);
        if (!isAsciiWord(text.charCodeAt(k))) return this.optionalYear(k, true);
      }
      this.fold = saved;
    }
    // Weekday or month alone [year]: `\b` after the name, so again the whole run of letters.
    if (flags & DAY && !isAsciiWord(text.charCodeAt(end))) return this.optionalYear(end, false);
    return -1;
  }

  /** A date starting with a digit at `i` (ISO, or day month), else -1. Needs `\b` before `i`. */
  scanNumericDate(i: number): number {
    const text = this.text;
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
    const saved = this.fold;
    const k = this.skipSpaces(j);
    if (k > j && text.charCodeAt(k) >= 0x41 && text.charCodeAt(k) <= 0x5a) {
      const end = letterRunEnd(text, k);
      if (!isAsciiWord(text.charCodeAt(end)) && namedFlags(text, k, end) & MONTH)
        return this.optionalYear(end, true);
    }
    this.fold = saved;
    return -1;
  }

  /**
   * A number at `i` (a digit of any script): `\p{Nd}+(?:[.,٫٬]\p{Nd}+)*(?:\s?%)?`; its end.
   */
  scanNumber(i: number): number {
    const text = this.text;
    let j = i + sizeAt(text, i);
    for (;;) {
      while (j < text.length && isAnyDigit(text, j)) j += sizeAt(text, j);
      const c = text.charCodeAt(j);
      if ((c === 0x2e || c === 0x2c || c === 0x066b || c === 0x066c) && isAnyDigit(text, j + 1))
        j += 1 + sizeAt(text, j + 1);
      else break;
    }
    if (text.charCodeAt(j) === 0x25) return j + 1;
    const saved = this.fold;
    const k = this.skipSpaces(j);
    if (k > j && text.charCodeAt(k) === 0x25) return k + 1;
    this.fold = saved;
    return j;
  }

  /**
   * A word at `i` (a letter or mark, not Han/kana): `W[WP]*(?:['-][WP]+)*` where W is the letters
   * and marks but Han/kana letters, and WP is W plus `\p{N}` when the first character is cased or
   * a mark (`F16`, `Ж1`), W alone when it is a letter without case (`명이` ends before `1`);
   * curly single quotes count as `'`. Its end.
   */
  scanWord(i: number): number {
    const text = this.text;
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
          this.fold = true;
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
}

/** A Han/kana letter at `i` and the marks after it: `L\p{M}*`; its end. */
function scanCharacter(text: string, i: number): number {
  let j = i + sizeAt(text, i);
  while (j < text.length && classAt(text, j) & MARK) j += sizeAt(text, j);
  return j;
}

// Reused buffer for the kinds of the tokens of one text (grows by doubling).
let kindBuffer = new Uint8Array(256);

/** Sets `kindBuffer[index]` to `kind`, doubling the buffer when `index` is past its end. */
function setKind(index: number, kind: number): void {
  if (index === kindBuffer.length) {
    const grown = new Uint8Array(kindBuffer.length * 2);
    grown.set(kindBuffer);
    kindBuffer = grown;
  }
  kindBuffer[index] = kind;
}

/** Cuts a text into tokens (see the module comment). */
export function tokenize(text: string): TokenArrays {
  const scan = new FactScanner(text);
  const texts: string[] = [];
  let facts = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let end = -1;
    let kind = WORD;
    scan.fold = false;
    if (c < 0x80) {
      if (isDigit(c)) {
        end = scan.scanNumericDate(i);
        if (end >= 0) kind = DATE;
        else {
          end = scan.scanNumber(i);
          kind = NUMBER;
        }
      } else if (c >= 0x41 && c <= 0x5a) {
        if (boundaryBefore(text, i)) end = scan.scanNamedDate(i);
        if (end >= 0) kind = DATE;
        else {
          end = scan.scanWord(i);
          kind = NAME;
        }
      } else if (c >= 0x61 && c <= 0x7a) {
        end = scan.scanWord(i);
      } else {
        i++;
        continue;
      }
    } else {
      const cls = classAt(text, i);
      if (cls & DIGIT) {
        end = scan.scanNumber(i);
        kind = NUMBER;
      } else if (cls & PER_CHAR) end = scanCharacter(text, i);
      else if (cls & WORD_START) {
        end = scan.scanWord(i);
        if (isCapitalized(text[i])) kind = NAME;
      }
    }
    if (end < 0) {
      i += sizeAt(text, i);
      continue;
    }
    let token = text.slice(i, end);
    if (scan.fold) token = token.replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ');
    setKind(texts.length, kind);
    texts.push(token);
    if (kind !== WORD) facts++;
    i = end;
  }
  const kinds = kindBuffer.slice(0, texts.length);
  // A huge paragraph does not keep its buffer alive.
  if (kindBuffer.length > 0x10000) kindBuffer = new Uint8Array(256);
  return { texts, kinds, facts };
}
