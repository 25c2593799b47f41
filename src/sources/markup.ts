/**
 * Paragraphs of HTML and XML documents (htmlparser2). A paragraph is the text of a block
 * element (HTML: p, h1–h6, li, blockquote, td, …; XML: any element not known as inline), with
 * tags removed, entities decoded, `<br>` read as a space and white space collapsed. Each keeps the
 * 1-based source lines of its first and last characters, so a report points into the original
 * file. Skipped: comments; the contents of script, style, template and similar elements; in HTML
 * also the `<head>` (its `<title>` and `<meta>` tags become metadata), nav, header, footer, aside
 * and form. When an HTML page has an `<article>` or `<main>` element (or an element with
 * `itemprop="articleBody"`), only the paragraphs inside it are taken.
 */

import type { Parser } from 'htmlparser2';
import { htmlparser2 } from './formats/libraries.js';
import type { DocumentMetadata } from '../engine/report.js';
import type { ParagraphSpan } from '../engine/segment.js';

/** Markup dialects with a reader. */
export type MarkupKind = 'html' | 'xml';

/** HTML elements whose start and end separate paragraphs. */
const HTML_BLOCKS = new Set(
  (
    'address article aside blockquote body caption center dd details dialog dir div dl dt ' +
    'fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main ' +
    'menu nav ol p pre section summary table tbody td tfoot th thead title tr ul'
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

/** HTML elements whose content is page furniture, not the story. */
const HTML_SKIPPED = new Set(['head', 'nav', 'header', 'footer', 'aside', 'form']);

/** HTML elements holding the article body: when present, only their paragraphs are taken. */
const HTML_BODY = new Set(['article', 'main']);

/** `<meta name|property>` values (lower case) read as metadata, by field. */
const HTML_META: ReadonlyArray<readonly [keyof DocumentMetadata, readonly string[]]> = [
  ['id', ['id', 'article:id', 'dc.identifier']],
  ['title', ['og:title', 'dc.title', 'twitter:title']],
  [
    'date',
    [
      'date',
      'article:published_time',
      'pubdate',
      'publishdate',
      'publish-date',
      'dc.date',
      'dc.date.issued',
      'dcterms.date',
      'dcterms.created',
      'og:published_time',
    ],
  ],
  ['desk', ['article:section', 'section', 'desk', 'category']],
  ['source', ['og:site_name', 'source', 'dc.publisher', 'publisher']],
  ['byline', ['author', 'byl', 'byline', 'article:author', 'dc.creator']],
  ['dateline', ['dateline']],
  ['slug', ['slug']],
];

/** 1-based line of each offset, by binary search over line starts (CRLF, CR and LF). */
export function lineIndex(text: string): (offset: number) => number {
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
  return readMarkup(text, kind).paragraphs;
}

/** An HTML or XML document read: its paragraphs and (HTML) the metadata of its head. */
export interface MarkupDocument {
  paragraphs: ParagraphSpan[];
  /** From `<title>` and `<meta>` (HTML only); empty when none. */
  metadata: DocumentMetadata;
  /** What the reader could not do, e.g. the rest of a file nested too deeply; empty when none. */
  problems: string[];
}

/**
 * Elements open at once beyond which a file is not read further (real pages nest a few dozen
 * deep; browsers stop building the tree at 512). htmlparser2's cost per open element grows with
 * the depth, so this bounds a hostile file of unclosed tags to well under a second.
 */
export const MAX_MARKUP_DEPTH = 4096;

/** Thrown inside the parser's callbacks to stop at {@link MAX_MARKUP_DEPTH}. */
class TooDeep extends Error {}

/** Collapses white space and trims. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Collects the text of one paragraph at a time from parser events, with the source offsets of
 * its first and last non-blank characters.
 */
export class ParagraphCollector {
  readonly spans: ParagraphSpan[] = [];
  private parts: string[] = [];
  private first = -1;
  private last = -1;
  private readonly lineOf: (offset: number) => number;

  constructor(private readonly source: string) {
    this.lineOf = lineIndex(source);
  }

  /** Adds decoded text found at source offsets [start, end] (inclusive, as htmlparser2 gives). */
  text(data: string, start: number, end: number): void {
    this.parts.push(data);
    if (!/\S/.test(data)) return;
    const raw = this.source.slice(start, end + 1);
    const lead = raw.search(/\S/);
    const trail = raw.length - raw.trimEnd().length;
    if (this.first < 0) this.first = start + Math.max(0, lead);
    this.last = end + 1 - trail;
  }

  /** Adds a space (for `<br>`). */
  space(): void {
    this.parts.push(' ');
  }

  /** Ends the current paragraph; returns it, or null when it was blank. */
  flush(): ParagraphSpan | null {
    const joined = collapse(this.parts.join(''));
    let span: ParagraphSpan | null = null;
    if (joined !== '' && this.first >= 0) {
      span = {
        index: this.spans.length + 1,
        line: this.lineOf(this.first),
        endLine: this.lineOf(Math.max(this.first, this.last - 1)),
        start: this.first,
        end: this.last,
        text: joined,
      };
      this.spans.push(span);
    }
    this.parts = [];
    this.first = -1;
    this.last = -1;
    return span;
  }

  /** Drops the text collected since the last flush. */
  discard(): void {
    this.parts = [];
    this.first = -1;
    this.last = -1;
  }
}

/** One read of an HTML or XML text: its paragraphs as they are found, what is open, metadata. */
class MarkupReader {
  readonly collector: ParagraphCollector;
  /** Paragraphs inside an HTML body element (`<article>`, `<main>`, `itemprop=articleBody` …). */
  readonly inBody = new Set<ParagraphSpan>();
  /** `<meta>` contents by lower-case name (the first of each). */
  readonly metaFound = new Map<string, string>();
  /** The `<title>`'s text while it is open, else null. */
  private title: string[] | null = null;
  titleText = '';
  private skipDepth = 0;
  private bodyDepth = 0;
  sawBody = false;
  private readonly bodyStack: boolean[] = [];
  private depth = 0;
  private readonly html: boolean;

  constructor(text: string, kind: MarkupKind) {
    this.html = kind === 'html';
    this.collector = new ParagraphCollector(text);
  }

  /** An element opens; throws `TooDeep` past {@link MAX_MARKUP_DEPTH} open elements. */
  openTag(name: string, attribs: Record<string, string>): void {
    if (++this.depth > MAX_MARKUP_DEPTH) throw new TooDeep();
    if (this.html && !this.openHtmlTag(name, attribs)) return;
    if (this.skips(name)) this.skipDepth++;
    else if (this.skipDepth === 0 && this.isBlock(name)) this.flush();
  }

  /** An element closes. */
  closeTag(name: string): void {
    this.depth--;
    if (this.html) {
      if (name === 'title' && this.title !== null) {
        this.titleText = collapse(this.title.join(''));
        this.title = null;
      }
      if (name === 'br') return;
    }
    if (this.skips(name)) this.skipDepth = Math.max(0, this.skipDepth - 1);
    else if (this.skipDepth === 0 && this.isBlock(name)) this.flush();
    if (this.html && this.bodyStack.pop()) {
      if (this.skipDepth === 0) this.flush();
      this.bodyDepth = Math.max(0, this.bodyDepth - 1);
    }
  }

  /** Text `data` at offsets `start..end` (inclusive) of the source. */
  text(data: string, start: number, end: number): void {
    if (this.title !== null) this.title.push(data);
    if (this.skipDepth > 0) return;
    this.collector.text(data, start, end);
  }

  /** Ends the paragraph being collected, if any (noting whether it is in a body element). */
  flush(): void {
    const span = this.collector.flush();
    if (span && this.bodyDepth > 0) this.inBody.add(span);
  }

  /**
   * What only HTML elements do when they open (body elements, `<title>`, `<meta>`, `<br>`);
   * false when the element is done with (`<br>`).
   */
  private openHtmlTag(name: string, attribs: Record<string, string>): boolean {
    const body = HTML_BODY.has(name) || attribs.itemprop === 'articleBody';
    this.bodyStack.push(body);
    if (body) {
      if (this.skipDepth === 0) this.flush();
      this.bodyDepth++;
      this.sawBody = true;
    }
    if (name === 'title' && this.titleText === '') this.title = [];
    if (name === 'meta') {
      const key = (attribs.name ?? attribs.property ?? attribs.itemprop ?? '').toLowerCase();
      const content = collapse(attribs.content ?? '');
      if (key && content && !this.metaFound.has(key)) this.metaFound.set(key, content);
    }
    if (name === 'br') {
      if (this.skipDepth === 0) this.collector.space();
      return false;
    }
    return true;
  }

  private isBlock(name: string): boolean {
    return this.html ? HTML_BLOCKS.has(name) : !INLINE.has(name.toLowerCase());
  }

  private skips(name: string): boolean {
    return SKIPPED.has(name.toLowerCase()) || (this.html && HTML_SKIPPED.has(name));
  }
}

/**
 * Reads an HTML or XML document: its paragraphs with source lines (1-based) and, for HTML, the
 * metadata of `<title>` and `<meta>` tags (see the module comment for what is skipped).
 */
export function readMarkup(text: string, kind: MarkupKind): MarkupDocument {
  const html = kind === 'html';
  const reader = new MarkupReader(text, kind);
  const problems: string[] = [];
  const parser: Parser = new (htmlparser2().Parser)(
    {
      onopentag: (name, attribs) => reader.openTag(name, attribs),
      onclosetag: (name) => reader.closeTag(name),
      ontext: (data) => reader.text(data, parser.startIndex, parser.endIndex),
    },
    { xmlMode: !html, decodeEntities: true, lowerCaseTags: html, lowerCaseAttributeNames: html },
  );
  try {
    parser.end(text);
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    const line = lineIndex(text)(parser.startIndex);
    problems.push(
      `more than ${MAX_MARKUP_DEPTH} elements open at once at line ${line}: ` +
        'the rest of the file was not read',
    );
  }
  reader.flush();
  let paragraphs = reader.collector.spans;
  if (reader.sawBody && reader.inBody.size > 0) {
    paragraphs = paragraphs
      .filter((s) => reader.inBody.has(s))
      .map((s, i) => ({ ...s, index: i + 1 }));
  }
  return { paragraphs, metadata: html ? htmlMetadata(reader) : {}, problems };
}

/** An HTML document's metadata: the `<title>`, then the `<meta>` tags of {@link HTML_META}. */
function htmlMetadata(reader: MarkupReader): DocumentMetadata {
  const metadata: DocumentMetadata = {};
  if (reader.titleText) metadata.title = reader.titleText;
  for (const [field, names] of HTML_META) {
    if (metadata[field] !== undefined) continue;
    const found = names.map((n) => reader.metaFound.get(n)).find((v) => v !== undefined);
    if (found !== undefined) metadata[field] = found;
  }
  return metadata;
}
