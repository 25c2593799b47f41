/**
 * The names of the check's formats, apart from the reporters themselves (check-formats.ts), so
 * `--help` and the option parser do not load the reporters (SARIF's builder, the HTML page, …).
 */

/** Names of the check formats, in the order `--help` lists them. */
export const CHECK_FORMATS = [
  'text',
  'json',
  'markdown',
  'sarif',
  'github',
  'junit',
  'html',
] as const;

/** Name of a check format. */
export type CheckFormat = (typeof CHECK_FORMATS)[number];
