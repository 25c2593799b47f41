/**
 * The CLI's logic with injected IO: `run(args, io)` parses, scans, writes the report and returns
 * the exit code. It never touches `process` (see main.ts) and never exits.
 *
 * Exit codes: 0 the command completed; 2 usage error, bad option, no input, nonexistent path.
 */

import { InvalidOptionError, type EngineOptions } from '../engine/options.js';
import { DupgrafError } from '../errors.js';
import { formatReport, type Format } from '../reporters/index.js';
import { scan } from '../scan.js';
import { buildParser, COMMANDS, ENGINE_FLAGS, KNOWN_FLAGS } from './args.js';
import { shouldUseColor } from './color.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Working directory paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (for colour). */
  stdoutIsTTY: boolean;
}

/** Exit codes of the CLI. */
export const ExitCode = { Ok: 0, Findings: 1, Fatal: 2 } as const;

interface Parsed {
  error?: Error;
  argv?: Record<string, unknown>;
  output: string;
}

function parse(args: string[]): Promise<Parsed> {
  return new Promise((resolve) => {
    try {
      buildParser(args).parse(args, {}, (error, argv, output) => {
        resolve({ error: error ?? undefined, argv: argv as Record<string, unknown>, output });
      });
    } catch (error) {
      resolve({ error: error as Error, output: '' });
    }
  });
}

/** Levenshtein distance between two short strings. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** "Did you mean …?" lines for the unknown arguments named in a yargs error message. */
function suggestFor(message: string): string {
  const match = /Unknown arguments?: (.*)/.exec(message);
  if (!match) return '';
  let out = '';
  for (const name of match[1].split(', ')) {
    const bare = name.replace(/^-+/, '');
    const candidates = [
      ...COMMANDS.map((c) => ({ c, flag: false })),
      ...KNOWN_FLAGS.map((c) => ({ c, flag: true })),
    ];
    const best = candidates
      .map(({ c, flag }) => ({ c, flag, d: distance(bare, c) }))
      .filter((x) => x.d <= Math.max(2, Math.floor(bare.length / 3)))
      .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))[0];
    if (best) out += `Did you mean ${best.flag ? '--' : ''}${best.c}?\n`;
  }
  return out;
}

/** Runs the CLI with arguments (without `node` and the script) and returns the exit code. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = await parse(args);
  if (parsed.error) {
    const hint = suggestFor(parsed.error.message);
    io.stderr.write(`dupgraf: ${parsed.error.message}\n${hint}Run \`dupgraf --help\` for usage.\n`);
    return ExitCode.Fatal;
  }
  if (parsed.output) {
    io.stdout.write(parsed.output + '\n');
    return ExitCode.Ok;
  }
  const argv = parsed.argv!;
  try {
    const command = (argv._ as string[])[0];
    if (command === 'scan') return await runScan(argv, io);
    io.stderr.write(`dupgraf: unknown command ${command}\n`);
    return ExitCode.Fatal;
  } catch (error) {
    if (error instanceof DupgrafError || error instanceof InvalidOptionError) {
      io.stderr.write(`dupgraf: ${error.message}\n`);
      return ExitCode.Fatal;
    }
    throw error;
  }
}

async function runScan(argv: Record<string, unknown>, io: CliIo): Promise<number> {
  const engine: Partial<EngineOptions> = {};
  for (const [key, flag] of Object.entries(ENGINE_FLAGS)) {
    engine[key as keyof EngineOptions] = argv[flag] as number;
  }
  const format = argv.format as Format;
  const report = await scan(argv.paths as string[], {
    ...engine,
    pairs: argv.pairs as boolean,
    cwd: io.cwd,
  });
  for (const w of report.warnings) io.stderr.write(`dupgraf: warning: ${w.path}: ${w.message}\n`);
  const color = shouldUseColor(argv.color as boolean | undefined, io.env, io.stdoutIsTTY);
  io.stdout.write(formatReport(report, format, { color }));
  return ExitCode.Ok;
}
