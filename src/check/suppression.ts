/**
 * Inline suppression markers. In Markdown and HTML, comments:
 *   `<!-- dupgraf-ignore-next -->`   the paragraph after the marker is not counted;
 *   `<!-- dupgraf-ignore-start -->` … `<!-- dupgraf-ignore-end -->`   paragraphs between are not.
 * In plain text, a line holding only `[dupgraf-ignore-next]`, `[dupgraf-ignore-start]` or
 * `[dupgraf-ignore-end]` does the same (both syntaxes are accepted in every file).
 *
 * A marker must stand alone on its line. Marker lines are taken out of the text before matching
 * (so a marker written directly above a paragraph does not change its words).
 */

import { segment, segmentMode, type ParagraphSpan } from '../engine/segment.js';
import { findMarkers, markerOf, suppressionOf, type MarkerKind } from '../sources/markers.js';

export { markerOf, type MarkerKind };

/** The result of reading a story's markers. */
export interface PreparedStory {
  /** The text with marker lines emptied (in files split by blank lines) or kept as they are. */
  text: string;
  /** 1-based first lines of the paragraphs that are suppressed. */
  suppressedLines: Set<number>;
  /** Markers that applied (an ignore-next, or a start…end range, counts once). */
  markers: number;
  /** Problems with markers (unclosed start, stray end, ignore-next with nothing after it). */
  problems: { line: number; message: string }[];
}

/**
 * Reads the suppression markers of a story (see the module comment). `paragraphs` are those a
 * reader already found (HTML/XML, whose comments are never paragraph text); the text is then kept.
 * The sources layer does this for every file it reads (src/sources/markers.ts: documents carry
 * `suppressed` and `suppressions`); this is the same reading for a text at hand.
 */
export function prepareStory(text: string, paragraphs?: readonly ParagraphSpan[]): PreparedStory {
  const found = findMarkers(text);
  if (!found) return { text, suppressedLines: new Set(), markers: 0, problems: [] };
  let out = text;
  // In a text split by blank lines, an emptied marker line cannot change how it is split; in a
  // one-paragraph-per-line text the marker is its own short paragraph and is left alone.
  if (!paragraphs && segmentMode(text) === 'blocks') {
    out = text
      .split(/(\r\n|\r|\n)/)
      .map((part, i) => (i % 2 === 0 && found.lines.has(i / 2) ? '' : part))
      .join('');
  }
  // Marker lines are separator lines: never part of a paragraph (a one-paragraph-per-line text's
  // block of hard-wrapped prose would otherwise take one in).
  const spans = (paragraphs ?? segment(out, found.lines)).filter(
    (p) => !(p.line === p.endLine && found.lines.has(p.line - 1)),
  );
  const s = suppressionOf(found, spans);
  return { text: out, suppressedLines: s.lines, markers: s.applied.length, problems: s.problems };
}
