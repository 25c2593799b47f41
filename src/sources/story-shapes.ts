/**
 * The shapes of news paragraphs that tell where a story starts: what a paragraph is like (its
 * words, case, ending, the dateline it starts with: `ParagraphShape`), read lazily from the file's
 * text. The roles those shapes make (headline, lede, byline…) are in paragraph-roles.ts; the
 * dateline patterns in datelines.ts. Pure functions of a paragraph's text; `stories.ts` combines
 * them into the rule that splits a file into stories.
 *
 * The thresholds were set on real copy (Reuters-21578 and BBC News, see docs/stories.md) and
 * are measured by tests/sources/story-split-corpora.test.ts.
 */

import { matchDateline, type Dateline } from './datelines.js';

/** Words that stay lower case in a Title Case headline. */
const SMALL_WORDS = new Set(
  'a an the and or nor but of in on at to for by with v vs via from as into over per up off out than upon onto is'.split(
    ' ',
  ),
);

/**
 * Closing quotes and brackets that may follow a sentence's last mark (the East Asian corner
 * brackets, full-width and angle brackets among them).
 */
export const CLOSERS = new Set([
  '"',
  "'",
  '\u201d',
  '\u2019',
  ')',
  ']',
  '\u00bb',
  '\u203a',
  '\u3009',
  '\u300b',
  '\u300d',
  '\u300f',
  '\u3011',
  '\u3015',
  '\uff09',
  '\uff3d',
]);

/**
 * Marks that end a sentence besides the full stop (`.`, see {@link DOTTED_ABBREVIATION}): `!`,
 * `?`, `…`, `:` and `;`, and those of other scripts: the ideographic and full-width full stops,
 * exclamation and question marks, colon and semicolon (Chinese, Japanese), the Devanagari danda and
 * double danda (Hindi, Marathi, Nepali), the Arabic question mark, semicolon and full stop (Urdu),
 * the Greek question mark, the Armenian full stop, the Ethiopic full stop and question mark, the
 * Myanmar, Khmer and Tibetan sentence marks.
 */
export const SENTENCE_MARKS = new Set([
  '!',
  '?',
  '\u2026',
  ':',
  ';',
  '\u3002',
  '\uff0e',
  '\uff61',
  '\uff01',
  '\uff1f',
  '\uff1a',
  '\uff1b',
  '\u0964',
  '\u0965',
  '\u061f',
  '\u061b',
  '\u06d4',
  '\u037e',
  '\u0589',
  '\u1362',
  '\u1367',
  '\u104b',
  '\u17d4',
  '\u0f0d',
]);

/** Question marks among {@link SENTENCE_MARKS} (a headline may end with one). */
export const QUESTION_MARKS = new Set(['?', '\uff1f', '\u061f', '\u037e', '\u1367']);

/** An abbreviation written with full stops, `U.S.`, `S.A.`: its full stop ends no sentence. */
export const DOTTED_ABBREVIATION = /^(?:\p{L}\.){2,}$/u;

/** Case of a line's words: all capitals, Title Case, or sentence case (anything else). */
export type LineCase = 'caps' | 'title' | 'sentence';

/** `true` for the characters of JavaScript's `\s`. */
export function isSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * `text` with each run of white space made one space, as `text.replace(/\s+/g, ' ')`; the text
 * itself, without a pattern, when it has no white space but single spaces (most paragraphs).
 */
function collapseSpace(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 ? isSpaceCode(text.charCodeAt(i + 1)) : isSpaceCode(c))
      return text.replace(/\s+/g, ' ');
  }
  return text;
}

/** Counts over a text's words (white-space separated tokens holding a letter or a digit). */
interface WordFacts {
  /**
   * Words: a white-space separated token holding a letter or a digit is one; in scripts written
   * without spaces, a token counts as the engine counts it (normalize.ts): Han and kana letters
   * half a word each (rounded up), Thai, Lao, Khmer and Myanmar by `Intl.Segmenter`'s words.
   */
  words: number;
  /** Words starting (after punctuation) with a digit. */
  numbers: number;
  /** Tokens holding a letter of a script with case (Latin, Cyrillic, Greek, Armenian…). */
  lettered: number;
  /** Tokens holding only letters without case (Han, Arabic, Devanagari, Thai…). */
  caseless: number;
  /** Cased tokens with a lower-case letter. */
  lower: number;
  /** Cased tokens all in capitals (`t === t.toUpperCase()`). */
  upper: number;
  /** Cased tokens that are not small words (`of`, `the`, …). */
  significant: number;
  /** Those starting (after punctuation) with a capital or a digit. */
  significantCapitalOrDigit: number;
  /** Those starting (after punctuation) with a capital. */
  significantCapital: number;
}

/**
 * Kind of a character (code point `c`, `ch` its string) for {@link wordFacts}: 0 other, 1 digit,
 * 2 upper, 3 lower, 4 letter without case, 5 a Han or kana letter (written without spaces),
 * 6 a Thai, Lao, Khmer or Myanmar letter or mark (words cut by `Intl.Segmenter`).
 */
function charKind(ch: string, c: number): number {
  if (c < 128) {
    if (c >= 48 && c <= 57) return 1;
    if (c >= 65 && c <= 90) return 2;
    if (c >= 97 && c <= 122) return 3;
    return 0;
  }
  if (
    (c >= 0x3040 && c <= 0x30ff && c !== 0x30fb) ||
    (c >= 0x31f0 && c <= 0x31ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xff66 && c <= 0xff9f) ||
    (c >= 0x20000 && c <= 0x3ffff)
  )
    return 5;
  if ((c >= 0x0e00 && c <= 0x0eff) || (c >= 0x1000 && c <= 0x109f) || (c >= 0x1780 && c <= 0x17ff))
    return /[\p{L}\p{M}]/u.test(ch) ? 6 : /\p{N}/u.test(ch) ? 1 : 0;
  if (/\p{N}/u.test(ch)) return 1;
  if (/\p{Lu}/u.test(ch)) return 2;
  if (/\p{Ll}/u.test(ch)) return 3;
  if (/\p{L}/u.test(ch)) return 4;
  return 0;
}

let wordSegmenter: Intl.Segmenter | undefined;

/** Words of `token` (Thai, Lao, Khmer or Myanmar in it) as `Intl.Segmenter` cuts them. */
function segmentedWords(token: string): number {
  wordSegmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  let words = 0;
  for (const part of wordSegmenter.segment(token)) if (part.isWordLike) words++;
  return Math.max(words, 1);
}

/** The {@link WordFacts} of a text whose white space is collapsed to single spaces. */
function wordFacts(text: string): WordFacts {
  const f: WordFacts = {
    words: 0,
    numbers: 0,
    lettered: 0,
    caseless: 0,
    lower: 0,
    upper: 0,
    significant: 0,
    significantCapitalOrDigit: 0,
    significantCapital: 0,
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const from = i;
    let first = 0; // kind of the first letter or digit
    let firstAt = -1;
    let lastAt = -1;
    let hasCased = false;
    let hasCaseless = false;
    let hasLower = false;
    let unspaced = 0; // Han and kana letters
    let others = false; // letters or digits besides those
    let segmented = false;
    while (i < n && text.charCodeAt(i) !== 32) {
      const c = text.codePointAt(i)!;
      const width = c > 0xffff ? 2 : 1;
      const k = charKind(width === 1 ? text[i] : text.slice(i, i + 2), c);
      if (k !== 0) {
        if (firstAt < 0) {
          firstAt = i;
          first = k;
        }
        lastAt = i + width - 1;
        if (k === 2 || k === 3) hasCased = true;
        else if (k >= 4) hasCaseless = true;
        if (k === 3) hasLower = true;
        if (k === 5) unspaced++;
        else others = true;
        if (k === 6) segmented = true;
      }
      i += width;
    }
    if (firstAt < 0) continue;
    const token = text.slice(from, i);
    f.words += segmented
      ? segmentedWords(token)
      : unspaced > 0
        ? Math.ceil(unspaced / 2) + (others ? 1 : 0)
        : 1;
    if (first === 1) f.numbers++;
    if (!hasCased) {
      if (hasCaseless) f.caseless++;
      continue;
    }
    f.lettered++;
    if (hasLower) f.lower++;
    else if (token === token.toUpperCase()) f.upper++;
    const bare = text.slice(firstAt, lastAt + 1).toLowerCase();
    if (!SMALL_WORDS.has(bare)) {
      f.significant++;
      if (first === 1 || first === 2) f.significantCapitalOrDigit++;
      if (first === 2) f.significantCapital++;
    }
  }
  return f;
}

/** Characters of a paragraph's start a dateline fits in (a longer one is no dateline). */
export const DATELINE_HEAD = 120;

/**
 * What the story rule needs to know about one paragraph. Each property is computed when first
 * read and kept: the rule reads only the cheap ones (length, one line, the dateline's first
 * characters) for most paragraphs, so a long story costs little.
 */
export class ParagraphShape {
  /** An explicit separator (or a form feed) stands directly before it (set by the splitter). */
  afterSeparator = false;
  /** Markdown heading level (1-6), when the paragraph is a heading (set by the splitter). */
  heading: number | undefined = undefined;
  private collapsed?: string = undefined;
  private factsOf?: WordFacts = undefined;
  private ending?: { endsSentence: boolean; endsQuestion: boolean } = undefined;
  private caseOf?: { case: LineCase | undefined; lowerShare: number; numbers: number } = undefined;
  private datelineOf?: Dateline | null = undefined;

  /**
   * The paragraph `source.slice(start, end)`; `oneLine`: whether it is one line of the file.
   */
  constructor(
    private readonly source: string,
    private readonly start: number,
    private readonly end: number,
    /** Whether it is one line of the file. */
    readonly oneLine: boolean,
  ) {}

  /** Characters as written (an upper bound of the text's length). */
  get rawLength(): number {
    return this.end - this.start;
  }

  /** The paragraph's text, white space collapsed. */
  get text(): string {
    this.collapsed ??= collapseSpace(this.source.slice(this.start, this.end)).trim();
    return this.collapsed;
  }

  /**
   * Words: white-space separated tokens holding a letter or a digit, in scripts written without
   * spaces counted as the engine counts them (see {@link WordFacts}).
   */
  get words(): number {
    return this.facts.words;
  }

  /** How the paragraph ends, read backwards from its last character (nothing is copied). */
  private get endingOf(): { endsSentence: boolean; endsQuestion: boolean } {
    if (this.ending === undefined) {
      const src = this.source;
      let i = this.end - 1;
      while (i >= this.start && isSpaceCode(src.charCodeAt(i))) i--;
      while (i >= this.start && CLOSERS.has(src[i])) i--;
      const mark = i >= this.start ? src[i] : '';
      let endsSentence = SENTENCE_MARKS.has(mark);
      if (mark === '.') {
        // The last word: `U.S.` ends no sentence.
        let w = i;
        while (w > this.start && !isSpaceCode(src.charCodeAt(w - 1))) w--;
        endsSentence = !DOTTED_ABBREVIATION.test(src.slice(w, i + 1));
      }
      this.ending = { endsSentence, endsQuestion: QUESTION_MARKS.has(mark) };
    }
    return this.ending;
  }

  /**
   * Ends with `.` or one of the {@link SENTENCE_MARKS} (`!`, `?`, `…`, `:`, `;`, `。`, `।`…; closing
   * quotes and brackets allowed; `U.S.` is no end).
   */
  get endsSentence(): boolean {
    return this.endingOf.endsSentence;
  }

  /** Ends with a question mark (`?`, `？`, `؟`…: a question headline). */
  get endsQuestion(): boolean {
    return this.endingOf.endsQuestion;
  }

  /** What the words are like, in one pass over them (see {@link wordFacts}). */
  private get facts(): WordFacts {
    this.factsOf ??= wordFacts(this.text);
    return this.factsOf;
  }

  private get casing(): { case: LineCase | undefined; lowerShare: number; numbers: number } {
    if (this.caseOf === undefined) {
      const f = this.facts;
      let lineCase: LineCase | undefined;
      // A line mostly in a script without case (Chinese, Arabic, Hindi…) has no case: a Latin
      // name or acronym in it does not make it capitals or Title Case.
      if (f.lettered > f.caseless) {
        if (f.upper === f.lettered) lineCase = 'caps';
        else
          lineCase =
            f.significant === f.significantCapitalOrDigit && f.significantCapital >= 2
              ? 'title'
              : 'sentence';
      }
      this.caseOf = {
        case: lineCase,
        lowerShare: f.lettered === 0 ? 0 : f.lower / f.lettered,
        numbers: f.numbers,
      };
    }
    return this.caseOf;
  }

  /**
   * Case of its words (undefined when it has no letters, or when most of its words are in a
   * script without case).
   */
  get case(): LineCase | undefined {
    return this.casing.case;
  }

  /** Words starting with a digit. */
  get numbers(): number {
    return this.casing.numbers;
  }

  /** Share of the words with cased letters that have a lower-case letter, 0..1 (0 without any). */
  get lowerShare(): number {
    return this.casing.lowerShare;
  }

  /** The dateline it starts with, if any (only its first characters are looked at). */
  get dateline(): Dateline | null {
    if (this.datelineOf === undefined) {
      const to = Math.min(this.end, this.start + DATELINE_HEAD);
      this.datelineOf = mayStartWithDateline(this.source, this.start, this.end)
        ? matchDateline(collapseSpace(this.source.slice(this.start, to)))
        : null;
    }
    return this.datelineOf;
  }
}

/**
 * Whether the character at `i` of `text` is a dash that may end a dateline: an en or em dash
 * anywhere (`(AP)—Stocks`), a hyphen followed by white space or right after a bracket
 * (`(Reuters)-The`, EFE's `(EFE).-`).
 */
export function mayEndDateline(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 0x2013 || c === 0x2014) return true;
  if (c !== 45) return false;
  if (isSpaceCode(text.charCodeAt(i + 1))) return true;
  const before = text.charCodeAt(i - 1);
  return before === 41 || (before === 46 && text.charCodeAt(i - 2) === 41);
}

/** Zero-width characters and a BOM, which a dateline may stand after (see datelines.ts). */
function isZeroWidth(c: number): boolean {
  return (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff;
}

/**
 * Whether `source.slice(start, end)` may start with a dateline, looking at a few characters only:
 * it starts with a letter (or `*`, after any zero-width characters), and within its first 120
 * characters a day's digit (ASCII or Arabic-Indic) or an agency's bracket comes before a dash
 * followed by white space, an en or em dash, or a hyphen right after a bracket. Most paragraphs
 * are out without a copy or a pattern.
 */
export function mayStartWithDateline(source: string, start: number, end: number): boolean {
  while (start < end && isZeroWidth(source.charCodeAt(start))) start++;
  const first = source.charCodeAt(start);
  const letter =
    first === 42 ||
    (first >= 65 && first <= 90) ||
    (first >= 97 && first <= 122) ||
    (first > 127 && /\p{L}/u.test(source[start]));
  if (!letter) return false;
  const to = Math.min(end, start + DATELINE_HEAD);
  let dayOrAgency = false;
  for (let i = start + 1; i + 1 < to; i++) {
    const c = source.charCodeAt(i);
    if (
      (c >= 48 && c <= 57) ||
      c === 40 ||
      (c >= 0x660 && c <= 0x669) ||
      (c >= 0x6f0 && c <= 0x6f9)
    )
      dayOrAgency = true;
    else if (dayOrAgency && mayEndDateline(source, i)) return true;
  }
  return false;
}

/** The shape of a paragraph written as `text` (see {@link ParagraphShape}). */
export function paragraphShape(text: string, oneLine: boolean): ParagraphShape {
  return new ParagraphShape(text, 0, text.length, oneLine);
}
