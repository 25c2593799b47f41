/**
 * A small repository of dated flood stories for the tests of who copied whom: an original of
 * 1 March (dated by its file name) and two later stories copying its background paragraph and
 * closer (5 March by a front matter, 10 April by a dateline and the file name's year).
 */
import { story } from '../helpers/check-cli.js';

/** The background paragraph every story repeats. */
export const BACKGROUND =
  'The Tessel drains a wide basin of upland moor and farmland and floods the valley towns after heavy spring rain, most recently three years ago.';
/** The newspaper's closing line every story repeats. */
export const CLOSER =
  'The Valley Courier will update this story as the water level changes; readers can reach the newsdesk by telephone at any hour.';
/** Ledes of their own; the first three are those of {@link FLOOD_STORIES}. */
export const LEDES = [
  'Forecasters issued the first flood warning of the spring for villages along the lower Tessel after two days of steady rain.',
  'The river climbed by almost a metre overnight at the Halton gauge, and the county closed two roads near the old mill.',
  'Residents were told they could return home on Friday as the water fell back below the banks for the first time in a week.',
  'Engineers began a survey of the flood banks below Halton, which the county says must be raised before next winter.',
  'Notes for the newsdesk on contacts at the county council, the water authority and the rowing club, kept for reference.',
  'Shops on Bridge Street reopened on Saturday morning after the clean-up crews finished pumping out the cellars.',
  'The rowing club thanked the volunteers at a supper in the boathouse and collected money for the families worst hit.',
];

/** The three dated stories (path → text; see the module comment). */
export const FLOOD_STORIES: Readonly<Record<string, string>> = {
  // Dated by its file name: the original.
  'archive/2026-03-01-first-warning.txt': story(
    'First flood warning for the Tessel',
    LEDES[0],
    BACKGROUND,
    CLOSER,
  ),
  // Dated by front matter, four days later: copies both paragraphs.
  'news/levels-rise.md': `---\ndate: 2026-03-05\n---\n\n${story(LEDES[1], BACKGROUND, CLOSER)}`,
  // Dated by its dateline and the file name's year, forty days after the first.
  'news/2026-04-10-all-clear.txt': story(
    `HALTON, April 10 (Valley Courier) — ${LEDES[2]}`,
    BACKGROUND,
    CLOSER,
  ),
};
