/**
 * The CLI's logic with injected IO: `run(args, io)` parses, loads the config, scans, writes the
 * report and returns the exit code. It never touches `process` (see main.ts) and never exits.
 *
 * Exit codes: 0 the command completed; 1 `--fail-on-duplicates [N]` and at least N groups;
 * 2 usage error, bad option, bad config file, no input, nonexistent or unreadable path, or
 * `--strict` and at least one warning about a file.
 */

import fs from 'node:fs';
import path from 'node:path';
import { InvalidOptionError } from '../engine/options.js';
import { DupgrafError } from '../errors.js';
import { COMMANDS, commandOf, loadBuilders, normalizeArgs } from './args.js';
import { isIndexCommand } from './index-command-names.js';
import { quickCheckArgs } from './check-args.js';
import { ExitCode, type CliIo } from './cli-io.js';

export { ExitCode } from './cli-io.js';

/** The help to point at after a usage error: the command's (`dupgraf check --help`), else the tool's. */
function helpCommand(args: readonly string[]): string {
  const i = args.findIndex((a) => COMMANDS.includes(a));
  if (i < 0) return 'dupgraf --help';
  // `index add --help` for an index command; `index --help` (which lists them) for any other word.
  const sub = args[i] === 'index' && isIndexCommand(args[i + 1]) ? ` ${args[i + 1]}` : '';
  return `dupgraf ${args[i]}${sub} --help`;
}

interface Parsed {
  error?: Error;
  argv?: Record<string, unknown>;
  output: string;
}

/**
 * The usage error for a switch (a boolean flag) given a value other than `true` or `false`
 * (`--include-tables=maybe`, which yargs reads as false, silently), else `undefined`.
 */
export function switchWithValue(
  args: readonly string[],
  switches: readonly string[],
): string | undefined {
  for (const arg of args) {
    if (arg === '--') break;
    const m = /^--(no-)?([^=]+)=(.*)$/s.exec(arg);
    if (!m || !switches.includes(m[2]) || m[3] === 'true' || m[3] === 'false') continue;
    return `--${m[1] ?? ''}${m[2]} is a switch and takes no value (got ${JSON.stringify(m[3])}): give --${m[2]}, or --no-${m[2]} to turn it off`;
  }
  return undefined;
}

/**
 * Parses `args` with the options of the command they name (loaded for it alone): a plain `check`
 * without yargs (check-args.ts), the rest with yargs's parser.
 */
async function parse(args: string[], columns: number): Promise<Parsed> {
  const quick = quickCheckArgs(args);
  if (quick) return { argv: quick, output: '' };
  const builders = await loadBuilders([commandOf(args)]);
  const { buildParser } = await import('./parser.js');
  return new Promise((resolve) => {
    try {
      const parser = buildParser(args, columns, builders);
      parser.parse(args, {}, (error, argv, output) => {
        // The command's options are known while its parse is under way (here).
        type WithOptions = { getOptions(): { boolean: string[] } };
        const switches = (parser as unknown as WithOptions).getOptions().boolean;
        const valued = error || output ? undefined : switchWithValue(args, switches);
        resolve({
          error: error ?? (valued === undefined ? undefined : new Error(valued)),
          argv: argv as Record<string, unknown>,
          output,
        });
      });
    } catch (error) {
      resolve({ error: error as Error, output: '' });
    }
  });
}

/**
 * An error's message as the command line says it: an option the API names (`option "shingleSize"
 * must be …`, from a flag's value reaching the engine or the index) by its flag
 * (`--shingle-size: expected …`), as the flags' own checks say it.
 */
function flagMessage(error: Error): string {
  if (!(error instanceof InvalidOptionError)) return error.message;
  const m = /^option "([a-z][A-Za-z]*)" must be ([\s\S]*)$/.exec(error.message);
  if (!m) return error.message;
  return `--${m[1].replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}: expected ${m[2]}`;
}

/** Runs the CLI with arguments (without `node` and the script) and returns the exit code. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const exists = (p: string) => fs.existsSync(path.resolve(io.cwd, p));
  const parsed = await parse(normalizeArgs(args, exists), io.columns ?? 100);
  if (parsed.error) {
    // One line (see unknown-flags.ts): an unknown flag named once, with a hint; a bad choice or a
    // missing flag said as dupgraf says its other usage errors.
    const message = await (
      await import('./unknown-flags.js')
    ).explainUsage(parsed.error.message, args);
    io.stderr.write(`dupgraf: ${message}\nRun \`${helpCommand(args)}\` for usage.\n`);
    return ExitCode.Fatal;
  }
  if (parsed.output) {
    io.stdout.write(parsed.output + '\n');
    return ExitCode.Ok;
  }
  const argv = parsed.argv!;
  try {
    const command = (argv._ as string[])[0];
    // Each command's code is loaded only when it runs: `--help` and `--version` load none.
    if (command === 'scan') return await (await import('./scan-command.js')).runScan(argv, io);
    if (command === 'index') return await (await import('./index-command.js')).runIndex(argv, io);
    if (command === 'check')
      return await (await import('./check-command.js')).runCheckCommand(argv, io);
    if (command === 'baseline')
      return await (await import('./check-command.js')).runBaselineCommand(argv, io);
    if (command === 'approve')
      return await (await import('./check-command.js')).runApproveCommand(argv, io);
    // The server (fastify, pino) is loaded only by `serve`.
    if (command === 'serve')
      return await (await import('./serve-command.js')).runServeCommand(argv, io);
    io.stderr.write(`dupgraf: unknown command ${command}\n`);
    return ExitCode.Fatal;
  } catch (error) {
    if (error instanceof DupgrafError || error instanceof InvalidOptionError) {
      for (const line of flagMessage(error).split('\n')) io.stderr.write(`dupgraf: ${line}\n`);
      return ExitCode.Fatal;
    }
    throw error;
  }
}
