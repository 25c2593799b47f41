/**
 * Text normalization and word tokenization (the rules of {@link NORMALIZATION_VERSION}; the full
 * fold table is in docs/languages.md).
 *
 * Folding: Unicode NFKC; full case folding (`İ`, `ı` and `i̇` → `i`, `ß`/`ẞ` → `ss`, final sigma →
 * `σ`); decimal digits of every script (`\p{Nd}`) → ASCII digits; default-ignorable code points
 * (soft hyphen, zero-width characters, variation selectors, U+2060-206F, tags…), the Arabic
 * tatweel and harakat and the Hebrew points dropped (they neither split nor join words); curly
 * quotes folded to `'` and `"`, dashes to `-`; the Arabic yeh `ي`, alef maksura `ى` and kaf `ك`
 * folded to the Persian yeh `ی` and keheh `ک` (Persian typed on Arabic keyboards). With
 * `foldAccents`, combining diacritics (U+0300-036F and the other combining-diacritics blocks) and
 * the strokes of ø ł đ ħ ŧ are stripped too.
 *
 * Tokens: runs of letters, digits and combining marks; an apostrophe between two such characters
 * is dropped and joins the word (`pyongyang's` → `pyongyangs`); a `.` or `,` (or the Arabic
 * decimal and thousands separators) between two digits joins them (`3,029,930`, `1.43` and `١٤٠٠`
 * are one token each). A ZWNJ (U+200C) after an Arabic-script letter ends the word as a space
 * does (Persian `می‌شود` and `می شود` are both `می`, `شود`); elsewhere it is dropped. The tone
 * mark of Vietnamese `oa`, `oe`, `uy` at a word's end is read on the first vowel (`hoá` as `hóa`,
 * `thuỷ` as `thủy`; `qúy` as `quý`: see vietnamese-tones.ts). Han, Hiragana and Katakana letters
 * are one token per character (and Hangul letters in a paragraph written without spaces between
 * words, see {@link HANGUL_UNSPACED_RUN}); runs of Thai, Lao, Khmer and Myanmar letters are cut
 * into words by `Intl.Segmenter`. A word whose letters mix scripts (Latin `o` beside Cyrillic
 * `о`) is counted (`mixedScript`), and letters of another script than the paragraph's main one
 * are replaced by their look-alike in that script (Unicode UTS #39 confusables) when every such
 * letter of the word has one, or, in a mixed word, when its own main script has one.
 *
 * Words counted (for `--min-words`): tokens with a letter; a one-character token of a script
 * written without spaces counts half. Tokens without a letter (figures) count as no word.
 */
import { SINGLE_QUOTES } from './char-folds.js';
import { finishGeneral } from './look-alikes.js';
import { tokenizeAsciiRange, type AsciiTokenBuffers } from './tokenize-ascii.js';
import {
  foldChar,
  isArabicScriptUnit,
  tokenizeGeneral,
  type TokenizeOptions,
} from './tokenize-general.js';
import { TokenBuffers } from './token-buffers.js';

export {
  ASCII_CLASS,
  fmix32,
  NON_ASCII_CLASS,
  tokenizeAsciiRange,
  WORD_CLASS,
  type AsciiTokenBuffers,
} from './tokenize-ascii.js';
export { foldChar, HANGUL_UNSPACED_RUN, type TokenizeOptions } from './tokenize-general.js';

/** Version of the normalization and tokenization rules; bumped when they change. */
export const NORMALIZATION_VERSION = 3;

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

/**
 * Normalizes text: NFKC, every character folded as the tokenizer folds it (case, digits, dropped
 * characters, Arabic yeh and kaf; accents with `foldAccents`), curly quotes to `'` and `"`, dashes
 * to `-`, white space and a ZWNJ after an Arabic-script letter to a plain space. Look-alike
 * letters, Vietnamese tone placement and word boundaries are the tokenizer's business.
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
    else if (ch === '\u200c' && isArabicScriptUnit(previous.charCodeAt(0))) next = ' ';
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
  /** The arrays holding the tokens: `scratch` (ASCII) or the general path's buffers. */
  from: AsciiTokenBuffers | TokenBuffers;
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
  const { tokens, source, count } = tokenizeGeneral(text, options.foldAccents === true);
  return { ...finishGeneral(tokens, source, count), from: tokens };
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
  const general = r.from;
  if (general instanceof TokenBuffers) {
    for (let t = 0; t < r.count; t++)
      out.push(general.text(general.foldStart[t], general.foldEnd[t]).normalize('NFC'));
    return out;
  }
  for (let t = 0; t < r.count; t++) {
    out.push(text.slice(scratch.starts![t], scratch.ends![t]).replace(/['`]/g, '').toLowerCase());
  }
  return out;
}
