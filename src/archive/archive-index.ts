/**
 * One interface for the archive index, whatever holds it ({@link ArchiveIndex}), and
 * {@link openIndex}, which opens one by its location: a `postgres://` (or `postgresql://`) URL
 * opens the shared PostgreSQL index (postgres-index.ts, loaded only then, with node-postgres),
 * anything else is an SQLite file (sqlite-index.ts). Both answer every query exactly as a full
 * scan would; docs/archive-index.md describes them for people.
 */

import type { QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import type { EngineOptions } from '../engine/options.js';
import type { Awaitable, IndexStats, ParagraphStore } from '../engine/paragraph-index.js';
import type { AddSummary } from './add-files.js';
import type { ArchivedParagraph, ArchiveStats, IndexSettings } from './index-settings.js';
import type { ArchiveDocument, PreparedStory } from './prepared-story.js';
import type { OpenIndexOptions } from './sqlite-index.js';
import { checkOptions, ENGINE_OPTION_KEYS } from '../engine/options.js';
import { UsageError } from '../errors.js';

/**
 * An archive index (SQLite file or PostgreSQL database). Every method may answer at once
 * (SQLite) or with a promise (PostgreSQL): `await` each. Writes are transactions: a batch given to
 * `addMany`/`addPrepared`, a `removeMany` or a `prune` is stored whole or not at all, and readers
 * never see part of one.
 */
export interface ArchiveIndex extends ParagraphStore {
  /** The index as messages and reports name it: the file, or the URL without its password. */
  readonly file: string;
  /** The settings it was built with (shingle size, min words, normalization, lowest threshold). */
  readonly settings: IndexSettings;
  /** The options queries use (thresholds from the caller; shingle size and min words its own). */
  readonly options: EngineOptions;
  /** Adds or replaces one document (one transaction). */
  add(document: ArchiveDocument): Awaitable<AddSummary>;
  /**
   * Adds documents in one transaction: new paths are added, changed ones replace their old
   * paragraphs, unchanged ones (same content hash) are skipped. A path given twice keeps the last.
   */
  addMany(documents: readonly ArchiveDocument[]): Awaitable<AddSummary>;
  /** {@link addMany} for stories prepared elsewhere (e.g. worker threads; see `addFiles`). */
  addPrepared(stories: readonly PreparedStory[]): Awaitable<AddSummary>;
  /** Removes the story stored under `path`; whether there was one. */
  remove(path: string): Awaitable<boolean>;
  /** Removes the stories under these paths in one transaction; how many there were. */
  removeMany(paths: readonly string[]): Awaitable<number>;
  /** Removes every story dated before `before` (ms since the epoch); their paths, sorted. */
  prune(before: number): Awaitable<string[]>;
  /** Every stored path, sorted. */
  paths(): Awaitable<string[]>;
  /** Whether a story is stored under `path`. */
  hasPath(path: string): Awaitable<boolean>;
  /** The text of the stored paragraph at `path` whose first line is `line` (1-based). */
  paragraphText(path: string, line: number): Awaitable<string | undefined>;
  /**
   * What each paragraph of `document` duplicates or partly reuses among the stored paragraphs
   * (never those stored under its own path); the document is not added. Equal to `Corpus.query`
   * over the same stored documents.
   */
  query(document: SourceDocument): Awaitable<QueryResult>;
  /**
   * Every stored paragraph (all copies) matching some paragraph of these documents, except those
   * under the documents' own paths, by path then line (what `scan --index` reports beside them).
   */
  archiveParagraphsMatching(documents: readonly SourceDocument[]): Awaitable<ArchivedParagraph[]>;
  /** Counts of stored stories and paragraphs. */
  stats(): Awaitable<IndexStats>;
  /** Counts, size, dates and settings (`dupgraf index stats`). */
  describe(): Awaitable<ArchiveStats>;
  /** The problems `index verify` finds; empty when the index is sound. */
  verify(): Awaitable<string[]>;
  /** Ends the connection; the object is unusable afterwards. */
  close(): Awaitable<void>;
}

/** Every key of the options of {@link openIndex} (an unknown one is refused). */
export const OPEN_INDEX_OPTION_KEYS = [
  ...ENGINE_OPTION_KEYS,
  'create',
  'readonly',
  'lowestThreshold',
  'cacheMegabytes',
  'quickCheck',
  'migrate',
  'deferPostings',
  'connectTimeoutMs',
] as const;

/** Whether `location` names a PostgreSQL index (`postgres://…` or `postgresql://…`). */
export function isDatabaseUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

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
  if (isDatabaseUrl(location)) {
    const { openPostgresIndex } = await import('./postgres-index.js');
    return openPostgresIndex(location, options);
  }
  const { openSqliteIndex } = await import('./sqlite-index.js');
  return openSqliteIndex(location, options);
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
