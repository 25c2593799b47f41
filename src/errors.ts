/**
 * Typed errors that end a run with exit code 2 (usage or configuration problems). Everything
 * else that goes wrong with one file is a warning attached to that file, and the run goes on.
 */

/** Base class of the errors that map to exit code 2 with a one-line message, no stack trace. */
export class DupgrafError extends Error {
  /** Exit code the CLI uses for this error. */
  readonly exitCode = 2;
}

/** Wrong command-line usage: unknown flag, bad value, missing or nonexistent path. */
export class UsageError extends DupgrafError {
  override name = 'UsageError';
}

/** A configuration file that cannot be read or does not validate. */
export class ConfigError extends DupgrafError {
  override name = 'ConfigError';
}

/** No files to scan were found. */
export class NoInputError extends DupgrafError {
  override name = 'NoInputError';
}
