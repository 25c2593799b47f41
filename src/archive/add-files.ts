/**
 * `index add` of files: the files are read and cut into shingle sets on worker threads (the
 * scan's way, src/parallel/archive-files.ts) while the store writes the stories that came before,
 * one transaction per batch of files, in file order.
 */

import type { Awaitable } from '../engine/paragraph-index.js';
import type { FileWarning } from '../engine/report.js';
import { AbortedError } from '../errors.js';
import { checkOptions, InvalidOptionError } from '../engine/options.js';
import { prepareArchiveFiles } from '../parallel/archive-files.js';
import type { FoundFile } from '../sources/discover.js';
import type { ReadOptions } from '../sources/read.js';
import type { IndexSettings } from './index-settings.js';
import type { PreparedStory } from './prepared-story.js';

/** What one add did (a batch, or a whole `addFiles`). */
export interface AddSummary {
  /** Documents new to the index. */
  added: number;
  /** Documents whose content changed (old paragraphs replaced). */
  updated: number;
  /** Documents skipped because their content hash is unchanged. */
  unchanged: number;
  /** Paragraphs stored. */
  paragraphs: number;
}

/** A store that takes prepared stories (the SQLite and the PostgreSQL index). */
export interface PreparedStoryTarget {
  readonly settings: IndexSettings;
  /** Adds stories in one transaction (see `addMany`). */
  addPrepared(stories: readonly PreparedStory[]): Awaitable<AddSummary>;
  /**
   * How many shingles (posting rows) the next transaction of a large add should hold, when the
   * store sizes its transactions itself (an existing SQLite index: see `SqliteIndex`); undefined:
   * 500 files a transaction.
   */
  shinglesPerBatch?(): number | undefined;
  /**
   * Called before the first batch: the store may start a bulk load (a new PostgreSQL index: every
   * batch in one transaction, indexes built at its end); resolves to whether it did. Then
   * {@link endBulkLoad} is called once at the end (`commit` false after an error).
   */
  beginBulkLoad?(): Awaitable<boolean>;
  /** Ends the bulk load {@link beginBulkLoad} started: commits it (`commit`) or rolls it back. */
  endBulkLoad?(commit: boolean): Awaitable<void>;
}

/** Files per transaction when neither the caller nor the store says otherwise. */
export const DEFAULT_FILES_PER_BATCH = 500;

/** An optional count option: undefined, or a whole number ≥ 1 (else InvalidOptionError). */
function countOption(name: string, value: number | undefined): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || value < 1))
    throw new InvalidOptionError(name, 'a whole number ≥ 1', value);
  return value;
}

/** Options of {@link addFiles}. */
export interface AddFilesOptions {
  /**
   * Files per transaction (a killed run keeps the batches it committed). Default: 500 files, or,
   * into an existing SQLite index, as many files as make about as many shingles as the index
   * holds, from 1 to 4 million (see `SqliteIndex.shinglesPerBatch`).
   */
  batchSize?: number;
  /**
   * Without `batchSize`: shingles per transaction, a batch ending at the first file that brings
   * its stories' shingles to this many. Default: the store's choice (`shinglesPerBatch`).
   */
  batchShingles?: number;
  /** How to read files (format, record fields, encoding, size limit). */
  read?: ReadOptions;
  /** Worker threads reading files (default one per core). */
  jobs?: number;
  /** Called with each file's warning (a skipped file, a guessed encoding, …). */
  onWarning?: (warning: FileWarning) => void;
  /** Called as files are stored: `('indexing', files done, files in all)`. */
  onProgress?: (phase: 'indexing', done: number, total: number) => void;
  /**
   * Cancels the work: no batch is started after it fires (the one being written completes, so
   * the index holds whole batches only), and `addFiles` rejects with `AbortedError`.
   */
  signal?: AbortSignal;
}

/** Adds (or replaces, or skips when unchanged) the stories of `files`; see the module comment. */
export async function addFiles(
  store: PreparedStoryTarget,
  files: readonly FoundFile[],
  options: AddFilesOptions = {},
): Promise<AddSummary & { warnings: number }> {
  checkOptions(
    options,
    ['batchSize', 'batchShingles', 'read', 'jobs', 'onWarning', 'onProgress', 'signal'],
    'addFiles',
  );
  const batchSize = countOption('batchSize', options.batchSize);
  const batchShingles = countOption('batchShingles', options.batchShingles);
  // A batch ends at `batchSize` files, else at `batchShingles` or the store's shingles, else at
  // 500 files.
  const shinglesPerBatch = () =>
    batchSize === undefined ? (batchShingles ?? store.shinglesPerBatch?.()) : undefined;
  let shingleLimit = shinglesPerBatch();
  const full = () =>
    shingleLimit === undefined
      ? inBatch >= (batchSize ?? DEFAULT_FILES_PER_BATCH)
      : shingles >= shingleLimit;
  const total = { added: 0, updated: 0, unchanged: 0, paragraphs: 0, warnings: 0 };
  const signal = options.signal;
  const stopIfAborted = () => {
    if (signal?.aborted)
      throw new AbortedError('index add cancelled; the batches written are kept');
  };
  stopIfAborted();
  let batch: PreparedStory[] = [];
  let inBatch = 0;
  let shingles = 0;
  let done = 0;
  const flush = async () => {
    // Files prepared ahead arrive as settled promises: without a turn of the event loop here, a
    // whole add could run before a signal's handler (which aborts `signal`) gets to run.
    await new Promise((resolve) => setImmediate(resolve));
    stopIfAborted();
    const summary = await store.addPrepared(batch);
    total.added += summary.added;
    total.updated += summary.updated;
    total.unchanged += summary.unchanged;
    total.paragraphs += summary.paragraphs;
    done += inBatch;
    batch = [];
    inBatch = 0;
    shingles = 0;
    shingleLimit = shinglesPerBatch();
    options.onProgress?.('indexing', done, files.length);
  };
  options.onProgress?.('indexing', 0, files.length);
  const bulk = files.length > 0 && ((await store.beginBulkLoad?.()) ?? false);
  try {
    await addAll();
  } catch (error) {
    // Cancelled: the batches written are kept (committed); any other error rolls them back.
    if (bulk) {
      if (error instanceof AbortedError) await store.endBulkLoad!(true);
      else await Promise.resolve(store.endBulkLoad!(false)).catch(() => {});
    }
    throw error;
  }
  if (bulk) await store.endBulkLoad!(true);
  return total;

  async function addAll(): Promise<void> {
    const settings = store.settings;
    for await (const prepared of prepareArchiveFiles(
      files,
      { shingleSize: settings.shingleSize, minWords: settings.minWords, read: options.read },
      options.jobs,
    )) {
      stopIfAborted();
      for (const warning of prepared.warnings) {
        total.warnings++;
        options.onWarning?.(warning);
      }
      batch.push(...prepared.stories);
      for (const story of prepared.stories)
        for (const p of story.paragraphs) shingles += p.shingles.length;
      inBatch++;
      if (full()) await flush();
    }
    if (inBatch > 0) await flush();
  }
}
