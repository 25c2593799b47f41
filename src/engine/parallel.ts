/**
 * Splitting the engine's heaviest steps (ranking shingles, the join) across two threads while
 * the engine stays pure and synchronous: the caller hands in a {@link KernelRunner} that runs a
 * named kernel (a pure function, one of `JOIN_KERNELS` in `join.ts`) on another thread; the
 * engine runs the other part itself, then waits. Arrays both threads read or write live in
 * `SharedArrayBuffer`s; the results are what the one-thread run gives, byte for byte.
 */

/**
 * Runs kernels on another thread. `start` posts the job and returns a function that blocks until
 * the result is back, or returns undefined when the thread failed (the engine then runs that
 * part itself).
 */
export interface KernelRunner {
  start(kernel: string, job: object): () => unknown;
  /** Optional: called once the engine needs no more kernels (the thread can go, and with it its
   * hold on the shared arrays). */
  finish?(): void;
}

/** A Uint32Array of `length` zeros in shared memory (visible to every thread it is posted to). */
export function sharedUint32(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}

/** `a` itself when it lives in shared memory, else a copy of it that does. */
export function asShared(a: Uint32Array): Uint32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const s = sharedUint32(a.length);
  s.set(a);
  return s;
}

/**
 * A runner that runs each kernel at once in the calling thread (for tests, and a reference: the
 * split computation must give the same results as the whole).
 */
export function inlineRunner(kernels: Record<string, (job: never) => unknown>): KernelRunner {
  return {
    start(kernel, job) {
      const result = kernels[kernel](job as never);
      return () => result;
    },
  };
}
