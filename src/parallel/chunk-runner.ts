/**
 * Running prepare chunks on worker threads: each worker is kept busy with up to
 * {@link IN_FLIGHT} chunks queued, and each result is put at its chunk's id (prepare-files.ts
 * cuts the files into chunks and puts the results back in file order).
 */

import { Worker } from 'node:worker_threads';
import { AbortedError } from '../errors.js';
import type { ChunkOptions, ChunkRequest, ChunkResult } from './prepare-chunk.js';

/**
 * Chunks queued at a worker at a time: enough (about 50 ms of work at 100,000 stories) that a
 * worker still has work while this thread is busy walking folders (with 2, the two workers of a
 * 100k-story scan sat idle 0.59-0.72 s in all; with 8, 0.45-0.51 s).
 */
const IN_FLIGHT = 8;

/** A prepare worker started ahead of `prepareFiles`, and the error it met meanwhile. */
export interface StartedWorker {
  worker: Worker;
  error?: Error;
}

/**
 * Runs `chunks` on `threads` workers (those `started` ahead, else new ones of `script`), putting
 * each result at its chunk's index of `results`; `progress` is told the files of each chunk done.
 */
export function runWorkers(
  script: string,
  threads: number,
  chunks: Omit<ChunkRequest, 'id'>[],
  options: ChunkOptions,
  results: ChunkResult[],
  progress: (files: number) => void,
  started: StartedWorker[],
  signal?: AbortSignal,
): Promise<void> {
  const workers: Worker[] = [];
  for (let i = 0; i < threads; i++) {
    const ready = started[i];
    if (ready?.error) {
      for (const s of started.slice(i)) void s.worker.terminate();
      for (const w of workers) void w.terminate();
      return Promise.reject(ready.error);
    }
    workers.push(ready?.worker ?? new Worker(script, { workerData: options }));
  }
  const runner = new ChunkRunner(workers, chunks, results, progress, signal);
  chunks.forEach((_, id) => runner.add(id));
  return runner.end();
}

/**
 * Hands chunks to workers as they are added, up to {@link IN_FLIGHT} at a time per worker (the
 * next one is queued while it works on one, so it never waits for this thread to answer), and
 * puts each result at its chunk's id. The workers are ended when all is done, on the first error,
 * or on `stop`.
 */
export class ChunkRunner {
  private readonly queue: number[] = [];
  private readonly busy: number[];
  private outstanding = 0;
  private ended = false;
  private failure: Error | undefined;
  private settle: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(
    private readonly workers: Worker[],
    private readonly chunks: ReadonlyArray<Omit<ChunkRequest, 'id'>>,
    private readonly results: ChunkResult[],
    private readonly progress: (files: number) => void,
    signal?: AbortSignal,
  ) {
    this.busy = workers.map(() => 0);
    // Cancelled: the workers are ended and the run rejects with AbortedError.
    if (signal?.aborted) queueMicrotask(() => this.fail(new AbortedError('scan cancelled')));
    signal?.addEventListener('abort', () => this.fail(new AbortedError('scan cancelled')), {
      once: true,
    });
    workers.forEach((worker, w) => {
      worker.on('message', (result: ChunkResult) => {
        this.results[result.id] = result;
        this.busy[w]--;
        this.outstanding--;
        this.progress(this.chunks[result.id].files.length);
        this.pump();
        this.check();
      });
      worker.on('error', (error) => this.fail(error));
    });
  }

  /** Queues chunk `id` (of the chunks given). */
  add(id: number): void {
    this.queue.push(id);
    this.outstanding++;
    this.pump();
  }

  /** Resolves once every chunk added (now or before) is done; no more may be added. */
  end(): Promise<void> {
    this.ended = true;
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.settle = { resolve, reject };
      this.check();
    });
  }

  /** Ends the workers, whatever is left. */
  stop(): void {
    for (const w of this.workers) void w.terminate();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.failure) {
      let w = 0;
      for (let i = 1; i < this.workers.length; i++) if (this.busy[i] < this.busy[w]) w = i;
      if (this.busy[w] >= IN_FLIGHT) return;
      const id = this.queue.shift()!;
      this.busy[w]++;
      this.workers[w].postMessage({ id, ...this.chunks[id] });
    }
  }

  private check(): void {
    if (!this.ended || this.outstanding > 0 || this.failure) return;
    this.stop();
    this.settle?.resolve();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.stop();
    this.settle?.reject(error);
  }
}
