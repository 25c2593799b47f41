/** "Did you mean" helpers for unknown flags, commands, config keys and API options (pure). */

/** Levenshtein distance between two short strings. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/**
 * The candidate closest to `name` (case-insensitive), when close enough to be a typo or a
 * prefix; otherwise undefined.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const prefix = candidates.filter((c) => lower.length >= 3 && c.toLowerCase().startsWith(lower));
  if (prefix.length === 1) return prefix[0];
  return candidates
    .map((c) => ({ c, d: distance(lower, c.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))[0]?.c;
}
