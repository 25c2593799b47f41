/**
 * Paragraphs of HTML and XML documents (htmlparser2). A paragraph is the text of a block
 * element (HTML: p, h1–h6, li, blockquote, td, …; XML: any element not known as inline), with
 * tags removed, entities decoded and white space collapsed. Each keeps the 1-based source lines
 * of its first and last characters, so a report points into the original file. The contents of
 * script, style, template and similar elements are skipped.
 */

import { Parser } from 'htmlparser2';
import type { ParagraphSpan } from '../engine/segment.js';

/** Markup dialects with a reader. */
export type MarkupKind = 'html' | 'xml';

/** Extensions (lower case, without dot) read as markup, by dialect. */
export const MARKUP_EXTENSIONS: Readonly<Record<string, MarkupKind>> = {
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  xml: 'xml',
};

/** HTML elements whose start and end separate paragraphs. */
const HTML_BLOCKS = new Set(
  (
    'address article aside blockquote body caption center dd details dialog dir div dl dt ' +
    'fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main ' +
    'menu nav ol p pre section summary table tbody td tfoot th thead title tr ul br'
  ).split(' '),
);

/** Elements that stay inside a paragraph (XML mode: every other element is a block). */
const INLINE = new Set(
  (
    'a abbr b bdi bdo cite code data dfn em font i kbd mark q rp rt ruby s samp small span ' +
    'strike strong sub sup time tt u var wbr ins del'
  ).split(' '),
);

/** Elements whose content is not prose. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math']);

/** 1-based line of each offset, by binary search over line starts. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Splits an HTML or XML document into paragraphs with their source lines (1-based). */
export function markupParagraphs(text: string, kind: MarkupKind): ParagraphSpan[] {
  const lineOf = lineIndex(text);
  const spans: ParagraphSpan[] = [];
  let parts: string[] = [];
  let first = -1; // offset of the first non-blank source character of the current paragraph
  let last = -1; // offset just past its last non-blank source character
  let skipDepth = 0;

  const flush = () => {
    const joined = parts.join('').replace(/\s+/g, ' ').trim();
    if (joined !== '' && first >= 0) {
      spans.push({
        index: spans.length + 1,
        line: lineOf(first),
        endLine: lineOf(Math.max(first, last - 1)),
        start: first,
        end: last,
        text: joined,
      });
    }
    parts = [];
    first = -1;
    last = -1;
  };
  const isBlock = (name: string) =>
    kind === 'xml' ? !INLINE.has(name.toLowerCase()) : HTML_BLOCKS.has(name);

  const parser: Parser = new Parser(
    {
      onopentagname(name) {
        if (SKIPPED.has(name.toLowerCase())) skipDepth++;
        else if (skipDepth === 0 && isBlock(name)) flush();
      },
      onclosetag(name) {
        if (SKIPPED.has(name.toLowerCase())) skipDepth = Math.max(0, skipDepth - 1);
        else if (skipDepth === 0 && isBlock(name)) flush();
      },
      ontext(data) {
        if (skipDepth > 0) return;
        parts.push(data);
        if (!/\S/.test(data)) return;
        // Source offsets of this text's first and last non-blank characters.
        const raw = text.slice(parser.startIndex, parser.endIndex + 1);
        const lead = raw.search(/\S/);
        const trail = raw.length - raw.trimEnd().length;
        if (first < 0) first = parser.startIndex + Math.max(0, lead);
        last = parser.endIndex + 1 - trail;
      },
    },
    { xmlMode: kind === 'xml', decodeEntities: true, lowerCaseTags: kind === 'html' },
  );
  parser.end(text);
  flush();
  return spans;
}
