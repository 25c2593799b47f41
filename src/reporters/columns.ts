/**
 * Text in terminal columns: how many columns a text takes (a wide East Asian character two, a
 * combining mark or other zero-width character none; string-width, which yargs uses too), and
 * padding to a width in columns, so the text report's columns line up whatever the script of a
 * path or title. ASCII text is measured by its length, without string-width.
 */

import stringWidth from 'string-width';

/** Printable ASCII only: one column per character. */
const PLAIN = /^[\x20-\x7e]*$/;

/** The columns `text` takes in a terminal (ANSI escapes take none). */
export function displayWidth(text: string): number {
  return PLAIN.test(text) ? text.length : stringWidth(text);
}

/** `text` with spaces after it up to `width` columns (as `padEnd`, by display width). */
export function padEndColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** `text` with spaces before it up to `width` columns (as `padStart`, by display width). */
export function padStartColumns(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` cut to at most `width` columns, ending with `…` when cut: at a character's edge (a
 * letter with its combining marks, an emoji, a surrogate pair stay whole). ASCII text is cut by
 * length.
 */
export function truncateColumns(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (PLAIN.test(text)) return `${text.slice(0, width - 1)}…`;
  let out = '';
  let used = 0;
  for (const { segment } of GRAPHEMES.segment(text)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}
