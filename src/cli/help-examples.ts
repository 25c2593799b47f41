/**
 * The "Examples:" section of `--help`. yargs lays examples out in two columns and wraps a long
 * command into lines that read as commands of their own; here each example is two lines, what
 * it does as a shell comment and then the whole command (copy-paste ready), put in the epilog.
 */

/** One example: the command line as typed, and what it does. */
export type Example = readonly [command: string, what: string];

/** The "Examples:" section for `examples` (no trailing newline). */
export function examplesHelp(examples: readonly Example[]): string {
  return [
    'Examples:',
    ...examples.flatMap(([command, what]) => [`  # ${what}`, `  ${command}`]),
  ].join('\n');
}
