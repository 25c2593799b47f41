/**
 * The CLI's IO ({@link CliIo}): what every command reads and writes through instead of `process`.
 * main.ts passes the process's own; tests pass theirs. run.ts and the commands it dispatches to
 * (check-command.ts, serve-command.ts, …) all depend on this file.
 */

import type { ChunkSink } from './output.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  /** Where reports go; `once`/`removeListener` (a Node stream's) let large output wait for 'drain'. */
  stdout: ChunkSink;
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  /** Working directory paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (for colour). */
  stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (for the progress bar); default false. */
  stderrIsTTY?: boolean;
  /** Terminal width for `--help`; default 100. */
  columns?: number;
  /** Reads all of stdin (for the path `-`); default: stdin is empty. */
  readStdin?: () => Promise<Uint8Array>;
  /**
   * Resolves with the signal's name when the process is asked to stop (`serve` waits on it); in a
   * worker of `serve --workers`, also when its primary asks (`shutdown`).
   */
  untilStopped?: () => Promise<string>;
  /** Worker processes for `serve --workers N` (node:cluster, set up by main.ts); absent in tests. */
  workers?: WorkerProcesses;
}

/** A worker process started by {@link WorkerProcesses.fork}, as its primary sees it. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  /** Messages the worker sends ({@link WorkerProcesses.tell}). */
  onMessage(listener: (message: unknown) => void): void;
  /** The worker has exited (with its exit code, or the signal that ended it). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Asks the worker to stop: it finishes its requests in flight, closes the archive, exits. */
  stop(): void;
  /** Sends SIGTERM (a worker still starting may not hear {@link WorkerProcess.stop} yet). */
  terminate(): void;
}

/** Running one command in several processes (see {@link CliIo.workers}). */
export interface WorkerProcesses {
  /** Whether this process is a worker started by a primary's {@link WorkerProcesses.fork}. */
  readonly isWorker: boolean;
  /** In the primary: starts a worker running the same command line. */
  fork(): Promise<WorkerProcess>;
  /** In a worker: sends a message to the primary. */
  tell(message: unknown): void;
}

/** What the index commands need of the CLI's IO (a subset of {@link CliIo}). */
export interface IndexIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress bar). */
  stderrIsTTY?: boolean;
  /** Resolves with the signal's name on SIGINT or SIGTERM (see {@link CliIo.untilStopped}). */
  untilStopped?: () => Promise<string>;
}

/** Exit codes of the CLI. */
export const ExitCode = { Ok: 0, Findings: 1, Fatal: 2 } as const;
