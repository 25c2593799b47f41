/**
 * Where one story of a file ends and the next begins by an explicit line: the `stories` setting
 * (`auto`, `file` or a separator's regular expression) made ready to use, and the separator
 * lines of a text under it (stories.ts cuts the file there).
 */

import { UsageError } from '../errors.js';

/** How stories are found in a file: `auto`, `file`, or a separator line's regular expression. */
export type StoriesSetting = string;

/** Default of the `stories` setting. */
export const DEFAULT_STORIES: StoriesSetting = 'auto';

/** A `stories` setting made ready to use (see {@link storySplitterOf}). */
export type StorySplitter =
  { kind: 'auto' } | { kind: 'file' } | { kind: 'regex'; regex: RegExp; source: string };

/**
 * The splitter a `stories` setting names: `auto`, `file`, or any other string as a regular
 * expression (JavaScript syntax, matched against each line without its line break). Throws a
 * UsageError for an empty value or a pattern that does not compile.
 */
export function storySplitterOf(setting: StoriesSetting | undefined): StorySplitter {
  if (setting === undefined || setting === 'auto') return { kind: 'auto' };
  if (setting === 'file') return { kind: 'file' };
  if (setting === '')
    throw new UsageError('stories: expected auto, file or a regular expression (got "")');
  try {
    return { kind: 'regex', regex: new RegExp(setting, 'u'), source: setting };
  } catch (error) {
    throw new UsageError(
      `stories: not a regular expression: ${JSON.stringify(setting)} (${(error as Error).message})`,
    );
  }
}

/**
 * Whether a `stories` value is usable (`auto`, `file` or a regular expression that compiles),
 * for the settings schema.
 */
export function isStoriesSetting(value: string): boolean {
  try {
    storySplitterOf(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * A line that ends a story under `auto`: only `---`, `***`, `###`, `===`, `___` (three or more),
 * `* * *`, or a wire end marker `(END)`, `ENDS`, `-30-`, the Chinese `（完）` (spaces around allowed).
 */
export const AUTO_SEPARATOR =
  /^[ \t]*(?:-{3,}|\*{3,}|#{3,}|={3,}|_{3,}|\*(?:[ \t]+\*){2,}|-(?:[ \t]+-){2,}|\(END\)|ENDS|-30-|[(\uff08]\u5b8c[)\uff09])[ \t]*$/;

/** What every `auto` separator line holds: files without any of these have none. */
const SEPARATOR_CORES = [
  '---',
  '***',
  '###',
  '===',
  '___',
  '* *',
  '- -',
  '(END)',
  'ENDS',
  '-30-',
  '\u5b8c',
];

/** A line holding a form feed and nothing else but white space. */
const FORM_FEED_LINE = /^[ \t\v]*\f[\s]*$/;

/** The lines of a text (line breaks CRLF, CR or LF; a leading BOM dropped). */
function linesOf(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
}

/** Whether `line` separates stories under `splitter`. */
function isSeparator(line: string, splitter: StorySplitter): boolean {
  if (splitter.kind === 'regex') return splitter.regex.test(line);
  return AUTO_SEPARATOR.test(line) || FORM_FEED_LINE.test(line);
}

/** 0-based numbers of the separator lines of `text`. */
export function separatorLines(text: string, splitter: StorySplitter): Set<number> {
  const out = new Set<number>();
  if (splitter.kind === 'file') return out;
  // Most files have none: one search over the whole text says so.
  if (
    splitter.kind === 'auto' &&
    !text.includes('\f') &&
    !SEPARATOR_CORES.some((core) => text.includes(core))
  )
    return out;
  linesOf(text).forEach((line, i) => {
    if (isSeparator(line, splitter)) out.add(i);
  });
  return out;
}
