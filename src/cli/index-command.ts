/**
 * `dupgraf index add|remove|prune|stats|verify`: the archive index commands, and the option
 * `scan --index FILE`. Like run.ts, nothing here touches `process`; output goes through `CliIo`.
 *
 * Exit codes: 0 done; 1 `index verify` found problems; 2 usage error, missing, foreign, damaged
 * or incompatible index.
 */

import path from 'node:path';
import type { Argv } from 'yargs';
import {
  DEFAULT_LOWEST_THRESHOLD,
  openIndex,
  type ArchiveDocument,
  type SqliteIndex,
} from '../archive/sqlite-index.js';
import { readArchiveDocuments, scanAgainstIndex } from '../archive/scan-index.js';
import type { Report } from '../engine/report.js';
import { Corpus } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import { OverlayIndex } from '../engine/paragraph-index.js';
import type { ScanOptions } from '../scan.js';
import { fileReadOptionsOf } from '../sources/read.js';
import { asIndexError } from '../archive/index-errors.js';
import { parseAge } from '../archive/story-date.js';
import { ENGINE_OPTION_SPECS, describeRange, type EngineOptions } from '../engine/options.js';
import { UsageError } from '../errors.js';
import { loadConfig } from './config.js';
import { READ_SETTING_KEYS, readOptionsFromFlags, settingOption } from './setting-flags.js';
import { SETTING_SPECS } from './settings.js';
import { createProgress, shouldShowProgress } from './progress.js';
import { discoverFiles, displayPath } from '../sources/discover.js';

/** Long flags of the index commands, for suggestions on unknown flags. */
export const INDEX_FLAGS: readonly string[] = [
  'index',
  'older-than',
  'lowest-threshold',
  'batch-size',
  'progress',
];

/** Default number of files per add transaction. */
export const DEFAULT_BATCH_SIZE = 500;

/** What the index commands need of the CLI's IO (a subset of run.ts's CliIo). */
export interface IndexIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress bar). */
  stderrIsTTY?: boolean;
}

const INDEX_EXIT_CODES = `Exit codes:
  0  done
  1  index verify found problems
  2  usage error; the index is missing, not a dupgraf index, damaged, or built with other settings`;

function withIndexFile(y: Argv) {
  return y.option('index', {
    describe: 'the index file (one SQLite file), e.g. archive.dupgraf.db',
    type: 'string',
    demandOption: 'Name the index file with --index FILE.',
    requiresArg: true,
  });
}

/** Registers the `index` subcommands on a yargs instance. */
export function indexCommands(y: Argv) {
  return y
    .command(
      'add <paths..>',
      'add stories to the index (created if missing); changed files replace their paragraphs, unchanged ones are skipped',
      (a) =>
        withIndexFile(a)
          .positional('paths', { describe: 'files or directories', type: 'string', array: true })
          .option('shingle-size', {
            describe: `when creating: ${ENGINE_OPTION_SPECS.shingleSize.description}; ${describeRange(ENGINE_OPTION_SPECS.shingleSize)} (default ${ENGINE_OPTION_SPECS.shingleSize.default})`,
            type: 'number',
          })
          .option('min-words', {
            describe: `when creating: ${ENGINE_OPTION_SPECS.minWords.description} (default ${ENGINE_OPTION_SPECS.minWords.default})`,
            type: 'number',
          })
          .option('lowest-threshold', {
            describe: `when creating: the lowest --threshold/--containment queries may use, in (0, 1] (default ${DEFAULT_LOWEST_THRESHOLD})`,
            type: 'number',
          })
          .option('batch-size', {
            describe: 'files per transaction (a killed run keeps the batches it committed)',
            type: 'number',
            default: DEFAULT_BATCH_SIZE,
          })
          .option('progress', {
            describe:
              'progress bar on stderr (default: when stderr is a terminal and CI is not set)',
            type: 'boolean',
          })
          .options(
            Object.fromEntries(
              READ_SETTING_KEYS.map((k) => [SETTING_SPECS[k].flag.name, settingOption(k)]),
            ),
          ),
    )
    .command('remove <paths..>', 'remove stories (files, or every story under a folder)', (a) =>
      withIndexFile(a).positional('paths', {
        describe: 'stored paths or folders (need not exist any more)',
        type: 'string',
        array: true,
      }),
    )
    .command('prune', 'remove stories older than an age', (a) =>
      withIndexFile(a).option('older-than', {
        describe: 'age, e.g. 90d, 12w, 36h, 1y (story date: front matter date, else file time)',
        type: 'string',
        demandOption: 'Say how old with --older-than, e.g. --older-than 90d.',
        requiresArg: true,
      }),
    )
    .command('stats', 'stories, paragraphs, size on disk and settings', (a) =>
      withIndexFile(a).option('format', {
        alias: 'f',
        describe: 'output format',
        choices: ['text', 'json'] as const,
        default: 'text' as const,
      }),
    )
    .command('verify', 'check the index (PRAGMA integrity_check and its own invariants)', (a) =>
      withIndexFile(a),
    )
    .demandCommand(1, 'Name an index command: add, remove, prune, stats or verify.')
    .example('$0 index add archive/ --index archive.db', 'build or update an index')
    .example('$0 scan new.txt --index archive.db', 'check a story against it')
    .epilog(INDEX_EXIT_CODES);
}

const n = (x: number) => x.toLocaleString('en-US');
const day = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 10));

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Runs `dupgraf index <command>`; returns the exit code. Errors are thrown (run.ts reports them). */
export async function runIndex(argv: Record<string, unknown>, io: IndexIo): Promise<number> {
  const command = (argv._ as string[])[1];
  const file = path.resolve(io.cwd, argv.index as string);
  const shown = argv.index as string;
  try {
    if (command === 'add') return await runAdd(argv, io, file);
    return runOther(command, argv, io, file);
  } catch (error) {
    throw asIndexError(error, shown);
  }
}

function runOther(
  command: string,
  argv: Record<string, unknown>,
  io: IndexIo,
  file: string,
): number {
  const shown = argv.index as string;
  const readonly = command === 'stats' || command === 'verify';
  const index = openIndex(file, { create: false, readonly });
  try {
    if (command === 'remove') {
      const wanted = (argv.paths as string[]).map((p) => {
        const absolute = path.resolve(io.cwd, p);
        return absolute === path.resolve(io.cwd) ? '' : displayPath(absolute, io.cwd);
      });
      const paths = index
        .paths()
        .filter((stored) =>
          wanted.some((w) => w === '' || stored === w || stored.startsWith(`${w}/`)),
        );
      const removed = index.removeMany(paths);
      io.stdout.write(
        `removed ${n(removed)} ${removed === 1 ? 'story' : 'stories'} from ${shown}\n`,
      );
      return 0;
    }
    if (command === 'prune') {
      const age = parseAge(argv['older-than'] as string);
      if (age === null) {
        throw new UsageError(
          `--older-than must be an age such as 90d, 12w, 36h or 1y (got ${JSON.stringify(argv['older-than'])})`,
        );
      }
      const before = Date.now() - age;
      const removed = index.prune(before);
      io.stdout.write(
        `pruned ${n(removed.length)} ${removed.length === 1 ? 'story' : 'stories'} dated before ${new Date(before).toISOString()} from ${shown}\n`,
      );
      return 0;
    }
    if (command === 'stats') {
      const s = index.describe();
      if (argv.format === 'json') {
        io.stdout.write(JSON.stringify({ index: shown, ...s }, null, 2) + '\n');
        return 0;
      }
      const per =
        s.paragraphs > 0 ? ` (${n(Math.round(s.bytes / s.paragraphs))} bytes per paragraph)` : '';
      io.stdout.write(
        [
          `index       ${shown}`,
          `stories     ${n(s.stories)}`,
          `paragraphs  ${n(s.paragraphs)} (${n(s.distinctParagraphs)} distinct)`,
          `postings    ${n(s.postings)} shingle, ${n(s.prefixPostings)} prefix`,
          `size        ${megabytes(s.bytes)} on disk${per}`,
          `dates       ${day(s.oldest)} .. ${day(s.newest)}`,
          `settings    shingle size ${s.settings.shingleSize}, min words ${s.settings.minWords}, ` +
            `normalization version ${s.settings.normalizationVersion}, lowest threshold ${s.settings.lowestThreshold}`,
          `created     ${s.createdAt} by ${s.createdBy}`,
          '',
        ].join('\n'),
      );
      return 0;
    }
    if (command === 'verify') {
      const problems = index.verify();
      const s = index.stats();
      if (problems.length === 0) {
        io.stdout.write(
          `${shown}: ok (${n(s.stories)} stories, ${n(s.paragraphs)} paragraphs; integrity_check ok)\n`,
        );
        return 0;
      }
      io.stdout.write(
        `${shown}: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}\n`).join('')}`,
      );
      return 1;
    }
    throw new UsageError(`unknown index command ${command}`);
  } finally {
    index.close();
  }
}

async function runAdd(argv: Record<string, unknown>, io: IndexIo, file: string): Promise<number> {
  const batchSize = argv['batch-size'] as number;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new UsageError(
      `--batch-size must be a whole number ≥ 1 (got ${JSON.stringify(batchSize)})`,
    );
  }
  // The config file (as `scan` finds it) chooses files and, unless flags do, the settings.
  const config = (await loadConfig(io.cwd))?.settings ?? {};
  const readOptions = fileReadOptionsOf({ ...config, ...readOptionsFromFlags(argv) });
  const files = await discoverFiles(argv.paths as string[], {
    cwd: io.cwd,
    extensions: config.extensions,
    include: config.include,
    exclude: config.exclude,
    useIgnoreFiles: config.ignore,
    onWarning: (w) => io.stderr.write(`dupgraf: warning: ${w.path}: ${w.message}\n`),
  });
  const index: SqliteIndex = openIndex(file, {
    shingleSize: (argv['shingle-size'] as number | undefined) ?? config.shingleSize,
    minWords: (argv['min-words'] as number | undefined) ?? config.minWords,
    lowestThreshold: argv['lowest-threshold'] as number | undefined,
  });
  const progress = createProgress({
    stream: io.stderr,
    enabled: shouldShowProgress(
      argv.progress as boolean | undefined,
      false,
      io.env,
      io.stderrIsTTY ?? false,
    ),
  });
  const totals = { added: 0, updated: 0, unchanged: 0, paragraphs: 0, warnings: 0 };
  try {
    progress.onProgress('reading', 0, files.length);
    for (let from = 0; from < files.length; from += batchSize) {
      const batch: ArchiveDocument[] = [];
      for (const [k, f] of files.slice(from, from + batchSize).entries()) {
        progress.onProgress('reading', from + k, files.length);
        const { documents, warnings } = await readArchiveDocuments(f, readOptions);
        for (const warning of warnings) {
          totals.warnings++;
          io.stderr.write(`dupgraf: warning: ${warning.path}: ${warning.message}\n`);
        }
        batch.push(...documents);
      }
      const done = index.addMany(batch);
      totals.added += done.added;
      totals.updated += done.updated;
      totals.unchanged += done.unchanged;
      totals.paragraphs += done.paragraphs;
      progress.onProgress('reading', Math.min(files.length, from + batchSize), files.length);
    }
    progress.stop();
    const s = index.stats();
    io.stdout.write(
      `added ${n(totals.added)}, updated ${n(totals.updated)}, unchanged ${n(totals.unchanged)} ` +
        `(${n(totals.paragraphs)} paragraphs stored); ${argv.index as string} now holds ` +
        `${n(s.stories)} stories, ${n(s.paragraphs)} paragraphs\n`,
    );
    return 0;
  } finally {
    progress.stop();
    index.close();
  }
}

/** `scan --index FILE`: the report of the scanned inputs against the archive (nothing is added). */
export async function scanWithIndex(
  inputs: ReadonlyArray<string | SourceDocument>,
  indexFile: string,
  options: ScanOptions & { cwd: string },
): Promise<Report> {
  try {
    const index = openIndex(path.resolve(options.cwd, indexFile), {
      threshold: options.threshold,
      containment: options.containment,
      shingleSize: options.shingleSize,
      minWords: options.minWords,
      create: false,
      readonly: true,
    });
    try {
      return await scanAgainstIndex(inputs, index, { ...options, indexName: indexFile });
    } finally {
      index.close();
    }
  } catch (error) {
    throw asIndexError(error, indexFile);
  }
}

/** What `check --index FILE` matches stories against (see {@link archiveOverlay}). */
export interface ArchiveOverlay {
  /** The archive index with the documents read for this run on top. */
  index: OverlayIndex;
  /** Paragraph text by path and first line: the documents read, else the archive. */
  sourceText: (path: string, line: number) => string | undefined;
  /** Stories matched against: the documents read plus the archive's stories not among them. */
  documents: number;
  /** Closes the index file. */
  close: () => void;
}

/**
 * Opens the archive index `indexFile` read-only and puts `documents` (the stories under check and
 * any other archive read from files) on top of it: a story is matched against both, and a stored
 * story under the same path as a document read now is replaced by it. Throws IndexFileError or
 * IncompatibleIndexError (exit 2).
 */
export function archiveOverlay(
  indexFile: string,
  cwd: string,
  engine: EngineOptions,
  documents: ReadonlyMap<string, SourceDocument>,
  localText: (path: string, line: number) => string | undefined,
): ArchiveOverlay {
  let archive: SqliteIndex;
  try {
    archive = openIndex(path.resolve(cwd, indexFile), { ...engine, create: false, readonly: true });
  } catch (error) {
    throw asIndexError(error, indexFile);
  }
  const corpus = new Corpus(engine);
  for (const d of documents.values()) corpus.add(d);
  return {
    index: new OverlayIndex(archive, corpus, documents.keys()),
    sourceText: (p, line) => localText(p, line) ?? archive.paragraphText(p, line),
    documents:
      documents.size +
      archive.stats().stories -
      [...documents.keys()].filter((p) => archive.hasPath(p)).length,
    close: () => archive.close(),
  };
}
