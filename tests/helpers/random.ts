/** A small seeded PRNG (mulberry32) and a synthetic news-like paragraph generator for tests. */

/** Returns a function giving uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random documents whose paragraphs repeat each other at every level of similarity: base
 * paragraphs from a small Zipf-like vocabulary, copied with 0..n word edits, cut or extended.
 */
export function randomDocuments(
  seed: number,
  documents: number,
  vocabulary = 60,
): { path: string; text: string }[] {
  const rnd = mulberry32(seed);
  const word = () => `w${Math.floor(vocabulary * rnd() * rnd())}`;
  const bases: string[][] = [];
  const paragraph = (): string[] => {
    if (bases.length > 0 && rnd() < 0.6) {
      const base = [...bases[Math.floor(rnd() * bases.length)]];
      const edits = Math.floor(rnd() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * base.length);
        const kind = rnd();
        if (kind < 0.5) base[at] = word();
        else if (kind < 0.75) base.splice(at, 1);
        else base.splice(at, 0, word());
      }
      if (rnd() < 0.2) base.splice(0, Math.floor(base.length / 3));
      if (rnd() < 0.2) for (let i = 0; i < 10; i++) base.push(word());
      return base;
    }
    const length = 4 + Math.floor(rnd() * 40);
    const p = Array.from({ length }, word);
    bases.push(p);
    return p;
  };
  return Array.from({ length: documents }, (_, d) => ({
    path: `doc${String(d).padStart(3, '0')}.txt`,
    text: Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => paragraph().join(' ')).join(
      '\n\n',
    ),
  }));
}
