/**
 * Splitting a document's text into paragraphs.
 *
 * Rule: paragraphs are blocks of non-blank lines separated by blank lines. A text in which no
 * blank line separates two non-empty lines (a CMS export, the seed file) is read one paragraph
 * per line instead. CRLF, CR and LF line ends are accepted; a leading UTF-8 BOM is skipped.
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

/** How a text was split: by blank lines (`blocks`) or one paragraph per line (`lines`). */
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
 * Tells how `text` will be segmented: `blocks` when some blank line separates two non-empty
 * lines, else `lines` (one paragraph per line).
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
  if (mode === 'lines') {
    for (let i = 0; i < lines.count; i++) if (!lines.blank[i] && !breaks?.has(i)) push(i, i);
    return out;
  }
  let blockStart = -1;
  for (let i = 0; i < lines.count; i++) {
    if (lines.blank[i] || breaks?.has(i)) {
      if (blockStart >= 0) push(blockStart, i - 1);
      blockStart = -1;
    } else if (blockStart < 0) {
      blockStart = i;
    }
  }
  if (blockStart >= 0) push(blockStart, lines.count - 1);
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
