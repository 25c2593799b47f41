/**
 * Preparing many files on worker threads: files are cut into chunks that `jobs` workers take
 * from a queue; each chunk comes back as one compact batch (typed arrays, transferred, no object
 * per paragraph or shingle). Results are put back in file order, so the outcome is the same
 * whatever the number of threads.
 */

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DocumentInfo, ProgressCallback, SourceDocument } from '../engine/detect.js';
import type { PreparedBatch } from '../engine/prepared-batch.js';
import type { FileWarning } from '../engine/report.js';
import type { FoundFile } from '../sources/discover.js';
import { DEFAULT_MAX_FILE_SIZE, tooLargeMessage, unreadableMessage } from '../sources/read.js';
import {
  ChunkCollector,
  prepareBytes,
  prepareFileChunk,
  type ChunkOptions,
  type ChunkRequest,
  type ChunkResult,
  type FileBytes,
} from './prepare-chunk.js';
import { ChunkRunner, runWorkers, type StartedWorker } from './chunk-runner.js';
import { workerScript } from './worker-script.js';
import { AbortedError } from '../errors.js';

export type { StartedWorker } from './chunk-runner.js';

/**
 * Reads a file's bytes instead of the file system (absolute path in, bytes out). An error it
 * throws becomes a warning for that file (by its `code`, e.g. ENOENT, as the file system's).
 */
export type FileReader = (absolute: string) => Promise<Uint8Array>;

/** Files per chunk handed to a worker. */
const CHUNK_FILES = 128;
/** Below this many files, threads cost more than they save: prepare in the calling thread. */
const MIN_FILES_FOR_WORKERS = 256;

/** Throws AbortedError when `signal` has fired. */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError('scan cancelled');
}

/** Default number of threads: one per core (`os.availableParallelism()`). */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** Prepared files: for each input file, where its documents are (or a warning). */
export interface PreparedFiles {
  /** Batches as returned by the chunks. */
  batches: PreparedBatch[];
  /** Per batch, per document: where its paragraphs' texts are in its file's text, or −1. */
  textBases: Int32Array[];
  /**
   * For each input file, `[batch index, first document index, document count]` (a JSON/JSONL
   * file has one document per record, possibly none), or null when it was skipped.
   */
  places: Array<readonly [number, number, number] | null>;
  /** For each input file, its documents' record and metadata (same index as the files). */
  documents: Array<Array<DocumentInfo | undefined>>;
  /** For each input file, the warnings about it (same index as the files). */
  warnings: FileWarning[][];
  /** For each input file, whether it is a report dupgraf wrote (own-reports.ts): no story. */
  ownReports: boolean[];
  /** Milliseconds reading+decoding and preparing, summed over threads. */
  readMs: number;
  prepareMs: number;
  /** Threads used (1: the calling thread). */
  threads: number;
  /** Only with a `readFile` reader: each file's documents, kept (same index as the files). */
  texts?: SourceDocument[][];
}

/**
 * Starts `jobs` prepare workers (default one per core) before the files are known, so that their
 * start-up (~0.15-0.3 s) overlaps finding the files; none with one job or no worker script.
 * Hand them to {@link prepareFiles}, which uses or ends them.
 */
export function startPrepareWorkers(options: ChunkOptions, jobs = defaultJobs()): StartedWorker[] {
  const script = workerScript(import.meta.url, 'prepare-worker');
  if (jobs <= 1 || script === null) return [];
  return Array.from({ length: jobs }, () => {
    const started: StartedWorker = {
      worker: new Worker(script, { workerData: chunkOptionsOf(options) }),
    };
    started.worker.on('error', (error) => (started.error ??= error));
    return started;
  });
}

function chunkOptionsOf(options: ChunkOptions): ChunkOptions {
  return {
    shingleSize: options.shingleSize,
    minWords: options.minWords,
    includeTables: options.includeTables,
    foldAccents: options.foldAccents,
    read: options.read,
  };
}

/**
 * Reads and prepares `files` with up to `jobs` threads (default: one per core). With one job, or
 * few files, everything runs in the calling thread. Never throws for a bad file. `started`:
 * workers from {@link startPrepareWorkers} (made with the same options), used first; those not
 * needed are ended.
 */
export async function prepareFiles(
  files: readonly FoundFile[],
  options: ChunkOptions,
  jobs = defaultJobs(),
  onProgress?: ProgressCallback,
  readFile?: FileReader,
  started: StartedWorker[] = [],
  signal?: AbortSignal,
): Promise<PreparedFiles> {
  const chunks: Omit<ChunkRequest, 'id'>[] = [];
  for (let i = 0; i < files.length; i += CHUNK_FILES) {
    const slice = files.slice(i, i + CHUNK_FILES);
    chunks.push({ files: slice.map((f) => f.absolute), names: slice.map((f) => f.display) });
  }
  const script = workerScript(import.meta.url, 'prepare-worker');
  const threads =
    jobs > 1 && files.length >= MIN_FILES_FOR_WORKERS && script !== null && !readFile
      ? Math.min(jobs, chunks.length)
      : 1;
  const results: ChunkResult[] = new Array(chunks.length);
  const prepareOptions = chunkOptionsOf(options);
  // Started workers this run does not use.
  const used = threads === 1 ? 0 : Math.min(threads, started.length);
  for (const s of started.slice(used)) void s.worker.terminate();
  // Files are read and shingled in one go, reported as `reading` chunk by chunk; `shingling`
  // is then already done.
  let done = 0;
  const progress = (count: number) => {
    done += count;
    onProgress?.('reading', done, files.length);
  };
  progress(0);
  const texts: SourceDocument[][] | undefined = readFile ? [] : undefined;
  if (readFile) {
    for (const [id, c] of chunks.entries()) {
      throwIfAborted(signal);
      results[id] = await readChunk({ id, ...c }, prepareOptions, readFile, texts!);
      progress(c.files.length);
    }
  } else if (threads === 1) {
    chunks.forEach((c, id) => {
      throwIfAborted(signal);
      results[id] = prepareFileChunk({ id, ...c }, prepareOptions);
      progress(c.files.length);
    });
  } else {
    await runWorkers(script!, threads, chunks, prepareOptions, results, progress, started, signal);
  }
  onProgress?.('shingling', 0, files.length);
  onProgress?.('shingling', files.length, files.length);
  const out = collect(
    files.length,
    results,
    (i) => [Math.floor(i / CHUNK_FILES), i % CHUNK_FILES],
    threads,
  );
  if (texts) out.texts = texts;
  return out;
}

/**
 * The outcome of {@link prepareFilesAsFound}: the files found (the walk's own result, in its
 * order) and what {@link prepareFiles} gives for them.
 */
export interface FoundAndPrepared {
  files: FoundFile[];
  prepared: PreparedFiles;
}

/**
 * Finds files and reads and prepares them, starting on the files while they are still being
 * found. `find` walks the folders, calling `onFile` with each file it expects to return (a
 * guess), and resolves to the real list. Once {@link MIN_FILES_FOR_WORKERS} files are found, they
 * go to the `started` workers in chunks as they come; when `find` is done, the files it returns
 * that were not guessed go too, and the outcomes of guessed files it does not return are dropped.
 * So the result is what `prepareFiles(await find(), …)` gives, only sooner. Without started
 * workers, or when fewer files are found, it is exactly that. A rejection of `find` rejects this.
 */
export async function prepareFilesAsFound(
  find: (onFile: (file: FoundFile) => void) => Promise<FoundFile[]>,
  options: ChunkOptions,
  jobs = defaultJobs(),
  onProgress?: ProgressCallback,
  started: StartedWorker[] = [],
  signal?: AbortSignal,
): Promise<FoundAndPrepared> {
  // Without streaming: what prepareFiles gives once the walk is done.
  const afterTheWalk = async (files: FoundFile[]): Promise<FoundAndPrepared> => ({
    files,
    prepared: await prepareFiles(files, options, jobs, onProgress, undefined, started, signal),
  });
  const script = workerScript(import.meta.url, 'prepare-worker');
  // A worker that failed before streaming starts is reported by prepareFiles, as without it.
  if (started.length < 2 || script === null || anyFailed(started))
    return afterTheWalk(await find(() => {}));
  const stream = new StreamedChunks(started, onProgress, signal);
  let files: FoundFile[];
  try {
    files = await find((file) => stream.add(file));
  } catch (error) {
    stream.stop();
    throw error;
  }
  if (!stream.streaming) return afterTheWalk(files);
  return { files, prepared: await stream.finish(files) };
}

/** Whether a started worker has failed. */
function anyFailed(started: StartedWorker[]): boolean {
  return started.some((s) => s.error);
}

/**
 * The files found so far, sent to the started workers in chunks (see
 * {@link prepareFilesAsFound}): nothing until {@link MIN_FILES_FOR_WORKERS} files are found, then
 * each whole chunk as it fills.
 */
class StreamedChunks {
  private readonly chunks: Omit<ChunkRequest, 'id'>[] = [];
  private readonly results: ChunkResult[] = [];
  /** Where each file sent is: absolute path → [chunk, index in the chunk]. */
  private readonly sent = new Map<string, readonly [number, number]>();
  /** Files found and not sent yet. */
  private pending: FoundFile[] = [];
  private runner: ChunkRunner | undefined;
  private found = 0;
  private done = 0;

  constructor(
    private readonly started: StartedWorker[],
    private readonly onProgress: ProgressCallback | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Whether the workers were started (enough files were found before the walk ended). */
  get streaming(): boolean {
    return this.runner !== undefined;
  }

  /** A file the walk expects to return. */
  add(file: FoundFile): void {
    const { pending } = this;
    pending.push(file);
    this.found++;
    if (this.runner === undefined) {
      if (pending.length < MIN_FILES_FOR_WORKERS || anyFailed(this.started)) return;
      this.runner = this.start();
    }
    if (pending.length >= CHUNK_FILES) {
      const whole = pending.length - (pending.length % CHUNK_FILES);
      // In path order, as the report lists them: a chunk's documents then mostly come in runs
      // that the engine copies in one go.
      this.send(pending.slice(0, whole).sort((x, y) => (x.display < y.display ? -1 : 1)));
      this.pending = pending.slice(whole);
    }
  }

  /** Stops the workers' work (the walk failed). */
  stop(): void {
    this.runner?.stop();
  }

  /**
   * The walk's result `files`: sends those not sent yet, waits for every chunk, and gives the
   * outcomes in their order (those of guessed files the walk does not return dropped).
   */
  async finish(files: FoundFile[]): Promise<PreparedFiles> {
    const { onProgress } = this;
    this.found = Math.max(this.found, files.length);
    this.send(files.filter((f) => !this.sent.has(f.absolute)));
    await this.runner!.end();
    onProgress?.('reading', files.length, files.length);
    onProgress?.('shingling', 0, files.length);
    onProgress?.('shingling', files.length, files.length);
    const { sent } = this;
    return collect(
      files.length,
      this.results,
      (i) => sent.get(files[i].absolute)!,
      this.started.length,
    );
  }

  private start(): ChunkRunner {
    this.onProgress?.('reading', 0, this.found);
    return new ChunkRunner(
      this.started.map((s) => s.worker),
      this.chunks,
      this.results,
      (count) => {
        this.done += count;
        this.onProgress?.('reading', this.done, Math.max(this.found, this.done));
      },
      this.signal,
    );
  }

  private send(files: readonly FoundFile[]): void {
    const { chunks, sent } = this;
    for (let i = 0; i < files.length; i += CHUNK_FILES) {
      const slice = files.slice(i, i + CHUNK_FILES);
      const id = chunks.length;
      chunks.push({ files: slice.map((f) => f.absolute), names: slice.map((f) => f.display) });
      slice.forEach((f, k) => sent.set(f.absolute, [id, k]));
      this.runner!.add(id);
    }
  }
}

/**
 * {@link PreparedFiles} of `count` files from the chunks' results: file i's outcome is entry k of
 * chunk c, for `[c, k] = locate(i)`. Every chunk's batch is kept (and its times counted), even one
 * whose files are all left out.
 */
function collect(
  count: number,
  results: readonly ChunkResult[],
  locate: (file: number) => readonly [number, number],
  threads: number,
): PreparedFiles {
  const out: PreparedFiles = {
    batches: [],
    textBases: [],
    places: [],
    documents: [],
    warnings: [],
    ownReports: [],
    readMs: 0,
    prepareMs: 0,
    threads,
  };
  // Per chunk: each file's first document in the chunk's batch.
  const firstDocs: number[][] = [];
  results.forEach((r) => {
    out.batches.push(r.batch);
    out.textBases.push(r.textBase);
    out.readMs += r.readMs;
    out.prepareMs += r.prepareMs;
    let doc = 0;
    firstDocs.push(
      r.included.map((included, k) => {
        const first = doc;
        if (included) doc += r.documents[k].length;
        return first;
      }),
    );
  });
  for (let i = 0; i < count; i++) {
    const [c, k] = locate(i);
    const r = results[c];
    out.warnings.push(r.notes[k]);
    out.ownReports.push(r.ownReports[k]);
    out.documents.push(r.documents[k]);
    out.places.push(r.included[k] ? [c, firstDocs[c][k], r.documents[k].length] : null);
  }
  return out;
}

/** {@link prepareFileChunk} through a reader (async, in this thread), keeping the documents. */
async function readChunk(
  request: ChunkRequest,
  options: ChunkOptions,
  readFile: FileReader,
  texts: SourceDocument[][],
): Promise<ChunkResult> {
  const chunk = new ChunkCollector(request.id, options);
  const max = options.read?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  for (const [k, file] of request.files.entries()) {
    const t0 = performance.now();
    let bytes: FileBytes;
    try {
      const data = await readFile(file);
      bytes =
        data.length > max
          ? { ok: false, message: tooLargeMessage(data.length, max) }
          : { ok: true, bytes: data };
    } catch (error) {
      bytes = { ok: false, message: unreadableMessage(error) };
    }
    const t1 = performance.now();
    chunk.readMs += t1 - t0;
    const out = prepareBytes(chunk.builder, request.names[k], bytes, options.read);
    chunk.add(out);
    texts.push(out.documents);
    chunk.prepareMs += performance.now() - t1;
  }
  return chunk.finish();
}
