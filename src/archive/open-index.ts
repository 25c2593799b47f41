/**
 * {@link openIndex} opens an archive index by its location: a `postgres://` (or `postgresql://`)
 * URL opens the shared PostgreSQL index (postgres-index.ts, loaded only then, with node-postgres),
 * anything else is an SQLite file (sqlite-index.ts, loaded only then). {@link migrateIndex} brings
 * either up to date.
 */

import { checkOptions, InvalidOptionError } from '../engine/options.js';
import { UsageError } from '../errors.js';
import {
  isDatabaseUrl,
  OPEN_INDEX_OPTION_KEYS,
  type ArchiveIndex,
  type OpenIndexOptions,
} from './archive-index.js';

/**
 * Opens (by default creates) the archive index at `location`: a `postgres://` URL (tables in
 * schema `dupgraf`, or `?schema=name`) or an SQLite file. Options: the engine options (thresholds
 * for queries; `shingleSize`/`minWords`/`lowestThreshold` must match an existing index), `create`
 * (default true), `readonly`, `migrate` (apply an older index's pending migrations). Rejects with
 * `IndexFileError` or `IncompatibleIndexError` (see docs/api.md for their codes).
 */
export async function openIndex(
  location: string,
  options: OpenIndexOptions = {},
): Promise<ArchiveIndex> {
  if (typeof location !== 'string' || location === '')
    throw new UsageError(
      `openIndex: expected a file or a postgres:// URL (got ${JSON.stringify(location)})`,
    );
  checkOptions(options, OPEN_INDEX_OPTION_KEYS, 'openIndex');
  checkIndexOptionValues(options);
  if (isDatabaseUrl(location)) {
    const { openPostgresIndex } = await import('./postgres-index.js');
    return openPostgresIndex(location, options);
  }
  const { openSqliteIndex } = await import('./sqlite-index.js');
  return openSqliteIndex(location, options);
}

/** The index's own options: flags are booleans, sizes and waits numbers in their ranges. */
function checkIndexOptionValues(options: OpenIndexOptions): void {
  for (const key of ['create', 'readonly', 'migrate', 'quickCheck'] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean')
      throw new InvalidOptionError(key, 'true or false', value);
  }
  const ranges = {
    cacheMegabytes: [1, 1 << 20],
    connectTimeoutMs: [0, 2 ** 31 - 1],
    lockTimeoutMs: [0, 2 ** 31 - 1],
  } as const;
  for (const [key, [low, high]] of Object.entries(ranges) as [
    keyof typeof ranges,
    readonly [number, number],
  ][]) {
    const value = options[key];
    if (
      value !== undefined &&
      (typeof value !== 'number' || !Number.isFinite(value) || value < low || value > high)
    )
      throw new InvalidOptionError(key, `a number in ${low}..${high}`, value);
  }
}

/**
 * Applies an index's pending migrations (`dupgraf index migrate`): the PostgreSQL schema's, or
 * the SQLite file's format steps. Returns the versions before and after.
 */
export async function migrateIndex(location: string): Promise<{ from: number; to: number }> {
  if (isDatabaseUrl(location)) {
    const { migratePostgresIndex } = await import('./postgres-index.js');
    return migratePostgresIndex(location);
  }
  const { migrateSqliteIndex } = await import('./sqlite-index.js');
  return migrateSqliteIndex(location);
}
