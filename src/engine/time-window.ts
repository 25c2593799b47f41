/**
 * `--window`: compare a story only with stories published within a span of it. The joins find
 * every pair as always (exact); the window then leaves out the links between two dated stories
 * further apart than the span. An undated story is within the span of every story. Pure.
 */

/** Whether two instants (ms; NaN for undated) are within `window` ms of each other. */
export function withinWindow(a: number, b: number, window: number): boolean {
  return Number.isNaN(a) || Number.isNaN(b) || Math.abs(a - b) <= window;
}

/** The paragraphs' places and exact-copy and near-duplicate links, as the engine holds them. */
export interface WindowGraph {
  paragraphCount: number;
  /** Node (distinct text) of each paragraph, −1 when not considered. */
  node: Int32Array;
  nodeCount: number;
  /** Paragraphs of node n: `copies[copyOffsets[n] .. copyOffsets[n+1])`. */
  copyOffsets: Uint32Array;
  copies: Uint32Array;
  /** Near-duplicate links between nodes. */
  duplicates: { a: number[]; b: number[] };
}

/** Whether a sorted array holds a value in [lo, hi], other than one copy of `self` (NaN: none). */
function holdsWithin(sorted: Float64Array, lo: number, hi: number, self: number): boolean {
  // First index with a value >= lo.
  let l = 0;
  let h = sorted.length;
  while (l < h) {
    const m = (l + h) >>> 1;
    if (sorted[m] < lo) l = m + 1;
    else h = m;
  }
  let skipped = Number.isNaN(self);
  for (let i = l; i < sorted.length && sorted[i] <= hi; i++) {
    if (!skipped && sorted[i] === self) {
      skipped = true;
      continue;
    }
    return true;
  }
  return false;
}

/**
 * Per paragraph (1 or 0): whether it has an exact copy or a near duplicate in a story within
 * `window` ms of its own (`time`: per paragraph, NaN when undated). What "repeated" means for the
 * story figures under a window.
 */
export function repeatedWithin(g: WindowGraph, time: Float64Array, window: number): Uint8Array {
  const out = new Uint8Array(g.paragraphCount);
  // Per node: the sorted times of its dated copies, and how many are undated.
  const dated: Float64Array[] = [];
  const undated = new Uint32Array(g.nodeCount);
  for (let n = 0; n < g.nodeCount; n++) {
    const ts: number[] = [];
    for (let i = g.copyOffsets[n]; i < g.copyOffsets[n + 1]; i++) {
      const t = time[g.copies[i]];
      if (Number.isNaN(t)) undated[n]++;
      else ts.push(t);
    }
    dated.push(Float64Array.from(ts).sort());
  }
  const neighbours: number[][] = Array.from({ length: g.nodeCount }, () => []);
  for (let e = 0; e < g.duplicates.a.length; e++) {
    neighbours[g.duplicates.a[e]].push(g.duplicates.b[e]);
    neighbours[g.duplicates.b[e]].push(g.duplicates.a[e]);
  }
  for (let p = 0; p < g.paragraphCount; p++) {
    const n = g.node[p];
    if (n < 0) continue;
    const t = time[p];
    const copies = g.copyOffsets[n + 1] - g.copyOffsets[n];
    if (Number.isNaN(t)) {
      // Undated: within reach of every other copy and every neighbour's copy.
      out[p] = copies > 1 || neighbours[n].length > 0 ? 1 : 0;
      continue;
    }
    const lo = t - window;
    const hi = t + window;
    let found = undated[n] > 0 || holdsWithin(dated[n], lo, hi, t);
    for (let k = 0; !found && k < neighbours[n].length; k++) {
      const m = neighbours[n][k];
      found = undated[m] > 0 || holdsWithin(dated[m], lo, hi, NaN);
    }
    out[p] = found ? 1 : 0;
  }
  return out;
}
