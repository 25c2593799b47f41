/**
 * The compact form of prepared documents (what prepare.ts's builder writes and worker threads
 * send back): paragraphs of one or more documents in flat typed arrays, and joining documents of
 * several batches into one.
 */

/** Paragraphs of one or more documents in flat arrays (all typed arrays are transferable). */
export interface PreparedBatch {
  /** Number of documents. */
  docs: number;
  /** Paragraphs of document d are `paragraphOffsets[d] .. paragraphOffsets[d+1])` (length docs+1). */
  paragraphOffsets: Uint32Array;
  /** First line of each paragraph, 1-based. */
  line: Uint32Array;
  /** Last line of each paragraph, 1-based, inclusive. */
  endLine: Uint32Array;
  /** Offset of each paragraph's first character in its document text (UTF-16 units, 0-based). */
  start: Uint32Array;
  /** Offset just past each paragraph's last character (exclusive). */
  end: Uint32Array;
  /** Words of each paragraph as `--min-words` counts them (tokens with a letter, see `normalize.ts`). */
  words: Uint32Array;
  /**
   * Per paragraph: `TRAIT_COMPARED` when it is compared (it has shingles),
   * `TRAIT_FIGURES` when it is a figure row, and above those two bits the number of its
   * words that mix scripts (see `mixedScriptWords`).
   */
  traits: Uint32Array;
  /** Fingerprint of the word sequence: high 21 bits and low 32 bits (see `fingerprint`). */
  fpHigh: Uint32Array;
  fpLow: Uint32Array;
  /** Shingles of paragraph p are `shingles[shingleOffsets[p] .. shingleOffsets[p+1])`, each once,
   * in order of first occurrence (not sorted); empty for paragraphs not compared (under
   * `minWords` words, or figure rows). Length paragraphs+1. */
  shingleOffsets: Uint32Array;
  shingles: Uint32Array;
}

/** {@link PreparedBatch.traits} bit: the paragraph is compared. */
export const TRAIT_COMPARED = 1;
/** {@link PreparedBatch.traits} bit: the paragraph is a figure row (compared or not). */
export const TRAIT_FIGURES = 2;

/** Words mixing scripts in a paragraph, from its {@link PreparedBatch.traits} entry. */
export function mixedScriptWords(traits: number): number {
  return traits >>> 2;
}

/**
 * Concatenates documents taken from several batches, in the order given (e.g. sorted by path):
 * `parts[i] = [batch, document index in that batch]`. `allocShingles` makes the shingle array
 * (e.g. in shared memory, for the engine's second thread); default a plain Uint32Array.
 */
export function concatBatches(
  parts: ReadonlyArray<readonly [PreparedBatch, number]>,
  allocShingles: (length: number) => Uint32Array = (n) => new Uint32Array(n),
): PreparedBatch {
  let paragraphs = 0;
  let shingleTotal = 0;
  for (const [b, d] of parts) {
    const p0 = b.paragraphOffsets[d];
    const p1 = b.paragraphOffsets[d + 1];
    paragraphs += p1 - p0;
    shingleTotal += b.shingleOffsets[p1] - b.shingleOffsets[p0];
  }
  const out = emptyBatch(parts.length, paragraphs, allocShingles(shingleTotal));
  copyDocuments(parts, out);
  return out;
}

/** A batch of `docs` documents and `paragraphs` paragraphs, every array zeroed but `shingles`. */
function emptyBatch(docs: number, paragraphs: number, shingles: Uint32Array): PreparedBatch {
  return {
    docs,
    paragraphOffsets: new Uint32Array(docs + 1),
    line: new Uint32Array(paragraphs),
    endLine: new Uint32Array(paragraphs),
    start: new Uint32Array(paragraphs),
    end: new Uint32Array(paragraphs),
    words: new Uint32Array(paragraphs),
    traits: new Uint32Array(paragraphs),
    fpHigh: new Uint32Array(paragraphs),
    fpLow: new Uint32Array(paragraphs),
    shingleOffsets: new Uint32Array(paragraphs + 1),
    shingles,
  };
}

/** Copies the documents `parts` names into `out` (made by `emptyBatch` for them), in order. */
function copyDocuments(
  parts: ReadonlyArray<readonly [PreparedBatch, number]>,
  out: PreparedBatch,
): void {
  // Consecutive documents of one batch are copied as one range (parts usually come in runs).
  let p = 0;
  let s = 0;
  for (let i = 0; i < parts.length;) {
    const [b, d] = parts[i];
    let j = i + 1;
    while (j < parts.length && parts[j][0] === b && parts[j][1] === d + (j - i)) j++;
    const p0 = b.paragraphOffsets[d];
    const p1 = b.paragraphOffsets[d + (j - i)];
    for (let k = i; k < j; k++) out.paragraphOffsets[k] = p + b.paragraphOffsets[d + k - i] - p0;
    for (const key of [
      'line',
      'endLine',
      'start',
      'end',
      'words',
      'traits',
      'fpHigh',
      'fpLow',
    ] as const) {
      out[key].set(b[key].subarray(p0, p1), p);
    }
    const s0 = b.shingleOffsets[p0];
    const s1 = b.shingleOffsets[p1];
    out.shingles.set(b.shingles.subarray(s0, s1), s);
    for (let q = p0; q < p1; q++)
      out.shingleOffsets[p + q - p0 + 1] = s + b.shingleOffsets[q + 1] - s0;
    p += p1 - p0;
    s += s1 - s0;
    i = j;
  }
  out.paragraphOffsets[parts.length] = p;
}
