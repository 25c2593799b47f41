/** The names of the `dupgraf index` subcommands (a module of its own: no imports, no cycles). */

/**
 * The `index` subcommands, in the order `dupgraf index --help` lists them: the one list that
 * index-options.ts registers with yargs (a table keyed by these names), parser.ts names in the
 * top-level help, unknown-flags.ts tells their flags apart by and names in its hints, and run.ts
 * points at for help.
 */
export const INDEX_COMMANDS = ['add', 'remove', 'prune', 'stats', 'verify', 'migrate'] as const;

/** An `index` subcommand (see {@link INDEX_COMMANDS}). */
export type IndexCommandName = (typeof INDEX_COMMANDS)[number];

/** Whether `word` is an `index` subcommand. */
export function isIndexCommand(word: string | undefined): word is IndexCommandName {
  return (INDEX_COMMANDS as readonly (string | undefined)[]).includes(word);
}
