/**
 * findResends (flat arrays, binary searches, stories with no shared paragraph skipped) against a
 * straightforward reference written with one set per node, on random analyses: the same re-sends,
 * shares and matched paragraphs, in the same order.
 */
import { describe, expect, test } from '@jest/globals';
import {
  findResends,
  RESEND_SHARE,
  type FoundResend,
  type ResendInput,
} from '../../src/engine/resends.js';

/** The reference: every node's documents as a set, every node's neighbours as a list. */
function reference(input: ResendInput, share = RESEND_SHARE): FoundResend[] {
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
  const paragraphIn = (n: number, d: number) => {
    for (let i = copyOffsets[n]; i < copyOffsets[n + 1]; i++)
      if (paraDoc[copies[i]] === d) return copies[i];
    return -1;
  };
  const before = (x: number, y: number) => {
    const tx = input.documentTime[x];
    const ty = input.documentTime[y];
    if (!Number.isNaN(tx) && !Number.isNaN(ty) && tx !== ty) return tx < ty;
    return x < y;
  };
  const out: FoundResend[] = [];
  for (let b = 0; b < input.documents; b++) {
    const total = input.documentWords[b];
    const own: number[] = [];
    for (let p = 0; p < input.paragraphCount; p++)
      if (paraDoc[p] === b && node[p] >= 0) own.push(p);
    if (total === 0 || own.length < 2) continue;
    const candidates = new Set<number>();
    let covered = 0;
    for (const p of [...own].sort((x, y) => words[y] - words[x] || x - y)) {
      const n = node[p];
      if (copyOffsets[n + 1] - copyOffsets[n] > 1 || neighbours[n].length > 0)
        for (const m of [n, ...neighbours[n]])
          if (copyOffsets[m + 1] - copyOffsets[m] <= 1000)
            for (const d of docsHolding(m)) if (d !== b) candidates.add(d);
      covered += words[p];
      if (covered > (1 - share) * total) break;
    }
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
      if (matches.length >= 2 && dupWords >= share * total && before(a, b))
        out.push({
          story: b,
          original: a,
          paragraphs: matches.length,
          of: own.length,
          share: dupWords / total,
          matches,
        });
    }
  }
  return out.sort((x, y) => x.story - y.story || x.original - y.original);
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
});
