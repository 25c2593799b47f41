/**
 * The texts a report shows, and which thread computes them: the groups' texts (representatives,
 * and copies that differ from them, white space collapsed) with the copies' changed facts, and
 * the shared passages of the partial-reuse pairs. When the caller offers other threads
 * (`passagesElsewhere`, `groupTextsElsewhere`), part of the work goes there while this thread
 * builds the groups ({@link startTexts}); this thread reads its own texts in one pass, in
 * paragraph (so file) order, each file once. The same texts come out either way.
 */

import type { CompactAnalysis } from './compact-analysis.js';
import type { NodeGroup } from './cluster.js';
import { groupTextOf, type GroupTexts } from './group-texts.js';
import { appendPassages, PassageCollector, type PairPassages } from './passage.js';

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

/** The partial-reuse pairs the report lists: first copies of two texts, in report order. */
export interface PartialPairs {
  pairA: Uint32Array;
  pairB: Uint32Array;
}

/** The report's texts as they are computed (see {@link startTexts}). */
export interface ReportTexts {
  /** Text of each group paragraph read so far, by paragraph (white space collapsed). */
  groupText: Map<number, string>;
  /** Groups from `split` on are the other thread's ({@link elsewhereTexts}). */
  split: number;
  /** The other thread's groups' texts and changed facts (`texts` once it is done). */
  elsewhere?: { paragraphs: Uint32Array; texts?: GroupTexts; fact: number; wait: () => GroupTexts };
  /** This thread's passages (the pairs from `cut` on), being collected. */
  collector: PassageCollector | null;
  /** The other thread's passages (the first `cut` pairs), when it took them. */
  passagesLater?: () => PairPassages;
}

/** Group texts a group needs: its representative's, and each copy's that differs from it. */
function textsOf(c: CompactAnalysis, group: NodeGroup): number {
  let n = 1;
  for (const node of group.members)
    if (node !== group.representative) n += c.copyOffsets[node + 1] - c.copyOffsets[node];
  return n;
}

/** A group's paragraphs (copies of its members) in paragraph order, with their similarity. */
export function copiesInOrder(c: CompactAnalysis, group: NodeGroup, sims?: number[]): number[] {
  const { copies, copyOffsets } = c;
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

/**
 * Starts the report's text work: offers the other threads their share (the first passages, the
 * last groups), then reads this thread's groups' texts and feeds the rest of the passages.
 */
export function startTexts(
  c: CompactAnalysis,
  groups: readonly NodeGroup[],
  pairs: PartialPairs,
): ReportTexts {
  let total = 0;
  for (const group of groups) total += textsOf(c, group);
  const { pairA, pairB } = pairs;
  // Passages on another thread when the caller offers one, while this one builds the groups;
  // this thread takes the last pairs when the passages outweigh the groups (see `passagesHere`).
  let cut = c.passagesElsewhere ? pairA.length - passagesHere(total, pairA.length) : 0;
  const passagesLater =
    cut > 0 ? c.passagesElsewhere?.(pairA.subarray(0, cut), pairB.subarray(0, cut)) : undefined;
  if (passagesLater === undefined) cut = 0;
  const { split, elsewhere } = offerGroups(c, groups, total, cut, passagesLater !== undefined);
  const collector =
    cut < pairA.length
      ? new PassageCollector(pairA.subarray(cut), pairB.subarray(cut), c.paragraphCount)
      : null;
  const groupText = readTexts(c, groups, split, collector);
  return { groupText, split, elsewhere, collector, passagesLater };
}

/**
 * The last groups go to another thread when the caller offers one and this thread has the
 * larger share of the work (see `groupShare`): the first group index that is the other thread's
 * (`groups.length` for none) and what it was given.
 */
function offerGroups(
  c: CompactAnalysis,
  groups: readonly NodeGroup[],
  total: number,
  cut: number,
  passagesElsewhere: boolean,
): Pick<ReportTexts, 'split' | 'elsewhere'> {
  const { copies, copyOffsets } = c;
  let split = groups.length;
  if (!c.groupTextsElsewhere) return { split };
  const share = groupShare(total, cut, passagesElsewhere);
  if (share < 1) return { split };
  let moved = 0;
  while (split > 0 && moved < share) moved += textsOf(c, groups[--split]);
  const mark = new Uint8Array(c.paragraphCount);
  const rep: number[] = [];
  const copy: number[] = [];
  for (let g = split; g < groups.length; g++) {
    const group = groups[g];
    const repFirst = copies[copyOffsets[group.representative]];
    mark[repFirst] = 1;
    for (const p of copiesInOrder(c, group)) {
      if (c.node[p] === group.representative) continue;
      mark[p] = 1;
      rep.push(repFirst);
      copy.push(p);
    }
  }
  const paragraphs: number[] = [];
  for (let q = 0; q < c.paragraphCount; q++) if (mark[q]) paragraphs.push(q);
  const list = Uint32Array.from(paragraphs);
  const wait = c.groupTextsElsewhere(list, Uint32Array.from(rep), Uint32Array.from(copy));
  if (!wait) return { split: groups.length };
  return { split, elsewhere: { paragraphs: list, fact: 0, wait } };
}

/**
 * This thread's groups' texts (the groups before `split`), read in one pass in paragraph (so
 * file) order, each file once; the same pass feeds the partials' passages to `collector`.
 */
function readTexts(
  c: CompactAnalysis,
  groups: readonly NodeGroup[],
  split: number,
  collector: PassageCollector | null,
): Map<number, string> {
  const { copies, copyOffsets } = c;
  const need = new Uint8Array(c.paragraphCount);
  for (let g = 0; g < split; g++) {
    const group = groups[g];
    need[copies[copyOffsets[group.representative]]] = 1;
    for (const node of group.members) {
      if (node === group.representative) continue;
      for (let i = copyOffsets[node]; i < copyOffsets[node + 1]; i++) need[copies[i]] = 1;
    }
  }
  const groupText = new Map<number, string>();
  for (let q = 0; q < c.paragraphCount; q++) {
    const forPassages = collector?.wants(q) ?? false;
    if (need[q] === 0 && !forPassages) continue;
    const text = c.text(q);
    if (need[q]) groupText.set(q, groupTextOf(text));
    if (forPassages) collector!.take(q, text);
  }
  return groupText;
}

/**
 * The other thread's groups' texts and changed facts, waited for at the first of its groups;
 * undefined for this thread's groups (`g < split`).
 */
export function elsewhereTexts(texts: ReportTexts, g: number): ReportTexts['elsewhere'] {
  const there = g >= texts.split ? texts.elsewhere : undefined;
  if (there && there.texts === undefined) {
    there.texts = there.wait();
    there.paragraphs.forEach((q, i) => texts.groupText.set(q, there.texts!.text[i]));
  }
  return there;
}

/**
 * Every pair's passage: this thread's are computed before it waits for the other thread's, which
 * are the first `cut` pairs' (none at all when there are no pairs).
 */
export function finishPassages(texts: ReportTexts): PairPassages {
  const own = texts.collector?.finish();
  return texts.passagesLater
    ? appendPassages(texts.passagesLater(), own)
    : (own ?? { text: [], words: [] });
}
