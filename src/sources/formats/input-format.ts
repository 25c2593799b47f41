/**
 * The input format names, apart from the registry (`registry.ts`) that reads them, so that the
 * files the registry depends on (the parser libraries' loader) can name formats without
 * importing the registry back.
 */

/** Input formats a file can be read as; `auto` chooses by extension (and XML root). */
export const INPUT_FORMATS = [
  'auto',
  'text',
  'html',
  'markdown',
  'xml',
  'nitf',
  'newsml',
  'json',
  'jsonl',
] as const;

/** An input format (see {@link INPUT_FORMATS}). */
export type InputFormat = (typeof INPUT_FORMATS)[number];
