/**
 * The date and title of stories, for the stories tables of the text and Markdown reports: the
 * columns appear only when a reader found some (front matter, HTML `<title>`, NITF/NewsML-G2
 * headers, JSON record fields), so reports of plain text files do not change.
 */

import type { DocumentStats } from '../engine/report.js';
import { truncateColumns } from './columns.js';

/**
 * Longest title shown, in terminal columns (a wide East Asian character takes two; longer titles
 * are cut with `…` at a character's edge).
 */
export const TITLE_WIDTH = 50;

/** The title shown for a story: its title, else its headline, cut to {@link TITLE_WIDTH}. */
export function storyTitle(d: DocumentStats): string {
  const t = d.metadata?.title ?? d.metadata?.headline ?? '';
  return truncateColumns(t, TITLE_WIDTH);
}

/** Extra columns (`date`, `title`) for these stories, each only when some story has it. */
export function storyMetadataColumns(stories: readonly DocumentStats[]): {
  header: string[];
  cells: (d: DocumentStats) => string[];
} {
  // The publication date dupgraf found (metadata, dateline, file name), else the metadata's as written.
  const dateOf = (d: DocumentStats) => d.date ?? d.metadata?.date;
  const hasDate = stories.some((d) => dateOf(d) !== undefined);
  const hasTitle = stories.some((d) => storyTitle(d) !== '');
  return {
    header: [...(hasDate ? ['date'] : []), ...(hasTitle ? ['title'] : [])],
    cells: (d) => [...(hasDate ? [dateOf(d) ?? ''] : []), ...(hasTitle ? [storyTitle(d)] : [])],
  };
}
