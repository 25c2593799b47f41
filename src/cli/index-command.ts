/**
 * `dupgraf index add|remove|prune|stats|verify|migrate`: the archive index commands, and the
 * options `scan --index` and `check --index` (their options are in index-options.ts; run.ts loads
 * this module only when one of them runs). The index is an SQLite file or a `postgres://` URL
 * (`--index`, else `DUPGRAF_INDEX_URL`). Like run.ts, nothing here touches `process`; output goes
 * through `CliIo`.
 *
 * Exit codes: 0 done; 1 `index verify` found problems; 2 usage error, missing, foreign, damaged
 * or incompatible index, lost connection.
 */

import fs from 'node:fs';
import path from 'node:path';
import { hidePassword, isDatabaseUrl, type ArchiveIndex } from '../archive/archive-index.js';
import { migrateIndex, openIndex } from '../archive/open-index.js';
import { scanAgainstIndex } from '../archive/scan-index.js';
import { addFiles, type AddSummary } from '../archive/add-files.js';
import type { Report } from '../engine/report.js';
import { Corpus } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import { OverlayIndex, type SyncQueryable } from '../engine/paragraph-index.js';
import type { QueryResult } from '../engine/corpus.js';
import type { StageSettings } from '../scan-settings.js';
import { fileReadOptionsOf, type ReadOptions } from '../sources/read.js';
import { asIndexError } from '../archive/index-errors.js';
import { parseAge } from '../archive/story-date.js';
import { pickEngineOptions, type EngineOptions } from '../engine/options.js';
import { UsageError } from '../errors.js';
import { refuseStdin } from './args.js';
import { loadConfig } from './config.js';
import { inputSettingsFromFlags } from './input-flags.js';
import { defaultSettings, type ScanSettings } from './settings.js';
import { createProgress, shouldShowProgress, type Progress } from './progress.js';
import {
  discoverFiles,
  displayPath,
  type DiscoverOptions,
  type FoundFile,
} from '../sources/discover.js';
import { warningText } from '../reporters/terminal-path.js';

/** What the index commands need of the CLI's IO (a subset of cli-io.ts's CliIo). */
export interface IndexIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress bar). */
  stderrIsTTY?: boolean;
}

const n = (x: number) => x.toLocaleString('en-US');
const day = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 10));

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The index a command names: `--index` (a file, relative to `cwd`, or a `postgres://` URL), else
 * the environment's `DUPGRAF_INDEX_URL`; `shown` is how messages name it (a URL without its
 * password). Null when neither is given.
 */
export function indexLocation(
  flag: unknown,
  io: Pick<IndexIo, 'cwd' | 'env'>,
): { location: string; shown: string } | null {
  const given = typeof flag === 'string' && flag !== '' ? flag : io.env.DUPGRAF_INDEX_URL;
  if (given === undefined || given === '') return null;
  if (isDatabaseUrl(given)) return { location: given, shown: hidePassword(given) };
  return { location: path.resolve(io.cwd, given), shown: given };
}

/** Runs `dupgraf index <command>`; returns the exit code. Errors are thrown (run.ts reports them). */
export async function runIndex(argv: Record<string, unknown>, io: IndexIo): Promise<number> {
  const command = (argv._ as string[])[1];
  const where = indexLocation(argv.index, io);
  if (where === null)
    throw new UsageError(
      'Name the index with --index FILE or --index postgres://… (or set DUPGRAF_INDEX_URL).',
    );
  try {
    if (command === 'add') return await runAdd(argv, io, where.location, where.shown);
    if (command === 'migrate') {
      const { from, to } = await migrateIndex(where.location);
      io.stdout.write(
        from === to
          ? `${where.shown}: up to date (version ${to})\n`
          : `${where.shown}: migrated from version ${from} to ${to}\n`,
      );
      return 0;
    }
    return await runOther(command, argv, io, where.location, where.shown);
  } catch (error) {
    throw asIndexError(error, where.shown);
  }
}

async function runOther(
  command: string,
  argv: Record<string, unknown>,
  io: IndexIo,
  location: string,
  shown: string,
): Promise<number> {
  const readonly = command === 'stats' || command === 'verify';
  const index = await openIndex(location, { create: false, readonly });
  try {
    if (command === 'remove') {
      refuseStdin(argv.paths as string[], 'index remove');
      const wanted = (argv.paths as string[]).map((p) => {
        const absolute = path.resolve(io.cwd, p);
        return absolute === path.resolve(io.cwd) ? '' : displayPath(absolute, io.cwd);
      });
      const paths = (await index.paths()).filter((stored) =>
        wanted.some((w) => w === '' || stored === w || stored.startsWith(`${w}/`)),
      );
      const removed = await index.removeMany(paths);
      io.stdout.write(
        `removed ${n(removed)} ${removed === 1 ? 'story' : 'stories'} from ${shown}\n`,
      );
      return 0;
    }
    if (command === 'prune') {
      const age = parseAge(argv['older-than'] as string);
      if (age === null) {
        throw new UsageError(
          `--older-than must be an age such as 90d, 12w, 36h or 1y (got ${JSON.stringify(argv['older-than'])})`,
        );
      }
      const before = Date.now() - age;
      const removed = await index.prune(before);
      io.stdout.write(
        `pruned ${n(removed.length)} ${removed.length === 1 ? 'story' : 'stories'} dated before ${new Date(before).toISOString()} from ${shown}\n`,
      );
      return 0;
    }
    if (command === 'stats') {
      const s = await index.describe();
      if (argv.format === 'json') {
        io.stdout.write(JSON.stringify({ index: shown, ...s }, null, 2) + '\n');
        return 0;
      }
      const per =
        s.paragraphs > 0 ? ` (${n(Math.round(s.bytes / s.paragraphs))} bytes per paragraph)` : '';
      io.stdout.write(
        [
          `index       ${shown}`,
          `stories     ${n(s.stories)}`,
          `paragraphs  ${n(s.paragraphs)} (${n(s.distinctParagraphs)} distinct)`,
          `postings    ${n(s.postings)} shingle, ${n(s.prefixPostings)} prefix`,
          `size        ${megabytes(s.bytes)} on disk${per}`,
          `dates       ${day(s.oldest)} .. ${day(s.newest)}`,
          `settings    shingle size ${s.settings.shingleSize}, min words ${s.settings.minWords}, ` +
            `normalization version ${s.settings.normalizationVersion}, lowest threshold ${s.settings.lowestThreshold}`,
          `created     ${s.createdAt} by ${s.createdBy}`,
          '',
        ].join('\n'),
      );
      return 0;
    }
    if (command === 'verify') {
      const problems = await index.verify();
      const s = await index.stats();
      if (problems.length === 0) {
        io.stdout.write(
          `${shown}: ok (${n(s.stories)} stories, ${n(s.paragraphs)} paragraphs; ${isDatabaseUrl(location) ? 'invariants' : 'integrity_check'} ok)\n`,
        );
        return 0;
      }
      io.stdout.write(
        `${shown}: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}\n`).join('')}`,
      );
      return 1;
    }
    throw new UsageError(`unknown index command ${command}`);
  } finally {
    await index.close();
  }
}

/** What `index add` resolved from its flags and the config file, once (frozen). */
interface AddSettings {
  /** Files per transaction (`--batch-size`). */
  batchSize: number;
  /** Which files, as `discoverFiles` takes them (unset: its defaults). */
  discovery: Readonly<Omit<DiscoverOptions, 'cwd' | 'onWarning' | 'onFile'>>;
  /** How files are read (format, record fields, encoding, size limit). */
  read: Readonly<ReadOptions>;
  /** The index's settings when it is created (unset: the index's defaults). */
  index: Readonly<{ shingleSize?: number; minWords?: number; lowestThreshold?: number }>;
  /** Exit 2 when a file was skipped or read with a warning (`--strict`). */
  strict: boolean;
}

/**
 * `index add`: resolves its settings, finds the files (as `scan` does), adds them to the index
 * (a new SQLite index is built beside and published whole) and prints what it holds now.
 */
async function runAdd(
  argv: Record<string, unknown>,
  io: IndexIo,
  location: string,
  shown: string,
): Promise<number> {
  const batchSize = argv['batch-size'];
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1) {
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
  const progress = createProgress({
    stream: io.stderr,
    enabled: shouldShowProgress(
      argv.progress as boolean | undefined,
      false,
      io.env,
      io.stderrIsTTY ?? false,
    ),
  });
  try {
    const { totals, stats } = await addToIndex(location, files, settings, io, progress);
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
  batchSize: number,
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
): Promise<{
  totals: AddSummary & { warnings: number };
  stats: { stories: number; paragraphs: number };
}> {
  const add = (index: ArchiveIndex) =>
    addFiles(index, files, {
      batchSize: settings.batchSize,
      read: settings.read,
      onWarning: (warning) => io.stderr.write(`dupgraf: ${warningText(warning)}\n`),
      onProgress: (_phase, done, total) => progress.onProgress('reading', done, total),
    });
  if (!isDatabaseUrl(location) && !fs.existsSync(location)) {
    const { buildSqliteIndex } = await import('../archive/sqlite-index.js');
    const built = await buildSqliteIndex(location, settings.index, async (index) => {
      const done = await add(index);
      return { done, stats: index.stats() };
    });
    if (built.published) return { totals: built.result.done, stats: built.result.stats };
  }
  const index = await openIndex(location, settings.index);
  try {
    const totals = await add(index);
    return { totals, stats: await index.stats() };
  } finally {
    await index.close();
  }
}

/** `scan --index`: the report of the scanned inputs against the archive (nothing is added). */
export async function scanWithIndex(
  inputs: ReadonlyArray<string | SourceDocument>,
  indexFlag: string,
  settings: StageSettings,
  env: Record<string, string | undefined> = {},
): Promise<Report> {
  const where = indexLocation(indexFlag, { cwd: settings.discovery.cwd, env })!;
  const { threshold, containment, shingleSize, minWords } = settings.engine;
  try {
    const index = await openIndex(where.location, {
      threshold,
      containment,
      shingleSize,
      minWords,
      create: false,
      readonly: true,
    });
    try {
      return await scanAgainstIndex(inputs, index, settings, where.shown);
    } finally {
      await index.close();
    }
  } catch (error) {
    throw asIndexError(error, where.shown);
  }
}

/** What `check --index` matches stories against (see {@link archiveOverlay}). */
export interface ArchiveOverlay {
  /** The archive index with the documents read for this run on top. */
  index: OverlayIndex;
  /** Paragraph text by path and first line: the documents read, else the archive's matches. */
  sourceText: (path: string, line: number) => string | undefined;
  /** Stories matched against: the documents read plus the archive's stories not among them. */
  documents: number;
  /**
   * The stored publication date (ISO 8601) of each dated archived story matched and not read
   * now, for who copied whom (see `mayCopy`).
   */
  published: ReadonlyMap<string, string>;
}

/**
 * Asks the archive index `indexFlag` (read-only) what each story repeats, and puts `documents`
 * (the stories under check and any other archive read from files) on top: a story is matched
 * against both, and a stored story under the same path as a document read now is replaced by it.
 * The index is closed before this returns (the stored paragraphs' texts come with the matches).
 * Throws IndexFileError or IncompatibleIndexError (exit 2).
 */
export async function archiveOverlay(
  indexFlag: string,
  io: Pick<IndexIo, 'cwd' | 'env'>,
  engine: EngineOptions,
  documents: ReadonlyMap<string, SourceDocument>,
  stories: readonly SourceDocument[],
  localText: (path: string, line: number) => string | undefined,
): Promise<ArchiveOverlay> {
  const where = indexLocation(indexFlag, io)!;
  let archive: ArchiveIndex | undefined;
  const answers = new Map<string, QueryResult>();
  const texts = new Map<string, string>();
  let published = new Map<string, string>();
  let documentsCount = 0;
  try {
    archive = await openIndex(where.location, { ...engine, create: false, readonly: true });
    const matched = new Set<string>();
    for (const story of stories) {
      const result = await archive.query(story);
      answers.set(story.path, result);
      for (const p of result.paragraphs)
        for (const m of [...p.duplicates, ...p.partials]) {
          texts.set(`${m.line}:${m.path}`, m.text);
          if (!documents.has(m.path)) matched.add(m.path);
        }
    }
    published = await archive.publishedDates([...matched].sort());
    let stored = 0;
    for (const p of documents.keys()) if (await archive.hasPath(p)) stored++;
    documentsCount = documents.size + (await archive.stats()).stories - stored;
  } catch (error) {
    throw asIndexError(error, where.shown);
  } finally {
    await archive?.close();
  }
  const base: SyncQueryable = {
    query(document) {
      const result = answers.get(document.path);
      if (!result) throw new Error(`internal: ${document.path} is not a story under check`);
      return result;
    },
  };
  const corpus = new Corpus(pickEngineOptions(engine));
  for (const d of documents.values()) corpus.add(d);
  return {
    index: new OverlayIndex(base, corpus, documents.keys()),
    sourceText: (p, line) => localText(p, line) ?? texts.get(`${line}:${p}`),
    documents: documentsCount,
    published,
  };
}
