/**
 * Where stories start in a run of paragraphs (the `auto` rule of `--stories`). Pure: it sees the
 * paragraphs' shapes (story-shapes.ts), which of them follow an explicit separator, and, in
 * Markdown, heading levels.
 *
 * A story starts at paragraph i (never at the top of a file: the first story's header lines are
 * its own, and a story needs a body before another can start) when
 * 1. an explicit separator stands before it (`---`, `***`, `###`, `===`, `* * *`, a form feed, a
 *    wire end marker such as `(END)`, `ENDS`, `-30-`; or a line matching `--stories REGEX`);
 * 2. it is a dateline paragraph (`CITY, Month D (Agency) —`): the story then starts at the
 *    headline line directly above it, in any case (and a byline between them: a `By …` line and
 *    up to two more `By …` or credit lines such as `ASSOCIATED PRESS WRITER`), when there is one;
 *    a closing credit (`Reporting by …; Editing by …`) above it is the story before's last line;
 * 3. it is a headline line on its own: Title Case or ALL CAPS (see `isStandaloneHeadline`), after
 *    a paragraph of five or more words (a shorter line above it makes it a list item, unless it
 *    has four or more words), and followed by a lede (a sentence in lower case; or a standfirst
 *    and then a lede), or, after prose that ends the story before it, followed by paragraphs that
 *    repeat its words while the story before does not;
 * 4. in Markdown, it is a level-1 heading (`# Headline`); deeper headings are crossheads.
 *
 * A sentence-case line with no dateline after it is a crosshead as far as shape can tell: it never
 * starts a story (docs/stories.md).
 */

import {
  BYLINE_LINES,
  bylineLength,
  contentWords,
  isCloser,
  isHeadlineShaped,
  isLede,
  isProse,
  isStandaloneHeadline,
  isStandfirst,
} from './paragraph-roles.js';
import type { ParagraphShape } from './story-shapes.js';

/** A paragraph as the rule sees it: its shape, what stands before it, its heading level. */
export type StoryParagraph = ParagraphShape;

/** How many paragraphs after a headline are looked at for its words (rule 3's second case). */
const ECHO_PARAGRAPHS = 4;

/** Headline-shaped lines a story's header holds at most (headline, byline, `REPEAT`, …). */
const HEADER_LINES = 3;

/**
 * Whether the story starting at `from` has a body before `to`: a dateline paragraph, or a
 * paragraph that is not a headline-shaped line; with `table`, also more short lines than a
 * header holds (a table, which ends before a dateline but may hold lines shaped like headlines;
 * `bylineLines`: the further lines of a byline of several, which a header holds as well).
 */
function hasBody(
  ps: readonly StoryParagraph[],
  from: number,
  to: number,
  table = false,
  bylineLines = 0,
): boolean {
  if (table && to - from > HEADER_LINES + bylineLines) return true;
  for (let j = from; j < to; j++) if (ps[j].dateline || !isHeadlineShaped(ps[j])) return true;
  return false;
}

/**
 * Whether the headline at `i` names what follows and not what came before: some of its words
 * come back in the next paragraphs, none of them in the story since `from`.
 */
function echoedAfter(ps: readonly StoryParagraph[], from: number, i: number): boolean {
  const own = contentWords(ps[i].text);
  if (own.size === 0) return false;
  for (let j = from; j < i; j++)
    for (const w of contentWords(ps[j].text)) if (own.has(w)) return false;
  for (let j = i + 1; j < Math.min(ps.length, i + 1 + ECHO_PARAGRAPHS); j++)
    for (const w of contentWords(ps[j].text)) if (own.has(w)) return true;
  return false;
}

/** Whether paragraph `i` is a headline that starts a story by itself (rule 3). */
function standaloneStart(ps: readonly StoryParagraph[], from: number, i: number): boolean {
  const p = ps[i];
  const before = ps[i - 1];
  if (!isStandaloneHeadline(p) || i + 1 >= ps.length) return false;
  if (before.words < 5 && !(p.words >= 4 && p.numbers <= 1)) return false;
  if (!hasBody(ps, from, i)) return false;
  const next = ps[i + 1];
  if (isLede(next)) return true;
  if (i + 2 < ps.length && isStandfirst(next) && isLede(ps[i + 2])) return true;
  return i - from >= 2 && isProse(before) && !before.text.endsWith(':') && echoedAfter(ps, from, i);
}

/**
 * The 0-based indexes of the paragraphs that start stories, ascending, always starting with 0
 * (see the module comment). `ps` is one file's paragraphs in order.
 */
export function storyStarts(ps: readonly StoryParagraph[]): number[] {
  const starts = [0];
  let from = 0;
  for (let i = 1; i < ps.length; i++) {
    const p = ps[i];
    let start = -1;
    if (p.afterSeparator) start = i;
    else if (p.heading !== undefined && p.heading > 1) continue;
    else if (p.heading === 1 && hasBody(ps, from, i)) start = i;
    else if (p.dateline) {
      let b = i;
      // A byline between them (`By JANE DOE`, `ASSOCIATED PRESS WRITER`: a few lines at most).
      for (let j = Math.max(from + 1, i - BYLINE_LINES); j < i; j++)
        if (bylineLength(ps, j, i) === i - j) {
          b = j;
          break;
        }
      const more = Math.max(0, i - b - 1);
      const above = ps[b - 1];
      if (
        b - 1 > from &&
        (above.heading === undefined || above.heading === 1) &&
        (isHeadlineShaped(above) ||
          (above.oneLine && above.case === 'caps' && above.words <= 16 && !isCloser(above)))
      )
        b--;
      // Never so far up that the story before would be left without a body.
      while (b < i && !hasBody(ps, from, b, true, more)) b++;
      if (b > from && hasBody(ps, from, b, true, more)) start = b;
    } else if (standaloneStart(ps, from, i)) start = i;
    if (start > from) {
      starts.push(start);
      from = start;
    }
  }
  return starts;
}
