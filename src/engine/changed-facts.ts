/**
 * Changed facts: the numbers, dates and capitalized names in which a near-duplicate differs from
 * its group's representative ("about 12,000 workers" → "about 12,500 workers"). A recycled
 * background paragraph whose casualty count or date changed is what a standards editor must check.
 *
 * How: both texts are cut into tokens (a date such as `March 3`, `March 3rd, 2026`,
 * `3 March 2026`, `2026-11-28` or a weekday or month alone is one token, a number such as `1,200`,
 * `12.5%`, `12.5 %` or `١٤٠٠` (digits of any script) is one token, a Han, Hiragana or Katakana
 * letter is a token of its own (`至少1400人` is `至`, `少`, `1400`, `人`), other words are single
 * words, and a word that starts with a letter of a script without case (Korean, Arabic, Thai…)
 * ends before a digit (`1400명이` is `1400` and `명이`); punctuation is dropped, curly
 * single quotes are folded to `'` and runs of whitespace to one space), the token sequences are
 * aligned with a longest-common-subsequence diff (the `diff` package), and in each place where
 * the copy replaced words of the representative, the facts removed and the facts added are paired
 * by kind in order of appearance (a number written in other digits, `١٤٠٠` for `1400`, is the
 * same number). A fact only added or only removed (a dropped clause) is not a change. Identical token sequences, a copy that only inserts or only drops one run of tokens,
 * or a side without any fact give no changes (and skip the diff).
 *
 * The tokenizer (`fact-tokens.ts`) is a hand-written scanner (one pass of `charCodeAt`, ASCII
 * fast path; non-ASCII characters are classified by `\p{L}`, `\p{M}`, `\p{N}` and `\s` tests,
 * cached per BMP code unit).
 * It gives exactly the tokens of the regular expression it replaced, which the tests keep as an
 * oracle: ISO date | month day [year] | day month [year] | weekday or month (not `May`) alone
 * [year] | number | Han/kana letter | word, tried in that order at each position, with `\b`
 * meaning a boundary of ASCII word characters `[A-Za-z0-9_]` as in a `u`-flag regular expression.
 * Names are only guessed from capitals: scripts without case give none.
 *
 * To compare many copies with one representative, tokenize the representative once with
 * `factTokens` and call `changedFactsOfTokens`; `changedFacts` does both for one pair.
 * Pure; cost linear in the characters of the two texts plus the diff (linear-ish for near
 * duplicates).
 */

import { diffArrays } from 'diff';
import { DATE, KIND_NAMES, NAME, NUMBER, tokenize, type TokenArrays } from './fact-tokens.js';
import { foldChar } from './normalize.js';

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

declare const factTokensBrand: unique symbol;

/**
 * A text cut into fact tokens by `factTokens`: opaque, immutable, reusable for any number of
 * `changedFactsOfTokens` calls. Inspect it with `factTokenList`.
 */
export interface FactTokens {
  readonly [factTokensBrand]: true;
}

/** Capitalized words that start sentences or clauses rather than name anyone. */
export const NOT_NAMES: ReadonlySet<string> = new Set(
  (
    'A An The This That These Those It Its He She They We I You His Her Their Our Your ' +
    'In On At Of For From By With To Into After Before As And But Or If When While Since ' +
    'Until Although Though Because Where Which Who What How Why There Here Some Many Most ' +
    'All No Not One Two Three Four Five Six Seven Eight Nine Ten Mr Mrs Ms Dr'
  ).split(' '),
);

/** A fact with its digits of any script as ASCII digits (`١٤٠٠` → `1400`). */
function digitsFolded(fact: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(fact) ? fact.replace(/\p{Nd}/gu, (d) => foldChar(d)) : fact;
}

/**
 * Cuts `text` into the tokens `changedFactsOfTokens` compares (see the module comment). Tokenize a
 * group's representative once and compare it with each copy.
 */
export function factTokens(text: string): FactTokens {
  return tokenize(text) as unknown as FactTokens;
}

/**
 * The tokens of a `FactTokens`, in text order, with their kinds (`word` is a token that is no
 * fact): for tests and debugging.
 */
export function factTokenList(tokens: FactTokens): { text: string; kind: FactKind | 'word' }[] {
  const t = tokens as unknown as TokenArrays;
  return t.texts.map((text, i) => ({ text, kind: KIND_NAMES[t.kinds[i]] }));
}

/** Facts of tokens `from..to-1` (0-based): dates, numbers, and runs of capitalized words. */
function factsOf(t: TokenArrays, from: number, to: number): Record<FactKind, string[]> {
  const facts: Record<FactKind, string[]> = { number: [], date: [], name: [] };
  let runStart = from;
  const flush = (runEnd: number) => {
    while (runStart < runEnd && NOT_NAMES.has(t.texts[runStart])) runStart++;
    if (runStart < runEnd) facts.name.push(t.texts.slice(runStart, runEnd).join(' '));
  };
  for (let i = from; i < to; i++) {
    const kind = t.kinds[i];
    if (kind === NAME) continue;
    flush(i);
    runStart = i + 1;
    if (kind === NUMBER) facts.number.push(t.texts[i]);
    else if (kind === DATE) facts.date.push(t.texts[i]);
  }
  flush(to);
  return facts;
}

/**
 * Whether one token sequence is the other with one run of tokens inserted (or none): then a
 * minimal diff (which the `diff` package computes) only adds or only removes, and no fact changed.
 */
function onlyInsertedOrDropped(a: readonly string[], b: readonly string[]): boolean {
  const na = a.length;
  const nb = b.length;
  let prefix = 0;
  while (prefix < na && prefix < nb && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < na - prefix && suffix < nb - prefix && a[na - 1 - suffix] === b[nb - 1 - suffix])
    suffix++;
  return prefix + suffix === na || prefix + suffix === nb;
}

/**
 * The facts that changed from `representative` to `copy`, both from `factTokens`: the same result
 * as `changedFacts` on their texts.
 */
export function changedFactsOfTokens(representative: FactTokens, copy: FactTokens): ChangedFact[] {
  const a = representative as unknown as TokenArrays;
  const b = copy as unknown as TokenArrays;
  const changes: ChangedFact[] = [];
  // A change pairs a fact removed from the representative with one added in the copy.
  if (a.facts === 0 || b.facts === 0 || onlyInsertedOrDropped(a.texts, b.texts)) return changes;
  const parts = diffArrays(a.texts, b.texts);
  let ia = 0;
  let ib = 0;
  let removedFrom = 0;
  let addedFrom = 0;
  const settle = () => {
    if (ia > removedFrom && ib > addedFrom) {
      const from = factsOf(a, removedFrom, ia);
      const to = factsOf(b, addedFrom, ib);
      for (const kind of ['number', 'date', 'name'] as const) {
        const n = Math.min(from[kind].length, to[kind].length);
        for (let i = 0; i < n; i++) {
          if (digitsFolded(from[kind][i]) !== digitsFolded(to[kind][i]))
            changes.push({ from: from[kind][i], to: to[kind][i], kind });
        }
      }
    }
  };
  for (const part of parts) {
    if (part.removed) ia += part.count;
    else if (part.added) ib += part.count;
    else {
      settle();
      ia += part.count;
      ib += part.count;
      removedFrom = ia;
      addedFrom = ib;
    }
  }
  settle();
  return changes;
}

/**
 * The facts that changed from `representative` to `copy` (see the module comment), in order of
 * appearance; empty when the copy keeps every number, date and name (or only adds or drops some).
 */
export function changedFacts(representative: string, copy: string): ChangedFact[] {
  if (representative === copy) return [];
  return changedFactsOfTokens(factTokens(representative), factTokens(copy));
}
