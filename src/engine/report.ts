/**
 * The report model: what a scan found, in a serialisable form. Every reporter, the exit-code
 * logic and the JSON output read this. JSON schema version 1; later versions only add fields.
 *
 * Paths are relative to the working directory with '/' separators; lines are 1-based.
 */

import type { ChangedFact } from './changed-facts.js';
import type { EngineOptions, TextOptions } from './options.js';

export type { ChangedFact, FactKind } from './changed-facts.js';

/** Version of the JSON report layout. */
export const SCHEMA_VERSION = 1;

/** A place in a document: path and 1-based first line of a paragraph. */
export interface Location {
  path: string;
  /** First line of the paragraph, 1-based. */
  line: number;
  /**
   * Only for a document that is one record of a JSON or JSON Lines file: the record's id (its id
   * field, else its 1-based position in the file). Reports name such a document `path#record`;
   * `line` is then the record's first line in the file.
   */
  record?: string;
}

/**
 * What a reader found out about a document (front matter, HTML `<title>`/`<meta>`, NITF and
 * NewsML-G2 headers, JSON record fields). Every field is optional and a plain string as found
 * (dates are not reformatted); absent fields are left out.
 */
export interface DocumentMetadata {
  /** The story's id (NITF `doc-id`, NewsML-G2 `guid`, a JSON record's id field, front matter `id`). */
  id?: string;
  /** Title (HTML `<title>`, front matter `title`, JSON `title`). */
  title?: string;
  /** Headline (NITF `hl1`, NewsML-G2 `headline`, JSON `headline`). */
  headline?: string;
  /** Publication date as written (front matter `date`, `<meta name="date">`, NITF `date.issue`, …). */
  date?: string;
  /** Desk or section (front matter `desk`/`section`/`category`, `<meta name="article:section">`, …). */
  desk?: string;
  /** Source or agency (NITF `doc.copyright` holder or `distributor`, NewsML-G2 `provider`, JSON `source`). */
  source?: string;
  /** Byline (NITF `byline`, NewsML-G2 `by`, JSON `byline`/`author`). */
  byline?: string;
  /** Dateline (NITF `dateline`, NewsML-G2 `dateline`). */
  dateline?: string;
  /** Slug (front matter `slug`, NewsML-G2 `slugline`). */
  slug?: string;
}

/**
 * Where a story's publication date came from: the format's `metadata`, its `dateline`, a date in
 * its `file name` (or folders), or the file's modification time (`mtime`, only when asked).
 */
export type DateSource = 'metadata' | 'dateline' | 'file name' | 'mtime';

/** Keys of {@link DocumentMetadata}, in the order they are written. */
export const METADATA_KEYS = [
  'id',
  'title',
  'headline',
  'date',
  'desk',
  'source',
  'byline',
  'dateline',
  'slug',
] as const satisfies ReadonlyArray<keyof DocumentMetadata>;

/** Whether two locations are the same paragraph place (path, line and record). */
export function sameLocation(a: Location, b: Location): boolean {
  return a.path === b.path && a.line === b.line && a.record === b.record;
}

/** How reports name a location's document: `path`, or `path#record` for a JSON record. */
export function documentName(location: { path: string; record?: string }): string {
  return location.record === undefined ? location.path : `${location.path}#${location.record}`;
}

/** One copy of a repeated paragraph. */
export interface Occurrence extends Location {
  /** Last line of the paragraph, 1-based, inclusive. */
  endLine: number;
  /** Position of the paragraph in its document, 1-based. */
  paragraph: number;
  /** Word-shingle Jaccard to the group's representative, 0..1 (4 decimals). */
  similarity: number;
  /** Words in this copy (tokens with a letter, as `minWords` counts them). */
  words: number;
  /**
   * Only when its story has a publication date: that date, ISO 8601 (`YYYY-MM-DD`, or
   * `YYYY-MM-DDTHH:MM:SSZ` in UTC).
   */
  date?: string;
  /**
   * Only on a copy whose words differ from the representative's (not an exact copy): its text,
   * white space collapsed.
   */
  text?: string;
  /**
   * Only with `text`: the numbers, dates and capitalized names the copy changed, representative
   * → copy, in order (empty when none changed). See `changed-facts.ts`.
   */
  changedFacts?: ChangedFact[];
}

/** A repeated paragraph and all its copies. */
export interface Cluster {
  /** Stable id derived from the representative's normalized text, e.g. `d1a2b3c4d5e6f7`. */
  id: string;
  /** Number of copies (occurrences). */
  size: number;
  /** Number of distinct documents the copies are in. */
  documents: number;
  /** The most central copy (ties: earliest path, then line). */
  representative: Location;
  /**
   * The first publication: the copy with the earliest publication date (ties and, when no copy
   * is dated, the first in path and line order), with its date when it has one.
   */
  origin: Location & { date?: string };
  /** The representative's text, white space collapsed. */
  text: string;
  /** Every copy, sorted by path then line. */
  occurrences: Occurrence[];
}

/** Partial reuse: one paragraph mostly contained in another, without being a duplicate. */
export interface PartialReuse {
  /** The earlier paragraph (by path, then line). */
  a: Location;
  /** The later paragraph. */
  b: Location;
  /** |A∩B| / |A| over shingles, 0..1 (4 decimals). */
  containmentAB: number;
  /** |A∩B| / |B| over shingles, 0..1 (4 decimals). */
  containmentBA: number;
  /** Shingle Jaccard of A and B, 0..1 (4 decimals); below the duplicate threshold. */
  jaccard: number;
  /** The longest run of words A and B share, as written in A. */
  passage: string;
  /** Words in `passage`. */
  passageWords: number;
  /** Only with the `partialTexts` option (the CLI's HTML report): text of paragraph A, white space collapsed. */
  textA?: string;
  /** Text of paragraph B, white space collapsed. */
  textB?: string;
}

/** A verified duplicate pair of paragraphs (only with the `pairs` option). */
export interface Pair {
  a: Location;
  b: Location;
  /** Shingle Jaccard, 0..1 (4 decimals). */
  jaccard: number;
}

/** Per-story figures. */
export interface DocumentStats {
  path: string;
  /** Only for one record of a JSON or JSON Lines file: its id (see {@link Location.record}). */
  record?: string;
  /** Only for a record: its first line in the file, 1-based. */
  recordLine?: number;
  /** What the reader found out about the story (title, date, …); absent when nothing. */
  metadata?: DocumentMetadata;
  /** Only when found: the story's publication date, ISO 8601 (see {@link Occurrence.date}). */
  date?: string;
  /** Only with `date`: where it came from. */
  dateSource?: DateSource;
  /** Paragraphs in the document (all of them, short ones included). */
  paragraphs: number;
  /** Words in the document (tokens with a letter, as `minWords` counts them). */
  words: number;
  /** Paragraphs that have a duplicate (J ≥ threshold) elsewhere, in this or another document. */
  duplicateParagraphs: number;
  /** Words in those paragraphs. */
  duplicateWords: number;
  /** duplicateWords / words, 0..1 (4 decimals); 0 for an empty document. */
  boilerplateShare: number;
  /**
   * Only when some: paragraphs an inline marker suppressed (`dupgraf-ignore-next`, a start…end
   * range), left out of the comparison and of the figures above.
   */
  suppressedParagraphs?: number;
}

/** Totals over the whole scan. */
export interface Summary {
  /** Documents scanned. */
  documents: number;
  /** Paragraphs considered (those with at least `minWords` words). */
  paragraphs: number;
  /** Groups of repeated paragraphs. */
  clusters: number;
  /** Paragraphs that have a duplicate elsewhere (sum over documents). */
  duplicateParagraphs: number;
  /** Partial-reuse links. */
  partials: number;
  /** Paragraphs left out as shorter than `minWords` words (added in schema version 1). */
  shortParagraphs: number;
  /** Paragraphs left out as figure rows (0 with `includeTables`; added in schema version 1). */
  figureRows: number;
  /** Words whose letters mix scripts, over all documents (added in schema version 1). */
  mixedScriptWords: number;
  /** Only when some: paragraphs suppressed by inline markers, left out (sum over documents). */
  suppressedParagraphs?: number;
  /** Only when some: stories found to re-send another (see {@link Resend}). */
  resends?: number;
}

/** Settings in effect for a scan (`foldAccents` and `includeTables` added in schema version 1). */
export interface Settings extends EngineOptions, TextOptions {
  /** Whether `pairs` were listed. */
  pairs: boolean;
  /**
   * Only with `--window`: the span in ms within which stories were compared (links between two
   * dated stories further apart were left out).
   */
  window?: number;
}

/** Name and version of the tool that wrote the report. */
export interface ToolInfo {
  name: string;
  version: string;
}

/** A problem with one input that did not stop the run (the file was skipped or read specially). */
export interface FileWarning {
  /** The file, as shown in reports. */
  path: string;
  /** What happened, e.g. `skipped: binary file`. */
  message: string;
}

/**
 * What the CLI's `--sort`, `--min-copies` and `--max-groups` did to `clusters` (added in schema
 * version 1; present only in reports that went through that view). `summary` always counts the
 * whole scan.
 */
export interface ReportView {
  /** Order of `clusters`: `size` (most copies first), `documents` (most stories first), `path`. */
  sort: 'size' | 'documents' | 'path';
  /** Groups with fewer copies than this were left out. */
  minCopies: number;
  /** At most this many groups were kept; `null` for no limit. */
  maxGroups: number | null;
  /** Groups in `clusters`. */
  shownClusters: number;
  /** Groups of the scan left out of `clusters` (summary.clusters − shownClusters). */
  omittedClusters: number;
  /**
   * Whether the groups made only of re-sent stories were folded under their re-send (into
   * `foldedClusters`, out of `clusters`); `--no-fold-resends` sets it false.
   */
  foldResends?: boolean;
  /** Groups folded under re-sends (in `foldedClusters`, counted in `omittedClusters` too). */
  foldedClusters?: number;
}

/** A story of a re-send pair: where it is and when it was published. */
export interface ResendStory {
  path: string;
  /** For a record, or a story of a file holding several (see {@link Location.record}). */
  record?: string;
  /** Its publication date, when known (ISO 8601). */
  date?: string;
}

/**
 * A re-sent story: most of its words (80% or more) are in paragraphs that duplicate paragraphs of
 * one earlier story, `original` (the same story filed twice, as wires do).
 */
export interface Resend {
  /** The re-send (the later story; undated: the later in path order). */
  story: ResendStory;
  /** The story it re-sends. */
  original: ResendStory;
  /** Paragraphs of the re-send (with at least min words) that duplicate one of the original's. */
  paragraphs: number;
  /** Paragraphs of the re-send with at least min words. */
  of: number;
  /** Share of the re-send's words in those paragraphs, 0..1 (4 decimals). */
  share: number;
  /** The numbers, dates and names its near copies changed from the original, in order. */
  changedFacts: ChangedFact[];
  /**
   * Ids of the groups made only of this re-send, its original and the other re-sends of them:
   * the reports fold these under it (see `ReportView.foldResends`).
   */
  clusters: string[];
}

/** The archive a scan was checked against (`scan --index`). */
export interface ArchiveInfo {
  /** The index file, as given. */
  index: string;
  /** Stories in the archive. */
  stories: number;
  /** Paragraphs in the archive (those with at least `minWords` words). */
  paragraphs: number;
}

/** The whole report. */
export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: ToolInfo;
  settings: Settings;
  summary: Summary;
  clusters: Cluster[];
  partials: PartialReuse[];
  documents: DocumentStats[];
  /** Inputs skipped or read specially, sorted by path. */
  warnings: FileWarning[];
  /** Every verified duplicate pair, only when `settings.pairs` is true. */
  pairs?: Pair[];
  /** Only in reports filtered or re-sorted by the CLI (see {@link ReportView}). */
  view?: ReportView;
  /** Only with `scan --index`: the archive the scanned stories were also compared with. */
  archive?: ArchiveInfo;
  /** Only when some: the re-sent stories (see {@link Resend}), by re-send, then original. */
  resends?: Resend[];
  /**
   * Only in reports whose view folds re-sends (the CLI's default): the groups made only of
   * re-sends, left out of `clusters` and listed by id under their re-send in `resends`.
   */
  foldedClusters?: Cluster[];
}

/**
 * Warnings of several sources (the files', the engine's) in one list sorted by path; those of one
 * path keep their order, the first list's first.
 */
export function mergeWarnings(...lists: FileWarning[][]): FileWarning[] {
  return lists.flat().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Whether a warning is one of the engine's advisories about what was compared in a story that
 * was read (report-stories.ts: `0 of 12 paragraphs compared: 12 figure rows (see
 * --include-tables)`, `0 of 3 paragraphs have 8 or more words; see --min-words`, `mixed-script
 * words: …`), not a problem reading a file. Reported, but `--strict` does not fail on it (`check`
 * gives none).
 */
export function isAdvisory(warning: FileWarning): boolean {
  return (
    /^0 of \d[\d,]* paragraphs? (?:compared: |ha(?:s|ve) \d+ or more words)/.test(
      warning.message,
    ) || warning.message.startsWith('mixed-script words: ')
  );
}

/** A count as reports print it: with thousands separators, `21,578` (as `index` and `serve` do). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A share (0..1) as reports print it: a percentage with one decimal, `42.9%`. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Rounds a ratio to 4 decimals, as every ratio in the report is. */
export function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Orders locations by path (code-unit order), then line, then record id. */
export function compareLocations(a: Location, b: Location): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  const ra = a.record ?? '';
  const rb = b.record ?? '';
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}
