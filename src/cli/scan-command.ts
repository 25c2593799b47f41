/**
 * The `scan` command: what it does (its options are in scan-options.ts; run.ts loads this module
 * only when `scan` runs). Reads the settings (defaults < config file < flags), scans the paths
 * (and stdin), writes the report and returns the exit code.
 */

import path from 'node:path';
import type { SourceDocument } from '../engine/detect.js';
import { isAdvisory, type FileWarning, type Report } from '../engine/report.js';
import { UsageError } from '../errors.js';
import { loadedReportChunks } from '../reporters/formats.js';
import { applyView } from '../reporters/view.js';
import { scanWith } from '../scan.js';
import { fileToDocuments, type ReadOptions } from '../sources/read.js';
import { formatOf } from '../sources/formats/registry.js';
import { loadReaders } from '../sources/formats/libraries.js';
import { STDIN_TOKEN } from './args.js';
import { shouldUseColor } from './color.js';
import { loadConfig } from './config.js';
import { ExitCode, type CliIo } from './cli-io.js';
import { writeChunks, writeFileAtomic } from './output.js';
import { commandProgress, type Progress } from './progress.js';
import { defaultSettings, type ScanSettings } from './settings.js';
import { describeFlagValue, settingsFromFlags } from './setting-flags.js';
import {
  freezeSettings,
  THREAD_DEFAULTS,
  type RunSettings,
  type StageSettings,
} from '../scan-settings.js';
import { TOOL_INFO } from '../tool-info.js';
import { warningText } from '../reporters/terminal-path.js';
import { parseAge } from '../archive/story-date.js';

/** `--jobs`: a whole number ≥ 1, or undefined for the default (one per core). */
function parseJobs(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new UsageError(
      `--jobs must be a whole number of at least 1 (got ${describeFlagValue(value)})`,
    );
  }
  return value;
}

/** The settings in effect: defaults < config file < flags; and which config file, if any. */
export async function resolveSettings(
  argv: Record<string, unknown>,
  cwd: string,
): Promise<{ settings: ScanSettings; configFile: string | null }> {
  const flags = settingsFromFlags(argv);
  const config = await loadConfig(cwd, argv.config as string | undefined);
  return {
    settings: { ...defaultSettings(), ...config?.settings, ...flags },
    configFile: config?.file ?? null,
  };
}

/**
 * The documents read from stdin (one, or one per record); its problems are logged as warnings
 * and counted in `warnings`. Binary input is a usage error.
 */
async function readStdinDocuments(
  io: CliIo,
  name: string,
  read: ReadOptions,
  warn: (message: string) => void,
  warnings: FileWarning[],
): Promise<SourceDocument[]> {
  const bytes = io.readStdin ? await io.readStdin() : new Uint8Array();
  await loadReaders([formatOf(name, '', read.inputFormat)]);
  const result = fileToDocuments(name, bytes, read);
  if (!result.ok)
    throw new UsageError(
      `stdin: ${result.warning.message.replace(/^skipped: /, '')}, expected text`,
    );
  for (const w of result.warnings) warn(warningText(w));
  warnings.push(...result.warnings);
  return result.documents;
}

/** The reading options in effect (input format, JSON record fields, decoding, size limit). */
function readOptionsFrom(settings: ScanSettings): ReadOptions {
  const out: ReadOptions = { inputFormat: settings.inputFormat };
  if (settings.idField !== undefined) out.idField = settings.idField;
  if (settings.textField !== undefined) out.textField = settings.textField;
  if (settings.dateField !== undefined) out.dateField = settings.dateField;
  if (settings.stories !== undefined) out.stories = settings.stories;
  if (settings.dateFrom !== undefined) out.dateFrom = settings.dateFrom;
  if (settings.encoding !== undefined) out.encoding = settings.encoding;
  out.maxFileSize = settings.maxFileSize;
  return out;
}

/**
 * The scan's settings, a part per stage (scan-settings.ts), from the CLI's (checked already by
 * the flags and the config file's schema: nothing is checked again). `read` as
 * {@link readOptionsFrom} gives it; `run` has this run's callbacks and `--jobs`.
 */
function scanSettingsOf(
  settings: ScanSettings,
  read: ReadOptions,
  cwd: string,
  run: Pick<RunSettings, 'onWarning' | 'onProgress' | 'jobs' | 'onTimings'>,
): StageSettings {
  return freezeSettings({
    discovery: {
      cwd,
      extensions: settings.extensions,
      useIgnoreFiles: settings.ignore,
      include: settings.include,
      exclude: settings.exclude,
    },
    // As decoding takes it (the flag's check trims it only to look it up).
    reading: read.encoding === undefined ? read : { ...read, encoding: read.encoding.trim() },
    engine: {
      threshold: settings.threshold,
      containment: settings.containment,
      shingleSize: settings.shingleSize,
      minWords: settings.minWords,
      foldAccents: settings.foldAccents,
      includeTables: settings.includeTables,
    },
    report: {
      pairs: settings.pairs,
      tool: TOOL_INFO,
      // The HTML report shows both paragraphs of a partial reuse.
      partialTexts: settings.format === 'html',
      window: settings.window === undefined ? undefined : (parseAge(settings.window) ?? undefined),
    },
    run: { ...run, ...THREAD_DEFAULTS },
  });
}

/** What every step of one `dupgraf scan` run shares: its flags, io, settings and logging. */
interface ScanRun {
  argv: Record<string, unknown>;
  io: CliIo;
  settings: ScanSettings;
  quiet: boolean;
  verbose: boolean;
  /** Writes `dupgraf: <line>` to stderr. */
  log: (line: string) => void;
}

/**
 * `dupgraf scan`: the settings in effect (or `--print-config`), the inputs (paths and stdin), the
 * scan, the report (viewed and written), and the exit code.
 */
export async function runScan(argv: Record<string, unknown>, io: CliIo): Promise<number> {
  const { settings, configFile } = await resolveSettings(argv, io.cwd);
  const quiet = argv.quiet === true;
  const verbose = argv.verbose === true && !quiet;
  const log = (line: string) => io.stderr.write(`dupgraf: ${line}\n`);
  const run: ScanRun = { argv, io, settings, quiet, verbose, log };

  if (argv['print-config'] === true) {
    if (!quiet) log(configFile ? `config file: ${configFile}` : 'no config file');
    io.stdout.write(JSON.stringify(settings, null, 2) + '\n');
    return ExitCode.Ok;
  }
  const { inputs, read, stdinWarnings } = await scanInputs(run);
  if (verbose) {
    log(configFile ? `config file: ${configFile}` : 'no config file');
    log(`settings: ${JSON.stringify(settings)}`);
  }
  const progress = commandProgress(argv.progress, quiet, io);
  const report = await scanReport(run, inputs, read, progress);
  await writeReport(run, report, progress);
  return exitCodeOf(run, report, stdinWarnings.length);
}

/**
 * The scan's inputs: the paths given (`.` when none) and the documents read from stdin (`-`, at
 * most once); the reading options; stdin's warnings (logged already).
 */
async function scanInputs(run: ScanRun): Promise<{
  inputs: (string | SourceDocument)[];
  read: ReadOptions;
  stdinWarnings: FileWarning[];
}> {
  const { argv, io, quiet, log } = run;
  const given = (argv.paths as string[] | undefined) ?? [];
  const paths = (given.length > 0 ? given : ['.']).map((p) => (p === STDIN_TOKEN ? '-' : p));
  const stdinCount = paths.filter((p) => p === '-').length;
  if (stdinCount > 1) throw new UsageError('`-` (stdin) may be given only once');
  const stdinName = argv['stdin-filename'] as string | undefined;
  if (stdinName === '') throw new UsageError('--stdin-filename: expected a name (got "")');
  if (stdinName !== undefined && stdinCount === 0)
    throw new UsageError('--stdin-filename needs `-` among the paths');
  const inputs: (string | SourceDocument)[] = paths.filter((p) => p !== '-');
  const read = readOptionsFrom(run.settings);
  const stdinWarnings: FileWarning[] = [];
  if (stdinCount === 1)
    inputs.push(
      ...(await readStdinDocuments(
        io,
        stdinName ?? '<stdin>',
        read,
        (line) => {
          if (!quiet) log(line);
        },
        stdinWarnings,
      )),
    );
  return { inputs, read, stdinWarnings };
}

/**
 * Scans `inputs` (against `--index` when given) and logs the report's warnings; when the scan
 * fails, the warnings seen so far are logged before the error goes on.
 */
async function scanReport(
  run: ScanRun,
  inputs: (string | SourceDocument)[],
  read: ReadOptions,
  progress: Progress,
): Promise<Report> {
  const { argv, io, settings, quiet, log } = run;
  let report;
  const seen: FileWarning[] = [];
  try {
    const scanSettings = scanSettingsOf(settings, read, io.cwd, {
      onWarning: (warning) => seen.push(warning),
      onProgress: progress.onProgress,
      jobs: parseJobs(argv.jobs),
      // DUPGRAF_TIMINGS=1: stage timings as one JSON line on stderr (for `npm run bench`).
      onTimings: io.env.DUPGRAF_TIMINGS
        ? (t) => io.stderr.write(`dupgraf: timings ${JSON.stringify(t)}\n`)
        : undefined,
    });
    if (typeof argv.index === 'string' && (settings.includeTables || settings.foldAccents))
      throw new UsageError(
        `--${settings.includeTables ? 'include-tables' : 'fold-accents'} cannot be combined with --index: an archive index is built without it`,
      );
    report =
      typeof argv.index === 'string'
        ? await (await import('./index-command.js')).scanWithIndex(inputs, argv.index, scanSettings)
        : await scanWith(inputs, scanSettings);
  } catch (error) {
    // No report to carry them (e.g. no readable input): the warnings say why.
    if (!quiet)
      for (const w of [...seen].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))
        log(warningText(w));
    throw error;
  } finally {
    progress.stop();
  }
  if (!quiet) for (const w of report.warnings) log(warningText(w));
  return report;
}

/** Writes the report as viewed (folded, sorted, cut) in its format, to `--output` or stdout. */
async function writeReport(run: ScanRun, report: Report, progress: Progress): Promise<void> {
  const { argv, io, settings, verbose, log } = run;
  const viewed = applyView(report, {
    foldResends: settings.foldResends,
    sort: settings.sort,
    minCopies: settings.minCopies,
    maxGroups: settings.maxGroups,
  });
  const toFile = settings.output !== undefined;
  const color = shouldUseColor(
    argv.color as boolean | undefined,
    io.env,
    toFile ? false : io.stdoutIsTTY,
  );
  const started = performance.now();
  // In chunks: a report of millions of paragraphs does not fit one string.
  const chunks = await loadedReportChunks(viewed, settings.format, { color });
  if (toFile) {
    await writeFileAtomic(path.resolve(io.cwd, settings.output!), chunks, settings.output);
  } else {
    await writeChunks(io.stdout, chunks);
  }
  if (verbose) {
    const phases = [...progress.timings(), { phase: 'writing', ms: performance.now() - started }];
    log(`timings: ${phases.map((t) => `${t.phase} ${Math.round(t.ms)} ms`).join(', ')}`);
  }
}

/**
 * The exit code: 2 with `--strict` when a file (or stdin: `stdinWarnings` of them) had a
 * warning (the engine's advisories, {@link isAdvisory}, do not count), 1 with
 * `--fail-on-duplicates N` when N or more groups were found, else 0.
 */
function exitCodeOf(run: ScanRun, report: Report, stdinWarnings: number): number {
  const { settings, quiet, log } = run;
  const n = report.warnings.filter((w) => !isAdvisory(w)).length + stdinWarnings;
  if (settings.strict && n > 0) {
    if (!quiet) log(`${n} warning${n === 1 ? '' : 's'} (--strict): exit 2`);
    return ExitCode.Fatal;
  }
  if (settings.failOnDuplicates !== undefined) {
    const found = report.clusters.filter((c) => c.size >= settings.minCopies).length;
    if (found >= settings.failOnDuplicates) {
      if (!quiet)
        log(
          `${found} group${found === 1 ? '' : 's'} of repeated paragraphs ` +
            `(--fail-on-duplicates ${settings.failOnDuplicates}): exit 1`,
        );
      return ExitCode.Findings;
    }
  }
  return ExitCode.Ok;
}
