/**
 * A story's date for the archive (`index prune`): from the story's own metadata when its format
 * has some (a Markdown/YAML front matter `date:` field), else the file's modification time.
 */

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const DATE_FIELD =
  /^date:[ \t]*["']?(\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)["']?[ \t]*$/m;

/**
 * The date in a front matter at the very start of `text` (`date: 2026-05-06` or an ISO 8601
 * date-time; a date alone is midnight UTC), in ms since the epoch; `null` when there is none.
 */
export function frontMatterDate(text: string): number | null {
  const block = FRONT_MATTER.exec(text);
  if (!block) return null;
  const field = DATE_FIELD.exec(block[1]);
  if (!field) return null;
  const ms = Date.parse(field[1].replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : null;
}

/** The story's date: its front matter date, else `mtimeMs` (ms since the epoch). */
export function storyDate(text: string, mtimeMs: number): number {
  return frontMatterDate(text) ?? Math.round(mtimeMs);
}

/**
 * Parses an age such as `90d`, `12w`, `36h` or `1y` (365 days) into milliseconds; `null` when
 * it is not one.
 */
export function parseAge(value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(h|d|w|y)$/i.exec(value.trim());
  if (!m) return null;
  const hours = { h: 1, d: 24, w: 24 * 7, y: 24 * 365 }[
    m[2].toLowerCase() as 'h' | 'd' | 'w' | 'y'
  ];
  return Number(m[1]) * hours * 3600 * 1000;
}
