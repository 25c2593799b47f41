/**
 * Preparing many files on worker threads: files are cut into chunks that `jobs` workers take
 * from a queue; each chunk comes back as one compact batch (typed arrays, transferred, no object
 * per paragraph or shingle). Results are put back in file order, so the outcome is the same
 * whatever the number of threads.
 */

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DocumentInfo, ProgressCallback, SourceDocument } from '../engine/detect.js';
import type { PreparedBatch } from '../engine/prepare.js';
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
import { workerScript } from './worker-script.js';

/**
 * Reads a file's bytes instead of the file system (absolute path in, bytes out). An error it
 * throws becomes a warning for that file (by its `code`, e.g. ENOENT, as the file system's).
 */
export type FileReader = (absolute: string) => Promise<Uint8Array>;

/** Files per chunk handed to a worker. */
const CHUNK_FILES = 128;
/** Chunks queued at a worker at a time. */
const IN_FLIGHT = 2;
/** Below this many files, threads cost more than they save: prepare in the calling thread. */
const MIN_FILES_FOR_WORKERS = 256;

/** Default number of threads: one per core (`os.availableParallelism()`). */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** Prepared files: for each input file, where its documents are (or a warning). */
export interface PreparedFiles {
  /** Batches as returned by the chunks. */
  batches: PreparedBatch[];
  /**
   * For each input file, `[batch index, first document index, document count]` (a JSON/JSONL
   * file has one document per record, possibly none), or null when it was skipped.
   */
  places: Array<readonly [number, number, number] | null>;
  /** For each input file, its documents' record and metadata (same index as the files). */
  documents: Array<Array<DocumentInfo | undefined>>;
  /** For each input file, the warnings about it (same index as the files). */
  warnings: FileWarning[][];
  /** Milliseconds reading+decoding and preparing, summed over threads. */
  readMs: number;
  prepareMs: number;
  /** Threads used (1: the calling thread). */
  threads: number;
  /** Only with a `readFile` reader: each file's documents, kept (same index as the files). */
  texts?: SourceDocument[][];
}

/** A prepare worker started ahead of {@link prepareFiles}, and the error it met meanwhile. */
export interface StartedWorker {
  worker: Worker;
  error?: Error;
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
  return { shingleSize: options.shingleSize, minWords: options.minWords, read: options.read };
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
      results[id] = await readChunk({ id, ...c }, prepareOptions, readFile, texts!);
      progress(c.files.length);
    }
  } else if (threads === 1) {
    chunks.forEach((c, id) => {
      results[id] = prepareFileChunk({ id, ...c }, prepareOptions);
      progress(c.files.length);
    });
  } else {
    await runWorkers(script!, threads, chunks, prepareOptions, results, progress, started);
  }
  onProgress?.('shingling', 0, files.length);
  onProgress?.('shingling', files.length, files.length);
  const out: PreparedFiles = {
    batches: [],
    places: [],
    documents: [],
    warnings: [],
    readMs: 0,
    prepareMs: 0,
    threads,
  };
  results.forEach((r, c) => {
    out.batches.push(r.batch);
    out.readMs += r.readMs;
    out.prepareMs += r.prepareMs;
    let doc = 0;
    r.included.forEach((included, k) => {
      out.warnings.push(r.notes[k]);
      out.documents.push(r.documents[k]);
      if (!included) {
        out.places.push(null);
        return;
      }
      const count = r.documents[k].length;
      out.places.push([c, doc, count]);
      doc += count;
    });
  });
  if (texts) out.texts = texts;
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

function runWorkers(
  script: string,
  threads: number,
  chunks: Omit<ChunkRequest, 'id'>[],
  options: ChunkOptions,
  results: ChunkResult[],
  progress: (files: number) => void,
  started: StartedWorker[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const workers: Worker[] = [];
    const finish = (error?: Error) => {
      if (failed) return;
      if (error) failed = true;
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve();
    };
    for (let i = 0; i < threads; i++) {
      const ready = started[i];
      if (ready?.error) {
        for (const s of started.slice(i)) void s.worker.terminate();
        finish(ready.error);
        return;
      }
      const worker = ready?.worker ?? new Worker(script, { workerData: options });
      workers.push(worker);
      const feed = () => {
        if (next < chunks.length) {
          const id = next++;
          worker.postMessage({ id, ...chunks[id] });
        }
      };
      worker.on('message', (result: ChunkResult) => {
        results[result.id] = result;
        progress(chunks[result.id].files.length);
        done++;
        if (done === chunks.length) finish();
        else feed();
      });
      worker.on('error', (error) => finish(error));
      // Chunks in flight per worker: the next one is queued while it works on one, so it never
      // waits for this thread to answer.
      for (let k = 0; k < IN_FLIGHT; k++) feed();
    }
  });
}
