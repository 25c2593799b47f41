/**
 * Text normalization and word tokenization.
 *
 * Normalization (version {@link NORMALIZATION_VERSION}): Unicode NFKC; lower case; curly single
 * quotes, apostrophes and primes folded to `'`; curly double quotes and guillemets to `"`; en/em
 * dashes and the minus sign to `-`; soft hyphens and zero-width characters dropped; NBSP and other
 * spaces to a plain space.
 *
 * Tokens are maximal runs of letters, digits and combining marks of the normalized text; an
 * apostrophe between two such characters is dropped and joins the word (`pyongyang's` →
 * `pyongyangs`). Everything else separates tokens. Digits are kept.
 */

/** Version of the normalization and tokenization rules; bumped when they change. */
export const NORMALIZATION_VERSION = 1;

const SINGLE_QUOTES = '\u2018\u2019\u201a\u201b\u2032\u2035\u0060\u00b4\u02bc\u02b9';
const DOUBLE_QUOTES = '\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb';
const DASHES = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d';
const DROPPED = '\u00ad\u200b\u200c\u200d\u2060\ufeff';

const FOLD = new Map<string, string>();
for (const c of SINGLE_QUOTES) FOLD.set(c, "'");
for (const c of DOUBLE_QUOTES) FOLD.set(c, '"');
for (const c of DASHES) FOLD.set(c, '-');
for (const c of DROPPED) FOLD.set(c, '');

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/** Applies Unicode NFKC only when the text has a non-ASCII character (ASCII is already NFKC). */
export function toNfkc(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFKC') : text;
}

/**
 * Normalizes text as described in the module comment and returns the normalized string
 * (white space is kept as single spaces where the input had any space character).
 */
export function normalize(text: string): string {
  const s = toNfkc(text).toLowerCase();
  let out = '';
  for (const ch of s) {
    const folded = FOLD.get(ch);
    if (folded !== undefined) out += folded;
    else if (/\s/.test(ch)) out += ' ';
    else out += ch;
  }
  return out;
}

/** Character classes of the tokenizer. */
const enum CharClass {
  Unknown = 0,
  Separator = 1,
  Word = 2,
  Apostrophe = 3,
  Dropped = 4,
}

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const CLASS_TABLE = new Uint8Array(0x10000);
const LOWER_CACHE = new Map<number, string>();

function classify(cp: number): CharClass {
  if (cp < 0x10000) {
    const known = CLASS_TABLE[cp];
    if (known !== CharClass.Unknown) return known;
  }
  const ch = String.fromCodePoint(cp);
  let cls: CharClass;
  if (DROPPED.includes(ch)) cls = CharClass.Dropped;
  else if (ch === "'" || SINGLE_QUOTES.includes(ch)) cls = CharClass.Apostrophe;
  else if (WORD_CHAR.test(ch)) cls = CharClass.Word;
  else cls = CharClass.Separator;
  if (cp < 0x10000) CLASS_TABLE[cp] = cls;
  return cls;
}

function lowerOf(cp: number): string {
  let lower = LOWER_CACHE.get(cp);
  if (lower === undefined) {
    lower = String.fromCodePoint(cp).toLowerCase();
    LOWER_CACHE.set(cp, lower);
  }
  return lower;
}

/** Murmur3's 32-bit finalizer: mixes all bits of `h`. Returns an unsigned 32-bit integer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
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
}

/** The tokenizer's scratch arrays (see {@link tokenizeToScratch}). */
const scratch = {
  hashes: new Uint32Array(1024),
  starts: new Uint32Array(1024),
  ends: new Uint32Array(1024),
};

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function isWordAt(s: string, i: number): boolean {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return classify(s.codePointAt(i)!) === CharClass.Word;
}

/**
 * Splits text into normalized word tokens (see the module comment) in one pass, hashing each
 * token's normalized form to 32 bits. Offsets refer to `source` (the NFKC form of the input).
 */
export function tokenize(text: string): TokenList {
  const { count, source } = tokenizeToScratch(text);
  return {
    count,
    hashes: scratch.hashes.slice(0, count),
    starts: scratch.starts.slice(0, count),
    ends: scratch.ends.slice(0, count),
    source,
  };
}

/**
 * The token hashes of `text` (as {@link tokenize} gives them) in a view of a scratch array that
 * the next call to this function or to `tokenize` overwrites: copy what must be kept.
 */
export function tokenHashes(text: string): Uint32Array {
  const { count } = tokenizeToScratch(text);
  return scratch.hashes.subarray(0, count);
}

/**
 * The tokenizer's classes of ASCII characters (index: char code 0-127): a letter or digit maps
 * to the code it is hashed as (letters lower-cased), an apostrophe (' or `) to 1, anything else
 * to 0. Shared by the tokenizers' ASCII fast paths.
 */
export const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = c;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = c;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = c + 32;
ASCII_CLASS[39] = 1;
ASCII_CLASS[96] = 1;

/**
 * The class of each UTF-16 code unit for the tokenizers' one-pass ASCII paths: {@link ASCII_CLASS}
 * for 0-127, {@link NON_ASCII_CLASS} for any code unit of 128 or more (one table look-up tells
 * both the class and whether the text needs the general path).
 */
export const WORD_CLASS = new Uint8Array(0x10000).fill(255);
WORD_CLASS.set(ASCII_CLASS);
/** {@link WORD_CLASS} of a non-ASCII code unit. */
export const NON_ASCII_CLASS = 255;

/**
 * Where {@link tokenizeAsciiRange} writes each token's hash and, when `starts` and `ends` are
 * set, its offsets (as in {@link TokenList}); arrays too short are replaced by longer ones.
 */
export interface AsciiTokenBuffers {
  hashes: Uint32Array;
  starts: Uint32Array | null;
  ends: Uint32Array | null;
}

function growBuffers(out: AsciiTokenBuffers): void {
  const size = out.hashes.length * 2;
  const grownCopy = (a: Uint32Array) => {
    const b = new Uint32Array(size);
    b.set(a);
    return b;
  };
  out.hashes = grownCopy(out.hashes);
  if (out.starts) out.starts = grownCopy(out.starts);
  if (out.ends) out.ends = grownCopy(out.ends);
}

/**
 * Tokenizes `text[from..to)` when it is all ASCII (its own NFKC form) in one pass, one table
 * look-up per character: the tokens {@link tokenize} gives, offsets relative to `text`. Returns
 * the token count, or −1 (nothing usable written) when the range holds a non-ASCII character.
 * Shared by the report's tokenizer and the builder of `prepare.ts` (hashes only).
 */
export function tokenizeAsciiRange(
  text: string,
  from: number,
  to: number,
  out: AsciiTokenBuffers,
): number {
  const positions = out.starts !== null;
  let count = 0;
  let h = 0;
  let start = -1;
  for (let i = from; i < to; i++) {
    const m = WORD_CLASS[text.charCodeAt(i)];
    if (m > 1) {
      if (m === NON_ASCII_CLASS) return -1;
      if (start < 0) {
        start = i;
        h = FNV_OFFSET;
      }
      h = Math.imul(h ^ m, FNV_PRIME);
    } else if (start >= 0) {
      // An apostrophe inside a word joins it: pyongyang's -> pyongyangs (a non-ASCII character
      // after it ends the pass at the next step).
      if (m === 1 && i + 1 < to && WORD_CLASS[text.charCodeAt(i + 1)] > 1) continue;
      // The word ends at its last letter or digit (an apostrophe is never last).
      count = putToken(out, count, h, start, i, positions);
      start = -1;
    }
  }
  if (start >= 0) count = putToken(out, count, h, start, to, positions);
  return count;
}

/**
 * Writes the token of FNV hash `h` (mixed here), at `[start, end)` when `positions`, as token
 * `count` of `out` (grown when full); returns `count + 1`.
 */
function putToken(
  out: AsciiTokenBuffers,
  count: number,
  h: number,
  start: number,
  end: number,
  positions: boolean,
): number {
  if (count === out.hashes.length) growBuffers(out);
  out.hashes[count] = fmix32(h);
  if (positions) {
    out.starts![count] = start;
    out.ends![count] = end;
  }
  return count + 1;
}

/** Tokenizes into the scratch arrays; returns the token count and the NFKC source. */
function tokenizeToScratch(text: string): { count: number; source: string } {
  const ascii = tokenizeAsciiRange(text, 0, text.length, scratch);
  if (ascii >= 0) return { count: ascii, source: text };
  const s = text.normalize('NFKC');
  const n = s.length;
  let count = 0;
  let inWord = false;
  let h = FNV_OFFSET;
  let start = 0;
  let lastEnd = 0;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    let width = 1;
    let cls: CharClass;
    if (c < 128) {
      if (c >= 65 && c <= 90) {
        c += 32;
        cls = CharClass.Word;
      } else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) cls = CharClass.Word;
      else if (c === 39 || c === 96) cls = CharClass.Apostrophe;
      else cls = CharClass.Separator;
    } else {
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) width = 2;
      cls = classify(cp);
      if (cls === CharClass.Word) {
        const lower = lowerOf(cp);
        if (!inWord) {
          inWord = true;
          h = FNV_OFFSET;
          start = i;
        }
        for (let j = 0; j < lower.length; j++) {
          h ^= lower.charCodeAt(j);
          h = Math.imul(h, FNV_PRIME);
        }
        lastEnd = i + width;
        i += width - 1;
        continue;
      }
    }
    if (cls === CharClass.Word) {
      if (!inWord) {
        inWord = true;
        h = FNV_OFFSET;
        start = i;
      }
      h ^= c;
      h = Math.imul(h, FNV_PRIME);
      lastEnd = i + 1;
    } else if (cls === CharClass.Dropped) {
      // Soft hyphens and zero-width characters neither split nor join words.
    } else if (cls === CharClass.Apostrophe && inWord && isWordAt(s, i + 1)) {
      // An apostrophe inside a word joins it: pyongyang's -> pyongyangs.
    } else if (inWord) {
      if (count === scratch.hashes.length) growBuffers(scratch);
      scratch.hashes[count] = fmix32(h);
      scratch.starts[count] = start;
      scratch.ends[count] = lastEnd;
      count++;
      inWord = false;
    }
    i += width - 1;
  }
  if (inWord) {
    if (count === scratch.hashes.length) growBuffers(scratch);
    scratch.hashes[count] = fmix32(h);
    scratch.starts[count] = start;
    scratch.ends[count] = lastEnd;
    count++;
  }
  return { count, source: s };
}

/** The normalized text of each token of `text`, in order (e.g. `pyongyangs`, `nuclear`). */
export function words(text: string): string[] {
  const t = tokenize(text);
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) {
    out.push(normalize(t.source.slice(t.starts[i], t.ends[i])).replace(/['\s]/g, ''));
  }
  return out;
}
