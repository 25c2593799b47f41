/**
 * What the engine takes and how it is ordered: a document ({@link SourceDocument}) and the part
 * of it the report keeps ({@link DocumentInfo}), the documents already prepared for the engine
 * ({@link PreparedCorpus}), the options of a detection and of its report, progress and timings.
 * detect.ts runs the engine over them; compact-analysis.ts and report-build.ts are its halves.
 */

import type { GroupTexts } from './group-texts.js';
import type { EngineOptions, TextOptions } from './options.js';
import type { KernelRunner } from './parallel.js';
import type { PairPassages } from './passage.js';
import type { PreparedBatch } from './prepared-batch.js';
import type { DateSource, DocumentMetadata, ToolInfo } from './report.js';
import type { ParagraphSpan } from './segment.js';

/** A document to scan: a path (relative, '/'-separated, used in the report) and its text. */
export interface SourceDocument {
  path: string;
  text: string;
  /**
   * Paragraphs already found by a reader (e.g. HTML/XML, with 1-based source lines); default:
   * `segment(text)`.
   */
  paragraphs?: readonly ParagraphSpan[];
  /**
   * Only for one record of a JSON or JSON Lines file: its id; the report names the document
   * `path#record` (see `Location.record`).
   */
  record?: string;
  /** Only for a record: its first line in the file, 1-based. */
  recordLine?: number;
  /**
   * Only for one story of a plain-text or Markdown file holding several: true (its `record` is
   * the story's number, 1-based, not a record id).
   */
  storyOfFile?: boolean;
  /** What a reader found out about the document (title, date, …). */
  metadata?: DocumentMetadata;
  /**
   * The story's publication date, ISO 8601 (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`), when the
   * sources found one (see `sources/publication-date.ts`); it orders copies in time.
   */
  published?: string;
  /** Only with `published`: where it came from. */
  publishedFrom?: DateSource;
  /**
   * First lines (1-based) of the paragraphs an inline marker suppresses (`dupgraf-ignore-next`,
   * a start…end range): `scan` leaves them out, `check` reports them as suppressed.
   */
  suppressed?: number[];
  /** How many suppression markers applied in this story. */
  suppressions?: number;
}

/** What the report says about a document besides its path (see {@link SourceDocument}). */
export type DocumentInfo = Pick<
  SourceDocument,
  'record' | 'recordLine' | 'metadata' | 'published' | 'publishedFrom' | 'suppressed'
>;

/**
 * Document order: by path (code-unit order), then a record's line, then its id; the report's
 * location order follows from it.
 */
export function compareDocuments(
  x: DocumentInfo & { path: string },
  y: DocumentInfo & { path: string },
): number {
  if (x.path !== y.path) return x.path < y.path ? -1 : 1;
  const lx = x.recordLine ?? 0;
  const ly = y.recordLine ?? 0;
  if (lx !== ly) return lx - ly;
  const rx = x.record ?? '';
  const ry = y.record ?? '';
  return rx < ry ? -1 : rx > ry ? 1 : 0;
}

/**
 * Phases a scan reports progress for: `reading` files (in `scan()`), `shingling` documents,
 * `comparing` paragraphs (the joins) and `grouping` (clusters and the report).
 */
export type ProgressPhase = 'reading' | 'shingling' | 'comparing' | 'grouping';

/**
 * Progress callback: `done` of `total` units of `phase` are finished (documents for `reading` and
 * `shingling`, steps for `comparing` and `grouping`). Called with `done === 0` when a phase starts
 * and `done === total` when it ends. Must be cheap; it must not throw.
 */
export type ProgressCallback = (phase: ProgressPhase, done: number, total: number) => void;

/** Options of {@link detect}: engine options plus report options. */
export interface DetectOptions extends Partial<EngineOptions>, Partial<TextOptions> {
  /** Optional progress callback (see {@link ProgressCallback}); default none. */
  onProgress?: ProgressCallback;
  /** List every verified duplicate pair in `report.pairs`. Default false. */
  pairs?: boolean;
  /** Name and version written into the report. Default `{name: 'dupgraf', version: '0.0.0'}`. */
  tool?: ToolInfo;
  /**
   * Put both paragraphs' texts on each partial reuse (`textA`, `textB`), for reporters that show
   * them side by side (the HTML report). Default false: the JSON stays lean.
   */
  partialTexts?: boolean;
  /**
   * Compare a story only with stories published within this many ms of it (`--window`): links
   * between two dated stories further apart are left out of groups, partial reuse, pairs and the
   * story figures (see `time-window.ts`). Default: no limit.
   */
  window?: number;
}

/** Milliseconds spent in each stage of one run (wall clock), for benchmarks and progress. */
export interface StageTimings {
  /** Segment, normalize, tokenize, shingle and fingerprint (in the caller's workers when given). */
  prepare: number;
  /** Exact fast path (collapse identical paragraphs) and the global shingle order. */
  collapse: number;
  /** The exact self-join finding duplicate and partial-reuse pairs, verification included. */
  join: number;
  /** Star clustering. */
  cluster: number;
  /** Building the report model (texts, passages, per-story figures, pairs). */
  report: number;
}

/** Input of the compact pipeline: documents already prepared (see `prepare.ts`). */
export interface PreparedCorpus {
  /**
   * Document paths, one per document of `batch`, in `compareDocuments` order (by path,
   * code-unit order; records of one file by line, then id).
   */
  paths: readonly string[];
  /** Record id, record line and metadata per document (same index as `paths`); default none. */
  info?: ReadonlyArray<DocumentInfo | undefined>;
  /** Paragraphs of every document, in the order of `paths`. */
  batch: PreparedBatch;
  /** Text of paragraph `p` of document `doc` as written: `text.slice(start, end)` of that
   * document (`index`: 0-based position of the paragraph in it, for readers such as HTML whose
   * paragraph text is not a slice). Called only for what the report shows. */
  paragraphText: (doc: number, index: number, start: number, end: number) => string;
  /**
   * Optional: computes the shared passages of partial reuse on another thread while the engine
   * builds the rest of the report. Called at most once, with the pairs' paragraphs (indexes into
   * `batch`, in report order, ascending `a`); returns a function that waits for the passages
   * (exactly what `passagesOfPairs` over `paragraphText` gives), or undefined to decline.
   */
  passagesElsewhere?: (a: Uint32Array, b: Uint32Array) => (() => PairPassages) | undefined;
  /**
   * Optional: computes the texts and changed facts of some groups on another thread while the
   * engine does the rest (offered when this thread has the larger share of the report's text
   * work). Called at most once, with the paragraphs whose texts are needed
   * (ascending indexes into `batch`) and the (representative, copy) paragraph pairs whose changed
   * facts are needed; returns a function that waits for them (exactly what `groupTextsOf` over
   * `paragraphText` gives), or undefined to decline.
   */
  groupTextsElsewhere?: (
    paragraphs: Uint32Array,
    rep: Uint32Array,
    copy: Uint32Array,
  ) => (() => GroupTexts) | undefined;
  /**
   * Optional: runs half of the shingle ranking and of the join on another thread (see
   * `engine/parallel.ts`) for a large corpus; the result is the same without it.
   */
  kernels?: KernelRunner;
}

/** The report-side information of a document, or undefined when it has none. */
export function documentInfo(d: DocumentInfo): DocumentInfo | undefined {
  const suppressed = d.suppressed !== undefined && d.suppressed.length > 0;
  if (
    d.record === undefined &&
    d.metadata === undefined &&
    d.published === undefined &&
    !suppressed
  )
    return undefined;
  // Only the fields set: every info is copied from a prepare worker to the main thread.
  const info: DocumentInfo = {};
  if (d.record !== undefined) info.record = d.record;
  if (d.recordLine !== undefined) info.recordLine = d.recordLine;
  if (d.metadata !== undefined) info.metadata = d.metadata;
  if (d.published !== undefined) {
    info.published = d.published;
    info.publishedFrom = d.publishedFrom;
  }
  if (suppressed) info.suppressed = d.suppressed;
  return info;
}

/** Report options of `buildReport` and `detectResolved` (see {@link DetectOptions}). */
export interface ReportExtras {
  pairs: boolean;
  tool: ToolInfo;
  /** Default false. */
  partialTexts?: boolean;
  /** Milliseconds; default no limit (see {@link DetectOptions.window}). */
  window?: number;
}
