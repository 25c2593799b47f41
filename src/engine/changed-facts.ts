/**
 * Changed facts: the numbers, dates and capitalized names in which a near-duplicate differs from
 * its group's representative ("about 12,000 workers" → "about 12,500 workers"). A recycled
 * background paragraph whose casualty count or date changed is what a standards editor must check.
 *
 * How: both texts are cut into tokens (a date such as `March 3`, `3 March 2026` or `2026-11-28`
 * is one token, a number such as `1,200` or `12.5%` is one token, other words are single words;
 * punctuation is dropped and curly quotes are folded), the token sequences are aligned with a
 * longest-common-subsequence diff (the `diff` package), and in each place where the copy replaced
 * words of the representative, the facts removed and the facts added are paired by kind in order
 * of appearance. A fact only added or only removed (a dropped clause) is not a change. Identical
 * token sequences give no changes. Pure; cost linear-ish in the words of the two texts.
 */

import { diffArrays } from 'diff';

/** Kind of a changed fact. */
export type FactKind = 'number' | 'date' | 'name';

/** One fact of the representative changed in a copy: `from` (representative) → `to` (copy). */
export interface ChangedFact {
  /** As written in the representative, e.g. `12,000`, `March 3`, `Varga`. */
  from: string;
  /** As written in the copy. */
  to: string;
  kind: FactKind;
}

const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December|' +
  'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const WEEKDAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';

// One token per match; alternatives in priority order. Named groups tell the kind.
const TOKEN = new RegExp(
  [
    // ISO date 2026-11-28
    String.raw`(?<iso>\b\d{4}-\d{2}-\d{2}\b)`,
    // March 3, March 3, 2026, March 3rd
    String.raw`(?<md>\b(?:${MONTHS})\.? \d{1,2}(?:st|nd|rd|th)?\b(?:,? \d{4}\b)?)`,
    // 3 March, 3 March 2026
    String.raw`(?<dm>\b\d{1,2}(?:st|nd|rd|th)? (?:${MONTHS})\b(?:,? \d{4}\b)?)`,
    // weekday or a month alone (with a year: March 2026)
    String.raw`(?<day>\b(?:${WEEKDAYS}|${MONTHS.replace('|May', '')})\b(?: \d{4}\b)?)`,
    // number: 1,200  12.5%  4.50  -3  $2.4
    String.raw`(?<num>\d+(?:[.,]\d+)*(?:\s?%)?)`,
    // word (letters, digits inside, apostrophes and hyphens joining)
    String.raw`(?<word>[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['-][\p{L}\p{M}\p{N}]+)*)`,
  ].join('|'),
  'gu',
);

/** Capitalized words that start sentences or clauses rather than name anyone. */
const NOT_NAMES = new Set(
  (
    'A An The This That These Those It Its He She They We I You His Her Their Our Your ' +
    'In On At Of For From By With To Into After Before As And But Or If When While Since ' +
    'Until Although Though Because Where Which Who What How Why There Here Some Many Most ' +
    'All No Not One Two Three Four Five Six Seven Eight Nine Ten Mr Mrs Ms Dr'
  ).split(' '),
);

interface Token {
  /** As written, curly quotes folded. */
  text: string;
  kind: FactKind | 'word';
}

function isCapitalized(word: string): boolean {
  const first = word[0];
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/** Cuts a text into tokens (see the module comment). */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  const folded = text.replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
  for (const m of folded.matchAll(TOKEN)) {
    const g = m.groups!;
    if (g.iso || g.md || g.dm || g.day) out.push({ text: m[0], kind: 'date' });
    else if (g.num) out.push({ text: m[0], kind: 'number' });
    else out.push({ text: m[0], kind: isCapitalized(m[0]) ? 'name' : 'word' });
  }
  return out;
}

/** Facts of one side of a changed place: dates, numbers, and runs of capitalized words. */
function factsOf(part: readonly Token[]): Record<FactKind, string[]> {
  const facts: Record<FactKind, string[]> = { number: [], date: [], name: [] };
  let run: string[] = [];
  const flush = () => {
    while (run.length > 0 && NOT_NAMES.has(run[0])) run.shift();
    if (run.length > 0) facts.name.push(run.join(' '));
    run = [];
  };
  for (const t of part) {
    if (t.kind === 'name') {
      run.push(t.text);
      continue;
    }
    flush();
    if (t.kind === 'number' || t.kind === 'date') facts[t.kind].push(t.text);
  }
  flush();
  return facts;
}

/**
 * The facts that changed from `representative` to `copy` (see the module comment), in order of
 * appearance; empty when the copy keeps every number, date and name (or only adds or drops some).
 */
export function changedFacts(representative: string, copy: string): ChangedFact[] {
  const a = tokens(representative);
  const b = tokens(copy);
  const changes: ChangedFact[] = [];
  const parts = diffArrays(
    a.map((t) => t.text),
    b.map((t) => t.text),
  );
  let ia = 0;
  let ib = 0;
  let removed: Token[] = [];
  let added: Token[] = [];
  const settle = () => {
    if (removed.length > 0 && added.length > 0) {
      const from = factsOf(removed);
      const to = factsOf(added);
      for (const kind of ['number', 'date', 'name'] as const) {
        const n = Math.min(from[kind].length, to[kind].length);
        for (let i = 0; i < n; i++) {
          if (from[kind][i] !== to[kind][i])
            changes.push({ from: from[kind][i], to: to[kind][i], kind });
        }
      }
    }
    removed = [];
    added = [];
  };
  for (const part of parts) {
    const count = part.value.length;
    if (part.removed) {
      removed.push(...a.slice(ia, ia + count));
      ia += count;
    } else if (part.added) {
      added.push(...b.slice(ib, ib + count));
      ib += count;
    } else {
      settle();
      ia += count;
      ib += count;
    }
  }
  settle();
  return changes;
}
