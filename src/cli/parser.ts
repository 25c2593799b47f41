/**
 * The yargs parser of the CLI (the commands, their options from each command's builder, help
 * and version), loaded only when a run needs it: run.ts reads a plain `check` without it
 * (check-args.ts).
 */

import yargs, { type Argv } from 'yargs';
import { TOOL_INFO } from '../tool-info.js';
import { TOOL_EXAMPLES, TOOL_EXIT_CODES_HELP, type Builder } from './args.js';
import { INDEX_COMMANDS } from './index-command-names.js';
import { examplesHelp } from './help-examples.js';

/**
 * Builds the yargs parser (no process access: arguments are passed in, nothing exits). Only the
 * commands in `builders` ({@link loadBuilders}) have their options; the others are names and
 * descriptions (enough for the top-level `--help` and for suggesting a command).
 */
export function buildParser(
  args: string[],
  columns = 100,
  builders: Partial<Record<string, Builder>> = {},
) {
  const builder = (command: string): Builder => builders[command] ?? ((y) => y);
  // yargs lays out the whole help text after every command (to cache it), and wrapping it
  // costs ~0.1 s of start-up; only help output is wrapped, so wrap only when help is asked.
  const parser = yargs(args)
    .scriptName('dupgraf')
    .usage('$0 <command> [options]\n\nFind repeated and near-repeated paragraphs in news copy.')
    .command('scan [paths..]', 'find repeated paragraphs in files and folders', builder('scan'))
    .command('index', `manage an archive index (${INDEX_COMMANDS.join(', ')})`, builder('index'))
    .command(
      'check [files..]',
      'CI check: fail when stories break the policy on recycled copy',
      builder('check'),
    )
    .command(
      'baseline [files..]',
      'write the current check findings to a baseline file',
      builder('baseline'),
    )
    .command(
      'approve <location>',
      'add the paragraph at path:line to the approved boilerplate',
      builder('approve'),
    )
    .command(
      'serve',
      'serve the archive over HTTP: a JSON API for the CMS and a page to check drafts',
      builder('serve'),
    )
    .demandCommand(1, 'Name a command, e.g. `dupgraf scan corpus/`.')
    .strict()
    .recommendCommands()
    .exitProcess(false)
    // yargs's own messages in English, as dupgraf's are, whatever the locale (and the same from
    // the bundle, which does not ship yargs's translations).
    .locale('en')
    .version(TOOL_INFO.version)
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(args.some((a) => a === '--help' || a === '-h') ? Math.min(100, columns) : null)
    .epilog(`${examplesHelp(TOOL_EXAMPLES)}\n\n${TOOL_EXIT_CODES_HELP}`);
  skipHelpCache(parser);
  return parser;
}

/**
 * Even unwrapped, laying out the help text that yargs caches after every command costs ~40 ms
 * (string-width on every cell), and the cache serves only a later `showHelp()`, which this CLI
 * never calls (`--help` is laid out afresh). So the caching is turned off. It is yargs-internal
 * (yargs is pinned): should it move, this does nothing and the cost comes back; nothing breaks.
 */
function skipHelpCache(parser: Argv): void {
  type Internals = { getUsageInstance?: () => { cacheHelpMessage?: unknown } | undefined };
  const internals = (parser as unknown as { getInternalMethods?: () => Internals })
    .getInternalMethods;
  const usage =
    typeof internals === 'function' ? internals.call(parser).getUsageInstance?.() : undefined;
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
