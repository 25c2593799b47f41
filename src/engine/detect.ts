/**
 * The scan pipeline over in-memory documents:
 * segment → normalize/tokenize → shingle → exact fast path → exact joins → verify → cluster →
 * per-story figures → report model. Pure: no file system, no process, no console.
 */

import { clusterDuplicates } from './cluster.js';
import { containmentSelfJoin, jaccardSelfJoin, rankByFrequency } from './join.js';
import { tokenize } from './normalize.js';
import { resolveEngineOptions, type EngineOptions } from './options.js';
import { sharedPassage } from './passage.js';
import {
  SCHEMA_VERSION,
  compareLocations,
  round4,
  type Cluster,
  type DocumentStats,
  type Location,
  type Occurrence,
  type Pair,
  type PartialReuse,
  type Report,
  type ToolInfo,
} from './report.js';
import { segment, type ParagraphSpan } from './segment.js';
import { fingerprint, shingleSet } from './shingle.js';
import { isDuplicate, jaccardOf } from './similarity.js';

/** A document to scan: a path (relative, '/'-separated, used in the report) and its text. */
export interface SourceDocument {
  path: string;
  text: string;
  /**
   * Paragraphs already found by a reader (e.g. HTML/XML, with 1-based source lines); default:
   * `segment(text)`.
   */
  paragraphs?: readonly ParagraphSpan[];
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
export interface DetectOptions extends Partial<EngineOptions> {
  /** Optional progress callback (see {@link ProgressCallback}); default none. */
  onProgress?: ProgressCallback;
  /** List every verified duplicate pair in `report.pairs`. Default false. */
  pairs?: boolean;
  /** Name and version written into the report. Default `{name: 'dupgraf', version: '0.0.0'}`. */
  tool?: ToolInfo;
}

/** A paragraph as the engine sees it. */
export interface ParagraphRecord {
  /** Index of the document in the sorted document list. */
  doc: number;
  span: ParagraphSpan;
  /** Word tokens. */
  words: number;
  /** Id of the distinct-text node, or −1 when the paragraph is too short to consider. */
  node: number;
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
  options: EngineOptions;
  documents: SourceDocument[];
  paragraphs: ParagraphRecord[];
  nodes: TextNode[];
  /** Duplicate edges between nodes (a < b) with Jaccard. */
  duplicates: { a: number[]; b: number[]; jaccard: number[] };
  /** Partial-reuse edges between nodes (a < b) with intersection size; not duplicates. */
  partials: { a: number[]; b: number[]; intersections: number[] };
}

/** Splits, tokenizes and shingles every document, and collapses exact copies into nodes. */
function buildNodes(
  documents: SourceDocument[],
  options: EngineOptions,
  onProgress?: ProgressCallback,
) {
  onProgress?.('shingling', 0, documents.length);
  const paragraphs: ParagraphRecord[] = [];
  const nodes: TextNode[] = [];
  const byFingerprint = new Map<number, number[]>();
  documents.forEach((document, doc) => {
    for (const span of document.paragraphs ?? segment(document.text)) {
      const tokens = tokenize(span.text);
      const record: ParagraphRecord = { doc, span, words: tokens.count, node: -1 };
      paragraphs.push(record);
      if (tokens.count < options.minWords) continue;
      const fp = fingerprint(tokens.hashes);
      const shingles = shingleSet(tokens.hashes, options.shingleSize);
      const sameFingerprint = byFingerprint.get(fp);
      let node = -1;
      if (sameFingerprint) {
        node = sameFingerprint.find((id) => equalArrays(nodes[id].shingles, shingles)) ?? -1;
      }
      if (node < 0) {
        node = nodes.length;
        nodes.push({ shingles, fingerprint: fp, copies: [] });
        if (sameFingerprint) sameFingerprint.push(node);
        else byFingerprint.set(fp, [node]);
      }
      record.node = node;
      nodes[node].copies.push(paragraphs.length - 1);
    }
    onProgress?.('shingling', doc + 1, documents.length);
  });
  return { paragraphs, nodes };
}

function equalArrays(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Runs the engine on documents (sorted by path first, so input order never matters) and returns
 * the raw analysis. Most callers want {@link detect}.
 */
export function analyze(
  documents: readonly SourceDocument[],
  partialOptions: Partial<EngineOptions> & { onProgress?: ProgressCallback } = {},
): Analysis {
  const options = resolveEngineOptions(partialOptions);
  const onProgress = partialOptions.onProgress;
  const sorted = [...documents].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const { paragraphs, nodes } = buildNodes(sorted, options, onProgress);
  onProgress?.('comparing', 0, 2);
  const sets = rankByFrequency(nodes.map((n) => n.shingles));
  const size = (i: number) => nodes[i].shingles.length;

  const dupPairs = jaccardSelfJoin(sets, options.threshold);
  const duplicates = { a: dupPairs.a, b: dupPairs.b, jaccard: [] as number[] };
  for (let e = 0; e < dupPairs.a.length; e++) {
    duplicates.jaccard.push(
      jaccardOf(dupPairs.intersections[e], size(dupPairs.a[e]), size(dupPairs.b[e])),
    );
  }

  onProgress?.('comparing', 1, 2);
  const partials = { a: [] as number[], b: [] as number[], intersections: [] as number[] };
  const contained = containmentSelfJoin(sets, options.containment);
  for (let e = 0; e < contained.a.length; e++) {
    const a = contained.a[e];
    const b = contained.b[e];
    const inter = contained.intersections[e];
    if (isDuplicate(inter, size(a), size(b), options.threshold)) continue;
    partials.a.push(a);
    partials.b.push(b);
    partials.intersections.push(inter);
  }
  onProgress?.('comparing', 2, 2);
  return { options, documents: sorted, paragraphs, nodes, duplicates, partials };
}

/**
 * Finds repeated and partly reused paragraphs across documents and returns the report model.
 * Deterministic: the same documents give the same report whatever their order.
 */
export function detect(documents: readonly SourceDocument[], options: DetectOptions = {}): Report {
  const analysis = analyze(documents, options);
  options.onProgress?.('grouping', 0, 1);
  const report = buildReport(analysis, {
    pairs: options.pairs ?? false,
    tool: options.tool ?? { name: 'dupgraf', version: '0.0.0' },
  });
  options.onProgress?.('grouping', 1, 1);
  return report;
}

/** Turns an {@link Analysis} into the report model. */
export function buildReport(
  analysis: Analysis,
  extras: { pairs: boolean; tool: ToolInfo },
): Report {
  const { options, documents, paragraphs, nodes, duplicates } = analysis;
  const locate = (p: number): Location => ({
    path: documents[paragraphs[p].doc].path,
    line: paragraphs[p].span.line,
  });

  // Groups.
  const groups = clusterDuplicates({
    count: nodes.length,
    multiplicity: nodes.map((n) => n.copies.length),
    edgeA: duplicates.a,
    edgeB: duplicates.b,
    edgeSimilarity: duplicates.jaccard,
  });
  const clusters: Cluster[] = groups.map((group) => {
    const occurrences: Occurrence[] = [];
    group.members.forEach((node, k) => {
      for (const p of nodes[node].copies) {
        const { span, words } = paragraphs[p];
        occurrences.push({
          ...locate(p),
          endLine: span.endLine,
          paragraph: span.index,
          similarity: round4(group.similarity[k]),
          words,
        });
      }
    });
    occurrences.sort(compareLocations);
    const rep = nodes[group.representative];
    const repParagraph = paragraphs[rep.copies[0]];
    return {
      id: 'd' + rep.fingerprint.toString(16).padStart(14, '0'),
      size: occurrences.length,
      documents: new Set(occurrences.map((o) => o.path)).size,
      representative: locate(rep.copies[0]),
      text: repParagraph.span.text.replace(/\s+/g, ' '),
      occurrences,
    };
  });
  clusters.sort((x, y) => y.size - x.size || compareLocations(x.representative, y.representative));

  // Partial reuse, between the first copies of two distinct texts; members of one group are skipped.
  const groupOf = new Int32Array(nodes.length).fill(-1);
  groups.forEach((g, i) => g.members.forEach((node) => (groupOf[node] = i)));
  const partials: PartialReuse[] = [];
  for (let e = 0; e < analysis.partials.a.length; e++) {
    const a = analysis.partials.a[e];
    const b = analysis.partials.b[e];
    if (groupOf[a] >= 0 && groupOf[a] === groupOf[b]) continue;
    const inter = analysis.partials.intersections[e];
    const sizeA = nodes[a].shingles.length;
    const sizeB = nodes[b].shingles.length;
    const pa = nodes[a].copies[0];
    const pb = nodes[b].copies[0];
    const passage = sharedPassage(paragraphs[pa].span.text, paragraphs[pb].span.text);
    partials.push({
      a: locate(pa),
      b: locate(pb),
      containmentAB: round4(inter / sizeA),
      containmentBA: round4(inter / sizeB),
      jaccard: round4(jaccardOf(inter, sizeA, sizeB)),
      passage: passage.text,
      passageWords: passage.words,
    });
  }
  partials.sort((x, y) => compareLocations(x.a, y.a) || compareLocations(x.b, y.b));

  // Per-story figures: a paragraph is repeated when its text has an exact copy or a duplicate edge.
  const repeated = new Uint8Array(nodes.length);
  nodes.forEach((n, i) => {
    if (n.copies.length > 1) repeated[i] = 1;
  });
  for (let e = 0; e < duplicates.a.length; e++) {
    repeated[duplicates.a[e]] = 1;
    repeated[duplicates.b[e]] = 1;
  }
  const stats: DocumentStats[] = documents.map((d) => ({
    path: d.path,
    paragraphs: 0,
    words: 0,
    duplicateParagraphs: 0,
    duplicateWords: 0,
    boilerplateShare: 0,
  }));
  let considered = 0;
  for (const p of paragraphs) {
    const s = stats[p.doc];
    s.paragraphs++;
    s.words += p.words;
    if (p.node >= 0) {
      considered++;
      if (repeated[p.node]) {
        s.duplicateParagraphs++;
        s.duplicateWords += p.words;
      }
    }
  }
  let duplicateParagraphs = 0;
  for (const s of stats) {
    s.boilerplateShare = s.words === 0 ? 0 : round4(s.duplicateWords / s.words);
    duplicateParagraphs += s.duplicateParagraphs;
  }

  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: extras.tool,
    settings: { ...options, pairs: extras.pairs },
    summary: {
      documents: documents.length,
      paragraphs: considered,
      clusters: clusters.length,
      duplicateParagraphs,
      partials: partials.length,
    },
    clusters,
    partials,
    documents: stats,
    warnings: [],
  };
  if (extras.pairs) report.pairs = listPairs(analysis, locate);
  return report;
}

/** Every verified duplicate pair between paragraphs: exact copies and near-duplicate edges. */
function listPairs(analysis: Analysis, locate: (p: number) => Location): Pair[] {
  const { nodes, duplicates } = analysis;
  const pairs: Pair[] = [];
  const push = (p: number, q: number, jaccard: number) => {
    const x = locate(p);
    const y = locate(q);
    const ordered = compareLocations(x, y) <= 0;
    pairs.push({ a: ordered ? x : y, b: ordered ? y : x, jaccard: round4(jaccard) });
  };
  for (const node of nodes) {
    const c = node.copies;
    for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) push(c[i], c[j], 1);
  }
  for (let e = 0; e < duplicates.a.length; e++) {
    for (const p of nodes[duplicates.a[e]].copies) {
      for (const q of nodes[duplicates.b[e]].copies) push(p, q, duplicates.jaccard[e]);
    }
  }
  pairs.sort((x, y) => compareLocations(x.a, y.a) || compareLocations(x.b, y.b));
  return pairs;
}
