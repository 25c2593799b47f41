/**
 * The input format registry: which reader turns a file's text into documents. The format is
 * chosen by extension (`auto`), or forced with `--input-format`; `.xml` files are NITF or
 * NewsML-G2 when their root element says so, plain XML otherwise.
 *
 * | format | extensions | documents |
 * | --- | --- | --- |
 * | text | .txt and anything unknown | one, blank-line paragraphs (engine's `segment`) |
 * | html | .html .htm .xhtml | one (`markup.ts`) |
 * | markdown | .md .markdown | one (`markdown.ts`) |
 * | xml | .xml | one, every non-inline element a paragraph (`markup.ts`) |
 * | nitf | .xml with `<nitf>` | one per `<nitf>` (`news-xml.ts`) |
 * | newsml | .xml with `<newsItem>`/`<newsMessage>` | one per `<newsItem>` (`news-xml.ts`) |
 * | json | .json | one per record (`json-records.ts`) |
 * | jsonl | .jsonl .ndjson | one per line (`json-records.ts`) |
 */

import type { SourceDocument } from '../../engine/detect.js';
import { UsageError } from '../../errors.js';
import { METADATA_KEYS, type DocumentMetadata, type FileWarning } from '../../engine/report.js';
import { readMarkup } from '../markup.js';
import { readJsonLines, readJsonRecords, type RecordFields } from './json-records.js';
import { readMarkdown } from './markdown.js';
import { readNewsXml, sniffNewsXml, xmlProblem } from './news-xml.js';
import { INPUT_FORMATS, type InputFormat } from './input-format.js';
import { DATE_SOURCES, parseDate, publicationDate, type DateFrom } from '../publication-date.js';
import { findMarkers, suppressionOf, withoutMarkerLines, type Markers } from '../markers.js';
import type { ParagraphSpan } from '../../engine/segment.js';
import {
  splitMarkdownStories,
  splitTextStories,
  storySplitterOf,
  type StoriesSetting,
  type StorySplitter,
} from '../stories.js';
import { ledeMetadata } from '../story-top.js';

export { INPUT_FORMATS, type InputFormat };

/** Extensions (lower case, without dot) and the format they select under `auto`. */
export const FORMAT_EXTENSIONS: Readonly<Record<string, Exclude<InputFormat, 'auto'>>> = {
  txt: 'text',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  md: 'markdown',
  markdown: 'markdown',
  xml: 'xml',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

/** How files are read: the format, the JSON record fields and how stories are found. */
export interface ReadOptions extends RecordFields {
  /** Input format; default `auto` (by extension). */
  inputFormat?: InputFormat;
  /**
   * How a plain-text or Markdown file is split into stories: `auto` (default), `file` (one story
   * per file) or a regular expression matching the lines that separate stories (stories.ts).
   */
  stories?: StoriesSetting;
  /**
   * Where publication dates may come from: `auto` (default: the format's metadata, a dateline, a
   * date in the file name) or `mtime` (also the file's modification time, last).
   */
  dateFrom?: DateFrom;
  /** The file's modification time (ms), set by the file readers when `dateFrom` is `mtime`. */
  mtimeMs?: number;
}

/** Splitters of `stories` settings met, so a pattern is compiled once. */
const splitters = new Map<string, StorySplitter>();

/** The splitter of a `stories` setting (cached); a UsageError for a bad pattern. */
function splitterOf(setting: StoriesSetting | undefined): StorySplitter {
  const key = setting ?? 'auto';
  let splitter = splitters.get(key);
  if (splitter === undefined) {
    splitter = storySplitterOf(key);
    if (splitters.size > 16) splitters.clear();
    splitters.set(key, splitter);
  }
  return splitter;
}

/** The documents of one file and the problems met reading it (the run goes on). */
export interface ReadDocuments {
  /** In file order; none when nothing could be read. */
  documents: SourceDocument[];
  /** Problems, each naming the file (and a line when known). */
  warnings: FileWarning[];
}

/** The format a file is read as: forced, or by extension (and, for `.xml`, the root element). */
export function formatOf(
  path: string,
  text: string,
  forced: InputFormat = 'auto',
): Exclude<InputFormat, 'auto'> {
  if (forced !== 'auto') return forced;
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const ext = dot > slash ? path.slice(dot + 1).toLowerCase() : '';
  const byExtension = FORMAT_EXTENSIONS[ext] ?? 'text';
  if (byExtension === 'xml') return sniffNewsXml(text) ?? 'xml';
  return byExtension;
}

/** The metadata found, its keys in {@link METADATA_KEYS} order; undefined when none. */
function someMetadata(metadata: DocumentMetadata): DocumentMetadata | undefined {
  const out: DocumentMetadata = {};
  for (const key of METADATA_KEYS) if (metadata[key] !== undefined) out[key] = metadata[key];
  return Object.keys(out).length > 0 ? out : undefined;
}

function document(
  path: string,
  text: string,
  paragraphs: SourceDocument['paragraphs'],
  metadata: DocumentMetadata = {},
): SourceDocument {
  const d: SourceDocument = { path, text };
  if (paragraphs) d.paragraphs = paragraphs;
  const m = someMetadata(metadata);
  if (m) d.metadata = m;
  return d;
}

/**
 * Turns a file's decoded text into documents (see the module comment for the formats). `path`
 * names the file in reports; it also chooses the format under `auto`. Never throws for bad
 * content: problems become warnings naming `path`. An empty or blank file is one story without
 * paragraphs.
 */
export function readDocuments(
  path: string,
  text: string,
  options: ReadOptions = {},
): ReadDocuments {
  // An empty or blank file is a story without paragraphs in every format (not a JSON or XML
  // syntax error, and not zero records).
  if (text.trim() === '') return { documents: [{ path, text, paragraphs: [] }], warnings: [] };
  const format = formatOf(path, text, options.inputFormat);
  try {
    const markers = findMarkers(text);
    const read = readAs(format, path, text, options, markers);
    return dated(markers ? suppressed(read, path, markers) : read, path, options);
  } catch (error) {
    // A reader that fails on some input never stops the run: the file is read as plain text.
    const message = String((error as Error).message ?? error).split('\n')[0];
    return {
      documents: [{ path, text }],
      warnings: [{ path, message: `could not be read as ${format} (${message}); read as text` }],
    };
  }
}

/**
 * The documents with what the file's suppression markers do to them (see markers.ts): each
 * story's suppressed paragraphs (`suppressed`, first lines) and the markers that applied in it
 * (`suppressions`); misused markers become warnings. Records of a JSON, JSON Lines or NewsML-G2
 * file are left alone (their lines are the record's, not their paragraphs').
 */
function suppressed(read: ReadDocuments, path: string, markers: Markers): ReadDocuments {
  const documents = read.documents;
  if (documents.some((d) => d.paragraphs === undefined)) return read;
  if (documents.some((d) => d.record !== undefined && d.storyOfFile !== true)) return read;
  const spans = documents.flatMap((d) => d.paragraphs!).sort((a, b) => a.line - b.line);
  const s = suppressionOf(markers, spans);
  for (const d of documents) {
    const lines = new Set(d.paragraphs!.map((p) => p.line));
    const own = d.paragraphs!.filter((p) => s.lines.has(p.line)).map((p) => p.line);
    const applied = s.applied.filter((line) => lines.has(line)).length;
    if (own.length > 0) d.suppressed = own;
    if (applied > 0) d.suppressions = applied;
  }
  for (const p of s.problems) read.warnings.push({ path, message: `line ${p.line}: ${p.message}` });
  return read;
}

/**
 * The documents with their publication dates (see publication-date.ts); a date in a document's
 * metadata that is no date dupgraf reads is a warning (the story is then dated otherwise, or not).
 */
function dated(read: ReadDocuments, path: string, options: ReadOptions): ReadDocuments {
  const unread = new Set<string>();
  for (const d of read.documents) {
    const meta = d.metadata?.date;
    if (meta !== undefined && meta.trim() !== '' && parseDate(meta) === null && !unread.has(meta)) {
      unread.add(meta);
      read.warnings.push({
        path,
        message: `date "${meta.length > 40 ? `${meta.slice(0, 40)}\u2026` : meta}" is not a date dupgraf reads (2026-03-05, ISO 8601, "5 March 2026", "March 5, 2026", RFC 2822): left out`,
      });
    }
    const when = publicationDate(d, path, options.dateFrom, options.mtimeMs);
    if (when) {
      d.published = when.date;
      d.publishedFrom = when.from;
    }
  }
  return read;
}

/** What reading one file in a format shares: the file, its options, the warnings so far. */
interface FileRead {
  path: string;
  text: string;
  options: ReadOptions;
  /** A reader's paragraphs without the marker lines. */
  clean: (spans: ParagraphSpan[]) => ParagraphSpan[];
  /** Notes a warning about the file. */
  warn: (message: string) => void;
}

/** The documents of a file read as `format`, and its warnings. */
function readAs(
  format: Exclude<InputFormat, 'auto'>,
  path: string,
  text: string,
  options: ReadOptions,
  markers: Markers | null,
): ReadDocuments {
  const warnings: FileWarning[] = [];
  const file: FileRead = {
    path,
    text,
    options,
    clean: (spans) => (markers ? withoutMarkerLines(spans, markers) : spans),
    warn: (message) => warnings.push({ path, message }),
  };
  return { documents: documentsAs(format, file, markers), warnings };
}

/** The documents of a file read as `format` (its warnings go to `file.warn`). */
function documentsAs(
  format: Exclude<InputFormat, 'auto'>,
  file: FileRead,
  markers: Markers | null,
): ReadDocuments['documents'] {
  const { path, text, clean, warn } = file;
  switch (format) {
    case 'text':
      return splitTextStories({ path, text }, splitterOf(file.options.stories), markers?.lines);
    case 'html': {
      const read = readMarkup(text, 'html');
      read.problems.forEach(warn);
      const paragraphs = clean(read.paragraphs);
      return [document(path, text, paragraphs, ledeMetadata(read.metadata, paragraphs))];
    }
    case 'markdown':
      return markdownDocuments(file);
    case 'xml': {
      const problem = xmlProblem(text);
      if (problem) warn(problem);
      const read = readMarkup(text, 'xml');
      read.problems.forEach(warn);
      return [document(path, text, clean(read.paragraphs))];
    }
    case 'nitf':
    case 'newsml':
      return newsXmlDocuments(format, file);
    case 'json':
    case 'jsonl':
      return recordDocuments(format, file);
  }
}

/** A Markdown file's stories (split at headings, separators, datelines as its setting says). */
function markdownDocuments(file: FileRead): ReadDocuments['documents'] {
  const { path, text, clean } = file;
  const read = readMarkdown(text);
  read.problems.forEach(file.warn);
  // Heading levels follow their paragraphs (by line) when marker lines go.
  const levelAt = new Map(read.paragraphs.map((p, i) => [p.line, read.headings.get(i)]));
  const paragraphs = clean(read.paragraphs);
  const headings = new Map<number, number>();
  paragraphs.forEach((p, i) => {
    const level = levelAt.get(p.line);
    if (level !== undefined) headings.set(i, level);
  });
  const whole = { ...document(path, text, paragraphs, read.metadata), paragraphs };
  return splitMarkdownStories(whole, headings, read.separators, splitterOf(file.options.stories));
}

/**
 * A NITF or NewsML-G2 file's stories: one document, or one record per item of a NewsML-G2
 * message (named by its guid); read as plain XML when it has no story element.
 */
function newsXmlDocuments(format: 'nitf' | 'newsml', file: FileRead): ReadDocuments['documents'] {
  const { path, text, clean, warn } = file;
  const problem = xmlProblem(text);
  if (problem) warn(problem);
  const stories = readNewsXml(text, format);
  if (stories.length === 0) {
    warn(`no <${format === 'nitf' ? 'nitf' : 'newsItem'}> element; read as plain XML`);
    return [document(path, text, readMarkup(text, 'xml').paragraphs)];
  }
  if (stories.length === 1)
    return [document(path, text, clean(stories[0].paragraphs), stories[0].metadata)];
  // A NewsML-G2 message with several items: one record per item, named by its guid.
  return stories.map((s, i) => ({
    ...document(path, text, s.paragraphs, s.metadata),
    record: s.metadata.id ?? String(i + 1),
    recordLine: s.line,
  }));
}

/** The stories of a JSON or JSON Lines file, one document per record. */
function recordDocuments(format: 'json' | 'jsonl', file: FileRead): ReadDocuments['documents'] {
  const { path, text, options } = file;
  const read = format === 'json' ? readJsonRecords(text, options) : readJsonLines(text, options);
  read.problems.forEach(file.warn);
  return read.stories.map((s) => ({
    ...document(path, s.text, s.paragraphs, ledeMetadata(s.metadata, s.paragraphs)),
    record: s.record,
    recordLine: s.line,
  }));
}

/** The reading options of scan options (only those set); a `UsageError` for an unknown format. */
export function readOptionsOf(options: ReadOptions): ReadOptions {
  const out: ReadOptions = {};
  if (options.inputFormat !== undefined && !INPUT_FORMATS.includes(options.inputFormat))
    throw new UsageError(
      `inputFormat: expected one of ${INPUT_FORMATS.join(', ')} (got ${JSON.stringify(options.inputFormat)})`,
    );
  if (options.inputFormat !== undefined) out.inputFormat = options.inputFormat;
  if (options.stories !== undefined) {
    splitterOf(options.stories);
    out.stories = options.stories;
  }
  if (options.dateFrom !== undefined && !DATE_SOURCES.includes(options.dateFrom))
    throw new UsageError(
      `dateFrom: expected one of ${DATE_SOURCES.join(', ')} (got ${JSON.stringify(options.dateFrom)})`,
    );
  if (options.dateFrom !== undefined) out.dateFrom = options.dateFrom;
  if (options.idField !== undefined) out.idField = options.idField;
  if (options.textField !== undefined) out.textField = options.textField;
  if (options.dateField !== undefined) out.dateField = options.dateField;
  return out;
}
