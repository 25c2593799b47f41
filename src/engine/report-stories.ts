/**
 * The report's figures per story: paragraphs and words, how many of them repeat (an exact copy or
 * a duplicate edge; with a window, a copy within it), the boilerplate share, the warnings about a
 * story none of whose paragraphs is compared or whose words mix scripts ({@link storyFigures});
 * and the re-sent stories ({@link resendsOf}).
 */

import { changedFactsOfTokens, factTokens } from './changed-facts.js';
import type { CompactAnalysis } from './compact-analysis.js';
import { groupTextOf } from './group-texts.js';
import type { EngineOptions } from './options.js';
import { mixedScriptWords } from './prepared-batch.js';
import {
  documentName,
  round4,
  type Cluster,
  type DateSource,
  type DocumentStats,
  type FileWarning,
  type Resend,
  type ResendStory,
} from './report.js';
import { findResends, RESEND_SHARE, resendFacts } from './resends.js';
import { repeatedWithin, withinWindow } from './time-window.js';

/** What {@link storyFigures} counts: the stories' figures, the summary's totals, the warnings. */
export interface StoryFigures {
  stats: DocumentStats[];
  /** Paragraphs compared. */
  considered: number;
  /** Paragraphs under `minWords` words. */
  short: number;
  figureRows: number;
  mixedScript: number;
  duplicateParagraphs: number;
  suppressedParagraphs: number;
  warnings: FileWarning[];
}

/**
 * Every story's figures (see the module comment). `multiplicity` is each node's number of exact
 * copies, `docTime` each story's publication instant (NaN when undated).
 */
export function storyFigures(
  c: CompactAnalysis,
  multiplicity: Uint32Array,
  docTime: Float64Array,
  window: number | undefined,
): StoryFigures {
  const stats = c.paths.map((path, doc) => emptyStats(c, path, doc));
  const counts = countParagraphs(c, stats, repeatedParagraph(c, multiplicity, docTime, window));
  let duplicateParagraphs = 0;
  let suppressedParagraphs = 0;
  for (const s of stats) {
    s.boilerplateShare = s.words === 0 ? 0 : round4(s.duplicateWords / s.words);
    duplicateParagraphs += s.duplicateParagraphs;
    suppressedParagraphs += s.suppressedParagraphs ?? 0;
  }
  return {
    stats,
    considered: counts.considered,
    short: counts.short,
    figureRows: counts.figureRows,
    mixedScript: counts.mixedScript,
    duplicateParagraphs,
    suppressedParagraphs,
    warnings: counts.warnings,
  };
}

/** A story's figures before its paragraphs are counted (record, suppressions, metadata, date). */
function emptyStats(c: CompactAnalysis, path: string, doc: number): DocumentStats {
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
}

/**
 * Whether paragraph `p` repeats: its text has an exact copy or a duplicate edge; with a window, a
 * copy lies within it.
 */
function repeatedParagraph(
  c: CompactAnalysis,
  multiplicity: Uint32Array,
  docTime: Float64Array,
  window: number | undefined,
): (p: number, node: number) => boolean {
  const { nodeCount, duplicates } = c;
  const repeated = new Uint8Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) if (multiplicity[i] > 1) repeated[i] = 1;
  for (let e = 0; e < duplicates.a.length; e++) {
    repeated[duplicates.a[e]] = 1;
    repeated[duplicates.b[e]] = 1;
  }
  if (window === undefined) return (_p, node) => repeated[node] !== 0;
  const here = repeatedWithin(
    c,
    Float64Array.from(c.paraDoc, (d) => docTime[d]),
    window,
  );
  return (p) => here[p] !== 0;
}

/**
 * Counts every paragraph into its story's figures and the totals; the warnings about stories none
 * of whose paragraphs is compared, or with words mixing scripts.
 */
function countParagraphs(
  c: CompactAnalysis,
  stats: DocumentStats[],
  repeats: (p: number, node: number) => boolean,
) {
  const { options } = c;
  let considered = 0;
  let short = 0;
  let figureRows = 0;
  let mixedScript = 0;
  // Per document: paragraphs compared, figure rows left out, words mixing scripts and the
  // first line of one (for the warnings).
  const docCompared = new Uint32Array(c.paths.length);
  const docFigures = new Uint32Array(c.paths.length);
  const docMixed = new Uint32Array(c.paths.length);
  const docMixedLine = new Uint32Array(c.paths.length);
  for (let p = 0; p < c.paragraphCount; p++) {
    const doc = c.paraDoc[p];
    const s = stats[doc];
    s.paragraphs++;
    s.words += c.words[p];
    const mixed = mixedScriptWords(c.traits[p]);
    if (mixed > 0) {
      if (docMixed[doc] === 0) docMixedLine[doc] = c.line[p];
      docMixed[doc] += mixed;
      mixedScript += mixed;
    }
    const node = c.node[p];
    if (node >= 0) {
      considered++;
      docCompared[doc]++;
      if (repeats(p, node)) {
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
  return { considered, short, figureRows, mixedScript, warnings };
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
 * The re-sent stories of an analysis (see resends.ts) as the report gives them: each re-sent story
 * once, with the earliest story it re-sends (within the window, with one), with its
 * changed facts and the groups made only of its family (the re-send, its original and the other
 * re-sends of them), listed under the family's first re-send. With a window, stories further
 * apart are no re-sends.
 */
export function resendsOf(
  c: CompactAnalysis,
  clusters: readonly Cluster[],
  stats: readonly DocumentStats[],
  docTime: Float64Array,
  window: number | undefined,
): Resend[] {
  const found = findResends(
    {
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
    },
    RESEND_SHARE,
    window === undefined
      ? undefined
      : (story, original) => withinWindow(docTime[story], docTime[original], window),
  );
  if (found.length === 0) return [];
  const folded = foldedClusters(c, clusters, found);
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
 * The groups folded under each re-send of `found`: those made only of stories of one family
 * (stories linked by re-sends, union-find), listed under the family's first re-send.
 */
function foldedClusters(
  c: CompactAnalysis,
  clusters: readonly Cluster[],
  found: readonly { story: number; original: number }[],
): string[][] {
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
  return folded;
}
