/**
 * `scan()`: the programmatic entry point over paths and in-memory documents.
 *
 * Files are read, decoded and prepared (segment, tokenize, shingle) on worker threads
 * (`jobs`, default one per core) that send back compact typed arrays; file texts are not kept.
 * The few texts the report shows (group texts, partial passages) are read again at the end.
 */

import fs from 'node:fs';
import path from 'node:path';
import {
  compareDocuments,
  detectPrepared,
  documentInfo,
  type DetectOptions,
  type DocumentInfo,
  type SourceDocument,
  type StageTimings,
} from './engine/detect.js';
import {
  checkOptions,
  ENGINE_OPTION_KEYS,
  resolveEngineOptions,
  resolveTextOptions,
  type EngineOptions,
  type TextOptions,
} from './engine/options.js';
import { concatBatches, PreparedBuilder, type PreparedBatch } from './engine/prepare.js';
import { mergeWarnings, type FileWarning, type Report } from './engine/report.js';
import { AbortedError, NoInputError, UsageError } from './errors.js';
import {
  prepareFiles,
  prepareFilesAsFound,
  startPrepareWorkers,
  type FileReader,
  type PreparedFiles,
  type StartedWorker,
} from './parallel/prepare-files.js';
import { discoverFiles, type DiscoverOptions, type FoundFile } from './sources/discover.js';
import { formatOf, readOptionsOf } from './sources/formats/registry.js';
import { loadReaders } from './sources/formats/libraries.js';
import {
  checkEncoding,
  paragraphTextOf,
  readDocuments,
  rereadDocuments,
  withoutSuppressed,
  type ReadOptions,
} from './sources/read.js';
import {
  startGroupTextThread,
  startPassageThread,
  type ParagraphSource,
  type TextThreadTimes,
} from './parallel/passage-thread.js';
import { groupTextsOf } from './engine/group-texts.js';
import { startKernelThread } from './parallel/kernel-thread.js';
import { sharedUint32 } from './engine/parallel.js';
import { passagesOfPairs } from './engine/passage.js';
import { TOOL_INFO } from './tool-info.js';
import { storiesOfDocuments } from './sources/stories.js';

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
 * Options of {@link scan}: engine options, report options, file discovery options and how files
 * are read (`inputFormat`, default `auto`: by extension; `idField`, `textField`, `dateField`:
 * the fields of JSON/JSONL records, see the README's *Formats*; `encoding`: force an encoding
 * label known to iconv-lite, e.g. `latin1`, default detect; `maxFileSize`: largest file read in
 * bytes, default 20 MiB).
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

/** A document: its path, where its paragraphs are, and how to get its text back. */
interface Entry {
  path: string;
  /** Record id, record line and metadata, when the reader found any. */
  info?: DocumentInfo;
  batch: PreparedBatch;
  doc: number;
  /** The document again (its text, and its paragraphs when a reader found them). */
  text: () => SourceDocument;
  /** Where a file's document is read again: the file and the document's index in it. */
  file?: { absolute: string; display: string; document: number };
}

/**
 * Sorts documents by path (stable) and concatenates their paragraphs into one batch; the chunk
 * batches are not referenced afterwards, so they can be collected.
 */
function assemble(entries: Entry[], allocShingles?: (length: number) => Uint32Array) {
  const compare = (x: Entry, y: Entry) =>
    x.path !== y.path
      ? x.path < y.path
        ? -1
        : 1
      : compareDocuments({ path: x.path, ...x.info }, { path: y.path, ...y.info });
  // Files usually come in path order already: then there is nothing to sort.
  let inOrder = true;
  for (let i = 1; i < entries.length && inOrder; i++)
    inOrder = compare(entries[i - 1], entries[i]) <= 0;
  const sorted = inOrder
    ? entries.slice()
    : entries
        .map((e, i) => ({ e, i }))
        .sort((x, y) => compare(x.e, y.e) || x.i - y.i)
        .map((x) => x.e);
  entries.length = 0;
  return {
    paths: sorted.map((e) => e.path),
    info: sorted.map((e) => e.info),
    batch: concatBatches(
      sorted.map((e) => [e.batch, e.doc] as const),
      allocShingles,
    ),
    texts: sorted.map((e) => e.text),
    files: sorted.map((e) => e.file),
  };
}

/** Files whose documents are kept after reading them again (a JSON/JSONL file holds many). */
const FILE_CACHE = 8;

/**
 * Reads files again for the report: document `k` of a file, the file's documents kept for the
 * next few calls (so the records of one JSONL file are not each parsed from scratch).
 */
function fileRereader(read: ReadOptions) {
  const files = new Map<string, SourceDocument[]>();
  return (absolute: string, display: string, k: number): (() => SourceDocument) =>
    () => {
      let docs = files.get(absolute);
      if (docs === undefined) {
        // A file changed or gone since it was read gives empty texts, never an exception.
        docs = rereadDocuments(absolute, display, read);
        if (files.size >= FILE_CACHE) files.delete(files.keys().next().value!);
        files.set(absolute, docs);
      }
      return docs[k] ?? { path: display, text: '' };
    };
}

/**
 * Finds the files of `paths` with the scan options' discovery settings; each discovery warning
 * is pushed to `warnings` and passed to `options.onWarning`; `onFile` as in `discoverFiles`.
 * Throws like `discoverFiles`.
 */
export function discoverInputs(
  paths: readonly string[],
  options: ScanOptions,
  warnings: FileWarning[],
  onFile?: (file: FoundFile) => void,
): Promise<FoundFile[]> {
  return discoverFiles([...paths], {
    cwd: options.cwd ?? process.cwd(),
    extensions: options.extensions,
    useIgnoreFiles: options.useIgnoreFiles,
    include: options.include,
    exclude: options.exclude,
    onFile,
    onWarning: (warning) => {
      warnings.push(warning);
      options.onWarning?.(warning);
    },
  });
}

/**
 * The file-reading options of scan options (format, record fields, `encoding`, `maxFileSize`),
 * checked: a `UsageError` for an unknown format or encoding or a bad size.
 */
export function fileReadOptions(options: ScanOptions): ReadOptions {
  const read: ReadOptions = readOptionsOf(options);
  if (options.encoding !== undefined) read.encoding = checkEncoding(options.encoding);
  if (options.maxFileSize !== undefined) {
    if (!(Number.isInteger(options.maxFileSize) && options.maxFileSize >= 0))
      throw new UsageError(
        `maxFileSize must be a whole number of bytes (got ${options.maxFileSize})`,
      );
    read.maxFileSize = options.maxFileSize;
  }
  return read;
}

/** Entries of its own a folder needs for {@link manyEntries}. */
const MANY_ENTRIES = 32;

/**
 * Whether one of `paths` is a folder with at least {@link MANY_ENTRIES} entries of its own: a scan
 * that will most likely read enough files for worker threads (a cheap guess, made before the
 * files are found).
 */
function manyEntries(paths: readonly string[], cwd: string): boolean {
  for (const p of paths) {
    try {
      if (fs.readdirSync(path.resolve(cwd, p)).length >= MANY_ENTRIES) return true;
    } catch {
      // A file, or not there: discovery says so.
    }
  }
  return false;
}

/** Prepare workers started before discovery; none when the read options are bad (discovery's
 * and the options' errors then come in their usual order). */
function startWorkersEarly(
  engine: EngineOptions & TextOptions,
  options: ScanOptions,
): StartedWorker[] {
  let read: ReadOptions;
  try {
    read = fileReadOptions(options);
  } catch {
    return [];
  }
  return startPrepareWorkers({ ...engine, read }, options.jobs);
}

/** A function returning a document kept in memory. */
function keep(document: SourceDocument): () => SourceDocument {
  return () => document;
}

/** Default of `ScanOptions.kernelThreadFrom`. */
const KERNEL_THREAD_FROM = 1 << 23;

/** Default of `ScanOptions.groupThreadFrom`. */
const GROUP_THREAD_FROM = 2000;

/** Default of `ScanOptions.passageThreadFrom`. */
const PASSAGE_THREAD_FROM = 2000;

/** A file's document, for reading it again. */
type FileSource = NonNullable<Entry['file']>;

/**
 * Where the paragraphs of `batch` marked in `local` (0 = needed, −1 not) are, for a worker: they
 * are numbered in reading order (written back into `local`); `docs` gives each one's document.
 */
function paragraphSource(
  batch: PreparedBatch,
  files: readonly FileSource[],
  local: Int32Array,
  read: ReadOptions,
): { source: ParagraphSource; docs: Uint32Array } {
  const count = batch.line.length;
  let needed = 0;
  for (let p = 0; p < count; p++) if (local[p] === 0) local[p] = needed++;
  const source: ParagraphSource = {
    files: [],
    file: new Uint32Array(needed),
    index: new Uint32Array(needed),
    start: new Uint32Array(needed),
    end: new Uint32Array(needed),
    read,
  };
  const docs = new Uint32Array(needed);
  let doc = 0;
  let lastDoc = -1;
  for (let p = 0; p < count; p++) {
    const q = local[p];
    if (q < 0) continue;
    while (batch.paragraphOffsets[doc + 1] <= p) doc++;
    if (doc !== lastDoc) {
      source.files.push(files[doc]);
      lastDoc = doc;
    }
    source.file[q] = source.files.length - 1;
    source.index[q] = p - batch.paragraphOffsets[doc];
    source.start[q] = batch.start[p];
    source.end[q] = batch.end[p];
    docs[q] = doc;
  }
  return { source, docs };
}

/**
 * A text worker's job: the paragraphs of `batch` listed in `needed` (indexes into `batch`),
 * renumbered in reading order, with their files; and the index arrays of `pairs` renumbered the
 * same way. `docs` gives each needed paragraph's document.
 */
function textJob<K extends string>(
  batch: PreparedBatch,
  files: readonly FileSource[],
  needed: readonly Uint32Array[],
  pairs: Record<K, Uint32Array>,
  read: ReadOptions,
): { job: ParagraphSource & Record<K, Uint32Array>; docs: Uint32Array } {
  const local = new Int32Array(batch.line.length).fill(-1);
  for (const list of needed) for (let i = 0; i < list.length; i++) local[list[i]] = 0;
  const { source, docs } = paragraphSource(batch, files, local, read);
  const renumbered = {} as Record<K, Uint32Array>;
  for (const key of Object.keys(pairs) as K[]) {
    // Indexed loops: `Uint32Array.from` and `for…of` on a typed array allocate per element.
    const from = pairs[key];
    const to = new Uint32Array(from.length);
    for (let i = 0; i < from.length; i++) to[i] = local[from[i]];
    renumbered[key] = to;
  }
  return { job: { ...source, ...renumbered }, docs };
}

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

/** Number of re-read file texts kept for the report stage. */
const TEXT_CACHE = 4096;

/**
 * Reads documents from paths (files or directories; see `discoverFiles`) and/or takes in-memory
 * documents, and returns the report model. Files that cannot be read become `report.warnings`.
 * Throws `UsageError` for a nonexistent path or a malformed input or option, and `NoInputError`
 * when nothing is left to scan.
 * The report does not depend on `jobs`.
 */
export async function scan(
  inputs: ReadonlyArray<string | SourceDocument>,
  options: ScanOptions = {},
): Promise<Report> {
  checkOptions(options, SCAN_OPTION_KEYS, 'scan');
  checkInputs(inputs, options.jobs);
  const engine = { ...resolveEngineOptions(options), ...resolveTextOptions(options) };
  const signal = options.signal;
  const stopIfAborted = () => {
    if (signal?.aborted) throw new AbortedError('scan cancelled');
  };
  stopIfAborted();
  // The engine's phases report progress: a cancelled scan stops at the next report.
  const onProgress: ScanOptions['onProgress'] = signal
    ? (phase, done, total) => {
        stopIfAborted();
        options.onProgress?.(phase, done, total);
      }
    : options.onProgress;
  const t0 = performance.now();
  // In-memory documents are read as plain-text files are (stories, markers, dates), and
  // suppressed paragraphs left out.
  const textRead: ReadOptions = { ...readOptionsOf(options), inputFormat: 'text' };
  const documents = storiesOfDocuments(
    inputs.filter((x): x is SourceDocument => typeof x !== 'string'),
    (p, t) => readDocuments(p, t, textRead),
  ).map(withoutSuppressed);
  const paths = inputs.filter((x): x is string => typeof x === 'string');
  const warnings: FileWarning[] = [];

  const entries: Entry[] = [];
  if (documents.length > 0) {
    const builder = new PreparedBuilder(engine);
    for (const d of documents) {
      if (d.paragraphs) builder.addParagraphs(d.paragraphs);
      else builder.add(d.text);
    }
    const batch = builder.finish();
    documents.forEach((d, i) =>
      entries.push({ path: d.path, info: documentInfo(d), batch, doc: i, text: () => d }),
    );
  }
  let readMs = 0;
  let prepareMs = 0;
  let threads = 1;
  let read: ReadOptions = {};
  if (paths.length > 0) {
    // Worker threads started while the files are found, when there will most likely be many.
    const started =
      options.readFile === undefined && manyEntries(paths, options.cwd ?? process.cwd())
        ? startWorkersEarly(engine, options)
        : [];
    let files: FoundFile[];
    let prepared: PreparedFiles;
    try {
      const discover = async (onFile?: (file: FoundFile) => void) => {
        const found = await discoverInputs(paths, options, warnings, onFile);
        read = fileReadOptions(options);
        // The readers' libraries, loaded once for the formats met (the main thread reads small
        // runs).
        await loadReaders(new Set(found.map((f) => formatOf(f.display, '', read.inputFormat))));
        return found;
      };
      if (started.length > 0) {
        // The started workers read files while the walk still finds more (started workers mean
        // the read options are good: checking them first changes no error's order).
        ({ files, prepared } = await prepareFilesAsFound(
          discover,
          { ...engine, read: fileReadOptions(options) },
          options.jobs,
          options.onProgress,
          started,
          signal,
        ));
      } else {
        files = await discover();
        stopIfAborted();
        prepared = await prepareFiles(
          files,
          { ...engine, read },
          options.jobs,
          options.onProgress,
          options.readFile,
          started,
          signal,
        );
      }
    } finally {
      // Ended by prepareFiles, unless something failed before.
      for (const s of started) void s.worker.terminate();
    }
    prepared.places.forEach((place, i) => {
      const w = prepared.warnings[i][0];
      // A file named on the command line that cannot be read is a usage error.
      if (place === null && files[i].explicit && w?.message.startsWith('skipped: cannot read'))
        throw new UsageError(`${files[i].display}: ${w.message.replace(/^skipped: /, '')}`);
    });
    for (const w of prepared.warnings.flat()) {
      warnings.push(w);
      options.onWarning?.(w);
    }
    readMs = prepared.readMs;
    prepareMs = prepared.prepareMs;
    threads = prepared.threads;
    const reread = fileRereader(read);
    prepared.places.forEach((place, i) => {
      if (place === null) return;
      const file = files[i];
      for (let k = 0; k < place[2]; k++) {
        entries.push({
          path: file.display,
          info: prepared.documents[i][k],
          batch: prepared.batches[place[0]],
          doc: place[1] + k,
          text: prepared.texts
            ? keep(prepared.texts[i][k])
            : reread(file.absolute, file.display, k),
          file: prepared.texts
            ? undefined
            : { absolute: file.absolute, display: file.display, document: k },
        });
      }
    });
  }
  stopIfAborted();
  if (entries.length === 0) {
    throw new NoInputError(
      warnings.length > 0 ? 'no readable input files' : 'no input files found',
    );
  }
  // With threads, the shingles go to shared memory: the engine's second thread reads them there.
  const {
    paths: sortedPaths,
    info,
    batch,
    texts,
    files: fileSources,
  } = assemble(entries, threads > 1 ? sharedUint32 : undefined);
  const cache = new Map<number, SourceDocument>();
  const paragraphText = (doc: number, index: number, start: number, end: number): string => {
    let d = cache.get(doc);
    if (d === undefined) {
      d = texts[doc]();
      if (cache.size >= TEXT_CACHE) cache.delete(cache.keys().next().value!);
      cache.set(doc, d);
    }
    return paragraphTextOf(d, index, start, end);
  };
  const input = performance.now() - t0;
  const minPairs = options.passageThreadFrom ?? PASSAGE_THREAD_FROM;
  const textTimes: TextThreadTimes = { waited: 0, idle: 0 };
  let passageThread = false;
  let passageThreadPairs = 0;
  // Text workers read the files again: only with threads, and files (not in-memory documents).
  const textWorkers = threads > 1 && fileSources.every((f) => f !== undefined);
  /**
   * Starts a text worker (`start`) on the paragraphs listed in `needed` and the index arrays
   * `pairs` (see `textJob`); should it fail, this thread runs `compute` on the same job.
   */
  const onTextThread = <K extends string, T>(
    needed: readonly Uint32Array[],
    pairs: Record<K, Uint32Array>,
    start: (
      job: ParagraphSource & Record<K, Uint32Array>,
      fallback: () => T,
      times: TextThreadTimes,
    ) => (() => T) | undefined,
    compute: (job: ParagraphSource & Record<K, Uint32Array>, text: (q: number) => string) => T,
  ): (() => T) | undefined => {
    const { job, docs } = textJob(batch, fileSources as FileSource[], needed, pairs, read);
    const text = (q: number) => paragraphText(docs[q], job.index[q], job.start[q], job.end[q]);
    return start(job, () => compute(job, text), textTimes);
  };
  const passagesElsewhere = textWorkers
    ? (a: Uint32Array, b: Uint32Array) => {
        if (a.length < minPairs) return undefined;
        const wait = onTextThread([a, b], { a, b }, startPassageThread, (job, text) =>
          passagesOfPairs(job.a, job.b, job.file.length, text),
        );
        passageThread = wait !== undefined;
        if (passageThread) passageThreadPairs = a.length;
        return wait;
      }
    : undefined;
  let groupThread = false;
  const groupTextsElsewhere = textWorkers
    ? (paragraphs: Uint32Array, rep: Uint32Array, copy: Uint32Array) => {
        if (paragraphs.length < (options.groupThreadFrom ?? GROUP_THREAD_FROM)) return undefined;
        const wait = onTextThread([paragraphs], { rep, copy }, startGroupTextThread, (job, text) =>
          groupTextsOf(job.file.length, job.rep, job.copy, text),
        );
        groupThread = wait !== undefined;
        return wait;
      }
    : undefined;
  // A large corpus ranks and joins on two threads (the same result either way).
  const kernels =
    threads > 1 && batch.shingles.length >= (options.kernelThreadFrom ?? KERNEL_THREAD_FROM)
      ? startKernelThread()
      : undefined;
  let report: Report;
  try {
    report = detectPrepared(
      {
        paths: sortedPaths,
        info,
        batch,
        paragraphText,
        passagesElsewhere,
        groupTextsElsewhere,
        kernels,
      },
      {
        ...options,
        onProgress,
        tool: options.tool ?? TOOL_INFO,
        prepareMs,
        onTimings: (t) =>
          options.onTimings?.({
            ...t,
            read: readMs,
            input,
            threads,
            passageThread,
            passageThreadPairs,
            groupThread,
            kernelThread: kernels !== undefined,
            textWait: textTimes.waited,
            textIdle: textTimes.idle,
          }),
      },
    );
  } finally {
    kernels?.close();
  }
  // The files' warnings and the engine's (no paragraph compared, words mixing scripts), by path.
  report.warnings = mergeWarnings(warnings, report.warnings);
  return report;
}
