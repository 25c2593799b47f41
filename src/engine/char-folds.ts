/**
 * How the tokenizer folds single characters when it first meets them (normalize.ts keeps the
 * results in its class table): full case folding, decomposition, the digit values of every
 * script, accents and strokes stripped for `foldAccents`, the marks it drops; and Hangul jamo
 * composed again after a refold.
 */

/** Curly and other single quotes: apostrophes to the tokenizer, folded to `'` by `normalize`. */
export const SINGLE_QUOTES = '\u2018\u2019\u201a\u201b\u2032\u2035\u0060\u00b4\u02bc\u02b9';
/** A decimal digit of any script (`\p{Nd}`). */
export const DECIMAL = /^\p{Nd}$/u;
/** Combining diacritics stripped by `foldAccents` (ranges of marks: nothing is combined here). */
// eslint-disable-next-line no-misleading-character-class
export const ACCENT_MARK = /^[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]$/u;
/** Letters `foldAccents` maps although Unicode gives them no decomposition. */
const STROKED: Readonly<Record<string, string>> = {
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ħ: 'h',
  ŧ: 't',
  ƀ: 'b',
  ɨ: 'i',
  ʉ: 'u',
  ƶ: 'z',
};

/**
 * Arabic harakat and Quranic marks, and Hebrew points and cantillation marks: dropped. (Maddah
 * and hamza above/below, U+0653-0655, are kept: they compose with letters into other letters.)
 */
export function isDroppedMark(cp: number): boolean {
  return (
    (cp >= 0x0610 && cp <= 0x061a) ||
    (cp >= 0x064b && cp <= 0x0652) ||
    (cp >= 0x0656 && cp <= 0x065f) ||
    cp === 0x0670 ||
    (cp >= 0x06d6 && cp <= 0x06dc) ||
    (cp >= 0x06df && cp <= 0x06e4) ||
    cp === 0x06e7 ||
    cp === 0x06e8 ||
    (cp >= 0x06ea && cp <= 0x06ed) ||
    (cp >= 0x08ca && cp <= 0x08e1) ||
    (cp >= 0x08e3 && cp <= 0x08ff) ||
    (cp >= 0x0591 && cp <= 0x05bd) ||
    cp === 0x05bf ||
    cp === 0x05c1 ||
    cp === 0x05c2 ||
    cp === 0x05c4 ||
    cp === 0x05c5 ||
    cp === 0x05c7
  );
}

/** Value 0-9 of a decimal digit: its place in the run of 10·n consecutive `\p{Nd}` code points. */
export function digitValue(cp: number): number {
  let start = cp;
  while (DECIMAL.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/**
 * Full case folding of one character: lower(upper(lower(c))) (`ß`, `ẞ` → `ss`; `ς`, `Σ` → `σ`;
 * `ı` → `i`), with `İ`'s dot above dropped (`İ` → `i`).
 */
export function caseFold(ch: string): string {
  const f = ch.toLowerCase().toUpperCase().toLowerCase();
  return f.includes('\u0307') ? f.replace(/([ij])\u0307/g, '$1') : f;
}

/** `foldAccents`' form of an already folded (decomposed) string: diacritics and strokes removed. */
export function stripAccents(folded: string): string {
  let out = '';
  for (const c of folded) {
    if (ACCENT_MARK.test(c)) continue;
    out += STROKED[c] ?? c;
  }
  return out;
}

/**
 * Arabic letters folded to the Persian ones that are the same letter in another encoding: yeh
 * `ي` (U+064A) and alef maksura `ى` (U+0649) to Farsi yeh `ی` (U+06CC), kaf `ك` (U+0643) to keheh
 * `ک` (U+06A9). Persian typed on an Arabic keyboard (or converted by an old CMS) has the Arabic
 * codes; Arabic itself never uses U+06CC or U+06A9, so in Arabic text the fold only renames
 * letters, except that `ى` and `ي` become one (as Lucene's ArabicNormalizer and SoraniNormalizer
 * fold them: Egyptian copy writes `فى` for `في`).
 */
const ARABIC_LETTER_FOLD = /[\u0643\u0649\u064a]/g;
const ARABIC_LETTER_TO: Readonly<Record<string, string>> = {
  '\u0643': '\u06a9',
  '\u0649': '\u06cc',
  '\u064a': '\u06cc',
};

/**
 * The folded form of a word character as tokens are hashed: case-folded and decomposed (NFD: `é`
 * is `e` and U+0301), so a letter and its combining marks fold alike however they were composed;
 * Arabic yeh, alef maksura and kaf as Persian yeh and keheh (`ئ` is `ی` and U+0654). Hangul
 * syllables stay whole.
 */
export function decomposedFold(ch: string): string {
  const f = caseFold(ch);
  const cp = ch.codePointAt(0)!;
  if (cp >= 0xac00 && cp <= 0xd7a3) return f;
  const d = f.normalize('NFD');
  return cp >= 0x0620 && cp <= 0x06ff
    ? d.replace(ARABIC_LETTER_FOLD, (c) => ARABIC_LETTER_TO[c])
    : d;
}

/** Composes conjoining Hangul jamo (L V, L V T) into syllables, as NFC does. */
export function composeHangul(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const l = s.charCodeAt(i) - 0x1100;
    const v = s.charCodeAt(i + 1) - 0x1161;
    if (l >= 0 && l < 19 && v >= 0 && v < 21) {
      const t = s.charCodeAt(i + 2) - 0x11a7;
      const tail = t > 0 && t < 28 ? t : 0;
      out += String.fromCharCode(0xac00 + (l * 21 + v) * 28 + tail);
      i += tail > 0 ? 2 : 1;
    } else out += s[i];
  }
  return out;
}
