/** The brute-force oracle: every pair of paragraphs compared, no filters. */
import {
  isDuplicate,
  isPartial,
  segment,
  shingleSet,
  tokenize,
  intersectionSize,
} from '../../src/engine-api.js';
import { paragraphKind } from '../../src/engine/paragraph-kind.js';

export interface OracleParagraph {
  key: string;
  shingles: Uint32Array;
  /** The paragraph's token hashes, joined: its normalized text, as the engine tells texts apart. */
  sequence: string;
}

/**
 * Every compared paragraph of the documents (at least `minWords` words, not a figure row unless
 * `includeTables`), keyed `path:line`.
 */
export function paragraphsOf(
  documents: { path: string; text: string }[],
  minWords = 8,
  k = 3,
  includeTables = false,
): OracleParagraph[] {
  const out: OracleParagraph[] = [];
  for (const d of documents) {
    for (const span of segment(d.text)) {
      const t = tokenize(span.text);
      if (paragraphKind(t, { minWords, includeTables }) !== 'compared') continue;
      out.push({
        key: `${d.path}:${span.line}`,
        shingles: shingleSet(t.hashes, k),
        sequence: Array.from(t.hashes).join(','),
      });
    }
  }
  return out;
}

/** All pairs `a|b` (a < b by key order) with Jaccard ≥ t, by comparing every pair. */
export function bruteForceDuplicatePairs(paragraphs: OracleParagraph[], t: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < paragraphs.length; i++) {
    for (let j = i + 1; j < paragraphs.length; j++) {
      const a = paragraphs[i];
      const b = paragraphs[j];
      const inter = intersectionSize(a.shingles, b.shingles);
      if (isDuplicate(inter, a.shingles.length, b.shingles.length, t))
        out.add(pairKey(a.key, b.key));
    }
  }
  return out;
}

/** All index pairs `i|j` of sets with |A∩B| ≥ c·min(|A|,|B|), by comparing every pair. */
export function bruteForceSetPairs(
  sets: Uint32Array[],
  accept: (inter: number, a: number, b: number) => boolean,
): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const inter = intersectionSize(sets[i], sets[j]);
      if (accept(inter, sets[i].length, sets[j].length)) out.add(`${i}|${j}`);
    }
  }
  return out;
}

export { isDuplicate, isPartial };

/** Canonical key of an unordered pair of `path:line` keys. */
export function pairKey(a: string, b: string): string {
  const [x, y] = compareKeys(a, b) <= 0 ? [a, b] : [b, a];
  return `${x}|${y}`;
}

function compareKeys(a: string, b: string): number {
  const [pa, la] = splitKey(a);
  const [pb, lb] = splitKey(b);
  return pa < pb ? -1 : pa > pb ? 1 : la - lb;
}

function splitKey(k: string): [string, number] {
  const at = k.lastIndexOf(':');
  return [k.slice(0, at), Number(k.slice(at + 1))];
}
