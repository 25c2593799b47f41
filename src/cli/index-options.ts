/**
 * The options (yargs) of the `dupgraf index` subcommands ({@link INDEX_COMMANDS}), apart from what they do
 * (index-command.ts), so building the parser for another command does not load the archive code
 * (SQLite).
 */

import type { Argv } from 'yargs';
import { DEFAULT_LOWEST_THRESHOLD } from '../archive/index-defaults.js';
import { ENGINE_OPTION_SPECS, describeRange } from '../engine/options.js';
import { NUMBER_AS_TYPED } from './setting-flags.js';
import { withInputFlags } from './input-flags.js';
import { examplesHelp, type Example } from './help-examples.js';
import { INDEX_COMMANDS, type IndexCommandName } from './index-command-names.js';

/** The examples of `dupgraf index --help`. */
export const INDEX_EXAMPLES: readonly Example[] = [
  ['dupgraf index add archive/ --index archive.db', 'build or update an index'],
  ['dupgraf scan new.txt --index archive.db', 'check a story against it'],
  [
    'dupgraf index add archive/ --index postgres://dupgraf@db.example/news',
    'a PostgreSQL index shared by every runner',
  ],
];

const INDEX_EXIT_CODES = `Exit codes:
  0  done
  1  index verify found problems
  2  usage error; the index is missing, not a dupgraf index, damaged, or built with other settings
  130, 143  index add stopped by SIGINT (Ctrl-C) or SIGTERM; the batches committed are kept`;

/** The `--quick-check` flag of the commands that write to an index. */
function withQuickCheck(y: Argv) {
  return y.option('quick-check', {
    describe:
      'SQLite: check the whole file (PRAGMA quick_check, about 3-4 s per GB) before writing; --no-quick-check skips it (run `index verify` on a schedule instead)',
    type: 'boolean',
    default: true,
  });
}

function withIndexFile(y: Argv) {
  return y.option('index', {
    describe:
      'the index: an SQLite file (e.g. archive.dupgraf.db) or a PostgreSQL URL (postgres://user@host/db, ?schema=name); default $DUPGRAF_INDEX_URL',
    type: 'string',
    requiresArg: true,
  });
}

/**
 * Each `index` subcommand's usage (its name and positional arguments), summary and options: a
 * table keyed by {@link INDEX_COMMANDS}, so a name added there without its entry here (or an
 * entry without its name) does not compile.
 */
const INDEX_COMMAND_SPECS: Record<
  IndexCommandName,
  { args?: string; describe: string; builder: (a: Argv) => Argv }
> = {
  add: {
    args: '<paths..>',
    describe:
      'add stories to the index (created if missing); changed files replace their paragraphs, unchanged ones are skipped',
    builder: (a) =>
      withInputFlags(withQuickCheck(withIndexFile(a)))
        .positional('paths', {
          describe: 'files or directories',
          type: 'string',
          array: true,
          // Required: no default to show (without this yargs says `[default: []]`).
          default: undefined,
        })
        .option('shingle-size', {
          describe: `when creating: ${ENGINE_OPTION_SPECS.shingleSize.description}; ${describeRange(ENGINE_OPTION_SPECS.shingleSize)} (default ${ENGINE_OPTION_SPECS.shingleSize.default})`,
          ...NUMBER_AS_TYPED,
        })
        .option('min-words', {
          describe: `when creating: ${ENGINE_OPTION_SPECS.minWords.description} (default ${ENGINE_OPTION_SPECS.minWords.default})`,
          ...NUMBER_AS_TYPED,
        })
        .option('lowest-threshold', {
          describe: `when creating: the lowest --threshold/--containment queries may use, in (0, 1] (default ${DEFAULT_LOWEST_THRESHOLD})`,
          ...NUMBER_AS_TYPED,
        })
        .option('batch-size', {
          describe:
            'files per transaction (a killed run keeps the batches it committed); default: 500 for a new index, into an existing SQLite index as many as make 1-4 million shingles',
          ...NUMBER_AS_TYPED,
        }),
  },
  remove: {
    args: '<paths..>',
    describe: 'remove stories (files, or every story under a folder)',
    builder: (a) =>
      withQuickCheck(withIndexFile(a)).positional('paths', {
        describe: 'stored paths or folders (need not exist any more)',
        type: 'string',
        array: true,
        default: undefined,
      }),
  },
  prune: {
    describe: 'remove stories older than an age',
    builder: (a) =>
      withQuickCheck(withIndexFile(a)).option('older-than', {
        describe:
          'age, e.g. 90d, 12w, 36h, 1y (story date: its publication date, else front matter date, else file time)',
        type: 'string',
        demandOption: 'index prune needs --older-than AGE (e.g. --older-than 90d)',
        requiresArg: true,
      }),
  },
  stats: {
    describe: 'stories, paragraphs, size on disk and settings',
    builder: (a) =>
      withIndexFile(a).option('format', {
        alias: 'f',
        describe: 'output format',
        choices: ['text', 'json'] as const,
        default: 'text' as const,
      }),
  },
  verify: {
    describe: 'check the index (SQLite: PRAGMA integrity_check; both: its own invariants)',
    builder: (a) => withIndexFile(a),
  },
  migrate: {
    describe:
      'bring an index made by an older dupgraf up to date (PostgreSQL schema migrations, SQLite format steps)',
    builder: (a) => withIndexFile(a),
  },
};

/** Registers the `index` subcommands ({@link INDEX_COMMANDS}, in order) on a yargs instance. */
export function indexCommands(y: Argv) {
  for (const name of INDEX_COMMANDS) {
    const { args, describe, builder } = INDEX_COMMAND_SPECS[name];
    y.command(args ? `${name} ${args}` : name, describe, builder);
  }
  const names = `${INDEX_COMMANDS.slice(0, -1).join(', ')} or ${INDEX_COMMANDS.at(-1)}`;
  return y
    .demandCommand(1, `Name an index command: ${names}.`)
    .epilog(`${examplesHelp(INDEX_EXAMPLES)}\n\n${INDEX_EXIT_CODES}`);
}
