/**
 * findResends (flat arrays, binary searches, stories with no shared paragraph skipped, candidates
 * from the paragraphs naming the fewest stories, tried from the earliest) against a
 * straightforward reference written with one set per node that tries every story sharing a
 * paragraph, on random analyses: the same re-sends, originals, shares and matched paragraphs, in
 * the same order.
 */
import { describe, expect, test } from '@jest/globals';
import {
  findResends,
  MAX_CANDIDATE_COPIES,
  RESEND_SHARE,
  type FoundResend,
  type ResendInput,
} from '../../src/engine/resends.js';

/**
 * The reference: every node's documents as a set, every node's neighbours as a list; every story
 * sharing a paragraph (but through a text in more than MAX_CANDIDATE_COPIES paragraphs with its
 * near copies) tried as an original, and of those that qualify the earliest kept.
 */
function reference(
  input: ResendInput,
  share = RESEND_SHARE,
  accept: (story: number, original: number) => boolean = () => true,
): FoundResend[] {
  const { copyOffsets, copies, paraDoc, node, words } = input;
  const neighbours: number[][] = Array.from({ length: input.nodeCount }, () => []);
  input.duplicates.a.forEach((a, e) => {
    neighbours[a].push(input.duplicates.b[e]);
    neighbours[input.duplicates.b[e]].push(a);
  });
  const docsHolding = (n: number) => {
    const set = new Set<number>();
    for (let i = copyOffsets[n]; i < copyOffsets[n + 1]; i++) set.add(paraDoc[copies[i]]);
    return set;
  };
  const copiesOf = (n: number) => copyOffsets[n + 1] - copyOffsets[n];
  const paragraphIn = (n: number, d: number) => {
    for (let i = copyOffsets[n]; i < copyOffsets[n + 1]; i++)
      if (paraDoc[copies[i]] === d) return copies[i];
    return -1;
  };
  const time = (d: number) => input.documentTime[d];
  const before = (x: number, y: number) => {
    if (!Number.isNaN(time(x)) && !Number.isNaN(time(y)) && time(x) !== time(y))
      return time(x) < time(y);
    return x < y;
  };
  // The earliest: dated before undated, then by instant, then path order.
  const earliest = (x: number, y: number) =>
    (Number.isNaN(time(x)) ? 1 : 0) - (Number.isNaN(time(y)) ? 1 : 0) ||
    (Number.isNaN(time(x)) ? 0 : time(x) - time(y)) ||
    x - y;
  const out: FoundResend[] = [];
  for (let b = 0; b < input.documents; b++) {
    const total = input.documentWords[b];
    const own: number[] = [];
    for (let p = 0; p < input.paragraphCount; p++)
      if (paraDoc[p] === b && node[p] >= 0) own.push(p);
    if (total === 0 || own.length < 2) continue;
    const candidates = new Set<number>();
    for (const p of own) {
      const cluster = [node[p], ...neighbours[node[p]]];
      if (cluster.reduce((sum, m) => sum + copiesOf(m), 0) > MAX_CANDIDATE_COPIES) continue;
      for (const m of cluster) for (const d of docsHolding(m)) if (d !== b) candidates.add(d);
    }
    const qualifying: FoundResend[] = [];
    for (const a of candidates) {
      let dupWords = 0;
      const matches: FoundResend['matches'] = [];
      for (const p of own) {
        const n = node[p];
        let q = docsHolding(n).has(a) ? paragraphIn(n, a) : -1;
        let exact = q >= 0;
        if (q < 0) {
          const m = neighbours[n].find((x) => docsHolding(x).has(a));
          if (m !== undefined) [q, exact] = [paragraphIn(m, a), false];
        }
        if (q >= 0) {
          dupWords += words[p];
          matches.push({ paragraph: p, original: q, exact });
        }
      }
      if (matches.length >= 2 && dupWords >= share * total && before(a, b) && accept(b, a))
        qualifying.push({
          story: b,
          original: a,
          paragraphs: matches.length,
          of: own.length,
          share: dupWords / total,
          matches,
        });
    }
    qualifying.sort((x, y) => earliest(x.original, y.original));
    if (qualifying.length > 0) out.push(qualifying[0]);
  }
  return out;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random analysis: documents of 1-6 paragraphs drawn from a few texts, some linked as near duplicates. */
function analysis(seed: number): ResendInput {
  const rnd = random(seed);
  const documents = 2 + Math.floor(rnd() * 14);
  const texts = 2 + Math.floor(rnd() * 12);
  const paraDoc: number[] = [];
  const text: number[] = [];
  for (let d = 0; d < documents; d++) {
    const count = 1 + Math.floor(rnd() * 6);
    for (let k = 0; k < count; k++) {
      paraDoc.push(d);
      text.push(rnd() < 0.15 ? -1 : Math.floor(rnd() * texts));
    }
  }
  // Nodes in order of first occurrence; copies ascending.
  const nodeOf = new Map<number, number>();
  const node = Int32Array.from(text, (t) => {
    if (t < 0) return -1;
    if (!nodeOf.has(t)) nodeOf.set(t, nodeOf.size);
    return nodeOf.get(t)!;
  });
  const nodeCount = nodeOf.size;
  const copyOffsets = new Uint32Array(nodeCount + 1);
  for (const n of node) if (n >= 0) copyOffsets[n + 1]++;
  for (let n = 0; n < nodeCount; n++) copyOffsets[n + 1] += copyOffsets[n];
  const fill = copyOffsets.slice(0, nodeCount);
  const copies = new Uint32Array(copyOffsets[nodeCount]);
  node.forEach((n, p) => {
    if (n >= 0) copies[fill[n]++] = p;
  });
  const duplicates = { a: [] as number[], b: [] as number[] };
  for (let e = Math.floor(rnd() * nodeCount); e > 0; e--) {
    const a = Math.floor(rnd() * nodeCount);
    const b = Math.floor(rnd() * nodeCount);
    if (a !== b) {
      duplicates.a.push(Math.min(a, b));
      duplicates.b.push(Math.max(a, b));
    }
  }
  const words = Uint32Array.from(text, () => 1 + Math.floor(rnd() * 40));
  const documentWords = new Uint32Array(documents);
  paraDoc.forEach((d, p) => (documentWords[d] += words[p]));
  const documentTime = Float64Array.from({ length: documents }, () =>
    rnd() < 0.3 ? NaN : Math.floor(rnd() * 4),
  );
  return {
    paragraphCount: paraDoc.length,
    documents,
    paraDoc: Uint32Array.from(paraDoc),
    node,
    nodeCount,
    copyOffsets,
    copies,
    duplicates,
    words,
    documentWords,
    documentTime,
  };
}

describe('findResends against a reference', () => {
  test('the same re-sends on 800 random analyses, at shares 0.8 and 0.5', () => {
    let found = 0;
    let inexact = 0;
    for (let seed = 1; seed <= 800; seed++) {
      const input = analysis(seed);
      for (const share of [RESEND_SHARE, 0.5]) {
        const expected = reference(input, share);
        expect(findResends(input, share)).toEqual(expected);
        found += expected.length;
        inexact += expected.flatMap((r) => r.matches).filter((m) => !m.exact).length;
      }
    }
    // Enough re-sends, with near-duplicate matches among them, for the comparison to mean something.
    expect(found).toBeGreaterThan(300);
    expect(inexact).toBeGreaterThan(100);
  });

  test('only the originals `accept` allows (the window), the earliest of them', () => {
    let found = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const input = analysis(seed);
      const accept = (story: number, original: number) => (story + 2 * original) % 3 !== 0;
      const expected = reference(input, RESEND_SHARE, accept);
      expect(findResends(input, RESEND_SHARE, accept)).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(50);
  });

  test('a text in more than MAX_CANDIDATE_COPIES paragraphs names no original; the others still do', () => {
    // Stories of a unique lede and a standard closer (in 1,200 stories, near copies counted);
    // story 1 re-sends story 0: it has story 0's lede, a background paragraph and the closer.
    const stories = 1200;
    const docs: number[][] = []; // text of each paragraph; texts 0-1: closer variants, 2: background
    docs.push([10, 2, 0], [10, 2, 1]);
    for (let d = 2; d < stories; d++) docs.push([100 + d, d % 2]);
    const input = fromTexts(docs, [[0, 1]], 12);
    expect(MAX_CANDIDATE_COPIES).toBeLessThan(stories);
    const expected = reference(input);
    expect(expected.map((r) => [r.story, r.original])).toEqual([[1, 0]]);
    expect(findResends(input)).toEqual(expected);
  });

  test('a story with exactly the share of its words in another is its re-send', () => {
    // Story 1: 5 paragraphs of 12 words, 4 of them story 0's: 48 of 60 words, 80% exactly
    // ((1 - 0.8) * 60 is 11.999…: a candidate search that stopped at 12 missed story 0).
    const input = fromTexts(
      [
        [1, 2, 3, 4],
        [0, 1, 2, 3, 4],
      ],
      [],
      12,
    );
    expect(findResends(input).map((r) => [r.story, r.original, r.share])).toEqual([[1, 0, 0.8]]);
    expect(reference(input)).toEqual(findResends(input));
  });
});

/** An analysis of documents given as the texts of their paragraphs (`words` each), with near links. */
function fromTexts(docs: number[][], links: [number, number][], words: number): ResendInput {
  const paraDoc: number[] = [];
  const text: number[] = [];
  docs.forEach((d, i) =>
    d.forEach((t) => {
      paraDoc.push(i);
      text.push(t);
    }),
  );
  const nodeOf = new Map<number, number>();
  const node = Int32Array.from(text, (t) => {
    if (!nodeOf.has(t)) nodeOf.set(t, nodeOf.size);
    return nodeOf.get(t)!;
  });
  const nodeCount = nodeOf.size;
  const copyOffsets = new Uint32Array(nodeCount + 1);
  for (const n of node) copyOffsets[n + 1]++;
  for (let n = 0; n < nodeCount; n++) copyOffsets[n + 1] += copyOffsets[n];
  const fill = copyOffsets.slice(0, nodeCount);
  const copies = new Uint32Array(copyOffsets[nodeCount]);
  node.forEach((n, p) => (copies[fill[n]++] = p));
  const documentWords = Uint32Array.from(docs, (d) => d.length * words);
  return {
    paragraphCount: paraDoc.length,
    documents: docs.length,
    paraDoc: Uint32Array.from(paraDoc),
    node,
    nodeCount,
    copyOffsets,
    copies,
    duplicates: {
      a: links.map(([x, y]) => Math.min(nodeOf.get(x)!, nodeOf.get(y)!)),
      b: links.map(([x, y]) => Math.max(nodeOf.get(x)!, nodeOf.get(y)!)),
    },
    words: new Uint32Array(paraDoc.length).fill(words),
    documentWords,
    documentTime: new Float64Array(docs.length).fill(NaN),
  };
}
