/**
 * NITF and NewsML-G2 readers (htmlparser2 in XML mode, streaming, so every paragraph keeps its
 * 1-based source lines).
 *
 * - **NITF** (`<nitf>`): paragraphs are the `<p>` elements of `<body.content>` (of `<body>` when
 *   there is no `body.content`); metadata: `doc-id@id-string` (id), `<title>` (title), `<hl1>`
 *   (headline), `date.issue@norm` or `story.date@norm` (date), `<byline>`, `<dateline>`,
 *   `doc.copyright@holder` or `<distributor>` (source), `du-key@key` (slug).
 * - **NewsML-G2** (`<newsItem>`, alone or in a `<newsMessage>`): paragraphs are the `<p>` elements
 *   inside `<contentSet>` (inline NITF or XHTML); metadata: `guid` (id), `<title>`,
 *   `<headline>`, `contentCreated`/`firstCreated`/`versionCreated` (date), `<by>` (byline),
 *   `<dateline>`, `provider@literal|qcode` (source), `<slugline>` (slug). A `<newsMessage>` of
 *   several items gives one document per item, each a record named by its guid.
 *
 * Element names are compared without their namespace prefix. The input is first checked by
 * fast-xml-parser's validator; malformed XML gives a warning with its line and is read as far as
 * the lenient parser can.
 */

import type { Parser } from 'htmlparser2';
import { fastXmlParser, htmlparser2 } from './libraries.js';
import type { DocumentMetadata } from '../../engine/report.js';
import type { ParagraphSpan } from '../../engine/segment.js';
import { collapse, lineIndex, ParagraphCollector } from '../markup.js';

/** News XML dialects. */
export type NewsXmlKind = 'nitf' | 'newsml';

/** One story found in a news XML file. */
export interface NewsXmlStory {
  paragraphs: ParagraphSpan[];
  metadata: DocumentMetadata;
  /** 1-based line where the story's root element (`nitf` or `newsItem`) starts. */
  line: number;
}

/** Local name of an element (without namespace prefix), lower case. */
function local(name: string): string {
  const colon = name.lastIndexOf(':');
  return (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase();
}

/** Text elements read as metadata, by dialect: element local name → field. */
const TEXT_FIELDS: Record<NewsXmlKind, Readonly<Record<string, keyof DocumentMetadata>>> = {
  nitf: {
    title: 'title',
    hl1: 'headline',
    byline: 'byline',
    dateline: 'dateline',
    distributor: 'source',
  },
  newsml: {
    title: 'title',
    headline: 'headline',
    by: 'byline',
    dateline: 'dateline',
    slugline: 'slug',
  },
};

/** Tells a news XML dialect from the start of a text (its root or first story element). */
export function sniffNewsXml(text: string): NewsXmlKind | null {
  const head = text.slice(0, 4096);
  const root = /<(?![?!])([\w.:-]+)/.exec(head.replace(/<!--[\s\S]*?-->/g, ''));
  if (!root) return null;
  const name = local(root[1]);
  if (name === 'nitf') return 'nitf';
  if (name === 'newsitem' || name === 'newsmessage') return 'newsml';
  return null;
}

/** Checks well-formedness; the first error as `line N: message`, or null. */
export function xmlProblem(text: string): string | null {
  const result = fastXmlParser().XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (result === true) return null;
  return `line ${result.err.line}: malformed XML (${result.err.msg}); read as far as possible`;
}

/** A metadata element being read: the field it fills, its depth, its text so far. */
interface OpenField<Name> {
  name: Name;
  depth: number;
  parts: string[];
}

/** One read of a news XML text: the stories found, and the story being read with what is open. */
class NewsXmlReader {
  readonly stories: NewsXmlStory[] = [];
  private readonly storyRoot: string;
  private readonly paragraphRoot: string;
  /** Metadata elements are read outside the paragraphs' container. */
  private readonly textRoot: string;
  private readonly fields: Readonly<Record<string, keyof DocumentMetadata>>;
  private readonly lineAt: (offset: number) => number;
  private readonly stack: string[] = [];
  private collector: ParagraphCollector | null = null;
  private metadata: DocumentMetadata = {};
  private storyLine = 1;
  private inParagraph = 0;
  private field: OpenField<keyof DocumentMetadata> | null = null;
  private sawBodyContent = false;
  private bodySpans: ParagraphSpan[] = [];
  /** NewsML-G2 dates by element: contentCreated, else firstCreated, else versionCreated. */
  private dates = new Map<string, string>();
  private dateField: OpenField<string> | null = null;

  constructor(
    private readonly source: string,
    private readonly kind: NewsXmlKind,
  ) {
    this.storyRoot = kind === 'nitf' ? 'nitf' : 'newsitem';
    this.paragraphRoot = kind === 'nitf' ? 'body' : 'contentset';
    this.textRoot = kind === 'nitf' ? 'body.content' : 'contentset';
    this.fields = TEXT_FIELDS[kind];
    this.lineAt = lineIndex(source);
  }

  /** An element opens (`name` local, lower case) at offset `start` of the text. */
  openTag(name: string, attribs: Record<string, string>, start: number): void {
    this.stack.push(name);
    if (name === this.storyRoot) {
      this.startStory(attribs, start);
      return;
    }
    const collector = this.collector;
    if (!collector) return;
    this.attributeMetadata(name, attribs);
    if (name === 'p' && this.within(this.paragraphRoot)) {
      if (this.inParagraph === 0) collector.discard();
      this.inParagraph++;
    } else if (
      this.field === null &&
      this.inParagraph === 0 &&
      !this.within(this.textRoot) &&
      this.fields[name] !== undefined
    ) {
      this.field = { name: this.fields[name], depth: this.stack.length, parts: [] };
    }
  }

  /** An element closes: a paragraph, a metadata element or the story may end with it. */
  closeTag(name: string): void {
    if (this.collector && name === 'p' && this.inParagraph > 0) {
      this.inParagraph--;
      if (this.inParagraph === 0) {
        const span = this.collector.flush();
        if (span && this.within('body.content')) this.bodySpans.push(span);
      }
    }
    if (this.field !== null && this.stack.length === this.field.depth) {
      this.set(this.field.name, this.field.parts.join(''));
      this.field = null;
    }
    if (this.dateField !== null && this.stack.length === this.dateField.depth) {
      const v = collapse(this.dateField.parts.join(''));
      if (v) this.dates.set(this.dateField.name, v);
      this.dateField = null;
    }
    this.stack.pop();
    if (name === this.storyRoot) this.finish();
  }

  /** Text `data` at offsets `start..end` (inclusive) of the source. */
  text(data: string, start: number, end: number): void {
    if (!this.collector) return;
    if (this.field !== null) this.field.parts.push(data);
    if (this.dateField !== null) this.dateField.parts.push(data);
    if (this.inParagraph > 0) this.collector.text(data, start, end);
  }

  /** Ends the story being read, if any, and keeps it. */
  finish(): void {
    if (!this.collector) return;
    // NITF: paragraphs of body.content when it exists, else of the whole body.
    const spans =
      this.kind === 'nitf' && this.sawBodyContent ? this.bodySpans : this.collector.spans;
    for (const d of ['contentcreated', 'firstcreated', 'versioncreated'])
      this.set('date', this.dates.get(d));
    this.stories.push({
      paragraphs: spans.map((s, i) => ({ ...s, index: i + 1 })),
      metadata: this.metadata,
      line: this.storyLine,
    });
    this.collector = null;
  }

  /** A story's root element opens at `start`: the story before it ends, a new one begins. */
  private startStory(attribs: Record<string, string>, start: number): void {
    this.finish();
    this.collector = new ParagraphCollector(this.source);
    this.metadata = {};
    this.storyLine = this.lineAt(start);
    this.sawBodyContent = false;
    this.bodySpans = [];
    this.dates = new Map();
    if (this.kind === 'newsml') this.set('id', attribs.guid);
  }

  /** Metadata held in an element's attributes (and where a NewsML-G2 date element starts). */
  private attributeMetadata(name: string, attribs: Record<string, string>): void {
    if (this.kind === 'nitf') {
      if (name === 'doc-id') this.set('id', attribs['id-string']);
      if (name === 'date.issue' || name === 'story.date') this.set('date', attribs.norm);
      if (name === 'doc.copyright') this.set('source', attribs.holder);
      if (name === 'du-key') this.set('slug', attribs.key);
      if (name === 'body.content') this.sawBodyContent = true;
    } else if (name === 'provider') {
      this.set('source', attribs.literal ?? attribs.qcode);
    } else if (/^(content|first|version)created$/.test(name) && !this.dates.has(name)) {
      this.dateField = { name, depth: this.stack.length, parts: [] };
    }
  }

  /** Sets a metadata field from `value`, white space collapsed, unless empty or set already. */
  private set(name: keyof DocumentMetadata, value: string | undefined): void {
    const v = collapse(value ?? '');
    if (v && this.metadata[name] === undefined) this.metadata[name] = v;
  }

  /** Whether an element named `name` is open. */
  private within(name: string): boolean {
    return this.stack.includes(name);
  }
}

/** Reads the stories of a NITF or NewsML-G2 document. */
export function readNewsXml(text: string, kind: NewsXmlKind): NewsXmlStory[] {
  const reader = new NewsXmlReader(text, kind);
  const parser: Parser = new (htmlparser2().Parser)(
    {
      onopentag: (name, attribs) => reader.openTag(local(name), attribs, parser.startIndex),
      onclosetag: (name) => reader.closeTag(local(name)),
      ontext: (data) => reader.text(data, parser.startIndex, parser.endIndex),
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(text);
  reader.finish();
  return reader.stories;
}
