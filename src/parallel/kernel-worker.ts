/**
 * Worker thread entry: runs engine kernels (see kernel-thread.ts) on jobs posted to it and posts
 * each answer on its port, the result's own arrays transferred (shared arrays are not copied).
 */

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { JOIN_KERNELS } from '../engine/join.js';
import type { KernelAnswer, KernelRequest } from './kernel-thread.js';

const { port } = workerData as { port: MessagePort };
const kernels: Record<string, (job: never) => unknown> = JOIN_KERNELS;

parentPort!.on('message', ({ kernel, job, done }: KernelRequest) => {
  let answer: KernelAnswer;
  try {
    const run = kernels[kernel];
    if (run === undefined) throw new Error(`no kernel ${kernel}`);
    answer = { ok: true, result: run(job as never) };
  } catch (error) {
    answer = { ok: false, message: String(error) };
  }
  port.postMessage(answer, answer.ok ? ownBuffers(answer.result) : []);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});

/**
 * The (not shared) buffers of a result's typed arrays, to transfer rather than copy: its own, and
 * those of the results in an array it holds (the results of several jobs).
 */
function ownBuffers(result: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const collect = (value: unknown) => {
    if (value === null || typeof value !== 'object') return;
    for (const v of Object.values(value)) {
      if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      else if (Array.isArray(v)) v.forEach(collect);
    }
  };
  collect(result);
  return [...out];
}
