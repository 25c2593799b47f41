/**
 * What the top of a story says about it (its headline line and dateline, past a byline of a few
 * lines) and the metadata a story of a file gets from it and from its file's; an HTML page or a
 * JSON record gets the dateline of its lede the same way.
 */

import type { DocumentMetadata } from '../engine/report.js';
import type { Dateline } from './datelines.js';
import { BYLINE_LINES, bylineLength, isHeadlineShaped } from './paragraph-roles.js';
import { paragraphShape } from './story-shapes.js';
import type { StoryParagraph } from './story-starts.js';

/** What a story's top says about it: the headline line above its text, and its dateline. */
export interface StoryTop {
  headline?: string;
  dateline?: Dateline;
}

/**
 * Paragraphs at a story's top looked at for its headline and dateline, besides the lines of a
 * byline (at most {@link BYLINE_LINES} more).
 */
export const TOP_PARAGRAPHS = 3;

/** Paragraphs at a story's top that {@link storyTop} may look at: its top and a byline's lines. */
export const TOP_WITH_BYLINE = TOP_PARAGRAPHS + BYLINE_LINES;

/**
 * The headline and the dateline at the top of a story's paragraphs `ps`: the first
 * {@link TOP_PARAGRAPHS}, and past a byline (`By JANE DOE`, `ASSOCIATED PRESS WRITER`) as many more
 * as it has lines.
 */
export function storyTop(ps: readonly StoryParagraph[]): StoryTop {
  const out: StoryTop = {};
  let end = Math.min(ps.length, TOP_PARAGRAPHS);
  let byline = false;
  for (let j = 0; j < end; j++) {
    const p = ps[j];
    if (p.dateline) {
      out.dateline = p.dateline;
      break;
    }
    if (!byline) {
      // A byline's lines do not count: the top reaches as far past it.
      const n = bylineLength(ps, j);
      if (n > 0) {
        byline = true;
        end = Math.min(ps.length, end + n);
      }
    }
    // The headline: the first line of the top that is shaped like one (or a Markdown heading),
    // before any prose.
    if (out.headline === undefined && (p.heading !== undefined || isHeadlineShaped(p)))
      out.headline = p.text;
    else if (!isHeadlineShaped(p)) break;
  }
  return out;
}

/** The metadata of a story: the format's, with the story's headline, dateline and agency added. */
export function storyMetadata(
  base: DocumentMetadata | undefined,
  top: StoryTop,
): DocumentMetadata | undefined {
  const out: DocumentMetadata = { ...base };
  if (out.headline === undefined && top.headline !== undefined) out.headline = top.headline;
  if (out.dateline === undefined && top.dateline !== undefined) out.dateline = top.dateline.text;
  if (out.source === undefined && top.dateline?.agency !== undefined)
    out.source = top.dateline.agency;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The metadata of a story whose reader found its paragraphs (an HTML page, a JSON record): the
 * format's, with the dateline at the top of its paragraphs `texts` (and its agency) added as a
 * text story's are (`<p>LONDON, March 5 (Reuters) - …</p>`), so it is dated by it when its
 * metadata has no date. Each paragraph counts as one line; no headline is taken from them.
 */
export function ledeMetadata(
  base: DocumentMetadata | undefined,
  texts: readonly { text: string }[],
): DocumentMetadata | undefined {
  if (base?.dateline !== undefined) return base;
  const shapes: StoryParagraph[] = [];
  for (let i = 0; i < Math.min(texts.length, TOP_WITH_BYLINE); i++)
    shapes.push(paragraphShape(texts[i].text, true));
  const { dateline } = storyTop(shapes);
  return dateline === undefined ? base : storyMetadata(base, { dateline });
}

/** The file-level metadata a story of a file with several keeps (not the file's own title or id). */
export function sharedMetadata(
  metadata: DocumentMetadata | undefined,
): DocumentMetadata | undefined {
  if (metadata === undefined) return undefined;
  const rest: DocumentMetadata = { ...metadata };
  for (const key of ['id', 'title', 'headline', 'slug'] as const) delete rest[key];
  return rest;
}
