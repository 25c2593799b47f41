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
  /** Resolves with the signal's name when the process is asked to stop (`serve` waits on it). */
  untilStopped?: () => Promise<string>;
}

/** What the index commands need of the CLI's IO (a subset of {@link CliIo}). */
export interface IndexIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress bar). */
  stderrIsTTY?: boolean;
}

/** Exit codes of the CLI. */
export const ExitCode = { Ok: 0, Findings: 1, Fatal: 2 } as const;
