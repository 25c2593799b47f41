/**
 * Defaults of the archive index that the CLI's option definitions show in `--help`; kept apart
 * from sqlite-index.ts so building the option parser does not load SQLite.
 */

/** Default lowest threshold (Jaccard or containment) an index can answer exactly. */
export const DEFAULT_LOWEST_THRESHOLD = 0.5;
