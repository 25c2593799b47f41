/**
 * Typed errors that end a run with exit code 2 (usage, configuration or index problems). Every
 * error dupgraf throws on purpose is a {@link DupgrafError} with a stable `code` string (the
 * table is in docs/api.md); everything else that goes wrong with one file is a warning attached
 * to that file, and the run goes on.
 */

/** Base class of the errors that map to exit code 2 with a one-line message, no stack trace. */
export class DupgrafError extends Error {
  /** Exit code the CLI uses for this error. */
  readonly exitCode = 2;
  /** Stable, machine-readable kind of error, e.g. `USAGE` (see docs/api.md). */
  readonly code: string;
  constructor(message: string, code = 'DUPGRAF') {
    super(message);
    this.code = code;
  }
}

/** Wrong command-line usage or API call: unknown flag or key, bad value, missing path. */
export class UsageError extends DupgrafError {
  override name = 'UsageError';
  constructor(message: string, code = 'USAGE') {
    super(message, code);
  }
}

/** A configuration file that cannot be read or does not validate. */
export class ConfigError extends DupgrafError {
  override name = 'ConfigError';
  constructor(message: string) {
    super(message, 'CONFIG');
  }
}

/** No files to scan were found. */
export class NoInputError extends DupgrafError {
  override name = 'NoInputError';
  constructor(message: string) {
    super(message, 'NO_INPUT');
  }
}

/** The work was cancelled through an `AbortSignal` (the `signal` option). */
export class AbortedError extends DupgrafError {
  override name = 'AbortedError';
  constructor(message = 'cancelled') {
    super(message, 'ABORTED');
  }
}
