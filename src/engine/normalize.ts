/**
 * Text normalization and word tokenization (the rules of {@link NORMALIZATION_VERSION}; the full
 * fold table is in docs/languages.md).
 *
 * Folding: Unicode NFKC; full case folding (`İ`, `ı` and `i̇` → `i`, `ß`/`ẞ` → `ss`, final sigma →
 * `σ`); decimal digits of every script (`\p{Nd}`) → ASCII digits; default-ignorable code points
 * (soft hyphen, zero-width characters, variation selectors, U+2060-206F, tags…), the Arabic
 * tatweel and harakat and the Hebrew points dropped (they neither split nor join words); curly
 * quotes folded to `'` and `"`, dashes to `-`. With `foldAccents`, combining diacritics
 * (U+0300-036F and the other combining-diacritics blocks) and the strokes of ø ł đ ħ ŧ are
 * stripped too.
 *
 * Tokens: runs of letters, digits and combining marks; an apostrophe between two such characters
 * is dropped and joins the word (`pyongyang's` → `pyongyangs`); a `.` or `,` (or the Arabic
 * decimal and thousands separators) between two digits joins them (`3,029,930`, `1.43` and `١٤٠٠`
 * are one token each). Han, Hiragana and Katakana letters are one token per character (and
 * Hangul letters in a paragraph written without spaces between words, see
 * {@link HANGUL_UNSPACED_RUN}); runs of Thai, Lao, Khmer and Myanmar letters are cut into words by
 * `Intl.Segmenter`. A word whose letters mix scripts (Latin `o` beside Cyrillic `о`) is counted
 * (`mixedScript`), and letters of another script than the paragraph's main one are replaced by
 * their look-alike in that script (Unicode UTS #39 confusables) when every such letter of the word
 * has one, or, in a mixed word, when its own main script has one.
 *
 * Words counted (for `--min-words`): tokens with a letter; a one-character token of a script
 * written without spaces counts half. Tokens without a letter (figures) count as no word.
 */

import {
  composeHangul,
  DECIMAL,
  decomposedFold,
  digitValue,
  isDroppedMark,
  ACCENT_MARK,
  SINGLE_QUOTES,
  stripAccents,
} from './char-folds.js';
import { confusableLookAlike } from './confusables.js';
import {
  CONFUSABLE_SCRIPTS,
  isLookAlikeScript,
  LETTER,
  OTHER_SCRIPT,
  SCRIPT_TESTS,
  scriptBit,
} from './script-ids.js';
import { hashUnits, tokenizeAsciiRange, type AsciiTokenBuffers } from './tokenize-ascii.js';

export {
  ASCII_CLASS,
  fmix32,
  NON_ASCII_CLASS,
  tokenizeAsciiRange,
  WORD_CLASS,
  type AsciiTokenBuffers,
} from './tokenize-ascii.js';

/** Version of the normalization and tokenization rules; bumped when they change. */
export const NORMALIZATION_VERSION = 2;

/** Options of the tokenizer. */
export interface TokenizeOptions {
  /** Strip accents too (`--fold-accents`): `é` → `e`, `ø` → `o`. Default false. */
  foldAccents?: boolean;
}

const DOUBLE_QUOTES = '\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb';
const DASHES = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d';

const PUNCTUATION_FOLD = new Map<string, string>();
for (const c of SINGLE_QUOTES) PUNCTUATION_FOLD.set(c, "'");
for (const c of DOUBLE_QUOTES) PUNCTUATION_FOLD.set(c, '"');
for (const c of DASHES) PUNCTUATION_FOLD.set(c, '-');

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/** Applies Unicode NFKC only when the text has a non-ASCII character (ASCII is already NFKC). */
export function toNfkc(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFKC') : text;
}

/** Character classes of the tokenizer's general path (low 4 bits of a class-table entry). */
const enum Cls {
  Unknown = 0,
  Separator = 1,
  /** A letter of a script written with spaces (part of a word). */
  Letter = 2,
  /** A decimal digit (`\p{Nd}`) of any script. */
  Digit = 3,
  /** Any other word character: combining marks kept, other numbers (`\p{N}`). */
  Other = 4,
  /** Neither splits nor joins a word (default ignorables, tatweel, harakat, Hebrew points). */
  Dropped = 5,
  Apostrophe = 6,
  /** `.` `,` `٫` `٬`: part of a number between two digits, else a separator. */
  NumberSeparator = 7,
  /** A Han, Hiragana, Katakana or Bopomofo letter: one token each. */
  PerChar = 8,
  /** A Hangul letter: per character in a paragraph written without spaces, else a letter. */
  Hangul = 9,
  /** A letter or mark of Thai, Lao, Khmer or Myanmar: runs cut by `Intl.Segmenter`. */
  Segmented = 10,
  /** U+0307 combining dot above: dropped after `i` and `j` (`i̇` from `İ`), else a mark. */
  DotAbove = 11,
}

/** Class-table flags: the character has a fold (plain), an accent fold, is dropped by it. */
const HAS_FOLD = 0x10;
const HAS_ACCENT_FOLD = 0x20;
const ACCENT_DROPPED = 0x40;
/** Class-table flag: a combining mark (`\p{M}`). */
const IS_MARK = 0x80;
const CLASS_MASK = 0x0f;

/** Script id (1-32; 0 for no script) of each BMP code unit, filled with the class table. */
const SCRIPT_TABLE = new Uint8Array(0x10000);
const CLASS_TABLE = new Uint8Array(0x10000);
const ASTRAL_CLASS = new Map<number, number>();
const ASTRAL_SCRIPT = new Map<number, number>();
/** Folded form of characters with HAS_FOLD (case, digits); with HAS_ACCENT_FOLD, `foldAccents`'. */
const FOLD = new Map<number, string>();
const ACCENT_FOLD = new Map<number, string>();

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const PER_CHAR =
  /^[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Bopomofo}]$/u;
const SEGMENTED = /^[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;
const HANGUL = /^\p{Script=Hangul}$/u;
const MARK = /^\p{M}$/u;

/** Classifies a code point and records its fold; returns the class-table entry. */
function computeClass(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let cls: Cls;
  let script = 0;
  if (IGNORABLE.test(ch) || cp === 0x0640 || isDroppedMark(cp)) cls = Cls.Dropped;
  else if (ch === "'" || SINGLE_QUOTES.includes(ch)) cls = Cls.Apostrophe;
  else if (cp === 0x2e || cp === 0x2c || cp === 0x066b || cp === 0x066c) cls = Cls.NumberSeparator;
  else if (cp === 0x0307) cls = Cls.DotAbove;
  else if (DECIMAL.test(ch)) cls = Cls.Digit;
  else if (!WORD_CHAR.test(ch)) cls = Cls.Separator;
  else if (PER_CHAR.test(ch) && !MARK.test(ch)) cls = Cls.PerChar;
  else if (SEGMENTED.test(ch)) cls = Cls.Segmented;
  else if (HANGUL.test(ch) && LETTER.test(ch)) cls = Cls.Hangul;
  else if (LETTER.test(ch)) cls = Cls.Letter;
  else cls = Cls.Other;
  if (LETTER.test(ch)) {
    const i = SCRIPT_TESTS.findIndex((re) => re.test(ch));
    script = i >= 0 ? i + 1 : OTHER_SCRIPT;
  }
  let entry: number = cls;
  let folded = ch;
  if (cls === Cls.Digit) folded = String.fromCharCode(48 + digitValue(cp));
  else if (cp === 0x066b) folded = '.';
  else if (cp === 0x066c) folded = ',';
  else if (cls !== Cls.Separator && cls !== Cls.Dropped && cls !== Cls.Apostrophe)
    folded = decomposedFold(ch);
  if (folded !== ch) {
    FOLD.set(cp, folded);
    entry |= HAS_FOLD;
  }
  if (MARK.test(ch)) entry |= IS_MARK;
  if ((cls === Cls.Other || cls === Cls.DotAbove) && ACCENT_MARK.test(ch)) entry |= ACCENT_DROPPED;
  else if (cls === Cls.Letter) {
    const stripped = stripAccents(folded);
    if (stripped !== folded) {
      ACCENT_FOLD.set(cp, stripped);
      entry |= HAS_ACCENT_FOLD;
    }
  }
  if (cp < 0x10000) {
    CLASS_TABLE[cp] = entry;
    SCRIPT_TABLE[cp] = script;
  } else {
    ASTRAL_CLASS.set(cp, entry);
    ASTRAL_SCRIPT.set(cp, script);
  }
  return entry;
}

/** Class-table entry of a code point (computed once, then looked up). */
function classEntry(cp: number): number {
  if (cp < 0x10000) {
    const known = CLASS_TABLE[cp];
    return known !== 0 ? known : computeClass(cp);
  }
  return ASTRAL_CLASS.get(cp) ?? computeClass(cp);
}

/** Script id of a code point (see SCRIPT_NAMES; 0 for no letter), classifying it when new. */
function scriptOf(cp: number): number {
  if (cp < 0x10000) {
    if (CLASS_TABLE[cp] === 0) computeClass(cp);
    return SCRIPT_TABLE[cp];
  }
  if (!ASTRAL_SCRIPT.has(cp)) computeClass(cp);
  return ASTRAL_SCRIPT.get(cp)!;
}

/**
 * Folds one character as the tokenizer does (see the module comment); characters that are not
 * part of words come back as they are.
 */
export function foldChar(ch: string, options: TokenizeOptions = {}): string {
  const cp = ch.codePointAt(0)!;
  const entry = classEntry(cp);
  if (options.foldAccents) {
    if (entry & ACCENT_DROPPED) return '';
    if (entry & HAS_ACCENT_FOLD) return ACCENT_FOLD.get(cp)!;
  }
  const cls = entry & CLASS_MASK;
  if (cls === Cls.Dropped) return '';
  return entry & HAS_FOLD ? FOLD.get(cp)! : ch;
}

/**
 * Normalizes text: NFKC, every character folded as the tokenizer folds it (case, digits, dropped
 * characters; accents with `foldAccents`), curly quotes to `'` and `"`, dashes to `-`, white space
 * to a plain space. Look-alike letters and word boundaries are the tokenizer's business.
 */
export function normalize(text: string, options: TokenizeOptions = {}): string {
  const s = toNfkc(text);
  let out = '';
  let previous = '';
  for (const ch of s) {
    const punctuation = PUNCTUATION_FOLD.get(ch);
    let next: string;
    if (punctuation !== undefined) next = punctuation;
    else if (/\s/.test(ch)) next = ' ';
    else if (ch === '\u0307' && (previous === 'i' || previous === 'j')) next = '';
    else next = foldChar(ch, options);
    out += next;
    if (next !== '') previous = next[next.length - 1];
  }
  // Composed again (the tokenizer folds letters decomposed: `é` is e and U+0301).
  return NON_ASCII.test(out) ? out.normalize('NFC') : out;
}

/** Tokens of one text: parallel arrays, one entry per token. */
export interface TokenList {
  /** Number of tokens. */
  count: number;
  /** 32-bit hash of each token's normalized form. */
  hashes: Uint32Array;
  /** Offset of each token's first character in `source`, 0-based UTF-16 code units. */
  starts: Uint32Array;
  /** Offset just past each token's last character in `source` (exclusive). */
  ends: Uint32Array;
  /** The text the offsets refer to: the input after NFKC (identical to it for ASCII text). */
  source: string;
  /**
   * Words as `--min-words` counts them: tokens with a letter, a one-character token of a script
   * written without spaces (Han, kana, unspaced Hangul) counting half (rounded up).
   */
  words: number;
  /** Tokens without a letter (numbers such as `1,400`). */
  letterless: number;
  /** Tokens whose letters belong to more than one script (`mоscow` with a Cyrillic `о`). */
  mixedScript: number;
}

/** Average Hangul letters per run of Hangul above which a paragraph is read as unspaced. */
export const HANGUL_UNSPACED_RUN = 6;

/** Token kinds of the general path (a token's `kind` entry, low two bits). */
const WORD_TOKEN = 0;
const CHAR_TOKEN = 1;
const SEGMENT_TOKEN = 2;

/** Letters per script id in the folded text of the word tokens `0..count)`. */
function countScriptLetters(count: number): Uint32Array {
  const out = new Uint32Array(OTHER_SCRIPT + 1);
  const { folded, foldStart, foldEnd, kind } = general;
  for (let t = 0; t < count; t++) {
    if (kind[t] !== WORD_TOKEN) continue;
    for (let k = foldStart[t]; k < foldEnd[t]; k++) {
      let cp = folded[k];
      if (cp >= 0xd800 && cp <= 0xdbff && k + 1 < foldEnd[t]) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (folded[k + 1] - 0xdc00);
        k++;
      }
      const cls = classEntry(cp) & CLASS_MASK;
      if (cls === Cls.Letter || cls === Cls.Hangul) out[scriptOf(cp)]++;
    }
  }
  return out;
}

/** Scratch state of the general path: tokens and their folded text, reused between calls. */
const general = {
  hashes: new Uint32Array(1024),
  starts: new Uint32Array(1024),
  ends: new Uint32Array(1024),
  /** Each token's folded text is `folded[foldStart[t] .. foldEnd[t])`. */
  foldStart: new Uint32Array(1024),
  foldEnd: new Uint32Array(1024),
  /** Bit per script (see SCRIPT_NAMES) of the token's letters; 0 for a token without a letter. */
  scripts: new Uint32Array(1024),
  /** 0 for a word token, 1 for a character token, 2 for a segmenter's word. */
  kind: new Uint8Array(1024),
  folded: new Uint16Array(4096),
  foldedLength: 0,
};

function growGeneral(): void {
  const size = general.hashes.length * 2;
  for (const key of ['hashes', 'starts', 'ends', 'foldStart', 'foldEnd', 'scripts'] as const) {
    const grown = new Uint32Array(size);
    grown.set(general[key]);
    general[key] = grown;
  }
  const kind = new Uint8Array(size);
  kind.set(general.kind);
  general.kind = kind;
}

/** Appends the code units of `s` to the folded buffer. */
function appendFolded(s: string): void {
  let folded = general.folded;
  const need = general.foldedLength + s.length;
  if (need > folded.length) {
    let size = folded.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint16Array(size);
    grown.set(folded.subarray(0, general.foldedLength));
    general.folded = folded = grown;
  }
  for (let j = 0; j < s.length; j++) folded[general.foldedLength++] = s.charCodeAt(j);
}

function appendUnit(unit: number): void {
  if (general.foldedLength === general.folded.length) {
    const grown = new Uint16Array(general.folded.length * 2);
    grown.set(general.folded);
    general.folded = grown;
  }
  general.folded[general.foldedLength++] = unit;
}

let segmenter: Intl.Segmenter | undefined;

/** Result of one call of the general path (the tokens are in `general`). */
interface GeneralResult {
  count: number;
  source: string;
  words: number;
  letterless: number;
  mixedScript: number;
}

/** Whether a paragraph's Hangul is written without spaces between words. */
function hangulUnspaced(s: string): boolean {
  let letters = 0;
  let runs = 0;
  let inRun = false;
  for (let i = 0; i < s.length; i++) {
    const cp = s.charCodeAt(i);
    const cls = cp < 0x80 ? Cls.Separator : classEntry(cp) & CLASS_MASK;
    // Dropped characters (zero-width spaces…) neither end nor start a run.
    if (cls === Cls.Dropped) continue;
    const hangul = cls === Cls.Hangul;
    if (hangul) {
      letters++;
      if (!inRun) runs++;
    }
    inRun = hangul;
  }
  return runs > 0 && letters > HANGUL_UNSPACED_RUN * runs;
}

/**
 * The general path: tokenizes text that has a non-ASCII character (see the module comment) into
 * `general`, hashing each token's folded text.
 */
function tokenizeGeneral(text: string, foldAccents: boolean): GeneralResult {
  const s = text.normalize('NFKC');
  const n = s.length;
  general.foldedLength = 0;
  let count = 0;
  let perCharHangul: boolean | undefined;
  // The open token: its kind, first offset, end so far, first folded unit, letters' scripts.
  let open = -1;
  let openStart = 0;
  let openEnd = 0;
  let openFold = 0;
  let openScripts = 0;
  let lastDigit = false;
  let lastHangul = false;
  let afterDropped = false;
  let lastDecomposed = false;
  // The folded text from `segment` on (since the token's start or its last apostrophe or number
  // separator, across which nothing composes) is refolded when `dirty` (see `refoldTail`).
  let segment = 0;
  let dirty = false;
  let lastUnit = 0;

  const settle = () => {
    if (dirty) refoldTail(segment, foldAccents);
    dirty = false;
    segment = general.foldedLength;
  };
  const close = () => {
    if (open < 0) return;
    settle();
    if (count === general.hashes.length) growGeneral();
    general.starts[count] = openStart;
    general.ends[count] = openEnd;
    general.foldStart[count] = openFold;
    general.foldEnd[count] = general.foldedLength;
    general.scripts[count] = openScripts;
    general.kind[count] = open;
    count++;
    open = -1;
  };
  const begin = (kind: number, at: number) => {
    open = kind;
    openStart = at;
    openFold = general.foldedLength;
    openScripts = 0;
    lastDigit = false;
    lastHangul = false;
    afterDropped = false;
    lastDecomposed = false;
    segment = general.foldedLength;
    dirty = false;
  };
  /**
   * Class of the next character at or after `i` that is not dropped (Separator at the end; a dot
   * above is a mark, Other).
   */
  const nextClass = (i: number): number => {
    while (i < n) {
      const cp = s.codePointAt(i)!;
      const entry = classEntry(cp);
      const cls = entry & CLASS_MASK;
      if (cls !== Cls.Dropped && !(foldAccents && entry & ACCENT_DROPPED))
        return cls === Cls.DotAbove ? Cls.Other : cls;
      i += cp > 0xffff ? 2 : 1;
    }
    return Cls.Separator;
  };

  for (let i = 0; i < n;) {
    const cp = s.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const entry = classEntry(cp);
    let cls = entry & CLASS_MASK;
    const hangul = cls === Cls.Hangul;
    if (hangul) {
      perCharHangul ??= hangulUnspaced(s);
      cls = perCharHangul ? Cls.PerChar : Cls.Letter;
    }
    if (cls === Cls.DotAbove) {
      if (open >= 0 && (lastUnit === 0x69 || lastUnit === 0x6a)) cls = Cls.Dropped;
      else cls = Cls.Other;
    }
    if (foldAccents && entry & ACCENT_DROPPED) cls = Cls.Dropped;
    // A combining mark with no letter before it carries no word: dropped.
    if (open < 0 && entry & IS_MARK && cls === Cls.Other) cls = Cls.Dropped;
    switch (cls) {
      case Cls.Dropped:
        afterDropped = true;
        break;
      case Cls.Separator:
        close();
        break;
      case Cls.Apostrophe: {
        // Joins a word when a word character follows (dropped characters skipped).
        const next = nextClass(i + width);
        if (
          open === WORD_TOKEN &&
          (next === Cls.Letter || next === Cls.Digit || next === Cls.Other || next === Cls.Hangul)
        ) {
          settle();
          afterDropped = false;
          // A dot above after it is no longer after an i.
          lastUnit = 0x27;
          i += width;
          continue;
        }
        close();
        break;
      }
      case Cls.NumberSeparator:
        if (open === WORD_TOKEN && lastDigit && nextClass(i + width) === Cls.Digit) {
          settle();
          appendUnit(cp === 0x2c || cp === 0x066c ? 0x2c : 0x2e);
          segment = general.foldedLength;
          lastDigit = false;
          afterDropped = false;
          break;
        }
        close();
        break;
      case Cls.PerChar:
        close();
        begin(CHAR_TOKEN, i);
        appendFolded(entry & HAS_FOLD ? FOLD.get(cp)! : String.fromCodePoint(cp));
        openScripts = scriptBit(scriptOf(cp));
        openEnd = i + width;
        break;
      case Cls.Segmented:
        close();
        count = segmentRun(s, i, count, foldAccents);
        i = segmentRunEnd;
        lastUnit = 0;
        continue;
      default: {
        // A letter, digit or other word character: starts or continues a word (a mark after a
        // per-character token belongs to it).
        if (open === CHAR_TOKEN && cls !== Cls.Other) close();
        // Korean writes counters and particles onto numbers: 1400명이 is 1400 and 명이.
        if (open === WORD_TOKEN && ((cls === Cls.Digit && lastHangul) || (hangul && lastDigit)))
          close();
        if (open < 0) begin(WORD_TOKEN, i);
        let folded: string;
        if (foldAccents && entry & HAS_ACCENT_FOLD) folded = ACCENT_FOLD.get(cp)!;
        else if (entry & HAS_FOLD) folded = FOLD.get(cp)!;
        else folded = width === 1 ? String.fromCharCode(cp) : String.fromCodePoint(cp);
        if (folded.length === 1) appendUnit(folded.charCodeAt(0));
        else appendFolded(folded);
        if (cls === Cls.Letter) {
          const script = scriptOf(cp);
          openScripts = (openScripts | scriptBit(script)) >>> 0;
        }
        // After a dropped character, or a mark after a character that decomposed (ḯ + ◌̸), the
        // text is refolded (composed, folded, marks in canonical order).
        if (afterDropped || (lastDecomposed && entry & IS_MARK)) dirty = true;
        afterDropped = false;
        lastDecomposed = folded.length > 1;
        lastDigit = cls === Cls.Digit;
        lastHangul = hangul;
        openEnd = i + width;
      }
    }
    if (cls !== Cls.Dropped && general.foldedLength > 0)
      lastUnit = general.folded[general.foldedLength - 1];
    i += width;
  }
  close();
  return finishGeneral(s, count);
}

/** Where the last {@link segmentRun} stopped. */
let segmentRunEnd = 0;

/**
 * Cuts the run of Thai/Lao/Khmer/Myanmar letters and marks starting at `from` (dropped
 * characters inside it skipped) into words with `Intl.Segmenter`, appending one token per word;
 * returns the new token count and sets {@link segmentRunEnd}.
 */
function segmentRun(s: string, from: number, count: number, foldAccents: boolean): number {
  let run = '';
  const at: number[] = [];
  let i = from;
  while (i < s.length) {
    const cp = s.codePointAt(i)!;
    const entry = classEntry(cp);
    const cls = entry & CLASS_MASK;
    const width = cp > 0xffff ? 2 : 1;
    if (cls === Cls.Segmented && !(foldAccents && entry & ACCENT_DROPPED)) {
      const folded =
        foldAccents && entry & HAS_ACCENT_FOLD
          ? ACCENT_FOLD.get(cp)!
          : entry & HAS_FOLD
            ? FOLD.get(cp)!
            : s.slice(i, i + width);
      for (let k = 0; k < folded.length; k++) at.push(i);
      run += folded;
    } else if (cls !== Cls.Dropped && !(foldAccents && entry & ACCENT_DROPPED)) break;
    i += width;
  }
  segmentRunEnd = i;
  at.push(i);
  segmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  for (const part of segmenter.segment(run)) {
    if (!part.isWordLike) continue;
    if (count === general.hashes.length) growGeneral();
    const end = part.index + part.segment.length;
    general.starts[count] = at[part.index];
    // The end of the segment's last character in the source.
    let last = at[end - 1];
    last += (s.codePointAt(last) ?? 0) > 0xffff ? 2 : 1;
    general.ends[count] = last;
    general.foldStart[count] = general.foldedLength;
    appendFolded(part.segment);
    general.foldEnd[count] = general.foldedLength;
    general.scripts[count] = scriptBit(scriptOf(s.codePointAt(at[part.index])!));
    general.kind[count] = SEGMENT_TOKEN;
    count++;
  }
  return count;
}

/** The UTF-16 code units `units[from..to)` as a string (in slices: no argument-count limit). */
function unitsToString(units: Uint16Array, from: number, to: number): string {
  let out = '';
  for (let k = from; k < to; k += 8192)
    out += String.fromCharCode(...units.subarray(k, Math.min(to, k + 8192)));
  return out;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Ends the general path: look-alike letters mapped (see the module comment), hashes of the folded
 * tokens, and the counts.
 */
function finishGeneral(s: string, count: number): GeneralResult {
  // The paragraph's main script: the one with most letters in its word tokens (folded), needed
  // only when they have letters of more than one script.
  const { scripts, kind } = general;
  let union = 0;
  for (let t = 0; t < count; t++) if (kind[t] === WORD_TOKEN) union |= scripts[t];
  let main = 0;
  if (popcount(union) > 1) {
    const scriptLetters = countScriptLetters(count);
    for (let script = 1; script <= OTHER_SCRIPT; script++)
      if (scriptLetters[script] > scriptLetters[main]) main = script;
  } else if (union !== 0) main = 32 - Math.clz32(union);
  const mainBit = scriptBit(main);
  let mixedScript = 0;
  let letterWords = 0;
  let letterChars = 0;
  let letterless = 0;
  for (let t = 0; t < count; t++) {
    const mask = scripts[t];
    const tokenKind = kind[t];
    if (mask === 0) letterless++;
    else if (tokenKind === CHAR_TOKEN) letterChars++;
    else letterWords++;
    if (tokenKind !== WORD_TOKEN || mask === 0) continue;
    const mixed = popcount(mask) > 1;
    if (mixed) mixedScript++;
    if ((mask & CONFUSABLE_SCRIPTS) !== 0 && (mixed || mask !== mainBit) && main > 0)
      mapLookAlikes(t, main, mixed);
  }
  const { folded, foldStart, foldEnd, hashes } = general;
  for (let t = 0; t < count; t++) hashes[t] = hashUnits(folded, foldStart[t], foldEnd[t]);
  return {
    count,
    source: s,
    words: letterWords + Math.ceil(letterChars / 2),
    letterless,
    mixedScript,
  };
}

/**
 * Replaces the letters of token `t` that are not of the paragraph's main script by their
 * look-alikes in it when every one has one; else, in a word that mixes scripts, the letters not of
 * the word's own main script by their look-alikes in that script where there is one. The
 * token's folded text is rewritten at the end of the folded buffer.
 */
function mapLookAlikes(t: number, main: number, mixed: boolean): void {
  const text = unitsToString(general.folded, general.foldStart[t], general.foldEnd[t]);
  const chars = [...text];
  let out = isLookAlikeScript(main) ? toScript(chars, main) : null;
  if (out === null && mixed) {
    // The word's own main script (ties: the lower script id, so Latin first).
    const counts = new Uint32Array(OTHER_SCRIPT + 1);
    for (const c of chars) if (LETTER.test(c)) counts[scriptOf(c.codePointAt(0)!)]++;
    let own = 0;
    for (let script = 1; script <= OTHER_SCRIPT; script++)
      if (counts[script] > counts[own]) own = script;
    if (own !== main && isLookAlikeScript(own)) out = toScript(chars, own, true);
  }
  if (out === null) return;
  general.foldStart[t] = general.foldedLength;
  appendFolded(out.join(''));
  general.foldEnd[t] = general.foldedLength;
}

/**
 * Composes the folded text from `from` to the end of the buffer (NFC) and folds it again,
 * character by character, marks put in canonical order (NFD): what it folds to once the dropped
 * characters inside it are gone, however its letters and marks were composed (Hangul syllables
 * stay whole).
 */
function refoldTail(from: number, foldAccents: boolean): void {
  const text = unitsToString(general.folded, from, general.foldedLength);
  let refolded = '';
  for (const c of text.normalize('NFC')) {
    const last = refolded.charCodeAt(refolded.length - 1);
    if (c === '\u0307' && (last === 0x69 || last === 0x6a)) continue;
    refolded += foldChar(c, { foldAccents });
  }
  refolded = refolded.normalize('NFD');
  if (/[\u1100-\u11ff]/.test(refolded)) refolded = composeHangul(refolded);
  if (refolded === text) return;
  general.foldedLength = from;
  appendFolded(refolded);
}

/**
 * `chars` with every letter of another look-alike script than `script` replaced by its look-alike
 * in `script`; null when nothing changed or some letter has none (unless `partial`: such a letter
 * is kept as it is).
 */
function toScript(chars: string[], script: number, partial = false): string[] | null {
  const out: string[] = [];
  let changed = false;
  for (const c of chars) {
    const own = scriptOf(c.codePointAt(0)!);
    if (own === script || !isLookAlikeScript(own) || !LETTER.test(c)) {
      out.push(c);
      continue;
    }
    const look = confusableLookAlike(c, SCRIPT_TESTS[script - 1]);
    if (look === undefined) {
      if (!partial) return null;
      out.push(c);
    } else {
      out.push(look);
      changed = true;
    }
  }
  return changed ? out : null;
}

/** The tokenizer's scratch arrays for ASCII text (see {@link tokenizeToScratch}). */
const scratch: AsciiTokenBuffers = {
  hashes: new Uint32Array(1024),
  starts: new Uint32Array(1024),
  ends: new Uint32Array(1024),
};

/** Counts of the last {@link tokenizeToScratch} call besides the tokens. */
interface ScratchResult {
  count: number;
  source: string;
  words: number;
  letterless: number;
  mixedScript: number;
  /** The arrays holding the tokens: `scratch` (ASCII) or `general`. */
  from: { hashes: Uint32Array; starts: Uint32Array | null; ends: Uint32Array | null };
}

/** Tokenizes into the scratch arrays (ASCII fast path, else the general path). */
function tokenizeToScratch(text: string, options: TokenizeOptions): ScratchResult {
  const ascii = tokenizeAsciiRange(text, 0, text.length, scratch);
  if (ascii >= 0) {
    const words = scratch.words!;
    return {
      count: ascii,
      source: text,
      words,
      letterless: ascii - words,
      mixedScript: 0,
      from: scratch,
    };
  }
  return { ...tokenizeGeneral(text, options.foldAccents === true), from: general };
}

/**
 * Splits text into normalized word tokens (see the module comment), hashing each token's folded
 * form to 32 bits. Offsets refer to `source` (the NFKC form of the input).
 */
export function tokenize(text: string, options: TokenizeOptions = {}): TokenList {
  const r = tokenizeToScratch(text, options);
  return {
    count: r.count,
    hashes: r.from.hashes.slice(0, r.count),
    starts: r.from.starts!.slice(0, r.count),
    ends: r.from.ends!.slice(0, r.count),
    source: r.source,
    words: r.words,
    letterless: r.letterless,
    mixedScript: r.mixedScript,
  };
}

/**
 * The token hashes of `text` (as {@link tokenize} gives them) in a view of a scratch array that
 * the next call to this function or to `tokenize` overwrites: copy what must be kept.
 */
export function tokenHashes(text: string, options: TokenizeOptions = {}): Uint32Array {
  const r = tokenizeToScratch(text, options);
  return r.from.hashes.subarray(0, r.count);
}

/**
 * The folded text of each token of `text`, in order: what each token's hash is computed from
 * (e.g. `pyongyangs`, `nuclear`, `3,029,930`, `東`), composed again (NFC) for reading.
 */
export function words(text: string, options: TokenizeOptions = {}): string[] {
  const r = tokenizeToScratch(text, options);
  const out: string[] = [];
  if (r.from === general) {
    for (let t = 0; t < r.count; t++)
      out.push(
        unitsToString(general.folded, general.foldStart[t], general.foldEnd[t]).normalize('NFC'),
      );
    return out;
  }
  for (let t = 0; t < r.count; t++) {
    out.push(text.slice(scratch.starts![t], scratch.ends![t]).replace(/['`]/g, '').toLowerCase());
  }
  return out;
}
