/**
 * Command-line definition (yargs). The flags of `scan` settings come from SETTING_SPECS (and so
 * the engine's from ENGINE_OPTION_SPECS): the API, the config file and the CLI share one
 * definition. Flags have no yargs defaults, so the CLI can tell a flag given from one not given
 * (precedence: defaults < config file < flags); `--help` shows the defaults.
 */

import yargs, { type Argv, type Options } from 'yargs';
import { UsageError } from '../errors.js';
import { TOOL_INFO } from '../tool-info.js';
import { SETTING_KEYS } from './settings.js';
import { NUMBER_AS_TYPED } from './setting-flags.js';
import { INPUT_SETTING_KEYS, withInputFlags, withSettingFlags } from './input-flags.js';
import { indexCommands } from './index-options.js';
import { approveOptions, CHECK_EXAMPLES, CHECK_EXIT_CODES, checkOptions } from './check-options.js';
import { serveOptions } from './serve-options.js';
import { examplesHelp, type Example } from './help-examples.js';

/** Command names, for suggestions. */
export const COMMANDS: readonly string[] = [
  'scan',
  'index',
  'check',
  'baseline',
  'approve',
  'serve',
];

/** Flags of `scan` that are not settings and not input flags (they steer the run, not the result). */
export const RUN_FLAGS: Readonly<Record<string, Options>> = {
  'stdin-filename': {
    describe: 'path shown in the report for the document read from stdin (`-`)',
    type: 'string',
    group: 'Files:',
  },
  color: {
    describe:
      'colour the text report (default: when stdout is a terminal; NO_COLOR/FORCE_COLOR honoured)',
    type: 'boolean',
    group: 'Output:',
  },
  quiet: {
    alias: 'q',
    describe: 'print only the report: no progress, no warnings on stderr',
    type: 'boolean',
    group: 'Output:',
  },
  verbose: {
    describe: 'also print the settings, the config file and timings per phase on stderr',
    type: 'boolean',
    group: 'Output:',
  },
  jobs: {
    describe: 'worker threads reading and preparing files (default: one per core)',
    ...NUMBER_AS_TYPED,
    group: 'Performance:',
  },
  index: {
    describe:
      'also compare with the stories of this archive index (an SQLite file or a postgres:// URL; dupgraf index add); nothing is added to it',
    type: 'string',
    requiresArg: true,
    group: 'Files:',
  },
};

/** The exit codes, as `--help` and the README list them. */
export const EXIT_CODES_HELP = `Exit codes:
  0  the scan completed (whether or not it found repeated paragraphs)
  1  --fail-on-duplicates [N] was given and at least N groups were found (N default 1)
  2  usage error, bad option value, bad config file, no input files, or a path given on the
     command line that does not exist or cannot be read; with --strict, also when any file was
     skipped or read with a warning (binary, too large, unreadable, vanished, broken link,
     guessed encoding)`;

/** The exit codes of every command, for the top-level `--help`. */
export const TOOL_EXIT_CODES_HELP = `Exit codes (each command's --help has its own):
  0  done: scan completed, check passed, index command done
  1  findings over the line: scan --fail-on-duplicates N, a check policy violation, index verify
     problems
  2  usage, config or input error (bad flag or value, bad config file, no input files, a path
     that does not exist, an unwritable output, a bad index, registry or baseline)`;

/** The examples of `dupgraf scan --help`. */
export const SCAN_EXAMPLES: readonly Example[] = [
  ['dupgraf scan corpus/', 'scan a folder of stories'],
  ['dupgraf scan corpus/ --format json -o report.json', 'write the JSON report to a file'],
  ['dupgraf scan corpus/ --format markdown > dupes.md', 'a report to paste in a pull request'],
  ['dupgraf scan a.txt b.md --threshold 0.8', 'stricter duplicates'],
  ['dupgraf scan stories/ --fail-on-duplicates 3', 'exit 1 when 3 or more groups are found'],
  ['cat story.txt | dupgraf scan - corpus/ --stdin-filename story.txt', 'read stdin too'],
];

/** The examples of the top-level `dupgraf --help`. */
export const TOOL_EXAMPLES: readonly Example[] = [
  ['dupgraf scan corpus/', 'scan a folder of stories'],
  ['dupgraf check news/ --against archive/ news/', 'check stories against the archive'],
  ['dupgraf scan --help', 'every option of scan (each command has its --help)'],
];

function scanOptions(y: Argv) {
  let out = y.positional('paths', {
    describe: 'files or directories to scan; `-` reads one document from stdin',
    type: 'string',
    array: true,
    defaultDescription: '.',
  });
  out = withInputFlags(out);
  out = withSettingFlags(
    out,
    SETTING_KEYS.filter((k) => !(INPUT_SETTING_KEYS as readonly string[]).includes(k)),
  );
  for (const [name, options] of Object.entries(RUN_FLAGS)) out = out.option(name, options);
  return out.epilog(`${examplesHelp(SCAN_EXAMPLES)}\n\n${EXIT_CODES_HELP}`);
}

/** What `-` (stdin) becomes before yargs sees it (yargs drops a bare `-`); not a valid path. */
export const STDIN_TOKEN = '\u0000stdin';

/**
 * For the commands that read files only (`check`, `baseline`, `index add`): `-` (stdin) among
 * `paths` is a usage error saying so, rather than "no such file" about {@link STDIN_TOKEN}.
 */
export function refuseStdin(paths: readonly string[], command: string): void {
  if (paths.some((p) => p === '-' || p === STDIN_TOKEN))
    throw new UsageError(
      `\`-\` (stdin) is not supported by \`dupgraf ${command}\`: name the story's file instead`,
    );
}

/**
 * Rewrites `-` into {@link STDIN_TOKEN}, and a bare `--fail-on-duplicates` (followed by nothing, a flag or a path) into
 * `--fail-on-duplicates=1`, so the optional count never swallows a path.
 */
export function normalizeArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (a === '-') {
      out.push(STDIN_TOKEN);
      continue;
    }
    if (a === '--fail-on-duplicates' && !/^\d+$/.test(args[i + 1] ?? '')) {
      out.push('--fail-on-duplicates=1');
      continue;
    }
    out.push(a);
  }
  return out;
}

/** Builds the yargs parser (no process access: arguments are passed in, nothing exits). */
export function buildParser(args: string[], columns = 100) {
  // yargs lays out the whole help text after every command (to cache it), and wrapping it
  // costs ~0.1 s of start-up; only help output is wrapped, so wrap only when help is asked.
  const parser = yargs(args)
    .scriptName('dupgraf')
    .usage('$0 <command> [options]\n\nFind repeated and near-repeated paragraphs in news copy.')
    .command('scan [paths..]', 'find repeated paragraphs in files and folders', scanOptions)
    .command('index', 'manage an archive index (add, remove, prune, stats, verify)', indexCommands)
    .command(
      'check [files..]',
      'CI check: fail when stories break the policy on recycled copy',
      (y) =>
        checkOptions(y, 'check').epilog(`${examplesHelp(CHECK_EXAMPLES)}\n\n${CHECK_EXIT_CODES}`),
    )
    .command('baseline [files..]', 'write the current check findings to a baseline file', (y) =>
      checkOptions(y, 'baseline'),
    )
    .command(
      'approve <location>',
      'add the paragraph at path:line to the approved boilerplate',
      approveOptions,
    )
    .command(
      'serve',
      'serve the archive over HTTP: a JSON API for the CMS and a page to check drafts',
      serveOptions,
    )
    .demandCommand(1, 'Name a command, e.g. `dupgraf scan corpus/`.')
    .strict()
    .recommendCommands()
    .exitProcess(false)
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
