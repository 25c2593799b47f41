/**
 * Splitting a document's text into paragraphs (docs/formats.md, "Paragraphs of a text file").
 *
 * A text is cut into blocks of non-blank lines at its blank lines (and at separator lines,
 * `breaks`). A block of one line is a paragraph; a block of two or more is read by its shape, its
 * width being its longest line's length (trailing white space dropped):
 *
 * - a line end (but the last) breaks mid-sentence *strongly* when a word is broken there at a
 *   hyphen, or when the line does not end with sentence-final punctuation, is at least three
 *   quarters of the width, the width is at most {@link WRAP_MAX}, and the next line starts with a
 *   lower-case letter; *weakly* in that case when the next line starts otherwise but its first
 *   word would not have fit on the line (the line is full);
 * - **hard-wrapped prose** (some strong break and at least half of the line ends mid-sentence):
 *   lines joined; at a line end not mid-sentence, a paragraph starts when the next line is
 *   indented more than the block's least-indented line, or when the line ends a sentence under
 *   three quarters of the width with room for the next word;
 * - **one paragraph per line** otherwise, when the text has no blank line between two non-empty
 *   lines, a line is wider than {@link WRAP_MAX}, or a line end not mid-sentence leaves room for
 *   the next line's first word; a strong mid-sentence break still joins its two lines;
 * - else the block is one paragraph.
 *
 * A block narrower than {@link WRAP_MIN} is read as the whole text says: one paragraph per line
 * when no blank line separates two non-empty lines (a CMS export, the seed file), else one
 * paragraph. CRLF, CR and LF line ends are accepted; a leading UTF-8 BOM is skipped.
 */

/** One paragraph of a document, with where it stands. */
export interface ParagraphSpan {
  /** Position of the paragraph in its document, 1-based. */
  index: number;
  /** First line of the paragraph, 1-based. */
  line: number;
  /** Last line of the paragraph, 1-based, inclusive. */
  endLine: number;
  /** Offset of the paragraph's first character in the text, 0-based UTF-16 code units. */
  start: number;
  /** Offset just past the paragraph's last character (exclusive), 0-based UTF-16 code units. */
  end: number;
  /** The paragraph's text as written (lines joined by their original line breaks). */
  text: string;
}

/**
 * How a text is read as a whole: by blank lines (`blocks`) or one paragraph per line (`lines`);
 * a block of lines with a shape of its own is read by it (see the module comment).
 */
export type SegmentMode = 'blocks' | 'lines';

/** `true` for the characters of JavaScript's `\s`. */
function isSpace(c: number): boolean {
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

/** `true` for characters that do not make a line non-blank (white space and zero-width). */
function isBlankChar(c: number): boolean {
  return isSpace(c) || (c >= 0x200b && c <= 0x200d) || c === 0x2060;
}

/** The lines of a text: start and end offsets (end exclusive, before the line break), blank flag. */
interface Lines {
  count: number;
  start: number[];
  end: number[];
  blank: boolean[];
}

function splitLines(text: string): Lines {
  const out: Lines = { count: 0, start: [], end: [], blank: [] };
  const push = (s: number, e: number) => {
    let blank = true;
    for (let i = s; i < e; i++) {
      if (!isBlankChar(text.charCodeAt(i))) {
        blank = false;
        break;
      }
    }
    out.start.push(s);
    out.end.push(e);
    out.blank.push(blank);
    out.count++;
  };
  const n = text.length;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.indexOf('\r', start) < 0) {
    for (let e = text.indexOf('\n', start); e >= 0; e = text.indexOf('\n', start)) {
      push(start, e);
      start = e + 1;
    }
    if (start < n || out.count === 0) push(start, n);
    return out;
  }
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      push(start, i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < n || out.count === 0) push(start, n);
  return out;
}

/**
 * How `text` is read as a whole: `blocks` when some blank line separates two non-empty lines,
 * else `lines` (one paragraph per line). Each block of lines is then read by its own shape (see
 * the module comment); this is the reading of a block that shows none.
 */
export function segmentMode(text: string): SegmentMode {
  return chooseMode(splitLines(text));
}

function chooseMode(lines: Lines, breaks?: ReadonlySet<number>): SegmentMode {
  let seenText = false;
  let blankAfterText = false;
  for (let i = 0; i < lines.count; i++) {
    if (lines.blank[i] && !breaks?.has(i)) {
      if (seenText) blankAfterText = true;
    } else {
      if (blankAfterText) return 'blocks';
      seenText = true;
    }
  }
  return 'lines';
}

/**
 * Where the paragraphs of a text are, without their texts: the paragraphs {@link segment} gives,
 * as parallel arrays (lines 1-based, offsets 0-based, end exclusive), in order.
 */
export interface ParagraphBounds {
  count: number;
  line: number[];
  endLine: number[];
  start: number[];
  end: number[];
}

/**
 * The paragraphs of `text` as {@link segment} finds them, without slicing their texts (cheap
 * enough to look at every file); `breaks` as in {@link segment}.
 */
export function paragraphBounds(text: string, breaks?: ReadonlySet<number>): ParagraphBounds {
  const lines = splitLines(text);
  const mode = chooseMode(lines, breaks);
  const out: ParagraphBounds = { count: 0, line: [], endLine: [], start: [], end: [] };
  const push = (first: number, last: number) => {
    let start = lines.start[first];
    let end = lines.end[last];
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    out.line.push(first + 1);
    out.endLine.push(last + 1);
    out.start.push(start);
    out.end.push(end);
    out.count++;
  };
  forEachBlockParagraph(
    text,
    lines.start,
    lines.end,
    lines.count,
    mode === 'lines',
    push,
    (i) => lines.blank[i] || breaks?.has(i) === true,
  );
  return out;
}

/**
 * Splits a document into paragraphs (see the module comment for the rule).
 * Leading and trailing white space of each paragraph is trimmed; offsets point at the trimmed text.
 * `breaks` (0-based line numbers, optional) are separator lines: never part of a paragraph, they
 * end the one before them, and they count as text when choosing the mode (so separators between
 * one-paragraph-per-line stories keep the file one paragraph per line).
 */
export function segment(text: string, breaks?: ReadonlySet<number>): ParagraphSpan[] {
  const b = paragraphBounds(text, breaks);
  const out: ParagraphSpan[] = [];
  for (let i = 0; i < b.count; i++) {
    out.push({
      index: i + 1,
      line: b.line[i],
      endLine: b.endLine[i],
      start: b.start[i],
      end: b.end[i],
      text: text.slice(b.start[i], b.end[i]),
    });
  }
  return out;
}

/** A line wider than this is no hard-wrapped line (no wrap column is wider). */
export const WRAP_MAX = 100;
/** A block narrower than this is too narrow to tell wrapped prose from short lines. */
export const WRAP_MIN = 40;

/** `true` for a character that ends a sentence (`.`, `!`, `?`, `…`, CJK full stops). */
function isSentenceEnd(c: number): boolean {
  return (
    c === 46 ||
    c === 33 ||
    c === 63 ||
    c === 0x2026 ||
    c === 0x3002 ||
    c === 0xff01 ||
    c === 0xff1f ||
    c === 0xff0e
  );
}

/** `true` for closing quotes and brackets that may follow a sentence's end. */
function isCloser(c: number): boolean {
  return (
    c === 34 ||
    c === 39 ||
    c === 41 ||
    c === 93 ||
    c === 0x2019 ||
    c === 0x201d ||
    c === 0xbb ||
    c === 0x203a ||
    c === 0x300d ||
    c === 0x300f ||
    c === 0xff09
  );
}

const LOWER = /^\p{Ll}$/u;

const LETTER = /^\p{L}$/u;

/** `true` for a letter. */
function isLetter(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return LETTER.test(String.fromCharCode(c));
}

/** `true` for a lower-case letter. */
function isLower(c: number): boolean {
  if (c < 128) return c >= 97 && c <= 122;
  return LOWER.test(String.fromCharCode(c));
}

/**
 * Calls `emit(first, last)` (0-based line numbers, inclusive) for each paragraph of a text whose
 * lines are `start[i]`…`end[i]` (end exclusive, before the line break), `count` of them, where
 * `isGap(i)` tells the lines that end blocks (blank and separator lines). `perLine` is how the
 * text as a whole is read (`true` when no blank line separates two non-empty lines), the reading
 * of a block that shows neither shape (see the module comment). Shared by
 * {@link paragraphBounds} and the engine's prepared batches, so both find the same paragraphs.
 */
export function forEachBlockParagraph(
  text: string,
  start: ArrayLike<number>,
  end: ArrayLike<number>,
  count: number,
  perLine: boolean,
  emit: (first: number, last: number) => void,
  isGap: (i: number) => boolean,
): void {
  let blockStart = -1;
  for (let i = 0; i <= count; i++) {
    if (i === count || isGap(i)) {
      if (blockStart >= 0) blockParagraphs(text, start, end, blockStart, i - 1, perLine, emit);
      blockStart = -1;
    } else if (blockStart < 0) blockStart = i;
  }
}

/** The paragraphs of one block, lines `from`…`to` (see the module comment). */
function blockParagraphs(
  text: string,
  start: ArrayLike<number>,
  end: ArrayLike<number>,
  from: number,
  to: number,
  perLine: boolean,
  emit: (first: number, last: number) => void,
): void {
  if (from === to) {
    emit(from, to);
    return;
  }
  const n = to - from + 1;
  // Per line: width (trailing white space dropped), indentation, first word's length.
  const width = new Array<number>(n);
  const indent = new Array<number>(n);
  const firstWord = new Array<number>(n);
  let widest = 0;
  let least = Infinity;
  for (let k = 0; k < n; k++) {
    const s = start[from + k];
    let e = end[from + k];
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    let b = s;
    while (b < e && isSpace(text.charCodeAt(b))) b++;
    let w = b;
    while (w < e && !isSpace(text.charCodeAt(w))) w++;
    width[k] = e - s;
    indent[k] = b - s;
    firstWord[k] = w - b;
    if (e - s > widest) widest = e - s;
    if (b - s < least) least = b - s;
  }
  if (widest < WRAP_MIN) {
    if (perLine) for (let k = from; k <= to; k++) emit(k, k);
    else emit(from, to);
    return;
  }
  // Each line end but the last: does it end a sentence, break mid-sentence (`strong`: the next
  // line goes on in lower case, or a word is broken at a hyphen; `weak`: the line is full), or
  // stop short of the width (the next line's first word would have fit)?
  const ends = new Array<boolean>(n - 1);
  const strong = new Array<boolean>(n - 1);
  const mid = new Array<boolean>(n - 1);
  const full = new Array<boolean>(n - 1);
  let strongCount = 0;
  let midCount = 0;
  let short = false;
  for (let k = 0; k < n - 1; k++) {
    const lineStart = start[from + k] + indent[k];
    let e = start[from + k] + width[k];
    while (e > lineStart && isCloser(text.charCodeAt(e - 1))) e--;
    ends[k] = e > lineStart && isSentenceEnd(text.charCodeAt(e - 1));
    full[k] = width[k] + 1 + firstWord[k + 1] > widest;
    const nextLower = isLower(text.charCodeAt(start[from + k + 1] + indent[k + 1]));
    const broken =
      nextLower &&
      e - lineStart >= 2 &&
      text.charCodeAt(e - 1) === 45 &&
      isLetter(text.charCodeAt(e - 2));
    const nearWidth = widest <= WRAP_MAX && 4 * width[k] >= 3 * widest;
    strong[k] = broken || (!ends[k] && nearWidth && nextLower);
    mid[k] = strong[k] || (!ends[k] && nearWidth && full[k]);
    if (strong[k]) strongCount++;
    if (mid[k]) midCount++;
    else if (!full[k]) short = true;
  }
  if (strongCount > 0 && 2 * midCount >= n - 1) {
    // Hard-wrapped prose: lines joined; an indented line, or a line after one that ends a
    // sentence well short of the width, starts a paragraph.
    let first = from;
    for (let k = 0; k < n - 1; k++) {
      if (mid[k]) continue;
      if (indent[k + 1] > least || (ends[k] && !full[k] && 4 * width[k] < 3 * widest)) {
        emit(first, from + k);
        first = from + k + 1;
      }
    }
    emit(first, to);
  } else if (perLine || widest > WRAP_MAX || short) {
    // Lines that are paragraphs; a word broken at a line end, or a line going on in lower case
    // after one near the width without sentence-final punctuation, still joins the next.
    let first = from;
    for (let k = 0; k < n - 1; k++) {
      if (strong[k]) continue;
      emit(first, from + k);
      first = from + k + 1;
    }
    emit(first, to);
  } else {
    emit(from, to);
  }
}
