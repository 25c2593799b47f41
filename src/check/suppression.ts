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

/** What a marker line says. */
export type MarkerKind = 'next' | 'start' | 'end';

const MARKER =
  /^\s*(?:<!--\s*dupgraf-ignore-(next|start|end)\s*-->|\[dupgraf-ignore-(next|start|end)\])\s*$/;

/** Which kind of marker a line is, or null. */
export function markerOf(line: string): MarkerKind | null {
  const m = MARKER.exec(line);
  return m ? ((m[1] ?? m[2]) as MarkerKind) : null;
}

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
 */
export function prepareStory(text: string, paragraphs?: readonly ParagraphSpan[]): PreparedStory {
  if (!text.includes('dupgraf-ignore'))
    return { text, suppressedLines: new Set(), markers: 0, problems: [] };
  const lines = text.split(/\r\n|\r|\n/);
  const markers: { line: number; kind: MarkerKind }[] = [];
  lines.forEach((l, i) => {
    const kind = l.includes('dupgraf-ignore') ? markerOf(l) : null;
    if (kind) markers.push({ line: i + 1, kind });
  });
  const result: PreparedStory = { text, suppressedLines: new Set(), markers: 0, problems: [] };
  if (markers.length === 0) return result;

  // In a text split by blank lines, an emptied marker line cannot change how it is split; in a
  // one-paragraph-per-line text the marker is its own short paragraph and is left alone.
  if (!paragraphs && segmentMode(text) === 'blocks') {
    const markerLines = new Set(markers.map((m) => m.line));
    result.text = text
      .split(/(\r\n|\r|\n)/)
      .map((part, i) => (i % 2 === 0 && markerLines.has(i / 2 + 1) ? '' : part))
      .join('');
  }
  const spans = (paragraphs ?? segment(result.text)).filter(
    (p) => !(p.line === p.endLine && markerOf(lines[p.line - 1] ?? '')),
  );

  let openAt: number | null = null;
  for (const m of markers) {
    if (m.kind === 'next') {
      const next = spans.find((p) => p.line > m.line);
      if (!next)
        result.problems.push({
          line: m.line,
          message: 'dupgraf-ignore-next with no paragraph after it',
        });
      else {
        result.suppressedLines.add(next.line);
        result.markers++;
      }
    } else if (m.kind === 'start') {
      if (openAt !== null)
        result.problems.push({
          line: m.line,
          message: 'dupgraf-ignore-start inside another ignore range',
        });
      else openAt = m.line;
    } else if (openAt === null) {
      result.problems.push({ line: m.line, message: 'dupgraf-ignore-end without a start' });
    } else {
      const from = openAt;
      for (const p of spans)
        if (p.line > from && p.endLine < m.line) result.suppressedLines.add(p.line);
      result.markers++;
      openAt = null;
    }
  }
  if (openAt !== null) {
    const from = openAt;
    for (const p of spans) if (p.line > from) result.suppressedLines.add(p.line);
    result.markers++;
    result.problems.push({
      line: from,
      message: 'dupgraf-ignore-start without an end: ignored to the end of the file',
    });
  }
  return result;
}
