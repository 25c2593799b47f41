/**
 * What the archive index's backends (SQLite: sqlite-index.ts; PostgreSQL: postgres-index.ts)
 * share: the settings an index is built with and the check that a run can use them, and the
 * shapes of what they report.
 */

import type { EngineOptions } from '../engine/options.js';
import { resolveEngineOptions } from '../engine/options.js';
import { NORMALIZATION_VERSION } from '../engine/normalize.js';
import type { IndexStats } from '../engine/paragraph-index.js';
import { DEFAULT_LOWEST_THRESHOLD } from './index-defaults.js';
import { damagedIndexError, IncompatibleIndexError } from './index-errors.js';

/** Settings an index is built with; queries must use the same (thresholds ≥ the lowest). */
export interface IndexSettings {
  /** Words per shingle. */
  shingleSize: number;
  /** Paragraphs with fewer words are not stored. */
  minWords: number;
  /** NORMALIZATION_VERSION of the dupgraf that built it. */
  normalizationVersion: number;
  /** Lowest Jaccard or containment threshold a query may use, in (0, 1]. */
  lowestThreshold: number;
}

/** The settings of a new index from the options (validated; throws on a bad value). */
export function newSettings(
  options: Partial<EngineOptions> & { lowestThreshold?: number },
): IndexSettings {
  const engine = resolveEngineOptions(options);
  const lowest = options.lowestThreshold ?? DEFAULT_LOWEST_THRESHOLD;
  if (!(typeof lowest === 'number' && lowest > 0 && lowest <= 1)) {
    throw new IncompatibleIndexError(
      `the lowest threshold must be a number in (0, 1] (got ${JSON.stringify(lowest)})`,
    );
  }
  return {
    shingleSize: engine.shingleSize,
    minWords: engine.minWords,
    normalizationVersion: NORMALIZATION_VERSION,
    lowestThreshold: lowest,
  };
}

/** The settings recorded in an index's `meta` rows; throws the damaged-index error when unreadable. */
export function readSettings(
  meta: Record<string, string>,
  file: string,
  format: number,
): IndexSettings {
  if (meta.format !== String(format))
    throw damagedIndexError(
      file,
      `its meta table says format ${JSON.stringify(meta.format ?? null)}, its header ${format}`,
    );
  let settings: unknown;
  try {
    settings = JSON.parse(meta.settings ?? '');
  } catch {
    throw damagedIndexError(file, 'its settings are not valid JSON');
  }
  const s = settings as Record<string, unknown> | null;
  const number = (k: string) => typeof s?.[k] === 'number' && Number.isFinite(s[k]);
  if (!['shingleSize', 'minWords', 'normalizationVersion', 'lowestThreshold'].every(number))
    throw damagedIndexError(file, `its settings lack a number: ${meta.settings}`);
  return settings as IndexSettings;
}

/**
 * How to rebuild the index `name` (a file or a database URL without its password); with
 * `settings`, the command keeps the ones it was built with.
 */
export function rebuildHint(name: string, settings?: IndexSettings): string {
  const flags = settings
    ? ` --shingle-size ${settings.shingleSize} --min-words ${settings.minWords} --lowest-threshold ${settings.lowestThreshold}`
    : '';
  const which = settings
    ? ', <paths..> being the stories it held (the flags keep its settings; change them if you want others)'
    : ' with the settings you want';
  return name.includes('://')
    ? `rebuild it: add the stories to a new schema (\`?schema=other\` in the URL; drop the old one with \`DROP SCHEMA … CASCADE\`) with \`dupgraf index add <paths..>${flags}\`${which}`
    : `rebuild it: delete ${name} and run \`dupgraf index add <paths..> --index ${name}${flags}\`${which}`;
}

/**
 * The engine options a query against an index built with `settings` uses; throws
 * {@link IncompatibleIndexError} when the requested ones cannot be answered exactly.
 */
export function checkCompatible(
  file: string,
  settings: IndexSettings,
  requested: Partial<EngineOptions> & { lowestThreshold?: number },
): EngineOptions {
  const problems: string[] = [];
  if (
    requested.lowestThreshold !== undefined &&
    requested.lowestThreshold !== settings.lowestThreshold
  ) {
    problems.push(
      `it was built with --lowest-threshold ${settings.lowestThreshold}, this run asks for ${requested.lowestThreshold} (the lowest threshold is chosen when an index is made)`,
    );
  }
  const otherWords = settings.normalizationVersion !== NORMALIZATION_VERSION;
  const newer = settings.normalizationVersion > NORMALIZATION_VERSION;
  if (otherWords) {
    problems.push(
      newer
        ? `it was built by a newer dupgraf with normalization version ${settings.normalizationVersion}, this dupgraf uses ${NORMALIZATION_VERSION} (it reads text into words differently): query it with that dupgraf or a newer one`
        : `it was built with normalization version ${settings.normalizationVersion}, this dupgraf uses ${NORMALIZATION_VERSION} (it reads text into words differently, so the stories must be read again: \`dupgraf index migrate\` cannot convert it)`,
    );
  }
  if (requested.shingleSize !== undefined && requested.shingleSize !== settings.shingleSize) {
    problems.push(
      `it was built with --shingle-size ${settings.shingleSize}, this run asks for ${requested.shingleSize}`,
    );
  }
  if (requested.minWords !== undefined && requested.minWords !== settings.minWords) {
    problems.push(
      `it was built with --min-words ${settings.minWords}, this run asks for ${requested.minWords}`,
    );
  }
  const options = resolveEngineOptions({
    ...requested,
    shingleSize: settings.shingleSize,
    minWords: settings.minWords,
  });
  for (const key of ['threshold', 'containment'] as const) {
    if (options[key] < settings.lowestThreshold) {
      problems.push(
        `it answers thresholds of ${settings.lowestThreshold} and above, this run asks for --${key} ${options[key]}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new IncompatibleIndexError(
      `the index ${file} cannot answer this run: ${problems.join('; ')}. ${
        // No setting brings back another normalization: only a rebuild (or that dupgraf) does.
        otherWords ? (newer ? 'Or r' : 'R') : "Use the index's settings, or r"
      }${rebuildHint(file, otherWords ? settings : undefined).slice(1)}${
        !otherWords && problems.some((p) => p.includes('thresholds'))
          ? ' (and --lowest-threshold)'
          : ''
      }`,
    );
  }
  return options;
}

/** Counts and settings of an index (`dupgraf index stats`). */
export interface ArchiveStats extends IndexStats {
  /** Distinct paragraph texts stored. */
  distinctParagraphs: number;
  /** Shingle postings stored (one per shingle of each distinct text). */
  postings: number;
  /** Prefix postings stored. */
  prefixPostings: number;
  /** Bytes on disk: the database file plus its WAL. */
  bytes: number;
  /** Earliest and latest story date, ms since the epoch (null when empty). */
  oldest: number | null;
  newest: number | null;
  settings: IndexSettings;
  /** dupgraf version that created the index, and when (ISO 8601). */
  createdBy: string;
  createdAt: string;
}

/** An archived paragraph, for reports (see `archiveParagraphsMatching`). */
export interface ArchivedParagraph {
  path: string;
  /** First line, 1-based. */
  line: number;
  /** Last line, 1-based. */
  endLine: number;
  /** Position in its story, 1-based. */
  paragraph: number;
  words: number;
  /** Text, white space collapsed (of the first stored copy of the same normalized words). */
  text: string;
}
