/**
 * Several stories in one file: `--stories auto|file|REGEX` (config `stories`, API option). Runs in
 * the sources layer, after a file is decoded and read by its format's reader and before the
 * engine: a plain-text or Markdown file becomes one document per story.
 *
 * - `file`: one story per file.
 * - `REGEX` (any other value, a JavaScript regular expression): a line matching it separates
 *   stories; the line itself is no paragraph.
 * - `auto` (default): explicit separators (a line of only `---`, `***`, `###`, `===`, `* * *`, a
 *   form feed, a wire end marker `(END)`, `ENDS`, `-30-`) end a story, and a dateline paragraph
 *   or a headline line starts one (story-starts.ts).
 *
 * A file holding one story is read as before (its name is the file's). The stories of a file
 * with several are named `file#1`, `file#2`, … as records of a JSON file are (`record` is the
 * story's number, `recordLine` its first line); their paragraphs keep the file's 1-based lines.
 * Every story (one alone in its file too) carries the headline and the dateline found at its top
 * as metadata (`headline`, `dateline`, and the dateline's agency as `source`), unless the
 * format's own metadata has them.
 */

import type { SourceDocument } from '../engine/detect.js';
import {
  paragraphBounds,
  segment,
  type ParagraphBounds,
  type ParagraphSpan,
} from '../engine/segment.js';
import { mayBeHeadline } from './paragraph-roles.js';
import {
  DATELINE_HEAD,
  mayEndDateline,
  mayStartWithDateline,
  ParagraphShape,
} from './story-shapes.js';
import { AUTO_SEPARATOR, separatorLines, type StorySplitter } from './story-separators.js';
import { storyStarts, type StoryParagraph } from './story-starts.js';
import { sharedMetadata, storyMetadata, storyTop, TOP_WITH_BYLINE } from './story-top.js';

export {
  DEFAULT_STORIES,
  isStoriesSetting,
  storySplitterOf,
  type StoriesSetting,
  type StorySplitter,
} from './story-separators.js';

/**
 * The shape of each paragraph (`bounds`: where they are in `source(i)`), with whether a separator
 * stands before it (`separators`: 0-based separator lines) and its Markdown heading level (by
 * index).
 */
function storyParagraphs(
  source: (i: number) => string,
  bounds: ParagraphBounds,
  separators: ReadonlySet<number>,
  headings?: ReadonlyMap<number, number>,
): StoryParagraph[] {
  const sorted = separators.size === 0 ? [] : [...separators].sort((a, b) => a - b);
  let k = 0;
  let previousEnd = 0;
  const out: StoryParagraph[] = [];
  for (let i = 0; i < bounds.count; i++) {
    const line = bounds.line[i];
    // A separator line (1-based `line`) between the previous paragraph and this one.
    let after = false;
    while (k < sorted.length && sorted[k] + 1 < line) {
      if (sorted[k] + 1 > previousEnd) after = true;
      k++;
    }
    previousEnd = bounds.endLine[i];
    const text = source(i);
    const start = bounds.start[i];
    const p = new ParagraphShape(text, start, bounds.end[i], line === bounds.endLine[i]);
    p.afterSeparator = after || text.charCodeAt(start) === 12;
    if (headings !== undefined) p.heading = headings.get(i);
    out.push(p);
  }
  return out;
}

/**
 * Cuts one file's paragraphs into story documents (see the module comment); `document` is the
 * file's document as its reader gave it (`paragraphs` may be undefined for plain text, then
 * `spans` are the text's own).
 */
function cutStories(
  document: SourceDocument,
  paragraphs: () => readonly ParagraphSpan[],
  oneStory: boolean,
  shapes: readonly StoryParagraph[],
  splitter: StorySplitter,
  keepParagraphs: boolean,
): SourceDocument[] {
  const starts = oneStory
    ? [0]
    : splitter.kind === 'auto'
      ? storyStarts(shapes)
      : separatedStarts(shapes);
  if (starts.length <= 1) {
    const single: SourceDocument = { ...document };
    if (keepParagraphs) single.paragraphs = paragraphs();
    const metadata = storyMetadata(document.metadata, storyTop(shapes));
    if (metadata) single.metadata = metadata;
    return [single];
  }
  const shared = sharedMetadata(document.metadata);
  const spans = paragraphs();
  return starts.map((from, n) => {
    const to = n + 1 < starts.length ? starts[n + 1] : spans.length;
    const own = spans.slice(from, to);
    const offset = own[0].start;
    const story: SourceDocument = {
      path: document.path,
      text: document.text.slice(offset, own[own.length - 1].end),
      paragraphs: own.map((span, i) => ({
        ...span,
        index: i + 1,
        start: Math.max(0, span.start - offset),
        end: Math.max(0, span.end - offset),
      })),
      record: String(n + 1),
      recordLine: own[0].line,
      storyOfFile: true,
    };
    const metadata = storyMetadata(shared, storyTop(shapes.slice(from, to)));
    if (metadata) story.metadata = metadata;
    return story;
  });
}

/** Story starts when only separators count (`REGEX`): after each separator. */
function separatedStarts(shapes: readonly StoryParagraph[]): number[] {
  const starts = [0];
  shapes.forEach((p, i) => {
    if (i > 0 && p.afterSeparator) starts.push(i);
  });
  return starts;
}

/**
 * Whether a text's paragraphs may hold a second story: a separator line, or a paragraph after
 * the first that may be a headline line or start with a dateline (cheap tests on the characters
 * as written; most files have neither, and are then not looked at further).
 */
function mayHoldSeveral(
  text: string,
  bounds: ParagraphBounds,
  separators: ReadonlySet<number>,
  splitter: StorySplitter,
): boolean {
  if (separators.size > 0) return true;
  if (splitter.kind !== 'auto') return false;
  // A paragraph with no dash that may end a dateline among its first characters starts with no
  // dateline: most paragraphs are out without looking at their characters one by one.
  const dashes = new DashFinder(text);
  for (let i = 1; i < bounds.count; i++) {
    const start = bounds.start[i];
    const end = bounds.end[i];
    if (text.charCodeAt(start) === 12) return true;
    if (bounds.line[i] === bounds.endLine[i] && mayBeHeadline(text, start, end)) return true;
    const dash = dashes.after(start + 1);
    if (dash >= 0 && dash + 1 < Math.min(end, start + DATELINE_HEAD)) {
      if (mayStartWithDateline(text, start, end)) return true;
    }
  }
  return false;
}

/** The dashes a dateline may end with: hyphen, en dash, em dash. */
const DASHES = ['-', '\u2013', '\u2014'];

/**
 * Finds, in a text, the first dash that may end a dateline at or after a position, for
 * positions asked in increasing order: one `indexOf` per dash kind and occurrence, so a text is
 * searched once in all (an en or em dash is no search at all in a text without one).
 */
class DashFinder {
  /** Per dash kind: the next one found (≥ the last position asked), −1 none left, −2 not yet. */
  private readonly next = [-2, -2, -2];

  constructor(private readonly text: string) {}

  /** The first dash that may end a dateline at or after `from` (≥ the last `from`), or −1. */
  after(from: number): number {
    let first = -1;
    for (let k = 0; k < DASHES.length; k++) {
      let i = this.next[k];
      if (i === -1) continue;
      if (i < from) {
        i = this.text.indexOf(DASHES[k], from);
        while (i >= 0 && !mayEndDateline(this.text, i)) i = this.text.indexOf(DASHES[k], i + 1);
        this.next[k] = i;
      }
      if (i >= 0 && (first < 0 || i < first)) first = i;
    }
    return first;
  }
}

/**
 * The stories of a plain-text file's document (see the module comment); the document itself,
 * with its headline and dateline as metadata, when it holds one story.
 */
export function splitTextStories(
  document: SourceDocument,
  splitter: StorySplitter,
  markerLines?: ReadonlySet<number>,
): SourceDocument[] {
  const { text } = document;
  const separators = splitter.kind === 'file' ? new Set<number>() : separatorLines(text, splitter);
  // Suppression marker lines end a paragraph as separators do, but no story.
  const breaks =
    markerLines === undefined || markerLines.size === 0
      ? separators
      : new Set([...separators, ...markerLines]);
  const bounds = paragraphBounds(text, breaks);
  if (bounds.count === 0) return [breaks.size > 0 ? { ...document, paragraphs: [] } : document];
  // Without separator or marker lines the engine segments the text itself, as it always did.
  const paragraphs = () => segment(text, breaks);
  if (splitter.kind === 'file' || !mayHoldSeveral(text, bounds, separators, splitter)) {
    // One story: only its top is looked at, for its headline and dateline.
    const top = Math.min(bounds.count, TOP_WITH_BYLINE);
    const shapes = storyParagraphs(() => text, { ...bounds, count: top }, separators);
    const metadata = storyMetadata(document.metadata, storyTop(shapes));
    const single: SourceDocument = metadata ? { ...document, metadata } : { ...document };
    if (breaks.size > 0) single.paragraphs = paragraphs();
    return [single];
  }
  return cutStories(
    document,
    paragraphs,
    false,
    storyParagraphs(() => text, bounds, separators),
    splitter,
    breaks.size > 0,
  );
}

/**
 * The stories of a Markdown file's document: its reader's paragraphs, heading levels (a level-1
 * heading starts a story, deeper ones are crossheads) and thematic breaks.
 */
export function splitMarkdownStories(
  document: SourceDocument & { paragraphs: readonly ParagraphSpan[] },
  headings: ReadonlyMap<number, number>,
  breaks: readonly number[],
  splitter: StorySplitter,
): SourceDocument[] {
  if (splitter.kind === 'file' || document.paragraphs.length === 0) return [document];
  // Front matter that names the story (title, headline, slug or id) says the file is one story.
  const named = document.metadata;
  const oneStory =
    splitter.kind === 'auto' &&
    (named?.title ?? named?.headline ?? named?.slug ?? named?.id) !== undefined;
  let separators: Set<number>;
  let spans: readonly ParagraphSpan[] = document.paragraphs;
  if (splitter.kind === 'regex') {
    separators = separatorLines(document.text, splitter);
    // A paragraph made only of separator lines is a separator, not a paragraph.
    spans = spans.filter((s) => {
      for (let l = s.line; l <= s.endLine; l++) if (!separators.has(l - 1)) return true;
      return false;
    });
    if (spans.length === 0) return [{ ...document, paragraphs: [] }];
  } else {
    separators = new Set(breaks.map((line) => line - 1));
    // A wire end marker written as a paragraph of its own.
    const kept: ParagraphSpan[] = [];
    for (const s of spans) {
      if (s.line === s.endLine && AUTO_SEPARATOR.test(s.text)) separators.add(s.line - 1);
      else kept.push(s);
    }
    spans = kept;
  }
  const position = new Map(document.paragraphs.map((s, i) => [s, i]));
  const levels = new Map<number, number>();
  spans.forEach((s, i) => {
    const level = headings.get(position.get(s)!);
    if (level !== undefined) levels.set(i, level);
  });
  const renumbered =
    spans === document.paragraphs ? spans : spans.map((s, i) => ({ ...s, index: i + 1 }));
  return cutStories(
    { ...document, paragraphs: renumbered },
    () => renumbered,
    oneStory,
    storyParagraphs(
      (i) => renumbered[i].text,
      {
        count: renumbered.length,
        line: renumbered.map((s) => s.line),
        endLine: renumbered.map((s) => s.endLine),
        start: renumbered.map(() => 0),
        end: renumbered.map((s) => s.text.length),
      },
      separators,
      levels,
    ),
    splitter,
    true,
  );
}

/**
 * In-memory documents (the API's `{path, text}`) read as plain-text files are: split into stories
 * (`setting`, default auto), their suppression markers and publication dates read (`read`: the
 * rest of the reading options, see formats/registry.ts); a document with its own paragraphs or a
 * record id is one story already. A UsageError for a bad `stories` setting.
 */
export function storiesOfDocuments(
  documents: readonly SourceDocument[],
  read: (path: string, text: string) => { documents: SourceDocument[]; warnings: unknown[] },
): SourceDocument[] {
  return documents.flatMap((d) => {
    if (d.paragraphs !== undefined || d.record !== undefined) return [d];
    const base = d.metadata;
    return read(d.path, d.text).documents.map((story) =>
      base === undefined ? story : { ...story, metadata: { ...story.metadata, ...base } },
    );
  });
}
