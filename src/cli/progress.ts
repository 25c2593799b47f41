/**
 * Progress and timings for the CLI. A progress bar (cli-progress) on stderr, shown only when it
 * is enabled (stderr is a terminal and CI is not set, unless `--progress`/`--no-progress`) and
 * only once a run has lasted `delayMs` (default 1000 ms), so quick scans print nothing. The same
 * callback records the time spent in each phase for `--verbose`.
 */

import { createRequire } from 'node:module';
import type cliProgressTypes from 'cli-progress';
import type { ProgressCallback, ProgressPhase } from '../engine/detect.js';

/** Units counted in each phase, for the bar. */
const UNITS: Record<ProgressPhase, string> = {
  reading: 'files',
  shingling: 'stories',
  comparing: 'joins',
  grouping: 'steps',
};

/** A writable terminal-like stream (process.stderr, or a test double). */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Where the bar is drawn. */
  stream: ProgressStream;
  /** Whether to draw a bar at all. */
  enabled: boolean;
  /** Milliseconds after the start before a bar may appear; default 1000. */
  delayMs?: number;
  /** Clock in milliseconds; default `performance.now`. */
  now?: () => number;
}

/** Time spent in one phase, in milliseconds. */
export interface PhaseTiming {
  phase: string;
  ms: number;
}

/** What {@link createProgress} returns. */
export interface Progress {
  /** Pass to `scan()` as `onProgress`. */
  onProgress: ProgressCallback;
  /** Starts timing a phase of the CLI's own (e.g. `writing`). */
  mark(phase: string): void;
  /** Ends the current phase and removes the bar, if any. */
  stop(): void;
  /** Phases in the order they ran, with their durations. */
  timings(): PhaseTiming[];
  /** Whether a bar was drawn. */
  readonly shown: boolean;
}

/** Whether a progress bar may be drawn: the flag, else stderr is a terminal and CI is unset. */
export function shouldShowProgress(
  flag: boolean | undefined,
  quiet: boolean,
  env: Record<string, string | undefined>,
  stderrIsTTY: boolean,
): boolean {
  if (quiet) return false;
  if (flag !== undefined) return flag;
  return stderrIsTTY && !env.CI;
}

/**
 * The progress reporter of a command: on stderr when `--progress`/`--no-progress` (`flag`) says
 * so, else when stderr is a terminal and CI is unset; never when `quiet`.
 */
export function commandProgress(
  flag: unknown,
  quiet: boolean,
  io: {
    stderr: ProgressStream;
    env: Record<string, string | undefined>;
    stderrIsTTY?: boolean;
  },
): Progress {
  return createProgress({
    stream: io.stderr,
    enabled: shouldShowProgress(
      flag as boolean | undefined,
      quiet,
      io.env,
      io.stderrIsTTY ?? false,
    ),
  });
}

/** cli-progress, loaded on first use only (a bar is rarely shown; start-up stays short). */
function loadCliProgress(): typeof cliProgressTypes {
  return createRequire(import.meta.url)('cli-progress') as typeof cliProgressTypes;
}

/** A progress bar on `stream`: phase, bar, percentage, done/total, rate, time left. */
function newBar(stream: ProgressStream): cliProgressTypes.SingleBar {
  const cliProgress = loadCliProgress();
  return new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format:
        '{phase} [{bar}] {percentage}% | {value}/{total} {unit} | {rate} | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** Creates the progress reporter (see the module comment). */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const delay = options.delayMs ?? 1000;
  const started = now();
  const timings: PhaseTiming[] = [];
  let current: { phase: string; start: number } | null = null;
  let bar: cliProgressTypes.SingleBar | null = null;
  let shown = false;

  const enter = (phase: string) => {
    if (current?.phase === phase) return;
    const t = now();
    if (current) timings.push({ phase: current.phase, ms: t - current.start });
    current = { phase, start: t };
  };

  const payload = (phase: ProgressPhase, done: number) => {
    const seconds = current ? (now() - current.start) / 1000 : 0;
    const rate = seconds > 0 ? `${Math.round(done / seconds)}/s` : '-';
    return { phase: phase.padEnd(9), unit: UNITS[phase], rate };
  };

  const onProgress: ProgressCallback = (phase, done, total) => {
    enter(phase);
    if (!options.enabled) return;
    if (!bar) {
      if (now() - started < delay || done >= total) return;
      bar = newBar(options.stream);
      bar.start(total, done, payload(phase, done));
      shown = true;
      return;
    }
    bar.setTotal(total);
    bar.update(done, payload(phase, done));
  };

  return {
    onProgress,
    mark: enter,
    stop() {
      if (current) timings.push({ phase: current.phase, ms: now() - current.start });
      current = null;
      bar?.stop();
      bar = null;
    },
    timings: () => [...timings],
    get shown() {
      return shown;
    },
  };
}
