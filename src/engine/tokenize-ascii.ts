/**
 * The tokenizer's ASCII fast path: one table look-up per character ({@link WORD_CLASS}) tells
 * a word character's hashed code, an apostrophe or number separator, or a non-ASCII character
 * (then the text takes normalize.ts's general path); tokens are hashed with FNV-1a and mixed by
 * {@link fmix32}. Shared by normalize.ts's `tokenize` and the builder of prepare.ts.
 */

/** Murmur3's 32-bit finalizer: mixes all bits of `h`. Returns an unsigned 32-bit integer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a's offset basis and prime (32 bits): a token's hash before {@link fmix32}. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The hash of a token from its folded UTF-16 code units `units[from..to)` (FNV-1a, mixed by
 * {@link fmix32}): what the ASCII path computes for the same characters.
 */
export function hashUnits(units: Uint16Array, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let k = from; k < to; k++) h = Math.imul(h ^ units[k], FNV_PRIME);
  return fmix32(h);
}

/**
 * The tokenizer's classes of ASCII characters (index: char code 0-127): a letter or digit maps
 * to the code it is hashed as (letters lower-cased), an apostrophe (' or `) to 1, `.` and `,`
 * (part of a number between two digits) to 2, anything else to 0. Shared by the tokenizers'
 * ASCII fast paths.
 */
export const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = c;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = c;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = c + 32;
ASCII_CLASS[39] = 1;
ASCII_CLASS[96] = 1;
ASCII_CLASS[44] = 2;
ASCII_CLASS[46] = 2;

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
 * `words` receives the number of tokens with a letter.
 */
export interface AsciiTokenBuffers {
  hashes: Uint32Array;
  starts: Uint32Array | null;
  ends: Uint32Array | null;
  /** Set by {@link tokenizeAsciiRange}: tokens with a letter (the others are numbers). */
  words?: number;
}

/** Doubles the buffers of `out`, keeping what they hold. */
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
 * look-up per character: the tokens {@link tokenize} gives, offsets relative to `text`, and
 * `out.words` the tokens with a letter. Returns the token count, or −1 (nothing usable written)
 * when the range holds a non-ASCII character. Shared by the report's tokenizer and the builder
 * of `prepare.ts` (hashes only).
 */
export function tokenizeAsciiRange(
  text: string,
  from: number,
  to: number,
  out: AsciiTokenBuffers,
): number {
  const positions = out.starts !== null;
  let count = 0;
  let words = 0;
  let h = 0;
  let start = -1;
  // OR of the token's character codes: bit 6 is set by letters (97-122), never by digits (48-57).
  let letters = 0;
  for (let i = from; i < to; i++) {
    const m = WORD_CLASS[text.charCodeAt(i)];
    if (m > 2) {
      if (m === NON_ASCII_CLASS) return -1;
      if (start < 0) {
        start = i;
        h = FNV_OFFSET;
        letters = 0;
      }
      letters |= m;
      h = Math.imul(h ^ m, FNV_PRIME);
    } else if (start >= 0) {
      // An apostrophe inside a word joins it: pyongyang's -> pyongyangs (a non-ASCII character
      // after it ends the pass at the next step).
      if (m === 1 && i + 1 < to && WORD_CLASS[text.charCodeAt(i + 1)] > 2) continue;
      // A `.` or `,` between two digits is part of the number: 3,029,930 and 1.43.
      if (m === 2 && i + 1 < to) {
        const before = text.charCodeAt(i - 1);
        const after = text.charCodeAt(i + 1);
        if (before >= 48 && before <= 57 && after >= 48 && after <= 57) {
          h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
          continue;
        }
      }
      // The word ends at its last letter or digit (an apostrophe is never last).
      count = putToken(out, count, h, start, i, positions);
      words += (letters >> 6) & 1;
      start = -1;
    }
  }
  if (start >= 0) {
    count = putToken(out, count, h, start, to, positions);
    words += (letters >> 6) & 1;
  }
  out.words = words;
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
