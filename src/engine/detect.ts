/**
 * The engine over documents: segment → normalize/tokenize → shingle → exact fast path → exact
 * joins → verify → cluster → per-story figures → report model. Pure: no file system, no process,
 * no console. {@link detect} runs it all over in-memory documents, {@link detectPrepared} over
 * documents already prepared (by workers); its two halves are compact-analysis.ts (the joins)
 * and report-build.ts (the report), the types they share in documents.ts.
 */

import { analyzeCompact, now, type CompactAnalysis } from './compact-analysis.js';
import {
  compareDocuments,
  documentInfo,
  type DetectOptions,
  type PreparedCorpus,
  type ProgressCallback,
  type ReportExtras,
  type SourceDocument,
  type StageTimings,
} from './documents.js';
import {
  checkOptions,
  ENGINE_OPTION_KEYS,
  resolveEngineOptions,
  resolveTextOptions,
  type EngineOptions,
  type TextOptions,
} from './options.js';
import type { ParagraphKind } from './paragraph-kind.js';
import { PreparedBuilder } from './prepare.js';
import { mixedScriptWords, TRAIT_COMPARED, TRAIT_FIGURES } from './prepared-batch.js';
import type { Report } from './report.js';
import { reportFromCompact } from './report-build.js';
import type { ParagraphSpan } from './segment.js';

// What the engine takes (documents.ts), under the names every caller imports from here.
export {
  compareDocuments,
  documentInfo,
  type DetectOptions,
  type DocumentInfo,
  type PreparedCorpus,
  type ProgressCallback,
  type ProgressPhase,
  type ReportExtras,
  type SourceDocument,
  type StageTimings,
} from './documents.js';

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

function sortByPath(documents: readonly SourceDocument[]): SourceDocument[] {
  return [...documents].sort(compareDocuments);
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
