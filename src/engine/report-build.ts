/**
 * The engine's second half: the report model from a {@link CompactAnalysis}, as its steps —
 * the groups (report-groups.ts), the partial-reuse pairs, the texts the report shows and who
 * computes them (report-texts.ts), the per-story figures and re-sends (report-stories.ts), the
 * pairs (with `pairs`) — put together by {@link reportFromCompact}.
 */

import { now, sortPairs, type CompactAnalysis } from './compact-analysis.js';
import type { NodeGroup } from './cluster.js';
import type { ReportExtras, StageTimings } from './documents.js';
import { groupTextOf } from './group-texts.js';
import type { PairPassages } from './passage.js';
import {
  SCHEMA_VERSION,
  round4,
  type Cluster,
  type Location,
  type Pair,
  type PartialReuse,
  type Report,
} from './report.js';
import { clustersOf, groupsOf, locate, sortClusters, splitWithinWindow } from './report-groups.js';
import { resendsOf, storyFigures, type StoryFigures } from './report-stories.js';
import { finishPassages, startTexts, type PartialPairs } from './report-texts.js';
import { jaccardOf } from './similarity.js';
import { withinWindow } from './time-window.js';

/**
 * The report model of an analysis (see the module comment); `timings` gets the `cluster` and
 * `report` stages' milliseconds.
 */
export function reportFromCompact(
  c: CompactAnalysis,
  extras: ReportExtras,
  timings: StageTimings,
): Report {
  let t = now();
  const docTime = publicationTimes(c);
  const { groups, multiplicity } = groupsOf(c);
  timings.cluster = now() - t;

  t = now();
  const pairs = partialPairs(c, groups, docTime, extras.window);
  const texts = startTexts(c, groups, pairs);
  const paragraphs: number[][] | undefined = extras.window === undefined ? undefined : [];
  let clusters = clustersOf(c, groups, texts, docTime, paragraphs);
  texts.groupText.clear();
  if (extras.window !== undefined)
    clusters = splitWithinWindow(c, groups, clusters, paragraphs!, docTime, extras.window);
  sortClusters(clusters);
  const partials = partialsOf(c, pairs, finishPassages(texts), extras.partialTexts ?? false);
  const figures = storyFigures(c, multiplicity, docTime, extras.window);
  // Re-sent stories: found from the same links, and the groups made only of them.
  const resends = resendsOf(c, clusters, figures.stats, docTime, extras.window);
  const report = reportOf(c, extras, clusters, partials, figures, resends.length);
  if (resends.length > 0) report.resends = resends;
  if (extras.pairs) {
    const w = extras.window;
    report.pairs = listPairs(
      c,
      (p) => locate(c, p),
      w === undefined
        ? undefined
        : (p, q) => withinWindow(docTime[c.paraDoc[p]], docTime[c.paraDoc[q]], w),
    );
  }
  timings.report = now() - t;
  return report;
}

/** Each story's publication instant (NaN when undated), for origins and windows. */
function publicationTimes(c: CompactAnalysis): Float64Array {
  const docTime = new Float64Array(c.paths.length).fill(NaN);
  c.paths.forEach((_, doc) => {
    const published = c.info?.[doc]?.published;
    if (published !== undefined) docTime[doc] = Date.parse(published);
  });
  return docTime;
}

/** The report's partial-reuse pairs, with each one's edge (index into `c.partials`). */
interface ListedPairs extends PartialPairs {
  /** Edge of each pair, in report order. */
  edges: Uint32Array;
}

/**
 * Partial reuse, between the first copies of two distinct texts, in report order; members of one
 * group are skipped (and, with a window, pairs of stories further apart than it).
 */
function partialPairs(
  c: CompactAnalysis,
  groups: readonly NodeGroup[],
  docTime: Float64Array,
  window: number | undefined,
): ListedPairs {
  const { copies, copyOffsets } = c;
  const groupOf = new Int32Array(c.nodeCount).fill(-1);
  groups.forEach((g, i) => g.members.forEach((node) => (groupOf[node] = i)));
  const pa: number[] = [];
  const pb: number[] = [];
  const pe: number[] = [];
  for (let e = 0; e < c.partials.a.length; e++) {
    const a = c.partials.a[e];
    const b = c.partials.b[e];
    if (groupOf[a] >= 0 && groupOf[a] === groupOf[b]) continue;
    if (
      window !== undefined &&
      !withinWindow(
        docTime[c.paraDoc[copies[copyOffsets[a]]]],
        docTime[c.paraDoc[copies[copyOffsets[b]]]],
        window,
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
  const edges = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    pairA[k] = pa[order[k]];
    pairB[k] = pb[order[k]];
    edges[k] = pe[order[k]];
  }
  return { pairA, pairB, edges };
}

/** The partial reuses as the report lists them, with their passages (and texts when asked). */
function partialsOf(
  c: CompactAnalysis,
  pairs: ListedPairs,
  passages: PairPassages,
  partialTexts: boolean,
): PartialReuse[] {
  const { pairA, pairB, edges } = pairs;
  const partials: PartialReuse[] = [];
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    const inter = c.partials.intersections[e];
    const sizeA = c.nodeSize[c.partials.a[e]];
    const sizeB = c.nodeSize[c.partials.b[e]];
    const partial: PartialReuse = {
      a: locate(c, pairA[i]),
      b: locate(c, pairB[i]),
      containmentAB: round4(inter / sizeA),
      containmentBA: round4(inter / sizeB),
      jaccard: round4(jaccardOf(inter, sizeA, sizeB)),
      passage: passages.text[i],
      passageWords: passages.words[i],
    };
    if (partialTexts) {
      partial.textA = groupTextOf(c.text(pairA[i]));
      partial.textB = groupTextOf(c.text(pairB[i]));
    }
    partials.push(partial);
  }
  return partials;
}

/** The report object itself: settings, summary, groups, partials, stories, warnings. */
function reportOf(
  c: CompactAnalysis,
  extras: ReportExtras,
  clusters: Cluster[],
  partials: PartialReuse[],
  figures: StoryFigures,
  resends: number,
): Report {
  const { options } = c;
  const { suppressedParagraphs } = figures;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: extras.tool,
    settings:
      extras.window === undefined
        ? { ...options, pairs: extras.pairs }
        : { ...options, pairs: extras.pairs, window: extras.window },
    summary: {
      documents: c.paths.length,
      paragraphs: figures.considered,
      clusters: clusters.length,
      duplicateParagraphs: figures.duplicateParagraphs,
      partials: partials.length,
      shortParagraphs: figures.short,
      figureRows: figures.figureRows,
      mixedScriptWords: figures.mixedScript,
      ...(suppressedParagraphs > 0 ? { suppressedParagraphs } : {}),
      ...(resends > 0 ? { resends } : {}),
    },
    clusters,
    partials,
    documents: figures.stats,
    warnings: figures.warnings,
  };
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
