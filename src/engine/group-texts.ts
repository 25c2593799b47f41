/**
 * The texts a report shows for its groups (white space collapsed) and the changed facts of each
 * copy against its group's representative, for a set of paragraphs: what the engine computes in
 * its own thread, and what another thread computes for part of the groups (the same values).
 */

import { changedFactsOfTokens, factTokens, type ChangedFact } from './changed-facts.js';

/** Texts of paragraphs (white space collapsed) and changed facts of (representative, copy) pairs. */
export interface GroupTexts {
  /** Per paragraph asked for (same index). */
  text: string[];
  /** Per fact pair (same index). */
  facts: ChangedFact[][];
}

/** White space that is not one plain space: what {@link groupTextOf} has to collapse. */
const COLLAPSIBLE = /\s\s|[^\S ]/;

/**
 * A paragraph's text as a group shows it: every run of white space one space. A string of its
 * own (not a slice keeping the whole file's text alive); most paragraphs have nothing to
 * collapse and are copied, not run through a replace (3× faster, a tenth of the allocation).
 */
export function groupTextOf(text: string): string {
  return COLLAPSIBLE.test(text) ? text.replace(/\s+/g, ' ') : (text + ' ').slice(0, -1);
}

/**
 * Texts of paragraphs `0 .. count−1` (`text(q)` gives each as written, asked for in order) and the
 * changed facts of each pair (`rep[i]`, `copy[i]`: paragraph numbers below `count`); pairs of one
 * representative come together, so it is tokenized once.
 */
export function groupTextsOf(
  count: number,
  rep: ArrayLike<number>,
  copy: ArrayLike<number>,
  text: (q: number) => string,
): GroupTexts {
  const out: string[] = new Array<string>(count);
  for (let q = 0; q < count; q++) out[q] = groupTextOf(text(q));
  const facts: ChangedFact[][] = new Array<ChangedFact[]>(rep.length);
  let lastRep = -1;
  let repTokens: ReturnType<typeof factTokens> | undefined;
  for (let i = 0; i < rep.length; i++) {
    if (rep[i] !== lastRep) {
      lastRep = rep[i];
      repTokens = factTokens(out[lastRep]);
    }
    facts[i] = changedFactsOfTokens(repTokens!, factTokens(out[copy[i]]));
  }
  return { text: out, facts };
}
