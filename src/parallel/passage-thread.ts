/**
 * Report texts on worker threads, computed while the calling thread builds the rest of the
 * report: the shared passages of partial reuse (`startPassageThread`), and the texts and changed
 * facts of some groups (`startGroupTextThread`). The engine is synchronous, so the caller waits
 * for the result by blocking on a shared flag (`Atomics.wait`) and takes it with
 * `receiveMessageOnPort`; if the worker fails, the calling thread computes the result instead.
 * The result is exactly what `passagesOfPairs` / `groupTextsOf` give in the calling thread.
 */

import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { GroupTexts } from '../engine/group-texts.js';
import type { PairPassages } from '../engine/passage.js';
import type { ReadOptions } from '../sources/read.js';
import { workerScript } from './worker-script.js';

/** Where each paragraph a worker reads is: its file, its place in the file, how files are read. */
export interface ParagraphSource {
  /** Files holding the needed paragraphs, in reading order. */
  files: Array<{ absolute: string; display: string; document: number; base: number }>;
  /** Per needed paragraph, in reading order: its file (index into `files`). */
  file: Uint32Array;
  /** Per needed paragraph: its position in its document (0-based) and its text's offsets. */
  index: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
  /** How the files were read (format, encoding, size limit). */
  read: ReadOptions;
}

/** What the passage worker needs: the paragraphs, and the pairs. */
export interface PassageJob extends ParagraphSource {
  /** The pairs, as indexes into the needed paragraphs (ascending `a`). */
  a: Uint32Array;
  b: Uint32Array;
}

/** What a group-text worker needs: the paragraphs, and the (representative, copy) pairs. */
export interface GroupTextJob extends ParagraphSource {
  /** The pairs whose changed facts are wanted, as indexes into the paragraphs (a representative's
   * pairs together). */
  rep: Uint32Array;
  copy: Uint32Array;
}

/** Data a text worker starts with. */
export interface PassageWorkerData {
  job: ({ kind: 'passages' } & PassageJob) | ({ kind: 'groups' } & GroupTextJob);
  /** Int32 flag set to 1 (and notified) once the result is posted. */
  done: Int32Array;
  /** When the result was posted (`performance.timeOrigin + performance.now()`, ms). */
  finished: Float64Array;
  port: import('node:worker_threads').MessagePort;
}

/**
 * How the calling thread and the text workers met (milliseconds, summed over workers): how long
 * this thread waited for results, and how long results waited for this thread (a worker done
 * early: it could have taken more of the work).
 */
export interface TextThreadTimes {
  waited: number;
  idle: number;
}

/** The worker's answer: passages or group texts, or why it failed. */
export type PassageAnswer =
  { ok: true; result: PairPassages | GroupTexts } | { ok: false; message: string };

/**
 * Starts a worker computing the job's passages; returns a function that blocks until they are
 * ready and returns them, or `fallback()` when the worker failed. Undefined when no worker
 * script is available.
 */
export function startPassageThread(
  job: PassageJob,
  fallback: () => PairPassages,
  times?: TextThreadTimes,
): (() => PairPassages) | undefined {
  return startTextThread({ kind: 'passages', ...job }, fallback, times);
}

/**
 * Starts a worker computing the job's group texts and changed facts (as `startPassageThread`).
 */
export function startGroupTextThread(
  job: GroupTextJob,
  fallback: () => GroupTexts,
  times?: TextThreadTimes,
): (() => GroupTexts) | undefined {
  return startTextThread({ kind: 'groups', ...job }, fallback, times);
}

function startTextThread<T extends PairPassages | GroupTexts>(
  job: PassageWorkerData['job'],
  fallback: () => T,
  times?: TextThreadTimes,
): (() => T) | undefined {
  const script = workerScript(import.meta.url, 'passage-worker');
  if (script === null) return undefined;
  const shared = new SharedArrayBuffer(16);
  const done = new Int32Array(shared, 0, 1);
  const finished = new Float64Array(shared, 8, 1);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const data: PassageWorkerData = { job, done, finished, port: port2 };
    worker = new Worker(script, { workerData: data, transferList: [port2] });
  } catch {
    return undefined;
  }
  // An error event would only arrive on the event loop, which is blocked while waiting: the
  // worker reports its own failures as answers; this keeps an unexpected one from throwing.
  worker.on('error', () => {});
  return () => {
    const asked = performance.timeOrigin + performance.now();
    // Wait for the flag (1 s at a time, so a worker that died without answering cannot hang us
    // forever: after its exit the flag stays 0 and `threadId` becomes −1).
    while (Atomics.load(done, 0) === 0 && worker.threadId !== -1) Atomics.wait(done, 0, 0, 1000);
    if (times) {
      times.waited += performance.timeOrigin + performance.now() - asked;
      if (Atomics.load(done, 0) === 1) times.idle += Math.max(0, asked - finished[0]);
    }
    const answer = receiveMessageOnPort(port1)?.message as PassageAnswer | undefined;
    port1.close();
    void worker.terminate();
    return answer?.ok ? (answer.result as T) : fallback();
  };
}
