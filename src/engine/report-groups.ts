/**
 * The report's groups: the nodes clustered by their duplicate edges ({@link groupsOf}), each group
 * as the report's {@link Cluster} (its copies in path and line order, texts, changed facts and
 * origin: {@link clustersOf}), and, with a window, each group kept to the copies published close
 * enough to its representative ({@link keepWithinWindow}).
 */

import { changedFactsOfTokens, factTokens } from './changed-facts.js';
import { clusterDuplicates, type NodeGroup } from './cluster.js';
import type { CompactAnalysis } from './compact-analysis.js';
import {
  compareLocations,
  round4,
  sameLocation,
  type Cluster,
  type Location,
  type Occurrence,
} from './report.js';
import { copiesInOrder, elsewhereTexts, type ReportTexts } from './report-texts.js';
import { withinWindow } from './time-window.js';

/** Where paragraph `p` is, as the report names it (path, line, record). */
export function locate(c: CompactAnalysis, p: number): Location {
  const doc = c.paraDoc[p];
  const record = c.info?.[doc]?.record;
  return record === undefined
    ? { path: c.paths[doc], line: c.line[p] }
    : { path: c.paths[doc], line: c.line[p], record };
}

/** The groups of duplicate nodes, and each node's number of exact copies. */
export function groupsOf(c: CompactAnalysis): { groups: NodeGroup[]; multiplicity: Uint32Array } {
  const { nodeCount, copyOffsets, duplicates } = c;
  const multiplicity = new Uint32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) multiplicity[i] = copyOffsets[i + 1] - copyOffsets[i];
  const groups = clusterDuplicates({
    count: nodeCount,
    multiplicity,
    edgeA: duplicates.a,
    edgeB: duplicates.b,
    edgeSimilarity: duplicates.jaccard,
  });
  return { groups, multiplicity };
}

/**
 * The groups as the report gives them, in the groups' order: their texts from `texts` (the other
 * thread's waited for at its first group); `docTime` each story's publication instant (NaN when
 * undated), for origins.
 */
export function clustersOf(
  c: CompactAnalysis,
  groups: readonly NodeGroup[],
  texts: ReportTexts,
  docTime: Float64Array,
): Cluster[] {
  const { copies, copyOffsets } = c;
  return groups.map((group, g) => {
    const sims: number[] = [];
    const ps = copiesInOrder(c, group, sims);
    const repFirst = copies[copyOffsets[group.representative]];
    // The other thread's groups: its texts and changed facts, once it is done.
    const there = elsewhereTexts(texts, g);
    const repText = texts.groupText.get(repFirst)!;
    // The representative is tokenized once for all its copies' changed facts.
    let repTokens: ReturnType<typeof factTokens> | undefined;
    const occurrences: Occurrence[] = ps.map((p, i) => {
      const occurrence = occurrenceOf(c, p, sims[i]);
      // A copy that is not an exact copy of the representative: its text and changed facts.
      if (c.node[p] !== group.representative) {
        occurrence.text = texts.groupText.get(p)!;
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
      representative: locate(c, repFirst),
      origin,
      text: repText,
      occurrences,
    };
  });
}

/** Paragraph `p` as an occurrence of its group (`similarity` to the representative). */
function occurrenceOf(c: CompactAnalysis, p: number, similarity: number): Occurrence {
  const doc = c.paraDoc[p];
  const record = c.info?.[doc]?.record;
  // Written out (not spread from `locate`): one object shape, built and serialized fast.
  const occurrence: Occurrence =
    record === undefined
      ? {
          path: c.paths[doc],
          line: c.line[p],
          endLine: c.endLine[p],
          paragraph: c.paraIndex[p],
          similarity: round4(similarity),
          words: c.words[p],
        }
      : {
          path: c.paths[doc],
          line: c.line[p],
          record,
          endLine: c.endLine[p],
          paragraph: c.paraIndex[p],
          similarity: round4(similarity),
          words: c.words[p],
        };
  const published = c.info?.[doc]?.published;
  if (published !== undefined) occurrence.date = published;
  return occurrence;
}

/**
 * With a window: a copy stays in its group when its story is within the window of the
 * representative's; a group left with one copy goes (in place).
 */
export function keepWithinWindow(clusters: Cluster[], window: number): void {
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

/** The report's order of groups: largest first, then by representative's place. */
export function sortClusters(clusters: Cluster[]): void {
  clusters.sort((x, y) => y.size - x.size || compareLocations(x.representative, y.representative));
}

/**
 * A group's origin: the copy with the earliest publication instant (`time(i)`, NaN when
 * undated); ties and, when no copy is dated, the first in path and line order (the copies come in
 * that order). Default `time`: the copies' own `date`.
 */
export function originOf(
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
