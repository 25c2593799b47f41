/**
 * How the join's heavy steps are shared with a {@link KernelRunner}'s thread: a step is cut into
 * parts (jobs for the named kernels of `join.ts`'s `JOIN_KERNELS`), and this thread and the
 * runner's run them side by side. A part must give the same result when run again: a failed
 * runner's parts are run here, so the result never depends on the runner.
 */

import type { KernelRunner } from '../parallel.js';

/** Parts of `rankShared`'s counting, scattering and sorting with a runner. */
export const SHARED_PARTS = 8;

/** The kernels {@link inSharedParts} runs (the table is `PART_KERNELS` in `join.ts`). */
export type SharedPartKernel = 'rankCountPart' | 'rankScatterPart' | 'rankPart';

/**
 * `parts` consecutive ranges `[from, to)` of `0 .. n` holding about equal shares of a total
 * given by its running sums (`start[i]`: the total before item i; `start[n]`: the whole).
 */
export function evenParts(start: Uint32Array, n: number, parts: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let p = 0, from = 0; p < parts; p++) {
    let to = n;
    if (p < parts - 1) {
      to = from;
      while (to < n && start[to] < (start[n] * (p + 1)) / parts) to++;
    }
    out.push([from, to]);
    from = to;
  }
  return out;
}

/**
 * Runs one kernel on each job, this thread and the runner's (when there is one) taking the next
 * job from one counter until none is left (so neither waits long for the other); the jobs a
 * failed runner took are run here. Jobs must give the same result when run again. Results in the
 * jobs' order.
 */
export function inSharedParts<J extends object, R>(
  runner: KernelRunner | undefined,
  kernel: SharedPartKernel,
  jobs: J[],
  run: (job: J) => R,
): R[] {
  if (runner === undefined || jobs.length < 2) return jobs.map(run);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const wait = runner.start('sharedParts', { kernel, jobs, next } satisfies SharedPartsJob);
  const results: Array<R | undefined> = new Array<R | undefined>(jobs.length);
  for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1))
    results[i] = run(jobs[i]);
  const there = wait() as SharedPartsResult | undefined;
  there?.taken.forEach((i, k) => (results[i] = there.results[k] as R));
  for (let i = 0; i < jobs.length; i++) if (results[i] === undefined) results[i] = run(jobs[i]);
  return results as R[];
}

/** The runner's side of {@link inSharedParts}: which kernel, its jobs, and the shared counter. */
export interface SharedPartsJob {
  kernel: SharedPartKernel;
  jobs: object[];
  /** Index of the next job to take (`Atomics.add`). */
  next: Int32Array;
}

/** The jobs the runner took (indexes into `jobs`) and their results, in the same order. */
export interface SharedPartsResult {
  taken: number[];
  results: unknown[];
}

/**
 * The runner's loop of {@link inSharedParts}: takes jobs from the counter and runs them with the
 * named kernel of `kernels` until none is left.
 */
export function takeSharedParts(
  kernels: Record<SharedPartKernel, (job: never) => unknown>,
  job: SharedPartsJob,
): SharedPartsResult {
  const run = kernels[job.kernel] as (job: object) => unknown;
  const taken: number[] = [];
  const results: unknown[] = [];
  for (let i = Atomics.add(job.next, 0, 1); i < job.jobs.length; i = Atomics.add(job.next, 0, 1)) {
    taken.push(i);
    results.push(run(job.jobs[i]));
  }
  return { taken, results };
}

/**
 * Runs one kernel on each job: the second on the runner's thread (when there is one) while this
 * thread runs the first; a failed runner's job is run here. Results in the jobs' order.
 */
export function inParts<J extends object, R>(
  runner: KernelRunner | undefined,
  kernel: string,
  jobs: J[],
  run: (job: J) => R,
): R[] {
  if (runner === undefined || jobs.length < 2) return jobs.map(run);
  const wait = runner.start(kernel, jobs[1]);
  const first = run(jobs[0]);
  return [first, (wait() as R | undefined) ?? run(jobs[1])];
}
