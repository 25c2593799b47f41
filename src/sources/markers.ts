/**
 * Inline suppression markers, read once in the sources layer for every command. In Markdown and
 * HTML, comments: `<!-- dupgraf-ignore-next -->` (the next paragraph), `<!-- dupgraf-ignore-start
 * -->` … `<!-- dupgraf-ignore-end -->` (the paragraphs between); in plain text the same as
 * `[dupgraf-ignore-next]`, `[dupgraf-ignore-start]`, `[dupgraf-ignore-end]` (both syntaxes work in
 * every file). A marker stands alone on its line.
 *
 * Marker lines are never words of a paragraph, in any format: in plain text they end the
 * paragraph before them (as a blank line would) and are not paragraphs themselves; a reader's
 * paragraph that starts or ends with one (Markdown writes `[dupgraf-ignore-next]` directly above
 * a paragraph into it) loses that line. A suppressed paragraph stays in its story with its lines:
 * `scan` leaves it out of the comparison and counts it, `check` reports it as `suppressed`.
 */

import type { ParagraphSpan } from '../engine/segment.js';

/** What a marker line says. */
export type MarkerKind = 'next' | 'start' | 'end';

const MARKER =
  /^\s*(?:<!--\s*dupgraf-ignore-(next|start|end)\s*-->|\[dupgraf-ignore-(next|start|end)\])\s*$/;

/** A marker written at the start or the end of a paragraph's text (plain-text syntax). */
const LEADING = /^\s*\[dupgraf-ignore-(?:next|start|end)\]\s*/;
const TRAILING = /\s*\[dupgraf-ignore-(?:next|start|end)\]\s*$/;

/** Which kind of marker a line is, or null. */
export function markerOf(line: string): MarkerKind | null {
  const m = MARKER.exec(line);
  return m ? ((m[1] ?? m[2]) as MarkerKind) : null;
}

/** The markers of a text: each one's 1-based line and kind, in order. */
export interface Markers {
  list: { line: number; kind: MarkerKind }[];
  /** 0-based numbers of the marker lines. */
  lines: Set<number>;
}

/** The markers of `text`, or null when it has none (most texts: one search says so). */
export function findMarkers(text: string): Markers | null {
  if (!text.includes('dupgraf-ignore')) return null;
  const list: Markers['list'] = [];
  const lines = new Set<number>();
  (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/).forEach((l, i) => {
    const kind = l.includes('dupgraf-ignore') ? markerOf(l) : null;
    if (kind) {
      list.push({ line: i + 1, kind });
      lines.add(i);
    }
  });
  return list.length > 0 ? { list, lines } : null;
}

/**
 * A reader's paragraphs without the marker lines: a paragraph that is only a marker is dropped;
 * one whose first or last line is a marker loses it (its text and its line range). Index
 * renumbered.
 */
export function withoutMarkerLines(
  spans: readonly ParagraphSpan[],
  markers: Markers,
): ParagraphSpan[] {
  const out: ParagraphSpan[] = [];
  for (const s of spans) {
    let { line, endLine, text } = s;
    while (line <= endLine && markers.lines.has(line - 1)) {
      line++;
      text = text.replace(LEADING, '');
    }
    while (endLine >= line && markers.lines.has(endLine - 1)) {
      endLine--;
      text = text.replace(TRAILING, '');
    }
    if (line > endLine || text.trim() === '') continue;
    out.push(
      text === s.text && line === s.line && endLine === s.endLine
        ? { ...s, index: out.length + 1 }
        : { ...s, index: out.length + 1, line, endLine, text },
    );
  }
  return out;
}

/** What the markers of a file do to its paragraphs. */
export interface Suppression {
  /** 1-based first lines of the paragraphs suppressed. */
  lines: Set<number>;
  /** For each marker that applied (an ignore-next, or a start…end range, counts once), the first
   * line of the paragraph it applied to (the first one, for a range). */
  applied: number[];
  /** Misused markers (unclosed start, stray end, ignore-next with nothing after it). */
  problems: { line: number; message: string }[];
}

/**
 * Which of a file's paragraphs (`spans`, in order, marker lines already out) its markers
 * suppress (see the module comment).
 */
export function suppressionOf(markers: Markers, spans: readonly ParagraphSpan[]): Suppression {
  const result: Suppression = { lines: new Set(), applied: [], problems: [] };
  let openAt: number | null = null;
  const range = (from: number, to: number) => {
    let first: number | undefined;
    for (const p of spans)
      if (p.line > from && p.endLine < to) {
        result.lines.add(p.line);
        first ??= p.line;
      }
    result.applied.push(first ?? from);
  };
  for (const m of markers.list) {
    if (m.kind === 'next') {
      const next = spans.find((p) => p.line > m.line);
      if (!next)
        result.problems.push({
          line: m.line,
          message: 'dupgraf-ignore-next with no paragraph after it',
        });
      else {
        result.lines.add(next.line);
        result.applied.push(next.line);
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
      range(openAt, m.line);
      openAt = null;
    }
  }
  if (openAt !== null) {
    range(openAt, Infinity);
    result.problems.push({
      line: openAt,
      message: 'dupgraf-ignore-start without an end: ignored to the end of the file',
    });
  }
  return result;
}
