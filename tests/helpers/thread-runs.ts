/**
 * A scan run three ways, for tests of the worker threads: in one thread, with two threads and
 * the worker under test forced (its threshold option set low), and with two threads and that
 * worker declined (the threshold set out of reach).
 */
import { scan, type Report, type ScanOptions, type ScanTimings } from '../../src/index.js';

/** The threshold options of the scan's worker threads, and the timing flag each one sets. */
type ThreadOption = 'passageThreadFrom' | 'groupThreadFrom' | 'kernelThreadFrom';
type ThreadFlag = 'passageThread' | 'groupThread' | 'kernelThread';

/** The three reports and, per run, `[threads, whether the worker ran]`. */
export interface ThreeRuns {
  oneThread: Report;
  forced: Report;
  declined: Report;
  flags: Array<[number, boolean]>;
  /** Each run's timings, in the same order. */
  timings: ScanTimings[];
}

/** Scans `.` in `cwd` three ways (see the module comment) with `options`. */
export async function threeRuns(
  cwd: string,
  options: ScanOptions,
  threshold: ThreadOption,
  flag: ThreadFlag,
): Promise<ThreeRuns> {
  const flags: Array<[number, boolean]> = [];
  const timings: ScanTimings[] = [];
  const run = (jobs: number, from?: number) =>
    scan(['.'], {
      ...options,
      cwd,
      jobs,
      [threshold]: from,
      onTimings: (t: ScanTimings) => {
        flags.push([t.threads, t[flag]]);
        timings.push(t);
      },
    });
  const oneThread = await run(1);
  const forced = await run(2, 0);
  const declined = await run(2, 1e15);
  return { oneThread, forced, declined, flags, timings };
}
