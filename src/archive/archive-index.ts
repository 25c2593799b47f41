/**
 * One interface for the archive index, whatever holds it ({@link ArchiveIndex}), and the options
 * it is opened with ({@link OpenIndexOptions}); `openIndex` (open-index.ts) opens one by its
 * location. The stores (sqlite-index.ts, postgres-index.ts) implement this interface and depend on
 * this file; it depends on neither. Both answer every query exactly as a full scan would;
 * docs/archive-index.md describes them for people.
 */

import type { QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import type { EngineOptions } from '../engine/options.js';
import type { Awaitable, IndexStats, ParagraphStore } from '../engine/paragraph-index.js';
import type { AddSummary } from './add-files.js';
import type { ArchivedParagraph, ArchiveStats, IndexSettings } from './index-settings.js';
import type { ArchiveDocument, PreparedStory } from './prepared-story.js';
import { ENGINE_OPTION_KEYS } from '../engine/options.js';

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
  /**
   * Removes every story dated before `before` (ms since the epoch; a story's date is its
   * publication date when it has one, else the date it was added with); their paths, sorted.
   */
  prune(before: number): Awaitable<string[]>;
  /** Every stored path, sorted. */
  paths(): Awaitable<string[]>;
  /** Whether a story is stored under `path`. */
  hasPath(path: string): Awaitable<boolean>;
  /**
   * The publication date (ISO 8601: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`, as the sources found
   * it when the story was added) of each of these stored stories that has one; undated and
   * unknown paths are left out. What check and scan against the archive order copies by.
   */
  publishedDates(paths: readonly string[]): Awaitable<Map<string, string>>;
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
  /**
   * The approved boilerplate registry stored with the index (JSON, as `dupgraf serve` writes it
   * on `POST /v1/approvals`), or undefined before the first approval. `check --index` applies it
   * beside the repository's approved file.
   */
  approvalRegistry(): Awaitable<string | undefined>;
  /** Ends the connection; the object is unusable afterwards. */
  close(): Awaitable<void>;
}

/**
 * Options of `openIndex` (open-index.ts): the engine options and how to open the index; those
 * marked SQLite or PostgreSQL only apply to that store.
 */
export interface OpenIndexOptions extends Partial<EngineOptions> {
  /** Create the index when the file is missing (or empty). Default true. */
  create?: boolean;
  /** Open read-only (queries, stats, verify). Default false. */
  readonly?: boolean;
  /** When creating: the lowest threshold queries may use, (0, 1]. Default 0.5. */
  lowestThreshold?: number;
  /** SQLite page cache of this connection, in MiB. Default 256. */
  cacheMegabytes?: number;
  /**
   * Internal (SQLite; see `buildSqliteIndex`): a new index in a file nobody else uses yet, loaded
   * without postings until `finishLoad()`; no journal while loading.
   */
  deferPostings?: boolean;
  /** PostgreSQL only: milliseconds to wait for a connection. Default 10000. */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL only: most milliseconds a statement waits for a lock another session holds (a new
   * index's first load holds its tables for its whole length); then INDEX_LOCKED. Default 30000
   * when `readonly`, else no limit.
   */
  lockTimeoutMs?: number;
  /** Bring an index of an older format up to date (`dupgraf index migrate`). Default false. */
  migrate?: boolean;
  /**
   * Opened for writing, check an existing index first (`PRAGMA quick_check`, about 3-4 s per
   * GB) and refuse a damaged one before anything is written. Default true.
   */
  quickCheck?: boolean;
}

/** Every key of {@link OpenIndexOptions} but the internal `deferPostings` (others are refused). */
export const OPEN_INDEX_OPTION_KEYS = [
  ...ENGINE_OPTION_KEYS,
  'create',
  'readonly',
  'lowestThreshold',
  'cacheMegabytes',
  'quickCheck',
  'migrate',
  'connectTimeoutMs',
  'lockTimeoutMs',
] as const;

/** Whether `location` names a PostgreSQL index (`postgres://…` or `postgresql://…`). */
export function isDatabaseUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** `location` as messages show it: a URL with its password (if any) as `***`, a file as given. */
export function hidePassword(location: string): string {
  if (!isDatabaseUrl(location)) return location;
  try {
    const parsed = new URL(location);
    if (!parsed.password) return location;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
  }
}
