/**
 * Command-line definition (yargs). Flags for engine options come from ENGINE_OPTION_SPECS, so the
 * API, the config and the CLI share one definition.
 */

import yargs, { type Argv } from 'yargs';
import { ENGINE_OPTION_SPECS, describeRange } from '../engine/options.js';
import { FORMATS } from '../reporters/index.js';
import { TOOL_INFO } from '../tool-info.js';

/** Kebab-case flag name of each engine option. */
export const ENGINE_FLAGS = {
  threshold: 'threshold',
  containment: 'containment',
  shingleSize: 'shingle-size',
  minWords: 'min-words',
} as const;

/** Command names, for suggestions. */
export const COMMANDS: readonly string[] = ['scan'];

/** Every long flag name, for suggestions on unknown flags. */
export const KNOWN_FLAGS: readonly string[] = [
  'format',
  'pairs',
  'color',
  'no-color',
  'help',
  'version',
  ...Object.values(ENGINE_FLAGS),
];

const EXIT_CODES = `Exit codes:
  0  the scan completed (whether or not it found repeated paragraphs)
  2  usage error, bad option value, no input files, or a path that does not exist`;

function scanOptions(y: Argv) {
  let out = y
    .positional('paths', {
      describe: 'files or directories to scan',
      type: 'string',
      array: true,
      default: ['.'],
    })
    .option('format', {
      alias: 'f',
      describe: 'report format',
      choices: FORMATS,
      default: 'text' as const,
    })
    .option('pairs', {
      describe: 'list every verified duplicate pair (JSON)',
      type: 'boolean',
      default: false,
    })
    .option('color', {
      describe:
        'colour the text report (default: when stdout is a terminal; NO_COLOR/FORCE_COLOR honoured)',
      type: 'boolean',
    });
  for (const [key, flag] of Object.entries(ENGINE_FLAGS)) {
    const spec = ENGINE_OPTION_SPECS[key as keyof typeof ENGINE_FLAGS];
    out = out.option(flag, {
      describe: `${spec.description}; ${describeRange(spec)}`,
      type: 'number',
      default: spec.default,
      group: 'Detection:',
    });
  }
  return out
    .example('$0 scan corpus/', 'scan a folder of stories')
    .example('$0 scan corpus/ --format json > report.json', 'write the JSON report')
    .example('$0 scan a.txt b.md --threshold 0.8', 'stricter duplicates')
    .epilog(EXIT_CODES);
}

/** Builds the yargs parser (no process access: arguments are passed in, nothing exits). */
export function buildParser(args: string[]) {
  return yargs(args)
    .scriptName('dupgraf')
    .usage('$0 <command> [options]\n\nFind repeated and near-repeated paragraphs in news copy.')
    .command('scan [paths..]', 'find repeated paragraphs in files and folders', scanOptions)
    .demandCommand(1, 'Name a command, e.g. `dupgraf scan corpus/`.')
    .strict()
    .recommendCommands()
    .exitProcess(false)
    .version(TOOL_INFO.version)
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilog(EXIT_CODES);
}
