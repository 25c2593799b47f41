/**
 * The scan pipeline over in-memory documents:
 * segment → normalize/tokenize → shingle → exact fast path → exact joins → verify → cluster →
 * per-story figures → report model. Pure: no file system, no process, no console.
 */

import { changedFactsOfTokens, factTokens } from './changed-facts.js';
import { clusterDuplicates } from './cluster.js';
import { containmentSelfJoin, rankShared, type SetCollection } from './join.js';
import type { KernelRunner } from './parallel.js';
import { groupTextOf, type GroupTexts } from './group-texts.js';
import {
  checkOptions,
  ENGINE_OPTION_KEYS,
  resolveEngineOptions,
  resolveTextOptions,
  type EngineOptions,
  type TextOptions,
} from './options.js';
import type { ParagraphKind } from './paragraph-kind.js';
import { appendPassages, PassageCollector, type PairPassages } from './passage.js';
import {
  SCHEMA_VERSION,
  compareLocations,
  documentName,
  round4,
  type Cluster,
  type DateSource,
  type DocumentMetadata,
  type DocumentStats,
  type FileWarning,
  type Location,
  type Occurrence,
  type Pair,
  type PartialReuse,
  type Report,
  type Resend,
  type ResendStory,
  type ToolInfo,
  sameLocation,
} from './report.js';
import {
  mixedScriptWords,
  PreparedBuilder,
  TRAIT_COMPARED,
  TRAIT_FIGURES,
  type PreparedBatch,
} from './prepare.js';
import type { ParagraphSpan } from './segment.js';
import { isDuplicate, isPartial, jaccardOf } from './similarity.js';
import { repeatedWithin, withinWindow } from './time-window.js';
import { findResends, resendFacts } from './resends.js';

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

/** A paragraph as the engine sees it. */
export interface ParagraphRecord {
  /** Index of the document in the sorted document list. */
  doc: number;
  span: ParagraphSpan;
  /** Words as `minWords` counts them (tokens with a letter). */
  words: number;
  /** Id of the distinct-text node, or −1 when the paragraph is not compared. */
  node: number;
  /** Whether it is compared, or left out as too short or as a figure row. */
  kind: ParagraphKind;
  /** Its words whose letters mix scripts. */
  mixedScript: number;
}

/** A distinct normalized paragraph text and all its exact copies. */
export interface TextNode {
  /** Shingle set, ascending hashes. */
  shingles: Uint32Array;
  /** 53-bit fingerprint of the normalized word sequence. */
  fingerprint: number;
  /** Indexes into `paragraphs` of every exact copy, in document order. */
  copies: number[];
}

/** Everything the engine computed, before it is turned into a report. */
export interface Analysis {
  options: EngineOptions & TextOptions;
  documents: SourceDocument[];
  paragraphs: ParagraphRecord[];
  nodes: TextNode[];
  /** Duplicate edges between nodes (a < b) with Jaccard. */
  duplicates: { a: number[]; b: number[]; jaccard: number[] };
  /** Partial-reuse edges between nodes (a < b) with intersection size; not duplicates. */
  partials: { a: number[]; b: number[]; intersections: number[] };
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
   * Document paths, one per document of `batch`, in {@link compareDocuments} order (by path,
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

/** The engine's result in flat arrays (internal; see {@link Analysis} for the object form). */
interface CompactAnalysis {
  options: EngineOptions & TextOptions;
  paths: readonly string[];
  info?: ReadonlyArray<DocumentInfo | undefined>;
  paragraphCount: number;
  paraDoc: Uint32Array;
  /** Position of each paragraph in its document, 1-based. */
  paraIndex: Uint32Array;
  line: ArrayLike<number>;
  endLine: ArrayLike<number>;
  words: ArrayLike<number>;
  /** Traits of each paragraph (compared, figure row, words mixing scripts: see `prepare.ts`). */
  traits: ArrayLike<number>;
  /** Node of each paragraph, −1 when not compared. */
  node: Int32Array;
  nodeCount: number;
  /** Paragraphs of node n: `copies[copyOffsets[n] .. copyOffsets[n+1])`, ascending. */
  copyOffsets: Uint32Array;
  copies: Uint32Array;
  nodeSize: Uint32Array;
  nodeFingerprint: (n: number) => number;
  duplicates: { a: number[]; b: number[]; jaccard: number[] };
  partials: { a: number[]; b: number[]; intersections: number[] };
  text: (p: number) => string;
  passagesElsewhere?: PreparedCorpus['passagesElsewhere'];
  groupTextsElsewhere?: PreparedCorpus['groupTextsElsewhere'];
}

function now(): number {
  return performance.now();
}

/** Document index of each paragraph and its 1-based position in the document. */
function paragraphPlaces(batch: PreparedBatch): { paraDoc: Uint32Array; paraIndex: Uint32Array } {
  const n = batch.line.length;
  const paraDoc = new Uint32Array(n);
  const paraIndex = new Uint32Array(n);
  for (let d = 0; d < batch.docs; d++) {
    const from = batch.paragraphOffsets[d];
    for (let p = from; p < batch.paragraphOffsets[d + 1]; p++) {
      paraDoc[p] = d;
      paraIndex[p] = p - from + 1;
    }
  }
  return { paraDoc, paraIndex };
}

/**
 * Exact fast path: paragraphs with the same fingerprint and the same shingle set become one node
 * (node ids in order of first occurrence). Returns the node of each paragraph and the copies.
 */
function collapse(batch: PreparedBatch, consume: boolean) {
  const n = batch.line.length;
  const { shingleOffsets: so, shingles, fpHigh, fpLow, traits } = batch;
  const node = new Int32Array(n).fill(-1);
  let size = 16;
  while (size < n * 2) size *= 2;
  const mask = size - 1;
  // Open addressing, three words a slot: the fingerprint's two halves and the node (−1: empty),
  // so a probe reads one place; shingles are compared only when the fingerprints agree.
  const table = new Int32Array(size * 3);
  for (let at = 2; at < table.length; at += 3) table[at] = -1;
  const firstOfNode = new Uint32Array(n); // node -> first paragraph
  const copyCount = new Uint32Array(n);
  let nodeCount = 0;
  for (let p = 0; p < n; p++) {
    if ((traits[p] & TRAIT_COMPARED) === 0) continue;
    const hi = fpHigh[p] | 0;
    const lo = fpLow[p] | 0;
    let at = ((Math.imul(lo ^ hi, 0x9e3779b1) >>> 0) & mask) * 3;
    let found = -1;
    for (;;) {
      const id = table[at + 2];
      if (id < 0) {
        found = nodeCount++;
        table[at] = lo;
        table[at + 1] = hi;
        table[at + 2] = found;
        firstOfNode[found] = p;
        break;
      }
      if (table[at] === lo && table[at + 1] === hi) {
        const q = firstOfNode[id];
        if (equalRanges(shingles, so[p], so[p + 1], so[q], so[q + 1])) {
          found = id;
          break;
        }
      }
      at = at + 3 === table.length ? 0 : at + 3;
    }
    node[p] = found;
    copyCount[found]++;
  }
  const firstOf = firstOfNode.subarray(0, nodeCount);
  const copyOffsets = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < nodeCount; i++) copyOffsets[i + 1] = copyOffsets[i] + copyCount[i];
  const fill = copyOffsets.slice(0, nodeCount);
  const copies = new Uint32Array(copyOffsets[nodeCount]);
  for (let p = 0; p < n; p++) if (node[p] >= 0) copies[fill[node[p]]++] = p;
  // Shingle sets of the nodes (of their first copies), as one collection.
  const offsets = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < nodeCount; i++) {
    const q = firstOf[i];
    offsets[i + 1] = offsets[i] + so[q + 1] - so[q];
  }
  // First copies come in paragraph order, so the sets can be packed to the front of the
  // batch's own array (writes never pass reads) instead of into a copy.
  let tokens: Uint32Array;
  if (consume) {
    // Consecutive first copies are one range of the source: moved by one call (none before the
    // first dropped copy, where source and place are the same).
    for (let i = 0; i < nodeCount;) {
      const from = so[firstOf[i]];
      let j = i + 1;
      while (j < nodeCount && firstOf[j] === firstOf[j - 1] + 1) j++;
      if (offsets[i] !== from) shingles.copyWithin(offsets[i], from, so[firstOf[j - 1] + 1]);
      i = j;
    }
    tokens = shingles.subarray(0, offsets[nodeCount]);
  } else {
    tokens = new Uint32Array(offsets[nodeCount]);
    for (let i = 0; i < nodeCount; i++) {
      const q = firstOf[i];
      tokens.set(shingles.subarray(so[q], so[q + 1]), offsets[i]);
    }
  }
  return { node, nodeCount, copyOffsets, copies, sets: { count: nodeCount, offsets, tokens } };
}

function equalRanges(a: Uint32Array, x0: number, x1: number, y0: number, y1: number): boolean {
  if (x1 - x0 !== y1 - y0) return false;
  for (let i = 0; i < x1 - x0; i++) if (a[x0 + i] !== a[y0 + i]) return false;
  return true;
}

function analyzeCompact(
  corpus: PreparedCorpus,
  options: EngineOptions & TextOptions,
  timings: StageTimings,
  consume = false,
  onProgress?: ProgressCallback,
): CompactAnalysis {
  const { batch } = corpus;
  onProgress?.('comparing', 0, 2);
  let t = now();
  const { paraDoc, paraIndex } = paragraphPlaces(batch);
  const { node, nodeCount, copyOffsets, copies, sets: hashSets } = collapse(batch, consume);
  const nodeSize = new Uint32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) nodeSize[i] = hashSets.offsets[i + 1] - hashSets.offsets[i];
  const sets: SetCollection = rankShared(hashSets, corpus.kernels);
  timings.collapse = now() - t;
  onProgress?.('comparing', 1, 2);

  // One exact join finds both kinds of pair: Jaccard >= t implies |A∩B| >= 2t/(1+t)·min(|A|,|B|),
  // so a containment join at min(c, 2t/(1+t)) sees every duplicate and every partial; each
  // candidate is verified once and classified by the exact predicates.
  t = now();
  const { threshold, containment } = options;
  const joinAt = Math.min(containment, (2 * threshold) / (1 + threshold)) - 1e-12;
  const found = containmentSelfJoin(sets, joinAt, corpus.kernels);
  corpus.kernels?.finish?.();
  const dupA: number[] = [];
  const dupB: number[] = [];
  const dupI: number[] = [];
  const partA: number[] = [];
  const partB: number[] = [];
  const partI: number[] = [];
  for (let e = 0; e < found.a.length; e++) {
    const a = found.a[e];
    const b = found.b[e];
    const inter = found.intersections[e];
    if (isDuplicate(inter, nodeSize[a], nodeSize[b], threshold)) {
      dupA.push(a);
      dupB.push(b);
      dupI.push(inter);
    } else if (isPartial(inter, nodeSize[a], nodeSize[b], containment)) {
      partA.push(a);
      partB.push(b);
      partI.push(inter);
    }
  }
  // Edges in (a, b) order, so nothing downstream depends on the join's internal order.
  const duplicates = { a: [] as number[], b: [] as number[], jaccard: [] as number[] };
  for (const e of sortPairs(dupA, dupB, nodeCount)) {
    duplicates.a.push(dupA[e]);
    duplicates.b.push(dupB[e]);
    duplicates.jaccard.push(jaccardOf(dupI[e], nodeSize[dupA[e]], nodeSize[dupB[e]]));
  }
  const partials = { a: [] as number[], b: [] as number[], intersections: [] as number[] };
  for (const e of sortPairs(partA, partB, nodeCount)) {
    partials.a.push(partA[e]);
    partials.b.push(partB[e]);
    partials.intersections.push(partI[e]);
  }
  timings.join = now() - t;
  onProgress?.('comparing', 2, 2);

  const firstCopy = (n: number) => copies[copyOffsets[n]];
  return {
    options,
    paths: corpus.paths,
    info: corpus.info,
    paragraphCount: batch.line.length,
    paraDoc,
    paraIndex,
    line: batch.line,
    endLine: batch.endLine,
    words: batch.words,
    traits: batch.traits,
    node,
    nodeCount,
    copyOffsets,
    copies,
    nodeSize,
    nodeFingerprint: (n) => batch.fpHigh[firstCopy(n)] * 0x100000000 + batch.fpLow[firstCopy(n)],
    duplicates,
    partials,
    text: (p) => corpus.paragraphText(paraDoc[p], paraIndex[p] - 1, batch.start[p], batch.end[p]),
    passagesElsewhere: corpus.passagesElsewhere,
    groupTextsElsewhere: corpus.groupTextsElsewhere,
  };
}

function sortByPath(documents: readonly SourceDocument[]): SourceDocument[] {
  return [...documents].sort(compareDocuments);
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
  const info: DocumentInfo = { record: d.record, recordLine: d.recordLine, metadata: d.metadata };
  if (d.published !== undefined) {
    info.published = d.published;
    info.publishedFrom = d.publishedFrom;
  }
  if (suppressed) info.suppressed = d.suppressed;
  return info;
}

/** Prepares in-memory documents (sorted by path) for {@link detectPrepared}. */
export function prepareDocuments(
  documents: readonly SourceDocument[],
  options: Partial<EngineOptions> & Partial<TextOptions> & { onProgress?: ProgressCallback } = {},
): PreparedCorpus {
  const resolved = { ...resolveEngineOptions(options), ...resolveTextOptions(options) };
  const onProgress = options.onProgress;
  const sorted = sortByPath(documents);
  const builder = new PreparedBuilder(resolved);
  onProgress?.('shingling', 0, sorted.length);
  sorted.forEach((d, i) => {
    if (d.paragraphs) builder.addParagraphs(d.paragraphs);
    else builder.add(d.text);
    onProgress?.('shingling', i + 1, sorted.length);
  });
  return {
    paths: sorted.map((d) => d.path),
    info: sorted.map(documentInfo),
    batch: builder.finish(),
    paragraphText: (doc, index, start, end) => {
      const d = sorted[doc];
      return d.paragraphs ? d.paragraphs[index].text : d.text.slice(start, end);
    },
  };
}

/**
 * Runs the engine on documents (sorted by path first, so input order never matters) and returns
 * the raw analysis in object form. Most callers want {@link detect}.
 */
export function analyze(
  documents: readonly SourceDocument[],
  partialOptions: Partial<EngineOptions> &
    Partial<TextOptions> & { onProgress?: ProgressCallback } = {},
): Analysis {
  const options = {
    ...resolveEngineOptions(partialOptions),
    ...resolveTextOptions(partialOptions),
  };
  const sorted = sortByPath(documents);
  const corpus = prepareDocuments(sorted, { ...options, onProgress: partialOptions.onProgress });
  const timings = emptyTimings();
  const c = analyzeCompact(corpus, options, timings, false, partialOptions.onProgress);
  const { batch } = corpus;
  const paragraphs: ParagraphRecord[] = [];
  for (let p = 0; p < c.paragraphCount; p++) {
    paragraphs.push({
      doc: c.paraDoc[p],
      span: {
        index: c.paraIndex[p],
        line: batch.line[p],
        endLine: batch.endLine[p],
        start: batch.start[p],
        end: batch.end[p],
        text: c.text(p),
      },
      words: batch.words[p],
      node: c.node[p],
      kind: kindOf(batch.traits[p], batch.words[p], options.minWords),
      mixedScript: mixedScriptWords(batch.traits[p]),
    });
  }
  const nodes: TextNode[] = [];
  for (let n = 0; n < c.nodeCount; n++) {
    const q = c.copies[c.copyOffsets[n]];
    nodes.push({
      shingles: batch.shingles.slice(batch.shingleOffsets[q], batch.shingleOffsets[q + 1]).sort(),
      fingerprint: c.nodeFingerprint(n),
      copies: Array.from(c.copies.subarray(c.copyOffsets[n], c.copyOffsets[n + 1])),
    });
  }
  return {
    options,
    documents: sorted,
    paragraphs,
    nodes,
    duplicates: c.duplicates,
    partials: c.partials,
  };
}

/** A paragraph's kind from its traits and words (see `prepare.ts`). */
function kindOf(traits: number, words: number, minWords: number): ParagraphKind {
  if (traits & TRAIT_COMPARED) return 'compared';
  return words < minWords ? 'short' : 'figures';
}

function emptyTimings(): StageTimings {
  return { prepare: 0, collapse: 0, join: 0, cluster: 0, report: 0 };
}

/** Options of {@link detectPrepared}: {@link DetectOptions} plus a stage-timing callback. */
export interface DetectPreparedOptions extends DetectOptions {
  /** Called once at the end with the time spent in each stage (not part of the report). */
  onTimings?: (timings: StageTimings) => void;
  /** Milliseconds already spent preparing (reported as `prepare`). */
  prepareMs?: number;
}

/**
 * Finds repeated and partly reused paragraphs across documents and returns the report model.
 * Deterministic: the same documents give the same report whatever their order.
 */
export function detect(
  documents: readonly SourceDocument[],
  options: DetectOptions & { onTimings?: (timings: StageTimings) => void } = {},
): Report {
  checkOptions(
    options,
    [
      ...ENGINE_OPTION_KEYS,
      'foldAccents',
      'includeTables',
      'onProgress',
      'pairs',
      'tool',
      'partialTexts',
      'window',
      'onTimings',
    ],
    'detect',
  );
  const t = now();
  const corpus = prepareDocuments(documents, options);
  return detectPrepared(corpus, { ...options, prepareMs: now() - t });
}

/**
 * {@link detect} over documents already prepared (by `prepareDocuments`, or by worker threads
 * that ran `PreparedBuilder` on files). The report is the same bytes either way. To keep memory
 * low, `corpus.batch.shingles` is used as working space: its content is overwritten.
 */
export function detectPrepared(
  corpus: PreparedCorpus,
  options: DetectPreparedOptions = {},
): Report {
  const engine = { ...resolveEngineOptions(options), ...resolveTextOptions(options) };
  const extras: ReportExtras = {
    pairs: options.pairs ?? false,
    tool: options.tool ?? { name: 'dupgraf', version: '0.0.0' },
    partialTexts: options.partialTexts ?? false,
    window: options.window,
  };
  return detectResolved(corpus, engine, extras, options);
}

/**
 * {@link detectPrepared} with its options resolved already (`scan()`'s engine and report
 * settings): nothing is checked again. `run` has the progress and timing callbacks.
 */
export function detectResolved(
  corpus: PreparedCorpus,
  engine: Readonly<EngineOptions & TextOptions>,
  extras: Readonly<ReportExtras>,
  run: Pick<DetectPreparedOptions, 'onProgress' | 'onTimings' | 'prepareMs'>,
): Report {
  const timings = emptyTimings();
  timings.prepare = run.prepareMs ?? 0;
  const c = analyzeCompact(corpus, engine, timings, true, run.onProgress);
  run.onProgress?.('grouping', 0, 1);
  const report = reportFromCompact(c, extras, timings);
  run.onProgress?.('grouping', 1, 1);
  run.onTimings?.(timings);
  return report;
}

/** Turns an {@link Analysis} into the report model. */
export function buildReport(analysis: Analysis, extras: ReportExtras): Report {
  const { paragraphs, nodes } = analysis;
  const n = paragraphs.length;
  const paraDoc = new Uint32Array(n);
  const paraIndex = new Uint32Array(n);
  const line = new Uint32Array(n);
  const endLine = new Uint32Array(n);
  const words = new Uint32Array(n);
  const traits = new Uint32Array(n);
  const node = new Int32Array(n);
  paragraphs.forEach((r, p) => {
    paraDoc[p] = r.doc;
    paraIndex[p] = r.span.index;
    line[p] = r.span.line;
    endLine[p] = r.span.endLine;
    words[p] = r.words;
    traits[p] =
      (r.kind === 'compared' ? TRAIT_COMPARED : 0) |
      (r.kind === 'figures' ? TRAIT_FIGURES : 0) |
      (r.mixedScript << 2);
    node[p] = r.node;
  });
  const copyOffsets = new Uint32Array(nodes.length + 1);
  nodes.forEach((x, i) => (copyOffsets[i + 1] = copyOffsets[i] + x.copies.length));
  const copies = new Uint32Array(copyOffsets[nodes.length]);
  nodes.forEach((x, i) => copies.set(x.copies, copyOffsets[i]));
  const c: CompactAnalysis = {
    options: analysis.options,
    paths: analysis.documents.map((d) => d.path),
    info: analysis.documents.map(documentInfo),
    paragraphCount: n,
    paraDoc,
    paraIndex,
    line,
    endLine,
    words,
    traits,
    node,
    nodeCount: nodes.length,
    copyOffsets,
    copies,
    nodeSize: Uint32Array.from(nodes, (x) => x.shingles.length),
    nodeFingerprint: (i) => nodes[i].fingerprint,
    duplicates: analysis.duplicates,
    partials: analysis.partials,
    text: (p) => paragraphs[p].span.text,
  };
  return reportFromCompact(c, extras, emptyTimings());
}

/**
 * Order of pairs of paragraph indexes (p < q, all pairs distinct) by (p, q): two stable counting
 * sorts, linear in pairs + paragraphs. Paragraph indexes follow (path, line) order, so this is the
 * report's location order.
 */
function sortPairs(ps: readonly number[], qs: readonly number[], paragraphs: number): Uint32Array {
  const m = ps.length;
  const counts = new Uint32Array(paragraphs + 1);
  for (let i = 0; i < m; i++) counts[qs[i] + 1]++;
  for (let p = 0; p < paragraphs; p++) counts[p + 1] += counts[p];
  const byQ = new Uint32Array(m);
  for (let i = 0; i < m; i++) byQ[counts[qs[i]]++] = i;
  counts.fill(0);
  for (let i = 0; i < m; i++) counts[ps[i] + 1]++;
  for (let p = 0; p < paragraphs; p++) counts[p + 1] += counts[p];
  const out = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    const i = byQ[k];
    out[counts[ps[i]]++] = i;
  }
  return out;
}

/** Report options of {@link buildReport} (see {@link DetectOptions}). */
export interface ReportExtras {
  pairs: boolean;
  tool: ToolInfo;
  /** Default false. */
  partialTexts?: boolean;
  /** Milliseconds; default no limit (see {@link DetectOptions.window}). */
  window?: number;
}

/**
 * Cost of the shared passage of one partial-reuse pair, in units of one group text (reading it,
 * and a copy's changed facts): measured on 100,000 synthetic stories at threshold 0.8, the
 * passages of 230,725 pairs took 2.9 s on a worker while this thread spent 1.5 s on 27,387
 * group texts (with `MAIN_SLOWDOWN`: 0.28 texts a pair).
 */
const PASSAGE_COST = 0.28;

/**
 * How many of `pairs` shared passages (the last pairs) this thread computes when another thread
 * computes the others: none while its groups' `texts` weigh as much as the passages, else what
 * makes both finish together (measured at 100,000 synthetic stories, threshold 0.8: with all
 * 230,725 passages on the other thread, this thread waited 1.1-1.4 s of a 3.1-3.8 s report stage).
 */
function passagesHere(texts: number, pairs: number): number {
  const excess = pairs * PASSAGE_COST - MAIN_SLOWDOWN * texts;
  if (excess <= 0) return 0;
  return Math.min(pairs, Math.floor(excess / (1 + MAIN_SLOWDOWN) / PASSAGE_COST));
}

/**
 * How much slower this thread is per group text than a worker (it also builds the report's
 * objects, on the larger heap): measured at 100,000 synthetic stories, threshold 0.5 (33,448
 * texts here in 4.2-4.3 s, 32,655 on the worker in 3.3-3.5 s).
 */
const MAIN_SLOWDOWN = 1.2;

/**
 * How many of `texts` group texts to hand to another thread so that the cores finish together:
 * with the passages of `pairs` pairs on a thread of their own, what balances this thread against
 * the passages' core; else (this thread computes the passages too) against this one. None when
 * the passages weigh about as much as the groups: a third thread then slows the passages' thread
 * by more than it saves here (measured at threshold 0.8: 2,841 texts moved, the report stage
 * took 3.8 s instead of 2.9 s).
 */
function groupShare(texts: number, pairs: number, passagesElsewhere: boolean): number {
  const passages = pairs * PASSAGE_COST;
  if (!passagesElsewhere) return (MAIN_SLOWDOWN * texts + passages) / (1 + MAIN_SLOWDOWN);
  if (passages > 0.65 * texts) return 0;
  return (MAIN_SLOWDOWN * texts - passages) / (1 + MAIN_SLOWDOWN);
}

function reportFromCompact(
  c: CompactAnalysis,
  extras: ReportExtras,
  timings: StageTimings,
): Report {
  let t = now();
  const { options, paths, duplicates, copies, copyOffsets, nodeCount } = c;
  const locate = (p: number): Location => {
    const doc = c.paraDoc[p];
    const record = c.info?.[doc]?.record;
    return record === undefined
      ? { path: paths[doc], line: c.line[p] }
      : { path: paths[doc], line: c.line[p], record };
  };
  // Each story's publication instant (NaN when undated), for origins.
  const docTime = new Float64Array(paths.length).fill(NaN);
  paths.forEach((_, doc) => {
    const published = c.info?.[doc]?.published;
    if (published !== undefined) docTime[doc] = Date.parse(published);
  });
  const multiplicity = new Uint32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) multiplicity[i] = copyOffsets[i + 1] - copyOffsets[i];
  const groups = clusterDuplicates({
    count: nodeCount,
    multiplicity,
    edgeA: duplicates.a,
    edgeB: duplicates.b,
    edgeSimilarity: duplicates.jaccard,
  });
  timings.cluster = now() - t;

  t = now();
  // Partial reuse, between the first copies of two distinct texts; members of one group are skipped
  // (and, with a window, pairs of stories further apart than it).
  const groupOf = new Int32Array(nodeCount).fill(-1);
  groups.forEach((g, i) => g.members.forEach((node) => (groupOf[node] = i)));
  const pa: number[] = [];
  const pb: number[] = [];
  const pe: number[] = [];
  for (let e = 0; e < c.partials.a.length; e++) {
    const a = c.partials.a[e];
    const b = c.partials.b[e];
    if (groupOf[a] >= 0 && groupOf[a] === groupOf[b]) continue;
    if (
      extras.window !== undefined &&
      !withinWindow(
        docTime[c.paraDoc[copies[copyOffsets[a]]]],
        docTime[c.paraDoc[copies[copyOffsets[b]]]],
        extras.window,
      )
    )
      continue;
    pa.push(copies[copyOffsets[a]]);
    pb.push(copies[copyOffsets[b]]);
    pe.push(e);
  }
  const order = sortPairs(pa, pb, c.paragraphCount);
  const pairA = new Uint32Array(order.length);
  const pairB = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    pairA[k] = pa[order[k]];
    pairB[k] = pb[order[k]];
  }
  // The groups' texts (representatives and copies that differ from them), white space collapsed,
  // and the copies' changed facts: this thread's work, counted in texts.
  const textsOf = (group: (typeof groups)[number]): number => {
    let n = 1;
    for (const node of group.members)
      if (node !== group.representative) n += copyOffsets[node + 1] - copyOffsets[node];
    return n;
  };
  let total = 0;
  for (const group of groups) total += textsOf(group);
  // Passages on another thread when the caller offers one, while this one builds the groups;
  // this thread takes the last pairs when the passages outweigh the groups (see `passagesHere`).
  let cut = c.passagesElsewhere ? pairA.length - passagesHere(total, pairA.length) : 0;
  const passagesLater =
    cut > 0 ? c.passagesElsewhere?.(pairA.subarray(0, cut), pairB.subarray(0, cut)) : undefined;
  if (passagesLater === undefined) cut = 0;
  // The last groups go to another thread when the caller offers one and this thread has the
  // larger share of the work (see `groupShare`).
  let split = groups.length;
  let groupTextsLater: (() => GroupTexts) | undefined;
  let elsewhere: { paragraphs: Uint32Array; texts?: GroupTexts; fact: number } | undefined;
  if (c.groupTextsElsewhere) {
    const share = groupShare(total, cut, passagesLater !== undefined);
    if (share >= 1) {
      let moved = 0;
      while (split > 0 && moved < share) moved += textsOf(groups[--split]);
      const mark = new Uint8Array(c.paragraphCount);
      const rep: number[] = [];
      const copy: number[] = [];
      for (let g = split; g < groups.length; g++) {
        const group = groups[g];
        const repFirst = copies[copyOffsets[group.representative]];
        mark[repFirst] = 1;
        for (const p of copiesInOrder(group)) {
          if (c.node[p] === group.representative) continue;
          mark[p] = 1;
          rep.push(repFirst);
          copy.push(p);
        }
      }
      const paragraphs: number[] = [];
      for (let q = 0; q < c.paragraphCount; q++) if (mark[q]) paragraphs.push(q);
      const list = Uint32Array.from(paragraphs);
      groupTextsLater = c.groupTextsElsewhere(list, Uint32Array.from(rep), Uint32Array.from(copy));
      if (groupTextsLater) elsewhere = { paragraphs: list, fact: 0 };
      else split = groups.length;
    }
  }
  // This thread's groups' texts, read in one pass in paragraph (so file) order, each file once;
  // the same pass feeds the partials' passages when no other thread computes them.
  const need = new Uint8Array(c.paragraphCount);
  for (let g = 0; g < split; g++) {
    const group = groups[g];
    need[copies[copyOffsets[group.representative]]] = 1;
    for (const node of group.members) {
      if (node === group.representative) continue;
      for (let i = copyOffsets[node]; i < copyOffsets[node + 1]; i++) need[copies[i]] = 1;
    }
  }
  const collector =
    cut < pairA.length
      ? new PassageCollector(pairA.subarray(cut), pairB.subarray(cut), c.paragraphCount)
      : null;
  const groupText = new Map<number, string>();
  for (let q = 0; q < c.paragraphCount; q++) {
    const forPassages = collector?.wants(q) ?? false;
    if (need[q] === 0 && !forPassages) continue;
    const text = c.text(q);
    if (need[q]) groupText.set(q, groupTextOf(text));
    if (forPassages) collector!.take(q, text);
  }
  /** A group's paragraphs (copies of its members) in paragraph order, with their similarity. */
  function copiesInOrder(group: (typeof groups)[number], sims?: number[]): number[] {
    const ps: number[] = [];
    const own: number[] = [];
    group.members.forEach((node, k) => {
      for (let i = copyOffsets[node]; i < copyOffsets[node + 1]; i++) {
        ps.push(copies[i]);
        own.push(group.similarity[k]);
      }
    });
    const order = ps.map((_, i) => i).sort((x, y) => ps[x] - ps[y]);
    if (sims) for (const i of order) sims.push(own[i]);
    return order.map((i) => ps[i]);
  }

  const clusters: Cluster[] = groups.map((group, g) => {
    const sims: number[] = [];
    const ps = copiesInOrder(group, sims);
    const repFirst = copies[copyOffsets[group.representative]];
    // The other thread's groups: its texts and changed facts, once it is done.
    const there = g >= split ? elsewhere : undefined;
    if (there && there.texts === undefined) {
      there.texts = groupTextsLater!();
      there.paragraphs.forEach((q, i) => groupText.set(q, there.texts!.text[i]));
    }
    const repText = groupText.get(repFirst)!;
    // The representative is tokenized once for all its copies' changed facts.
    let repTokens: ReturnType<typeof factTokens> | undefined;
    const occurrences: Occurrence[] = ps.map((p, i) => {
      const doc = c.paraDoc[p];
      const record = c.info?.[doc]?.record;
      // Written out (not spread from `locate`): one object shape, built and serialized fast.
      const occurrence: Occurrence =
        record === undefined
          ? {
              path: paths[doc],
              line: c.line[p],
              endLine: c.endLine[p],
              paragraph: c.paraIndex[p],
              similarity: round4(sims[i]),
              words: c.words[p],
            }
          : {
              path: paths[doc],
              line: c.line[p],
              record,
              endLine: c.endLine[p],
              paragraph: c.paraIndex[p],
              similarity: round4(sims[i]),
              words: c.words[p],
            };
      const published = c.info?.[doc]?.published;
      if (published !== undefined) occurrence.date = published;
      // A copy that is not an exact copy of the representative: its text and changed facts.
      if (c.node[p] !== group.representative) {
        occurrence.text = groupText.get(p)!;
        if (there) occurrence.changedFacts = there.texts!.facts[there.fact++];
        else {
          repTokens ??= factTokens(repText);
          occurrence.changedFacts = changedFactsOfTokens(repTokens, factTokens(occurrence.text));
        }
      }
      return occurrence;
    });
    const docs = new Set<number>();
    for (const p of ps) docs.add(c.paraDoc[p]);
    const origin = originOf(occurrences, (i) => docTime[c.paraDoc[ps[i]]]);
    return {
      id: 'd' + c.nodeFingerprint(group.representative).toString(16).padStart(14, '0'),
      size: occurrences.length,
      documents: docs.size,
      representative: locate(repFirst),
      origin,
      text: repText,
      occurrences,
    };
  });
  groupText.clear();
  const window = extras.window;
  if (window !== undefined) {
    // A copy stays in its group when its story is within the window of the representative's.
    const timeOf = (o: { date?: string }) => (o.date === undefined ? NaN : Date.parse(o.date));
    for (let g = clusters.length - 1; g >= 0; g--) {
      const cluster = clusters[g];
      const rep = cluster.occurrences.find((o) => sameLocation(o, cluster.representative))!;
      const kept = cluster.occurrences.filter((o) => withinWindow(timeOf(o), timeOf(rep), window));
      if (kept.length < 2) {
        clusters.splice(g, 1);
        continue;
      }
      if (kept.length === cluster.occurrences.length) continue;
      cluster.occurrences = kept;
      cluster.size = kept.length;
      cluster.documents = new Set(kept.map((o) => `${o.path}#${o.record ?? ''}`)).size;
      cluster.origin = originOf(kept);
    }
  }
  clusters.sort((x, y) => y.size - x.size || compareLocations(x.representative, y.representative));

  // This thread's passages are computed before it waits for the other thread's, which are the
  // first `cut` pairs' (none at all when there are no pairs).
  const own = collector?.finish();
  const passages = passagesLater
    ? appendPassages(passagesLater(), own)
    : (own ?? { text: [], words: [] });
  const partials: PartialReuse[] = [];
  order.forEach((e0, i) => {
    const e = pe[e0];
    const inter = c.partials.intersections[e];
    const sizeA = c.nodeSize[c.partials.a[e]];
    const sizeB = c.nodeSize[c.partials.b[e]];
    const partial: PartialReuse = {
      a: locate(pairA[i]),
      b: locate(pairB[i]),
      containmentAB: round4(inter / sizeA),
      containmentBA: round4(inter / sizeB),
      jaccard: round4(jaccardOf(inter, sizeA, sizeB)),
      passage: passages.text[i],
      passageWords: passages.words[i],
    };
    if (extras.partialTexts) {
      partial.textA = groupTextOf(c.text(pairA[i]));
      partial.textB = groupTextOf(c.text(pairB[i]));
    }
    partials.push(partial);
  });

  // Per-story figures: a paragraph is repeated when its text has an exact copy or a duplicate edge.
  const repeated = new Uint8Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) if (multiplicity[i] > 1) repeated[i] = 1;
  for (let e = 0; e < duplicates.a.length; e++) {
    repeated[duplicates.a[e]] = 1;
    repeated[duplicates.b[e]] = 1;
  }
  const stats: DocumentStats[] = paths.map((path, doc) => {
    const info = c.info?.[doc];
    // The usual story (no record, metadata or date) as a literal: one object shape, no spreads.
    if (
      info?.record === undefined &&
      info?.published === undefined &&
      info?.suppressed === undefined &&
      !(info?.metadata && Object.keys(info.metadata).length > 0)
    )
      return {
        path,
        paragraphs: 0,
        words: 0,
        duplicateParagraphs: 0,
        duplicateWords: 0,
        boilerplateShare: 0,
      };
    const record =
      info?.record === undefined
        ? {}
        : info.recordLine === undefined
          ? { record: info.record }
          : { record: info.record, recordLine: info.recordLine };
    const metadata =
      info?.metadata && Object.keys(info.metadata).length > 0 ? { metadata: info.metadata } : {};
    const dated =
      info?.published === undefined
        ? {}
        : { date: info.published, dateSource: info.publishedFrom ?? ('metadata' as DateSource) };
    const suppressed =
      info?.suppressed === undefined ? {} : { suppressedParagraphs: info.suppressed.length };
    return {
      path,
      ...record,
      paragraphs: 0,
      words: 0,
      duplicateParagraphs: 0,
      duplicateWords: 0,
      boilerplateShare: 0,
      ...suppressed,
      ...metadata,
      ...dated,
    };
  });
  // With a window, a paragraph is repeated when a copy lies within it.
  const repeatedHere =
    extras.window === undefined
      ? null
      : repeatedWithin(
          c,
          Float64Array.from(c.paraDoc, (d) => docTime[d]),
          extras.window,
        );
  let considered = 0;
  let short = 0;
  let figureRows = 0;
  let mixedScript = 0;
  // Per document: paragraphs compared, figure rows left out, words mixing scripts and the
  // first line of one (for the warnings).
  const docCompared = new Uint32Array(paths.length);
  const docFigures = new Uint32Array(paths.length);
  const docMixed = new Uint32Array(paths.length);
  const docMixedLine = new Uint32Array(paths.length);
  for (let p = 0; p < c.paragraphCount; p++) {
    const doc = c.paraDoc[p];
    const s = stats[doc];
    s.paragraphs++;
    s.words += c.words[p];
    const traits = c.traits[p];
    const mixed = mixedScriptWords(traits);
    if (mixed > 0) {
      if (docMixed[doc] === 0) docMixedLine[doc] = c.line[p];
      docMixed[doc] += mixed;
      mixedScript += mixed;
    }
    const node = c.node[p];
    if (node >= 0) {
      considered++;
      docCompared[doc]++;
      if (repeatedHere ? repeatedHere[p] : repeated[node]) {
        s.duplicateParagraphs++;
        s.duplicateWords += c.words[p];
      }
    } else if (c.words[p] < options.minWords) short++;
    else {
      figureRows++;
      docFigures[doc]++;
    }
  }
  const warnings: FileWarning[] = [];
  stats.forEach((s, doc) => {
    const name = documentName(s);
    if (s.paragraphs > 0 && docCompared[doc] === 0)
      warnings.push({
        path: name,
        message: skippedMessage(s.paragraphs, docFigures[doc], options),
      });
    if (docMixed[doc] > 0)
      warnings.push({
        path: name,
        message: `mixed-script words: ${docMixed[doc]} (letters of two scripts in one word, as look-alikes disguise copy; first at line ${docMixedLine[doc]})`,
      });
  });
  let duplicateParagraphs = 0;
  let suppressedParagraphs = 0;
  for (const s of stats) {
    s.boilerplateShare = s.words === 0 ? 0 : round4(s.duplicateWords / s.words);
    duplicateParagraphs += s.duplicateParagraphs;
    suppressedParagraphs += s.suppressedParagraphs ?? 0;
  }

  // Re-sent stories: found from the same links, and the groups made only of them.
  const resends = resendsOf(c, clusters, stats, docTime, extras.window);

  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: extras.tool,
    settings:
      extras.window === undefined
        ? { ...options, pairs: extras.pairs }
        : { ...options, pairs: extras.pairs, window: extras.window },
    summary: {
      documents: paths.length,
      paragraphs: considered,
      clusters: clusters.length,
      duplicateParagraphs,
      partials: partials.length,
      shortParagraphs: short,
      figureRows,
      mixedScriptWords: mixedScript,
      ...(suppressedParagraphs > 0 ? { suppressedParagraphs } : {}),
      ...(resends.length > 0 ? { resends: resends.length } : {}),
    },
    clusters,
    partials,
    documents: stats,
    warnings,
  };
  if (resends.length > 0) report.resends = resends;
  if (extras.pairs) {
    const w = extras.window;
    report.pairs = listPairs(
      c,
      locate,
      w === undefined
        ? undefined
        : (p, q) => withinWindow(docTime[c.paraDoc[p]], docTime[c.paraDoc[q]], w),
    );
  }
  timings.report = now() - t;
  return report;
}

/**
 * The warning about a document none of whose `paragraphs` is compared: too short (`0 of 12
 * paragraphs have 8 or more words; see --min-words`), or `figures` of them figure rows.
 */
function skippedMessage(paragraphs: number, figures: number, options: EngineOptions): string {
  const { minWords } = options;
  if (figures === 0)
    return `0 of ${paragraphs} paragraph${paragraphs === 1 ? ' has' : 's have'} ${minWords} or more words; see --min-words`;
  const short = paragraphs - figures;
  return (
    `0 of ${paragraphs} paragraph${paragraphs === 1 ? '' : 's'} compared: ${figures} figure row${figures === 1 ? '' : 's'} (see --include-tables)` +
    (short > 0 ? `, ${short} with fewer than ${minWords} words (see --min-words)` : '')
  );
}

/**
 * The re-sent stories of an analysis (see resends.ts) as the report gives them: each with its
 * changed facts and the groups made only of its family (the re-send, its original and the other
 * re-sends of them), listed under the family's first re-send. With a window, stories further
 * apart are no re-sends.
 */
function resendsOf(
  c: CompactAnalysis,
  clusters: readonly Cluster[],
  stats: readonly DocumentStats[],
  docTime: Float64Array,
  window: number | undefined,
): Resend[] {
  const found = findResends({
    paragraphCount: c.paragraphCount,
    documents: c.paths.length,
    paraDoc: c.paraDoc,
    node: c.node,
    nodeCount: c.nodeCount,
    copyOffsets: c.copyOffsets,
    copies: c.copies,
    duplicates: c.duplicates,
    words: c.words,
    documentWords: Uint32Array.from(stats, (s) => s.words),
    documentTime: docTime,
  }).filter(
    (r) => window === undefined || withinWindow(docTime[r.story], docTime[r.original], window),
  );
  if (found.length === 0) return [];
  // Families of stories linked by re-sends (union-find).
  const parent = new Map<number, number>();
  const root = (d: number): number => {
    let r = d;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const r of found) {
    const x = root(r.story);
    const y = root(r.original);
    if (x !== y) parent.set(Math.max(x, y), Math.min(x, y));
  }
  const firstOfFamily = new Map<number, number>();
  found.forEach((r, i) => {
    if (!firstOfFamily.has(root(r.story))) firstOfFamily.set(root(r.story), i);
  });
  const docOf = new Map<string, number>();
  c.paths.forEach((path, d) => docOf.set(`${path}\0${c.info?.[d]?.record ?? ''}`, d));
  const folded: string[][] = found.map(() => []);
  for (const cluster of clusters) {
    let family = -1;
    for (const o of cluster.occurrences) {
      const d = docOf.get(`${o.path}\0${o.record ?? ''}`)!;
      const r = parent.has(d) || firstOfFamily.has(d) ? root(d) : -1;
      if (r < 0 || (family >= 0 && r !== family)) {
        family = -1;
        break;
      }
      family = r;
    }
    if (family >= 0 && firstOfFamily.has(family))
      folded[firstOfFamily.get(family)!].push(cluster.id);
  }
  const story = (d: number): ResendStory => {
    const record = c.info?.[d]?.record;
    const date = c.info?.[d]?.published;
    return {
      path: c.paths[d],
      ...(record === undefined ? {} : { record }),
      ...(date === undefined ? {} : { date }),
    };
  };
  const texts = new Map<number, ReturnType<typeof factTokens>>();
  const tokensOf = (p: number) => {
    let t = texts.get(p);
    if (t === undefined) {
      t = factTokens(groupTextOf(c.text(p)));
      texts.set(p, t);
    }
    return t;
  };
  return found.map((r, i) => ({
    story: story(r.story),
    original: story(r.original),
    paragraphs: r.paragraphs,
    of: r.of,
    share: round4(r.share),
    changedFacts: resendFacts(r, (a, b) => changedFactsOfTokens(tokensOf(a), tokensOf(b))),
    clusters: folded[i],
  }));
}

/**
 * A group's origin: the copy with the earliest publication instant (`time(i)`, NaN when
 * undated); ties and, when no copy is dated, the first in path and line order (the copies come in
 * that order). Default `time`: the copies' own `date`.
 */
function originOf(
  occurrences: readonly Occurrence[],
  time: (i: number) => number = (i) =>
    occurrences[i].date === undefined ? NaN : Date.parse(occurrences[i].date!),
): Cluster['origin'] {
  let first = 0;
  let best = time(0);
  for (let i = 1; i < occurrences.length; i++) {
    const t = time(i);
    if (t < best || (Number.isNaN(best) && !Number.isNaN(t))) {
      first = i;
      best = t;
    }
  }
  const o = occurrences[first];
  const origin: Cluster['origin'] =
    o.record === undefined
      ? { path: o.path, line: o.line }
      : { path: o.path, line: o.line, record: o.record };
  if (o.date !== undefined) origin.date = o.date;
  return origin;
}

/**
 * Every verified duplicate pair between paragraphs: exact copies and near-duplicate edges (those
 * `keep` accepts, when given).
 */
function listPairs(
  c: CompactAnalysis,
  locate: (p: number) => Location,
  keep?: (p: number, q: number) => boolean,
): Pair[] {
  const { copies, copyOffsets, duplicates } = c;
  const ps: number[] = [];
  const qs: number[] = [];
  const js: number[] = [];
  const push = (p: number, q: number, jaccard: number) => {
    if (keep && !keep(p, q)) return;
    ps.push(Math.min(p, q));
    qs.push(Math.max(p, q));
    js.push(jaccard);
  };
  for (let n = 0; n < c.nodeCount; n++) {
    const from = copyOffsets[n];
    const to = copyOffsets[n + 1];
    for (let i = from; i < to; i++) for (let j = i + 1; j < to; j++) push(copies[i], copies[j], 1);
  }
  for (let e = 0; e < duplicates.a.length; e++) {
    const a = duplicates.a[e];
    const b = duplicates.b[e];
    for (let i = copyOffsets[a]; i < copyOffsets[a + 1]; i++) {
      for (let j = copyOffsets[b]; j < copyOffsets[b + 1]; j++) {
        push(copies[i], copies[j], duplicates.jaccard[e]);
      }
    }
  }
  const pairs: Pair[] = [];
  for (const i of sortPairs(ps, qs, c.paragraphCount)) {
    pairs.push({ a: locate(ps[i]), b: locate(qs[i]), jaccard: round4(js[i]) });
  }
  return pairs;
}
