/**
 * A scan's settings, resolved and checked once: {@link resolveStageSettings} turns the options of
 * `scan()` ({@link ScanOptions}, the API's one bag) into a frozen {@link StageSettings} with a part
 * per stage — `discovery` (which files), `reading` (how files and documents become stories),
 * `engine` (what counts as a repeat), `report` (what the report holds) and `run` (threads,
 * callbacks, cancelling). Each stage takes only its part and checks nothing again; the CLI builds
 * the same object from its own settings (cli/run.ts), already checked by its flags and config.
 */

import {
  checkOptions,
  ENGINE_OPTION_KEYS,
  resolveEngineOptions,
  resolveTextOptions,
  type EngineOptions,
  type TextOptions,
} from './engine/options.js';
import type { DetectOptions, ReportExtras, SourceDocument, StageTimings } from './engine/detect.js';
import type { FileWarning } from './engine/report.js';
import { AbortedError, UsageError } from './errors.js';
import type { FileReader } from './parallel/prepare-files.js';
import type { DiscoverOptions } from './sources/discover.js';
import { readOptionsOf } from './sources/formats/registry.js';
import { checkEncoding, type ReadOptions } from './sources/read.js';
import { TOOL_INFO } from './tool-info.js';

/** Stage timings of a scan (milliseconds); `read` and `prepare` are summed over threads. */
export interface ScanTimings extends StageTimings {
  /** Reading files (their bytes), summed over threads; decoding counts in `prepare`. */
  read: number;
  /** Wall time of reading and preparing all inputs (the parallel phase). */
  input: number;
  /** Threads that read and prepared files. */
  threads: number;
  /** Whether the shared passages of partial reuse were computed on a worker thread. */
  passageThread: boolean;
  /** Pairs whose passages the worker computed (the first ones; this thread computed the rest). */
  passageThreadPairs: number;
  /** Whether the texts and changed facts of some groups were computed on a worker thread. */
  groupThread: boolean;
  /** Whether half of the ranking and of the join ran on a worker thread. */
  kernelThread: boolean;
  /** Milliseconds the calling thread waited for the text workers' results (passages, groups). */
  textWait: number;
  /** Milliseconds the text workers' results waited for the calling thread (summed over workers). */
  textIdle: number;
}

/**
 * Options of `scan()`: engine options, report options, file discovery options and how files
 * are read (`inputFormat`, default `auto`: by extension; `idField`, `textField`, `dateField`:
 * the fields of JSON/JSONL records, see docs/formats.md; `encoding`: force an encoding label
 * known to iconv-lite, e.g. `latin1`, default detect; `maxFileSize`: largest file read in bytes,
 * default 20 MiB).
 */
export interface ScanOptions extends DetectOptions, Partial<DiscoverOptions>, ReadOptions {
  /**
   * Reads a file's bytes instead of the file system (absolute path in; an error with a `code`
   * such as ENOENT becomes a warning for that file, as the file system's would). Files are then
   * read and prepared in the calling thread, one after another, and their texts kept until the
   * report is built. Default: the file system, on worker threads.
   */
  readFile?: FileReader;
  /** Worker threads reading and preparing files; default one per core. 1 = no worker. */
  jobs?: number;
  /** Called once at the end with per-stage timings (not part of the report). */
  onTimings?: (timings: ScanTimings) => void;
  /**
   * With more than one thread: the fewest partial-reuse pairs whose shared passages are worth a
   * worker thread (computed there while this thread builds the groups); default 2,000. The
   * report is the same either way.
   */
  passageThreadFrom?: number;
  /**
   * With more than one thread: the fewest group texts worth a worker thread, when the engine
   * offers part of the groups' texts and changed facts to one (it does when they outweigh the
   * partials' passages); default 2,000. The report is the same either way.
   */
  groupThreadFrom?: number;
  /**
   * With more than one thread: the fewest shingles (summed over paragraphs) worth a second
   * thread for ranking shingles and for the join; default 8,388,608 (about 20,000 news stories). The
   * report is the same either way.
   */
  kernelThreadFrom?: number;
  /**
   * Cancels the scan: it stops at the next step (between chunks of files, between the engine's
   * phases) with `AbortedError`, its worker threads ended.
   */
  signal?: AbortSignal;
}

/** Every key of {@link ScanOptions} (checked at run time: an unknown key is refused). */
export const SCAN_OPTION_KEYS = [
  ...ENGINE_OPTION_KEYS,
  'onProgress',
  'pairs',
  'tool',
  'partialTexts',
  'cwd',
  'extensions',
  'useIgnoreFiles',
  'include',
  'exclude',
  'onWarning',
  'onFile',
  'inputFormat',
  'idField',
  'textField',
  'dateField',
  'encoding',
  'maxFileSize',
  'readFile',
  'jobs',
  'onTimings',
  'passageThreadFrom',
  'groupThreadFrom',
  'kernelThreadFrom',
  'signal',
  'foldAccents',
  'includeTables',
  'window',
  'stories',
  'dateFrom',
  'mtimeMs',
] as const satisfies readonly (keyof ScanOptions)[];
// Compile-time check that the list is complete: a new option must be listed above.
const allScanKeysListed: Exclude<keyof ScanOptions, (typeof SCAN_OPTION_KEYS)[number]> extends never
  ? true
  : never = true;
void allScanKeysListed;

/** Where files are found (see `discoverFiles`); `cwd` resolved. */
export type DiscoverySettings = Pick<
  DiscoverOptions,
  'cwd' | 'extensions' | 'useIgnoreFiles' | 'include' | 'exclude'
>;

/** The run itself: threads, callbacks, cancelling (none of it changes the report). */
export interface RunSettings {
  /** Worker threads for files; undefined: one per core. */
  jobs?: number;
  readFile?: FileReader;
  signal?: AbortSignal;
  onProgress?: DetectOptions['onProgress'];
  onWarning?: (warning: FileWarning) => void;
  onFile?: DiscoverOptions['onFile'];
  onTimings?: (timings: ScanTimings) => void;
  /** See {@link ScanOptions.passageThreadFrom} (default applied). */
  passageThreadFrom: number;
  /** See {@link ScanOptions.groupThreadFrom} (default applied). */
  groupThreadFrom: number;
  /** See {@link ScanOptions.kernelThreadFrom} (default applied). */
  kernelThreadFrom: number;
}

/** A scan's settings, a part per stage (see the module comment); frozen. */
export interface StageSettings {
  readonly discovery: Readonly<DiscoverySettings>;
  /** How in-memory documents and files are read (format, record fields, stories, dates, …). */
  readonly reading: Readonly<ReadOptions>;
  /**
   * A problem with the options only files use (`encoding`, `maxFileSize`): thrown once the files
   * are found, when there are any (an in-memory scan never reads them; a missing path is told
   * first).
   */
  readonly filesOnly?: UsageError;
  readonly engine: Readonly<EngineOptions & TextOptions>;
  readonly report: Readonly<ReportExtras>;
  readonly run: Readonly<RunSettings>;
}

/** Defaults of `passageThreadFrom`, `groupThreadFrom` and `kernelThreadFrom` (see ScanOptions). */
export const THREAD_DEFAULTS = Object.freeze({
  passageThreadFrom: 2000,
  groupThreadFrom: 2000,
  kernelThreadFrom: 1 << 23,
});

/** A value as a usage message shows it (short). */
function shown(value: unknown): string {
  const s = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Checks what a caller in plain JavaScript may get wrong: `inputs` an array of paths and
 * documents `{path, text}` (strings), `jobs` a whole number ≥ 1. Throws UsageError.
 */
function checkInputs(inputs: unknown, jobs: unknown): void {
  if (!Array.isArray(inputs))
    throw new UsageError(`scan: expected an array of paths and documents (got ${shown(inputs)})`);
  inputs.forEach((x: unknown, i) => {
    if (typeof x === 'string') return;
    const d = x as Partial<SourceDocument> | null;
    if (
      d === null ||
      typeof d !== 'object' ||
      typeof d.path !== 'string' ||
      typeof d.text !== 'string'
    )
      throw new UsageError(
        `scan: input ${i} is neither a path nor a document {path, text} with strings (got ${shown(x)})`,
      );
  });
  if (jobs !== undefined && !(Number.isInteger(jobs) && (jobs as number) >= 1))
    throw new UsageError(`scan: jobs must be a whole number of at least 1 (got ${shown(jobs)})`);
}

/**
 * The file-only reading options (`encoding`, `maxFileSize`) added to `reading`, or the
 * UsageError for a bad one.
 */
function withFileOptions(
  reading: ReadOptions,
  options: ScanOptions,
): { reading: ReadOptions; error?: UsageError } {
  const out: ReadOptions = { ...reading };
  try {
    if (options.encoding !== undefined) out.encoding = checkEncoding(options.encoding);
    if (options.maxFileSize !== undefined) {
      if (!(Number.isInteger(options.maxFileSize) && options.maxFileSize >= 0))
        throw new UsageError(
          `maxFileSize must be a whole number of bytes (got ${options.maxFileSize})`,
        );
      out.maxFileSize = options.maxFileSize;
    }
  } catch (error) {
    if (error instanceof UsageError) return { reading, error };
    throw error;
  }
  return { reading: out };
}

/**
 * Resolves and checks the options of `scan(inputs, options)` once (unknown keys, callbacks,
 * ranges, the inputs' shape, `jobs`, formats and story settings; see {@link StageSettings.filesOnly}
 * for the two that wait for the files). Throws `InvalidOptionError` or `UsageError`.
 */
export function resolveStageSettings(inputs: unknown, options: ScanOptions = {}): StageSettings {
  checkOptions(options, SCAN_OPTION_KEYS, 'scan');
  checkInputs(inputs, options.jobs);
  const engine = { ...resolveEngineOptions(options), ...resolveTextOptions(options) };
  if (options.signal?.aborted) throw new AbortedError('scan cancelled');
  const files = withFileOptions(readOptionsOf(options), options);
  return freezeSettings({
    discovery: {
      cwd: options.cwd ?? process.cwd(),
      extensions: options.extensions,
      useIgnoreFiles: options.useIgnoreFiles,
      include: options.include,
      exclude: options.exclude,
    },
    reading: files.reading,
    filesOnly: files.error,
    engine,
    report: {
      pairs: options.pairs ?? false,
      tool: options.tool ?? TOOL_INFO,
      partialTexts: options.partialTexts ?? false,
      window: options.window,
    },
    run: {
      jobs: options.jobs,
      readFile: options.readFile,
      signal: options.signal,
      onProgress: options.onProgress,
      onWarning: options.onWarning,
      onFile: options.onFile,
      onTimings: options.onTimings,
      passageThreadFrom: options.passageThreadFrom ?? THREAD_DEFAULTS.passageThreadFrom,
      groupThreadFrom: options.groupThreadFrom ?? THREAD_DEFAULTS.groupThreadFrom,
      kernelThreadFrom: options.kernelThreadFrom ?? THREAD_DEFAULTS.kernelThreadFrom,
    },
  });
}

/** `settings` and each of its parts frozen (the parts' own lists are the caller's). */
export function freezeSettings(settings: StageSettings): StageSettings {
  for (const part of [settings.discovery, settings.reading, settings.engine, settings.report])
    Object.freeze(part);
  Object.freeze(settings.run);
  return Object.freeze(settings);
}

/**
 * The reading options for files: `settings.reading`, or the file-only option's UsageError
 * (see {@link StageSettings.filesOnly}).
 */
export function fileReading(settings: StageSettings): Readonly<ReadOptions> {
  if (settings.filesOnly) throw settings.filesOnly;
  return settings.reading;
}
