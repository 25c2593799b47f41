/**
 * The options (yargs) of `scan`, loaded only when `scan` is the command (args.ts): its settings
 * flags come from SETTING_SPECS (and so the engine's from ENGINE_OPTION_SPECS), shared with the
 * API and the config file.
 */

import type { Argv, Options } from 'yargs';
import { SETTING_KEYS } from './settings.js';
import { NUMBER_AS_TYPED } from './setting-flags.js';
import { INPUT_SETTING_KEYS, withInputFlags, withSettingFlags } from './input-flags.js';
import { examplesHelp, type Example } from './help-examples.js';

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

/** The examples of `dupgraf scan --help`. */
export const SCAN_EXAMPLES: readonly Example[] = [
  ['dupgraf scan corpus/', 'scan a folder of stories'],
  ['dupgraf scan corpus/ --format json -o report.json', 'write the JSON report to a file'],
  ['dupgraf scan corpus/ --format markdown > dupes.md', 'a report to paste in a pull request'],
  ['dupgraf scan a.txt b.md --threshold 0.8', 'stricter duplicates'],
  ['dupgraf scan stories/ --fail-on-duplicates 3', 'exit 1 when 3 or more groups are found'],
  ['cat story.txt | dupgraf scan - corpus/ --stdin-filename story.txt', 'read stdin too'],
];

/** The options, examples and exit codes of `scan`. */
export function scanOptions(y: Argv) {
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
