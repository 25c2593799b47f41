/**
 * The engine's first half over a prepared corpus: exact copies collapsed into one node per
 * distinct text, shingles ranked, one exact containment join, each candidate pair verified and
 * classified as a duplicate or a partial reuse ({@link analyzeCompact}); the result in flat arrays
 * ({@link CompactAnalysis}) that report-build.ts turns into the report.
 */

import { containmentSelfJoin, rankShared, type SetCollection } from './join.js';
import type { DocumentInfo, PreparedCorpus, ProgressCallback, StageTimings } from './documents.js';
import type { EngineOptions, TextOptions } from './options.js';
import { TRAIT_COMPARED, type PreparedBatch } from './prepared-batch.js';
import { isDuplicate, isPartial, jaccardOf } from './similarity.js';

/** The engine's result in flat arrays (internal; see {@link Analysis} for the object form). */
export interface CompactAnalysis {
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

/** Milliseconds since an arbitrary start (performance.now()), for stage timings. */
export function now(): number {
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
 * (node ids in order of first occurrence). Returns the node of each paragraph, the copies of each
 * node and the nodes' shingle sets as one collection (see {@link nodeSets}).
 */
function collapse(batch: PreparedBatch, consume: boolean) {
  const { node, nodeCount, firstOf, copyCount } = nodesOf(batch);
  const copyOffsets = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < nodeCount; i++) copyOffsets[i + 1] = copyOffsets[i] + copyCount[i];
  const fill = copyOffsets.slice(0, nodeCount);
  const copies = new Uint32Array(copyOffsets[nodeCount]);
  for (let p = 0; p < node.length; p++) if (node[p] >= 0) copies[fill[node[p]]++] = p;
  return { node, nodeCount, copyOffsets, copies, sets: nodeSets(batch, firstOf, consume) };
}

/**
 * The node of each compared paragraph (−1 for the others), by fingerprint then shingle set; each
 * node's first paragraph and its number of copies.
 */
function nodesOf(batch: PreparedBatch) {
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
  return { node, nodeCount, firstOf: firstOfNode.subarray(0, nodeCount), copyCount };
}

/**
 * The shingle sets of the nodes (of their first copies, `firstOf`), as one collection. First
 * copies come in paragraph order, so with `consume` the sets are packed to the front of the
 * batch's own array (writes never pass reads) instead of into a copy.
 */
function nodeSets(batch: PreparedBatch, firstOf: Uint32Array, consume: boolean) {
  const { shingleOffsets: so, shingles } = batch;
  const nodeCount = firstOf.length;
  const offsets = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < nodeCount; i++) {
    const q = firstOf[i];
    offsets[i + 1] = offsets[i] + so[q + 1] - so[q];
  }
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
  return { count: nodeCount, offsets, tokens };
}

function equalRanges(a: Uint32Array, x0: number, x1: number, y0: number, y1: number): boolean {
  if (x1 - x0 !== y1 - y0) return false;
  for (let i = 0; i < x1 - x0; i++) if (a[x0 + i] !== a[y0 + i]) return false;
  return true;
}

/**
 * The engine's first half (see the module comment): `consume` lets it overwrite the corpus's
 * shingles as working space; progress is reported as the `comparing` phase's two steps.
 */
export function analyzeCompact(
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
  const nodes = collapse(batch, consume);
  const nodeSize = new Uint32Array(nodes.nodeCount);
  for (let i = 0; i < nodes.nodeCount; i++)
    nodeSize[i] = nodes.sets.offsets[i + 1] - nodes.sets.offsets[i];
  const sets: SetCollection = rankShared(nodes.sets, corpus.kernels);
  timings.collapse = now() - t;
  onProgress?.('comparing', 1, 2);

  t = now();
  const { duplicates, partials } = joinNodes(sets, nodeSize, options, corpus.kernels);
  timings.join = now() - t;
  onProgress?.('comparing', 2, 2);

  const { node, nodeCount, copyOffsets, copies } = nodes;
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

/**
 * The duplicate and partial-reuse edges between the nodes' ranked shingle sets, in (a, b) order.
 * One exact join finds both kinds of pair: Jaccard >= t implies |A∩B| >= 2t/(1+t)·min(|A|,|B|),
 * so a containment join at min(c, 2t/(1+t)) sees every duplicate and every partial; each
 * candidate is verified once and classified by the exact predicates.
 */
function joinNodes(
  sets: SetCollection,
  nodeSize: Uint32Array,
  options: EngineOptions,
  kernels: PreparedCorpus['kernels'],
): Pick<CompactAnalysis, 'duplicates' | 'partials'> {
  const { threshold, containment } = options;
  const joinAt = Math.min(containment, (2 * threshold) / (1 + threshold)) - 1e-12;
  const found = containmentSelfJoin(sets, joinAt, kernels);
  kernels?.finish?.();
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
  const nodeCount = nodeSize.length;
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
  return { duplicates, partials };
}

/**
 * Order of pairs of paragraph indexes (p < q, all pairs distinct) by (p, q): two stable counting
 * sorts, linear in pairs + paragraphs. Paragraph indexes follow (path, line) order, so this is the
 * report's location order.
 */
export function sortPairs(
  ps: readonly number[],
  qs: readonly number[],
  paragraphs: number,
): Uint32Array {
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
