/**
 * `dupgraf index add|remove|prune|stats|verify`: the archive index commands, and the option
 * `scan --index FILE` (their options are in index-options.ts; run.ts loads this module only when
 * one of them runs, or `scan --index`). Like run.ts, nothing here touches `process`; output goes through `CliIo`.
 *
 * Exit codes: 0 done; 1 `index verify` found problems; 2 usage error, missing, foreign, damaged
 * or incompatible index.
 */

import path from 'node:path';
import { openIndex, type ArchiveDocument, type SqliteIndex } from '../archive/sqlite-index.js';
import { readArchiveDocuments, scanAgainstIndex } from '../archive/scan-index.js';
import type { Report } from '../engine/report.js';
import { Corpus } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import { OverlayIndex } from '../engine/paragraph-index.js';
import type { ScanOptions } from '../scan.js';
import { fileReadOptionsOf } from '../sources/read.js';
import { asIndexError } from '../archive/index-errors.js';
import { parseAge } from '../archive/story-date.js';
import type { EngineOptions } from '../engine/options.js';
import { UsageError } from '../errors.js';
import { refuseStdin } from './args.js';
import { loadConfig } from './config.js';
import { inputSettingsFromFlags } from './input-flags.js';
import { defaultSettings, type ScanSettings } from './settings.js';
import { createProgress, shouldShowProgress } from './progress.js';
import { discoverFiles, displayPath } from '../sources/discover.js';
import { warningText } from '../reporters/terminal-path.js';

/** What the index commands need of the CLI's IO (a subset of run.ts's CliIo). */
export interface IndexIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress bar). */
  stderrIsTTY?: boolean;
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
      refuseStdin(argv.paths as string[], 'index remove');
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
  const batchSize = argv['batch-size'];
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new UsageError(
      `--batch-size must be a whole number ≥ 1 (got ${JSON.stringify(batchSize)})`,
    );
  }
  const totals = { added: 0, updated: 0, unchanged: 0, paragraphs: 0, warnings: 0 };
  // The config file (as `scan` finds it, or --config) and the input flags over it choose the
  // files and how they are read; its detection settings apply when the index is created.
  const loaded = await loadConfig(io.cwd, argv.config as string | undefined);
  const config: Partial<ScanSettings> = { ...loaded?.settings, ...inputSettingsFromFlags(argv) };
  if (argv['print-config'] === true) {
    io.stderr.write(`dupgraf: ${loaded ? `config file: ${loaded.file}` : 'no config file'}\n`);
    io.stdout.write(JSON.stringify({ ...defaultSettings(), ...config }, null, 2) + '\n');
    return 0;
  }
  const readOptions = fileReadOptionsOf(config);
  refuseStdin(argv.paths as string[], 'index add');
  const files = await discoverFiles(argv.paths as string[], {
    cwd: io.cwd,
    extensions: config.extensions,
    include: config.include,
    exclude: config.exclude,
    useIgnoreFiles: config.ignore,
    onWarning: (w) => {
      totals.warnings++;
      io.stderr.write(`dupgraf: ${warningText(w)}\n`);
    },
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
  try {
    progress.onProgress('reading', 0, files.length);
    for (let from = 0; from < files.length; from += batchSize) {
      const batch: ArchiveDocument[] = [];
      for (const [k, f] of files.slice(from, from + batchSize).entries()) {
        progress.onProgress('reading', from + k, files.length);
        const { documents, warnings } = await readArchiveDocuments(f, readOptions);
        for (const warning of warnings) {
          totals.warnings++;
          io.stderr.write(`dupgraf: ${warningText(warning)}\n`);
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
    if (config.strict && totals.warnings > 0) {
      const w = totals.warnings;
      io.stderr.write(`dupgraf: ${w} warning${w === 1 ? '' : 's'} (--strict): exit 2\n`);
      return 2;
    }
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
