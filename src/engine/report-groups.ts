/**
 * The report's groups: the nodes clustered by their duplicate edges ({@link groupsOf}), each group
 * as the report's {@link Cluster} (its copies in path and line order, texts, changed facts and
 * origin: {@link clustersOf}), and, with a window, each group as its parts whose copies are
 * within the window of each other ({@link splitWithinWindow}).
 */

import { changedFactsOfTokens, factTokens } from './changed-facts.js';
import { clusterDuplicates, type NodeGroup } from './cluster.js';
import type { CompactAnalysis } from './compact-analysis.js';
import {
  compareLocations,
  round4,
  type Cluster,
  type Location,
  type Occurrence,
} from './report.js';
import { copiesInOrder, elsewhereTexts, type ReportTexts } from './report-texts.js';

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
 * undated), for origins; `paragraphs`, when given, gets each group's paragraphs in its
 * occurrences' order.
 */
export function clustersOf(
  c: CompactAnalysis,
  groups: readonly NodeGroup[],
  texts: ReportTexts,
  docTime: Float64Array,
  paragraphs?: number[][],
): Cluster[] {
  const { copies, copyOffsets } = c;
  return groups.map((group, g) => {
    const sims: number[] = [];
    const ps = copiesInOrder(c, group, sims);
    paragraphs?.push(ps);
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
 * With a window (`--window`): each group as the parts of it whose copies are linked under the
 * window's pair rule (two copies are compared only when their stories are within `window` ms of
 * each other; an undated story is within every span): the copies in a chain of stories each
 * within the window of the next stay together, a copy with none within the window leaves, and a
 * group whose copies are further apart splits into several (in place, in the groups' order). A
 * part keeps the group's representative text when it holds a copy of it; else its most linked
 * text becomes its representative, and the copies not similar enough to that one make parts of
 * their own. `paragraphs[g]` are group g's paragraphs, in its occurrences' order.
 */
export function splitWithinWindow(
  c: CompactAnalysis,
  groups: readonly NodeGroup[],
  clusters: Cluster[],
  paragraphs: readonly number[][],
  docTime: Float64Array,
  window: number,
): Cluster[] {
  const out: Cluster[] = [];
  const usedIds = new Set<string>();
  let edges: Map<number, number> | undefined;
  const similarity = (u: number, v: number): number | undefined => {
    if (u === v) return 1;
    if (edges === undefined) {
      edges = new Map();
      const { a, b, jaccard } = c.duplicates;
      for (let e = 0; e < a.length; e++) edges.set(a[e] * c.nodeCount + b[e], jaccard[e]);
    }
    return edges.get(Math.min(u, v) * c.nodeCount + Math.max(u, v));
  };
  clusters.forEach((cluster, g) => {
    const ps = paragraphs[g];
    const time = (i: number) => docTime[c.paraDoc[ps[i]]];
    const repNode = groups[g].representative;
    const all = ps.map((_, i) => i);
    // Whole: every copy within the window of another and all linked (the usual case).
    const parts = components(all, time, window);
    if (parts.length === 1 && parts[0].length === all.length) {
      out.push(cluster);
      usedIds.add(cluster.id);
      return;
    }
    const textOf = (i: number) => cluster.occurrences[i].text ?? cluster.text;
    const emit = (part: number[], centre: number) => {
      const occurrences = part.map((i) => ({ ...cluster.occurrences[i] }));
      let text = cluster.text;
      if (centre !== repNode) {
        text = textOf(part.find((i) => c.node[ps[i]] === centre)!);
        const centreTokens = factTokens(text);
        part.forEach((i, k) => {
          const o = occurrences[k];
          if (c.node[ps[i]] === centre) {
            delete o.text;
            delete o.changedFacts;
            o.similarity = 1;
            return;
          }
          o.text = textOf(i);
          o.similarity = round4(similarity(centre, c.node[ps[i]])!);
          o.changedFacts = changedFactsOfTokens(centreTokens, factTokens(o.text));
        });
      }
      const rep = part.find((i) => c.node[ps[i]] === centre)!;
      const representative = locate(c, ps[rep]);
      let id = 'd' + c.nodeFingerprint(centre).toString(16).padStart(14, '0');
      // A second part of one text: an id of its own, from the text and the part's first copy.
      if (usedIds.has(id)) id = partId(id, representative);
      usedIds.add(id);
      out.push({
        id,
        size: occurrences.length,
        documents: new Set(part.map((i) => c.paraDoc[ps[i]])).size,
        representative,
        origin: originOf(occurrences),
        text,
        occurrences,
      });
    };
    // A part holding copies of `centre`, all of them similar to it: split by the window.
    const around = (part: number[], centre: number) => {
      for (const piece of components(part, time, window)) {
        if (piece.some((i) => c.node[ps[i]] === centre)) emit(piece, centre);
        else recentre(piece);
      }
    };
    // A part without a centre: its most linked text takes the copies similar to it.
    const recentre = (part: number[]) => {
      const nodes = [...new Set(part.map((i) => c.node[ps[i]]))].sort((x, y) => x - y);
      const count = new Map<number, number>();
      for (const i of part) count.set(c.node[ps[i]], (count.get(c.node[ps[i]]) ?? 0) + 1);
      let best = nodes[0];
      let bestScore = -Infinity;
      for (const u of nodes) {
        let score = count.get(u)! - 1;
        for (const v of nodes) if (v !== u) score += count.get(v)! * (similarity(u, v) ?? 0);
        if (score > bestScore) {
          best = u;
          bestScore = score;
        }
      }
      const taken = part.filter((i) => similarity(best, c.node[ps[i]]) !== undefined);
      const rest = part.filter((i) => similarity(best, c.node[ps[i]]) === undefined);
      around(taken, best);
      for (const piece of components(rest, time, window)) recentre(piece);
    };
    for (const part of parts) {
      if (part.some((i) => c.node[ps[i]] === repNode)) emit(part, repNode);
      else recentre(part);
    }
  });
  return out;
}

/**
 * The copies `part` (indexes, in order) as the sets linked under the window's pair rule, each of
 * two copies or more, in order: an undated copy links them all; else, by time, a gap wider than
 * the window parts them.
 */
function components(part: number[], time: (i: number) => number, window: number): number[][] {
  if (part.length < 2) return [];
  if (part.some((i) => Number.isNaN(time(i)))) return [part];
  const byTime = part.slice().sort((x, y) => time(x) - time(y) || x - y);
  const pieces: number[][] = [];
  let piece = [byTime[0]];
  for (let k = 1; k < byTime.length; k++) {
    if (time(byTime[k]) - time(byTime[k - 1]) > window) {
      pieces.push(piece);
      piece = [];
    }
    piece.push(byTime[k]);
  }
  pieces.push(piece);
  return pieces
    .filter((p) => p.length >= 2)
    .map((p) => p.sort((x, y) => x - y))
    .sort((x, y) => x[0] - y[0]);
}

/** The id of a further part of a group: `id` mixed with its representative's place (FNV-1a). */
function partId(id: string, place: Location): string {
  const key = `${id}\0${place.path}\0${place.record ?? ''}\0${place.line}`;
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < key.length; i++) {
    h ^= BigInt(key.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffn;
  }
  return 'd' + h.toString(16).padStart(14, '0');
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
