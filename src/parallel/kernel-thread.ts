/**
 * A worker thread that runs the engine's kernels (`JOIN_KERNELS` of engine/join.ts: one part of
 * the shingle ranking, one part of the join) while the calling thread runs the other part. The
 * engine is synchronous, so it waits for the answer by blocking on a shared flag
 * (`Atomics.wait`) and takes it with `receiveMessageOnPort`. A kernel that fails, or a worker that
 * dies, answers undefined: the engine then runs that part itself.
 */

import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { KernelRunner } from '../engine/parallel.js';
import { workerScript } from './worker-script.js';

/** A job as posted to the kernel worker. */
export interface KernelRequest {
  kernel: string;
  job: object;
  /** Int32 flag set to 1 (and notified) once the answer is posted. */
  done: Int32Array;
}

/** The worker's answer: the kernel's result, or why it failed. */
export type KernelAnswer = { ok: true; result: unknown } | { ok: false; message: string };

/** A kernel runner on a worker thread; `close()` (or `finish()`) ends the thread. */
export interface KernelThread extends KernelRunner {
  close(): void;
}

/**
 * Starts the kernel worker (it loads while the caller goes on); undefined when no worker script is
 * built or the thread cannot start. The thread does not keep the process alive.
 */
export function startKernelThread(): KernelThread | undefined {
  const script = workerScript(import.meta.url, 'kernel-worker');
  if (script === null) return undefined;
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(script, { workerData: { port: port2 }, transferList: [port2] });
  } catch {
    return undefined;
  }
  worker.unref();
  // An error event would only arrive on the event loop, which is blocked while waiting: the
  // worker answers its own failures; this keeps an unexpected one from throwing.
  worker.on('error', () => {});
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    port1.close();
    void worker.terminate();
  };
  return {
    start(kernel, job) {
      if (closed) return () => undefined;
      const done = new Int32Array(new SharedArrayBuffer(4));
      const request: KernelRequest = { kernel, job, done };
      worker.postMessage(request);
      return () => {
        // 1 s at a time, so a worker that died without answering cannot hang the caller: after
        // its exit the flag stays 0 and `threadId` becomes −1.
        while (Atomics.load(done, 0) === 0 && worker.threadId !== -1)
          Atomics.wait(done, 0, 0, 1000);
        const answer = receiveMessageOnPort(port1)?.message as KernelAnswer | undefined;
        return answer?.ok ? answer.result : undefined;
      };
    },
    close,
    finish: close,
  };
}
