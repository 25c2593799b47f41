/**
 * Shared passages of partial reuse on a worker thread, computed while the calling thread builds
 * the rest of the report (groups, changed facts, per-story figures). The engine is synchronous,
 * so the caller waits for the result by blocking on a shared flag (`Atomics.wait`) and takes it
 * with `receiveMessageOnPort`; if the worker fails, the passages are computed in the calling
 * thread instead. The result is exactly what `passagesOfPairs` gives in the calling thread.
 */

import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { PairPassages } from '../engine/passage.js';
import type { ReadOptions } from '../sources/read.js';
import { workerScript } from './worker-script.js';

/** What the worker needs: where each needed paragraph is, and the pairs. */
export interface PassageJob {
  /** Files holding the needed paragraphs, in reading order. */
  files: Array<{ absolute: string; display: string; document: number }>;
  /** Per needed paragraph, in reading order: its file (index into `files`). */
  file: Uint32Array;
  /** Per needed paragraph: its position in its document (0-based) and its text's offsets. */
  index: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
  /** The pairs, as indexes into the needed paragraphs (ascending `a`). */
  a: Uint32Array;
  b: Uint32Array;
  /** How the files were read (format, encoding, size limit). */
  read: ReadOptions;
}

/** Data a passage worker starts with. */
export interface PassageWorkerData {
  job: PassageJob;
  /** Int32 flag set to 1 (and notified) once the result is posted. */
  done: Int32Array;
  port: import('node:worker_threads').MessagePort;
}

/** The worker's answer: passages, or why it failed. */
export type PassageAnswer = { ok: true; passages: PairPassages } | { ok: false; message: string };

/**
 * Starts a worker computing the job's passages; returns a function that blocks until they are
 * ready and returns them, or `fallback()` when the worker failed. Undefined when no worker
 * script is available.
 */
export function startPassageThread(
  job: PassageJob,
  fallback: () => PairPassages,
): (() => PairPassages) | undefined {
  const script = workerScript(import.meta.url, 'passage-worker');
  if (script === null) return undefined;
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const data: PassageWorkerData = { job, done, port: port2 };
    worker = new Worker(script, { workerData: data, transferList: [port2] });
  } catch {
    return undefined;
  }
  // An error event would only arrive on the event loop, which is blocked while waiting: the
  // worker reports its own failures as answers; this keeps an unexpected one from throwing.
  worker.on('error', () => {});
  return () => {
    // Wait for the flag (1 s at a time, so a worker that died without answering cannot hang us
    // forever: after its exit the flag stays 0 and `threadId` becomes −1).
    while (Atomics.load(done, 0) === 0 && worker.threadId !== -1) Atomics.wait(done, 0, 0, 1000);
    const answer = receiveMessageOnPort(port1)?.message as PassageAnswer | undefined;
    port1.close();
    void worker.terminate();
    return answer?.ok ? answer.passages : fallback();
  };
}
