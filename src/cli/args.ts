/**
 * Command-line definition (yargs, whose parser is built in parser.ts). The flags of `scan`
 * settings come from SETTING_SPECS (and so the engine's from ENGINE_OPTION_SPECS): the API, the
 * config file and the CLI share one definition. Flags have no yargs defaults, so the CLI can tell
 * a flag given from one not given (precedence: defaults < config file < flags); `--help` shows
 * the defaults. This module does not load yargs (a plain `check` is read without it, see
 * check-args.ts).
 */

import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import type { Example } from './help-examples.js';

/** Command names, for suggestions. */
export const COMMANDS: readonly string[] = [
  'scan',
  'index',
  'check',
  'baseline',
  'approve',
  'serve',
];

/** The exit codes of every command, for the top-level `--help`. */
export const TOOL_EXIT_CODES_HELP = `Exit codes (each command's --help has its own):
  0  done: scan completed, check passed, index command done
  1  findings over the line: scan --fail-on-duplicates N, a check policy violation, index verify
     problems
  2  usage, config or input error (bad flag or value, bad config file, no input files, a path
     that does not exist, an unwritable output, a bad index, registry or baseline)`;

/** The examples of the top-level `dupgraf --help`. */
export const TOOL_EXAMPLES: readonly Example[] = [
  ['dupgraf scan corpus/', 'scan a folder of stories'],
  ['dupgraf check news/ --against archive/ news/', 'check stories against the archive'],
  ['dupgraf scan --help', 'every option of scan (each command has its --help)'],
];

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
 * Whether the word after `--fail-on-duplicates` is a count given wrong (`abc`, `1.5`, `-3`): it
 * names no file or folder, and it looks like a number or is a bare word (no `/`), so it is no
 * path either. It is then the flag's value, which the flag's check refuses (exit 2), rather than
 * a path that does not exist.
 */
function badCount(next: string | undefined, exists: (p: string) => boolean): next is string {
  if (next === undefined || next === '' || next === STDIN_TOKEN || /^\d+$/.test(next)) return false;
  if (exists(next)) return false;
  return /^[-+]?\.?\d/.test(next) || (!next.startsWith('-') && !/[\\/]/.test(next));
}

/**
 * Rewrites `-` into {@link STDIN_TOKEN}, and a bare `--fail-on-duplicates` (followed by nothing, a flag or a path) into
 * `--fail-on-duplicates=1`, so the optional count never swallows a path; a word after it that is
 * no path and no whole number (see {@link badCount}) becomes its value, refused by its check.
 * `exists` tells whether a path exists (from the working folder).
 */
export function normalizeArgs(
  args: readonly string[],
  exists: (p: string) => boolean = () => true,
): string[] {
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
    if (a === '--fail-on-duplicates' && badCount(args[i + 1], exists)) {
      out.push(`--fail-on-duplicates=${args[++i]}`);
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

/** A command's yargs builder: its options, examples and epilog. */
export type Builder = (y: Argv) => Argv;

/**
 * Where each command's builder is: a command's options (and the settings, schemas and tables
 * they are made from) are loaded only when that command is the one run, or asked for `--help`.
 */
const BUILDERS: Readonly<Record<string, () => Promise<Builder>>> = {
  scan: async () => (await import('./scan-options.js')).scanOptions,
  index: async () => (await import('./index-options.js')).indexCommands,
  check: async () => (await import('./check-options.js')).checkCommandOptions,
  baseline: async () => (await import('./check-options.js')).baselineCommandOptions,
  approve: async () => (await import('./check-options.js')).approveOptions,
  serve: async () => (await import('./serve-options.js')).serveOptions,
};

/** The command `args` run (the first argument that names one), if any. */
export function commandOf(args: readonly string[]): string | undefined {
  return args.find((a) => COMMANDS.includes(a));
}

/** Loads the builders of `commands` (unknown names are left out). */
export async function loadBuilders(
  commands: readonly (string | undefined)[],
): Promise<Partial<Record<string, Builder>>> {
  const out: Partial<Record<string, Builder>> = {};
  for (const c of commands) if (c !== undefined && BUILDERS[c]) out[c] = await BUILDERS[c]();
  return out;
}
