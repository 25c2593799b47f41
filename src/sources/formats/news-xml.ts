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

/** Reads the stories of a NITF or NewsML-G2 document. */
export function readNewsXml(text: string, kind: NewsXmlKind): NewsXmlStory[] {
  const stories: NewsXmlStory[] = [];
  const storyRoot = kind === 'nitf' ? 'nitf' : 'newsitem';
  const paragraphRoot = kind === 'nitf' ? 'body' : 'contentset';
  const fields = TEXT_FIELDS[kind];
  const stack: string[] = [];
  let collector: ParagraphCollector | null = null;
  let metadata: DocumentMetadata = {};
  let storyLine = 1;
  let inParagraph = 0;
  let field: { name: keyof DocumentMetadata; depth: number; parts: string[] } | null = null;
  let sawBodyContent = false;
  let bodySpans: ParagraphSpan[] = [];
  // NewsML-G2 dates by element: contentCreated, else firstCreated, else versionCreated.
  let dates = new Map<string, string>();
  let dateField: { name: string; depth: number; parts: string[] } | null = null;
  // Metadata elements are read outside the paragraphs' container.
  const textRoot = kind === 'nitf' ? 'body.content' : 'contentset';
  const lineAt = lineIndex(text);
  const set = (name: keyof DocumentMetadata, value: string | undefined) => {
    const v = collapse(value ?? '');
    if (v && metadata[name] === undefined) metadata[name] = v;
  };
  const within = (name: string) => stack.includes(name);

  const finish = () => {
    if (!collector) return;
    // NITF: paragraphs of body.content when it exists, else of the whole body.
    const spans = kind === 'nitf' && sawBodyContent ? bodySpans : collector.spans;
    for (const d of ['contentcreated', 'firstcreated', 'versioncreated']) set('date', dates.get(d));
    stories.push({
      paragraphs: spans.map((s, i) => ({ ...s, index: i + 1 })),
      metadata,
      line: storyLine,
    });
    collector = null;
  };

  const parser: Parser = new (htmlparser2().Parser)(
    {
      onopentag(rawName, attribs) {
        const name = local(rawName);
        stack.push(name);
        if (name === storyRoot) {
          finish();
          collector = new ParagraphCollector(text);
          metadata = {};
          storyLine = lineAt(parser.startIndex);
          sawBodyContent = false;
          bodySpans = [];
          dates = new Map();
          if (kind === 'newsml') set('id', attribs.guid);
          return;
        }
        if (!collector) return;
        if (kind === 'nitf') {
          if (name === 'doc-id') set('id', attribs['id-string']);
          if (name === 'date.issue' || name === 'story.date') set('date', attribs.norm);
          if (name === 'doc.copyright') set('source', attribs.holder);
          if (name === 'du-key') set('slug', attribs.key);
          if (name === 'body.content') sawBodyContent = true;
        } else if (name === 'provider') {
          set('source', attribs.literal ?? attribs.qcode);
        } else if (/^(content|first|version)created$/.test(name) && !dates.has(name)) {
          dateField = { name, depth: stack.length, parts: [] };
        }
        if (name === 'p' && within(paragraphRoot)) {
          if (inParagraph === 0) collector.discard();
          inParagraph++;
        } else if (
          field === null &&
          inParagraph === 0 &&
          !within(textRoot) &&
          fields[name] !== undefined
        ) {
          field = { name: fields[name], depth: stack.length, parts: [] };
        }
      },
      onclosetag(rawName) {
        const name = local(rawName);
        if (collector && name === 'p' && inParagraph > 0) {
          inParagraph--;
          if (inParagraph === 0) {
            const span = collector.flush();
            if (span && within('body.content')) bodySpans.push(span);
          }
        }
        if (field !== null && stack.length === field.depth) {
          set(field.name, field.parts.join(''));
          field = null;
        }
        if (dateField !== null && stack.length === dateField.depth) {
          const v = collapse(dateField.parts.join(''));
          if (v) dates.set(dateField.name, v);
          dateField = null;
        }
        stack.pop();
        if (name === storyRoot) finish();
      },
      ontext(data) {
        if (!collector) return;
        if (field !== null) field.parts.push(data);
        if (dateField !== null) dateField.parts.push(data);
        if (inParagraph > 0) collector.text(data, parser.startIndex, parser.endIndex);
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(text);
  finish();
  return stories;
}
