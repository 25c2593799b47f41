/**
 * `dupgraf index add`: resolves its flags and the config file once (`AddSettings`), finds the
 * files as `scan` does, adds them to the archive index (a new SQLite index is built beside and
 * published whole) and prints what the index holds now. index-command.ts dispatches to it.
 */

import fs from 'node:fs';
import { isDatabaseUrl, type ArchiveIndex } from '../archive/archive-index.js';
import { openIndex } from '../archive/open-index.js';
import { addFiles, type AddSummary } from '../archive/add-files.js';
import { fileReadOptionsOf, type ReadOptions } from '../sources/read.js';
import { discoverFiles, type DiscoverOptions, type FoundFile } from '../sources/discover.js';
import { warningText } from '../reporters/terminal-path.js';
import { AbortedError, UsageError } from '../errors.js';
import { refuseStdin } from './args.js';
import type { IndexIo } from './cli-io.js';
import { loadConfig } from './config.js';
import { inputSettingsFromFlags } from './input-flags.js';
import { commandProgress, type Progress } from './progress.js';
import { defaultSettings, type ScanSettings } from './settings.js';

const n = (x: number) => x.toLocaleString('en-US');

/** What `index add` resolved from its flags and the config file, once (frozen). */
interface AddSettings {
  /** Files per transaction (`--batch-size`; unset: see `addFiles`). */
  batchSize: number | undefined;
  /** Which files, as `discoverFiles` takes them (unset: its defaults). */
  discovery: Readonly<Omit<DiscoverOptions, 'cwd' | 'onWarning' | 'onFile'>>;
  /** How files are read (format, record fields, encoding, size limit). */
  read: Readonly<ReadOptions>;
  /**
   * The index's settings when it is created (unset: the index's defaults), and whether an
   * existing SQLite index is checked whole before the add writes (`--no-quick-check`: not).
   */
  index: Readonly<{
    shingleSize?: number;
    minWords?: number;
    lowestThreshold?: number;
    quickCheck: boolean;
  }>;
  /** Exit 2 when a file was skipped or read with a warning (`--strict`). */
  strict: boolean;
}

/**
 * `index add`: resolves its settings, finds the files (as `scan` does), adds them to the index
 * (a new SQLite index is built beside and published whole) and prints what it holds now.
 */
export async function runAdd(
  argv: Record<string, unknown>,
  io: IndexIo,
  location: string,
  shown: string,
): Promise<number> {
  const batchSize = argv['batch-size'];
  if (
    batchSize !== undefined &&
    (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1)
  ) {
    throw new UsageError(
      `--batch-size must be a whole number ≥ 1 (got ${JSON.stringify(batchSize)})`,
    );
  }
  // The config file (as `scan` finds it, or --config) and the input flags over it choose the
  // files and how they are read; its detection settings apply when the index is created.
  const loaded = await loadConfig(io.cwd, argv.config as string | undefined);
  const config: Partial<ScanSettings> = { ...loaded?.settings, ...inputSettingsFromFlags(argv) };
  if (argv['print-config'] === true) {
    io.stderr.write(`dupgraf: ${loaded ? `config file: ${loaded.file}` : 'no config file'}\n`);
    io.stdout.write(JSON.stringify({ ...defaultSettings(), ...config }, null, 2) + '\n');
    return 0;
  }
  const settings = addSettingsOf(argv, config, batchSize);
  refuseStdin(argv.paths as string[], 'index add');
  const { files, warnings: found } = await findFilesToAdd(argv.paths as string[], settings, io);
  const progress = commandProgress(argv.progress, false, io);
  // SIGINT or SIGTERM stops the add between batches: the batches committed are kept, the index
  // is closed cleanly, and the run exits 130 or 143 saying so (a second signal kills at once).
  const stop = new AbortController();
  let stoppedBy: string | undefined;
  void io.untilStopped?.().then((signal) => {
    stoppedBy = signal;
    stop.abort();
  });
  const committed = { files: 0 };
  try {
    let added: Awaited<ReturnType<typeof addToIndex>>;
    try {
      added = await addToIndex(location, files, settings, io, progress, stop.signal, committed);
    } catch (error) {
      if (!(error instanceof AbortedError) || stoppedBy === undefined) throw error;
      progress.stop();
      io.stderr.write(
        committed.files === 0
          ? `dupgraf: stopped by ${stoppedBy}: nothing was added to ${shown}\n`
          : `dupgraf: stopped by ${stoppedBy}: the first ${n(committed.files)} of ${n(files.length)} files are in ${shown}; run the same command again to add the rest\n`,
      );
      return stoppedBy === 'SIGTERM' ? 143 : 130;
    }
    const { totals, stats } = added;
    progress.stop();
    io.stdout.write(
      `added ${n(totals.added)}, updated ${n(totals.updated)}, unchanged ${n(totals.unchanged)} ` +
        `(${n(totals.paragraphs)} paragraphs stored); ${shown} now holds ` +
        `${n(stats.stories)} stories, ${n(stats.paragraphs)} paragraphs\n`,
    );
    if (settings.strict && totals.warnings + found > 0) {
      const w = totals.warnings + found;
      io.stderr.write(`dupgraf: ${w} warning${w === 1 ? '' : 's'} (--strict): exit 2\n`);
      return 2;
    }
    return 0;
  } finally {
    progress.stop();
  }
}

/** `index add`'s settings from the config file and input flags (`config`) and its own flags. */
function addSettingsOf(
  argv: Record<string, unknown>,
  config: Partial<ScanSettings>,
  batchSize: number | undefined,
): AddSettings {
  return Object.freeze({
    batchSize,
    discovery: Object.freeze({
      extensions: config.extensions,
      include: config.include,
      exclude: config.exclude,
      useIgnoreFiles: config.ignore,
    }),
    read: Object.freeze(fileReadOptionsOf(config)),
    index: Object.freeze({
      shingleSize: (argv['shingle-size'] as number | undefined) ?? config.shingleSize,
      minWords: (argv['min-words'] as number | undefined) ?? config.minWords,
      lowestThreshold: argv['lowest-threshold'] as number | undefined,
      quickCheck: argv['quick-check'] !== false,
    }),
    strict: config.strict === true,
  });
}

/** The files `paths` name (folders walked); each warning is written to stderr and counted. */
async function findFilesToAdd(
  paths: string[],
  settings: AddSettings,
  io: IndexIo,
): Promise<{ files: FoundFile[]; warnings: number }> {
  let warnings = 0;
  const files = await discoverFiles(paths, {
    cwd: io.cwd,
    ...settings.discovery,
    onWarning: (w) => {
      warnings++;
      io.stderr.write(`dupgraf: ${warningText(w)}\n`);
    },
  });
  return { files, warnings };
}

/**
 * Adds `files` to the index at `location`: a new SQLite file is built beside it and published
 * whole (see buildSqliteIndex); an existing index (or a PostgreSQL one) is opened and added to.
 * Returns the add's totals and what the index holds after it.
 */
async function addToIndex(
  location: string,
  files: FoundFile[],
  settings: AddSettings,
  io: IndexIo,
  progress: Progress,
  signal: AbortSignal,
  committed: { files: number },
): Promise<{
  totals: AddSummary & { warnings: number };
  stats: { stories: number; paragraphs: number };
}> {
  const add = (index: ArchiveIndex) =>
    addFiles(index, files, {
      batchSize: settings.batchSize,
      read: settings.read,
      signal,
      onWarning: (warning) => io.stderr.write(`dupgraf: ${warningText(warning)}\n`),
      onProgress: (_phase, done, total) => {
        committed.files = done;
        progress.onProgress('reading', done, total);
      },
    });
  if (!isDatabaseUrl(location) && !fs.existsSync(location)) {
    const { buildSqliteIndex } = await import('../archive/sqlite-index.js');
    const built = await buildSqliteIndex(location, settings.index, async (index) => {
      const done = await add(index);
      return { done, stats: index.stats() };
    }).catch((error: unknown) => {
      // A new index is published whole or not at all: a stopped build leaves nothing.
      committed.files = 0;
      throw error;
    });
    if (built.published) return { totals: built.result.done, stats: built.result.stats };
    committed.files = 0;
  }
  const index = await openIndex(location, settings.index);
  try {
    const totals = await add(index);
    return { totals, stats: await index.stats() };
  } finally {
    await index.close();
  }
}
