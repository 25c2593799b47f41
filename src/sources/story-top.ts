/**
 * What the top of a story says about it (its headline line and dateline) and the metadata a
 * story of a file gets from it and from its file's.
 */

import type { DocumentMetadata } from '../engine/report.js';
import type { Dateline } from './datelines.js';
import { isHeadlineShaped } from './paragraph-roles.js';
import type { StoryParagraph } from './story-starts.js';

/** What a story's top says about it: the headline line above its text, and its dateline. */
export interface StoryTop {
  headline?: string;
  dateline?: Dateline;
}

/** Paragraphs at a story's top looked at for its headline and dateline. */
export const TOP_PARAGRAPHS = 3;

/** The headline and the dateline at the top of a story's paragraphs `ps`. */
export function storyTop(ps: readonly StoryParagraph[]): StoryTop {
  const out: StoryTop = {};
  for (let j = 0; j < Math.min(ps.length, TOP_PARAGRAPHS); j++) {
    const p = ps[j];
    if (p.dateline) {
      out.dateline = p.dateline;
      break;
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

/** The file-level metadata a story of a file with several keeps (not the file's own title or id). */
export function sharedMetadata(
  metadata: DocumentMetadata | undefined,
): DocumentMetadata | undefined {
  if (metadata === undefined) return undefined;
  const rest: DocumentMetadata = { ...metadata };
  for (const key of ['id', 'title', 'headline', 'slug'] as const) delete rest[key];
  return rest;
}
