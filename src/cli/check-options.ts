/**
 * The options (yargs) of `check`, `baseline` and `approve`, apart from what the commands do
 * (check-command.ts), so building the parser for another command does not load the check's code.
 */

import type { Argv } from 'yargs';
import { CHECK_FORMATS } from '../reporters/check-format-names.js';
import {
  DETECTION_SETTING_KEYS,
  INPUT_RUN_FLAGS,
  withInputFlags,
  withSettingFlags,
} from './input-flags.js';
import { READ_SETTING_KEYS } from './setting-flags.js';
import { examplesHelp, type Example } from './help-examples.js';

/** Default name of the approved boilerplate registry. */
export const DEFAULT_APPROVED_FILE = 'dupgraf.approved.json';

/** Default name of the baseline file. */
export const DEFAULT_BASELINE_FILE = 'dupgraf.baseline';

/** `--approved` of `check`, `baseline` and `approve`. */
const APPROVED_OPTION = {
  describe: `approved boilerplate registry (default: check.approved of the config file, else the ${DEFAULT_APPROVED_FILE} found from the working directory upward)`,
  type: 'string',
  requiresArg: true,
} as const;

/** Exit codes of `dupgraf check`, for `--help`. */
export const CHECK_EXIT_CODES = `Exit codes:
  0  no policy violation (warnings allowed)
  1  at least one story breaks its policy
  2  usage or config error (also an invalid or missing named registry or baseline), no stories
     found, unreadable story, git not available for --changed-since, or an archive index
     (--index) that is missing, not a dupgraf index, damaged, locked, unreachable or built with
     other settings`;

/**
 * A policy limit flag's value: `null` (or `none`) for no limit, a number when it reads as one,
 * else the text as given (the policy schema then refuses it, quoting it).
 */
export function limitValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === 'null' || text === 'none') return null;
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return Number(text);
  // A share as a percentage (`40%`) is read by the policy schema.
  return value;
}

/** The examples of `dupgraf check --help`. */
export const CHECK_EXAMPLES: readonly Example[] = [
  ['dupgraf check news/ --against archive/ news/', 'check stories against the archive'],
  [
    'dupgraf check --changed-since origin/main -f github -f sarif:out.sarif',
    'in CI: the changed stories, with annotations and a SARIF report',
  ],
  ['dupgraf check --baseline dupgraf.baseline', 'fail only on findings not in the baseline'],
];

/** Options shared by `check` and `baseline`. */
export function checkOptions(y: Argv, command: 'check' | 'baseline') {
  let out = y
    .positional('files', {
      describe: 'stories under check: files or directories',
      type: 'string',
      array: true,
      default: [] as string[],
      defaultDescription: '.',
    })
    .option('against', {
      describe:
        'the archive to match against: files or directories (default: the stories’ paths); takes every path after it, so name stories first or end the list with --',
      type: 'string',
      array: true,
    })
    .option('index', {
      describe:
        'also match against this archive index (dupgraf index add): an SQLite file (e.g. archive.dupgraf.db) or a PostgreSQL URL (postgres://user@host/db, ?schema=name); default $DUPGRAF_INDEX_URL when no --against is given; the approvals stored with it apply too; nothing is added to it',
      type: 'string',
      requiresArg: true,
    })
    .option('changed-since', {
      describe:
        'check only the files added or changed since this git ref (still matched against the whole archive)',
      type: 'string',
    })
    .option('baseline', {
      describe:
        command === 'baseline'
          ? `baseline file to write (default: the ${DEFAULT_BASELINE_FILE} found from the working directory upward, else a new one beside the config file or at the repository root)`
          : `baseline file: only findings not in it count (default: the ${DEFAULT_BASELINE_FILE} found from the working directory upward, read when there is one; --no-baseline reads none)`,
      type: 'string',
    })
    .option('approved', APPROVED_OPTION)
    .option('max-boilerplate-share', {
      describe:
        'policy: maximum share of a story’s words in recycled paragraphs, in [0, 1] or as a percentage (40%), or null for no limit',
      type: 'string',
      coerce: limitValue,
      group: 'Policy:',
    })
    .option('max-recycled-paragraphs', {
      describe: 'policy: maximum number of recycled paragraphs per story, or null for no limit',
      type: 'string',
      coerce: limitValue,
      group: 'Policy:',
    })
    .option('count-partials', {
      describe: 'policy: count partial reuse as recycled',
      type: 'boolean',
      group: 'Policy:',
    });
  if (command === 'check') {
    out = out
      .option('update-baseline', {
        describe: 'write the current findings to the baseline file, then check against it',
        type: 'boolean',
        default: false,
      })
      .option('format', {
        alias: 'f',
        describe: `output format, optionally with a file: NAME or NAME:FILE (${CHECK_FORMATS.join(', ')}); repeatable`,
        type: 'string',
        default: 'text',
      })
      .option('output', {
        alias: 'o',
        describe: 'write the report of the --format without a file here instead of stdout',
        type: 'string',
        requiresArg: true,
      })
      .option('color', {
        describe: 'colour the text report (default: when stdout is a terminal)',
        type: 'boolean',
      })
      .option('quiet', {
        alias: 'q',
        describe: 'print only the report: no warnings or notes on stderr (errors still)',
        type: 'boolean',
      });
  }
  return withSettingFlags(withInputFlags(out), DETECTION_SETTING_KEYS);
}

/** The builder of `check`: its options, examples and exit codes. */
export function checkCommandOptions(y: Argv) {
  return checkOptions(y, 'check').epilog(`${examplesHelp(CHECK_EXAMPLES)}\n\n${CHECK_EXIT_CODES}`);
}

/** The builder of `baseline`. */
export function baselineCommandOptions(y: Argv) {
  return checkOptions(y, 'baseline');
}

/** Options of `approve`. */
export function approveOptions(y: Argv) {
  const out = y
    .positional('location', {
      describe: 'the paragraph to approve, as path:line (any line of the paragraph)',
      type: 'string',
      demandOption: true,
    })
    .option('reason', {
      describe: 'why this paragraph may be reused',
      type: 'string',
      demandOption: true,
    })
    .option('expires', { describe: 'last day the approval holds, YYYY-MM-DD', type: 'string' })
    .option('owner', {
      describe: 'who answers for it (default: git user.name, then $USER)',
      type: 'string',
    })
    .option('approved', APPROVED_OPTION)
    .option('config', INPUT_RUN_FLAGS.config);
  return withSettingFlags(out, READ_SETTING_KEYS);
}
