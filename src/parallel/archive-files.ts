/**
 * Preparing files for the archive (`index add`) on worker threads, the scan's way: files are cut
 * into chunks that `jobs` workers take from a queue, and the results come back in file order,
 * a bounded number of chunks ahead of the consumer (so a big folder never sits in memory whole
 * while the store writes what came before). With one job, or few files, everything runs in the
 * calling thread. The stories are the same whatever the number of threads.
 */

import { Worker } from 'node:worker_threads';
import type { PreparedStory } from '../archive/prepared-story.js';
import type { FileWarning } from '../engine/report.js';
import type { FoundFile } from '../sources/discover.js';
import {
  prepareArchiveChunk,
  unpackStories,
  type ArchiveChunkOptions,
  type ArchiveChunkRequest,
  type ArchiveChunkResult,
} from './archive-chunk.js';
import { defaultJobs } from './prepare-files.js';
import { workerScript } from './worker-script.js';

/** Files per chunk handed to a worker. */
const CHUNK_FILES = 64;
/** Chunks prepared ahead of the consumer, per worker. */
const AHEAD = 16;
/** Below this many files, threads cost more than they save. */
const MIN_FILES_FOR_WORKERS = 128;

/** One file's stories (none when it was skipped) and warnings. */
export interface PreparedFile {
  file: FoundFile;
  stories: PreparedStory[];
  warnings: FileWarning[];
}

/**
 * Yields each file's stories in file order (see the module comment). Stopping early (a `break`,
 * an error in the consumer) ends the workers.
 */
export async function* prepareArchiveFiles(
  files: readonly FoundFile[],
  options: ArchiveChunkOptions,
  jobs = defaultJobs(),
): AsyncGenerator<PreparedFile> {
  const chunks: ArchiveChunkRequest[] = [];
  for (let i = 0; i < files.length; i += CHUNK_FILES) {
    const slice = files.slice(i, i + CHUNK_FILES);
    chunks.push({
      id: chunks.length,
      files: slice.map((f) => f.absolute),
      names: slice.map((f) => f.display),
    });
  }
  const script = workerScript(import.meta.url, 'archive-worker');
  const threads =
    jobs > 1 && files.length >= MIN_FILES_FOR_WORKERS && script !== null
      ? Math.min(jobs, chunks.length)
      : 1;
  const chunkOptions: ArchiveChunkOptions = {
    shingleSize: options.shingleSize,
    minWords: options.minWords,
    read: options.read,
  };
  const filesOf = function* (result: ArchiveChunkResult): Generator<PreparedFile> {
    const stories = unpackStories(result);
    let s = 0;
    for (const [k, f] of result.files.entries()) {
      yield {
        file: files[result.id * CHUNK_FILES + k],
        stories: stories.slice(s, s + f.stories),
        warnings: f.warnings,
      };
      s += f.stories;
    }
  };
  if (threads === 1) {
    for (const chunk of chunks) yield* filesOf(prepareArchiveChunk(chunk, chunkOptions));
    return;
  }
  const pool = new OrderedPool(script!, threads, chunkOptions, chunks);
  try {
    for (let id = 0; id < chunks.length; id++) yield* filesOf(await pool.result(id));
  } finally {
    pool.stop();
  }
}

/** Workers preparing chunks, at most {@link AHEAD} per worker ahead of the one awaited. */
class OrderedPool {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly results = new Map<number, ArchiveChunkResult>();
  private waiting: { id: number; resolve: () => void; reject: (e: Error) => void } | null = null;
  private next = 0;
  private awaited = 0;
  private failure: Error | undefined;

  constructor(
    script: string,
    threads: number,
    options: ArchiveChunkOptions,
    private readonly chunks: readonly ArchiveChunkRequest[],
  ) {
    for (let w = 0; w < threads; w++) {
      const worker = new Worker(script, { workerData: options });
      worker.on('message', (result: ArchiveChunkResult) => {
        this.busy[w]--;
        this.results.set(result.id, result);
        if (this.waiting?.id === result.id) this.waiting.resolve();
        this.pump();
      });
      worker.on('error', (error) => {
        this.failure ??= error;
        this.waiting?.reject(error);
      });
      this.workers.push(worker);
      this.busy.push(0);
    }
    this.pump();
  }

  /** The result of chunk `id` (chunks are awaited in order). */
  async result(id: number): Promise<ArchiveChunkResult> {
    this.awaited = id;
    this.pump();
    if (!this.results.has(id)) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve, reject) => (this.waiting = { id, resolve, reject }));
      this.waiting = null;
    }
    const result = this.results.get(id)!;
    this.results.delete(id);
    return result;
  }

  stop(): void {
    for (const w of this.workers) void w.terminate();
  }

  private pump(): void {
    const limit = this.awaited + AHEAD * this.workers.length;
    while (this.next < this.chunks.length && this.next < limit && !this.failure) {
      let w = 0;
      for (let i = 1; i < this.workers.length; i++) if (this.busy[i] < this.busy[w]) w = i;
      this.busy[w]++;
      this.workers[w].postMessage(this.chunks[this.next++]);
    }
  }
}
