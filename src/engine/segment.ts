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

interface Line {
  start: number;
  end: number;
  blank: boolean;
}

const NON_BLANK = /[^\s\u200b-\u200d\u2060\ufeff]/u;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let i = start;
  while (i <= n) {
    if (i === n) {
      if (start < n || lines.length === 0) lines.push(makeLine(text, start, n));
      break;
    }
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push(makeLine(text, start, i));
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    i++;
  }
  return lines;
}

function makeLine(text: string, start: number, end: number): Line {
  return { start, end, blank: !NON_BLANK.test(text.slice(start, end)) };
}

/**
 * Tells how `text` will be segmented: `blocks` when some blank line separates two non-empty
 * lines, else `lines` (one paragraph per line).
 */
export function segmentMode(text: string): SegmentMode {
  return chooseMode(splitLines(text));
}

function chooseMode(lines: Line[]): SegmentMode {
  let seenText = false;
  let blankAfterText = false;
  for (const line of lines) {
    if (line.blank) {
      if (seenText) blankAfterText = true;
    } else {
      if (blankAfterText) return 'blocks';
      seenText = true;
    }
  }
  return 'lines';
}

/**
 * Splits a document into paragraphs (see the module comment for the rule).
 * Leading and trailing white space of each paragraph is trimmed; offsets point at the trimmed text.
 */
export function segment(text: string): ParagraphSpan[] {
  const lines = splitLines(text);
  const mode = chooseMode(lines);
  const out: ParagraphSpan[] = [];
  const push = (first: number, last: number) => {
    let start = lines[first].start;
    let end = lines[last].end;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    out.push({
      index: out.length + 1,
      line: first + 1,
      endLine: last + 1,
      start,
      end,
      text: text.slice(start, end),
    });
  };
  if (mode === 'lines') {
    lines.forEach((line, i) => {
      if (!line.blank) push(i, i);
    });
    return out;
  }
  let blockStart = -1;
  lines.forEach((line, i) => {
    if (line.blank) {
      if (blockStart >= 0) push(blockStart, i - 1);
      blockStart = -1;
    } else if (blockStart < 0) {
      blockStart = i;
    }
  });
  if (blockStart >= 0) push(blockStart, lines.length - 1);
  return out;
}
