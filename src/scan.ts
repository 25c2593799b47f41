/**
 * `scan()`: the programmatic entry point over paths and in-memory documents, as the pipeline it
 * is — its options resolved once (scan-settings.ts), then
 * discover → read and prepare → detect → the report:
 *
 * - in-memory documents are cut into stories and prepared here ({@link memoryEntries});
 * - files are found and then read, decoded and prepared (segment, tokenize, shingle) on worker
 *   threads (`jobs`, default one per core) that send back compact typed arrays; file texts are
 *   not kept ({@link fileEntries});
 * - the engine runs over all of them in path order (scan-corpus.ts; the few texts the report
 *   shows are read again at the end) and its warnings join the files'.
 */

import fs from 'node:fs';
import path from 'node:path';
import { detectResolved, documentInfo, type SourceDocument } from './engine/detect.js';
import { PreparedBuilder } from './engine/prepare.js';
import { mergeWarnings, type FileWarning, type Report } from './engine/report.js';
import { AbortedError, NoInputError, UsageError } from './errors.js';
import {
  prepareFiles,
  prepareFilesAsFound,
  startPrepareWorkers,
  type PreparedFiles,
  type StartedWorker,
} from './parallel/prepare-files.js';
import { fileRereader, preparedCorpus, type Entry } from './scan-corpus.js';
import {
  fileReading,
  resolveStageSettings,
  type ScanOptions,
  type StageSettings,
} from './scan-settings.js';
import { discoverFiles, type FoundFile } from './sources/discover.js';
import { formatOf } from './sources/formats/registry.js';
import { loadReaders } from './sources/formats/libraries.js';
import {
  noInputMessage,
  OWN_REPORT_SKIPPED,
  readDocuments,
  withoutSuppressed,
} from './sources/read.js';
import { storiesOfDocuments } from './sources/stories.js';

/**
 * Reads documents from paths (files or directories; see `discoverFiles`) and/or takes in-memory
 * documents, and returns the report model. Files that cannot be read become `report.warnings`.
 * Throws `UsageError` for a nonexistent path or a malformed input or option, `InvalidOptionError`
 * for a bad or unknown option, and `NoInputError` when nothing is left to scan.
 * The report does not depend on `jobs`.
 */
export async function scan(
  inputs: ReadonlyArray<string | SourceDocument>,
  options: ScanOptions = {},
): Promise<Report> {
  return scanWith(inputs, resolveStageSettings(inputs, options));
}

/** {@link scan} with its settings resolved (the CLI resolves its own): nothing checked again. */
export async function scanWith(
  inputs: ReadonlyArray<string | SourceDocument>,
  settings: StageSettings,
): Promise<Report> {
  stopIfAborted(settings);
  const t0 = performance.now();
  const warnings: FileWarning[] = [];
  const entries = memoryEntries(
    inputs.filter((x): x is SourceDocument => typeof x !== 'string'),
    settings,
  );
  const paths = inputs.filter((x): x is string => typeof x === 'string');
  const files = paths.length > 0 ? await fileEntries(paths, settings, warnings) : null;
  if (files) entries.push(...files.entries);
  stopIfAborted(settings);
  if (entries.length === 0) throw new NoInputError(noInputMessage(warnings, files?.reports ?? 0));
  const report = detectEntries(entries, settings, files, t0);
  // The files' warnings and the engine's (no paragraph compared, words mixing scripts), by path.
  report.warnings = mergeWarnings(warnings, report.warnings);
  return report;
}

/** Throws `AbortedError` once the scan's `signal` is aborted. */
function stopIfAborted(settings: StageSettings): void {
  if (settings.run.signal?.aborted) throw new AbortedError('scan cancelled');
}

/**
 * In-memory documents, read as plain-text files are (stories, markers, dates; suppressed
 * paragraphs left out), prepared in this thread as one batch.
 */
function memoryEntries(inputs: readonly SourceDocument[], settings: StageSettings): Entry[] {
  const textRead = { ...settings.reading, inputFormat: 'text' as const };
  const documents = storiesOfDocuments(inputs, (p, t) => readDocuments(p, t, textRead)).map(
    withoutSuppressed,
  );
  if (documents.length === 0) return [];
  const builder = new PreparedBuilder(settings.engine);
  for (const d of documents) {
    if (d.paragraphs) builder.addParagraphs(d.paragraphs);
    else builder.add(d.text);
  }
  const batch = builder.finish();
  return documents.map((d, i) => ({
    path: d.path,
    info: documentInfo(d),
    batch,
    doc: i,
    text: () => d,
  }));
}

/** What reading the files gave: their entries, and the time and threads it took. */
interface FilesRead {
  entries: Entry[];
  readMs: number;
  prepareMs: number;
  threads: number;
  /** dupgraf's own reports found in folders and passed over (own-reports.ts). */
  reports: number;
}

/**
 * The files of `paths`, found (discovery warnings pushed to `warnings`) and read and prepared on
 * worker threads, as entries (a file read again for its texts; with `readFile`, kept). A file
 * named on the command line that cannot be read is a UsageError; other files' problems are
 * warnings.
 */
async function fileEntries(
  paths: readonly string[],
  settings: StageSettings,
  warnings: FileWarning[],
): Promise<FilesRead> {
  const { files, prepared } = await findAndPrepare(paths, settings, warnings);
  prepared.places.forEach((place, i) => {
    const w = prepared.warnings[i][0];
    // A file named on the command line that cannot be read is a usage error.
    if (place === null && files[i].explicit && w?.message.startsWith('skipped: cannot read'))
      throw new UsageError(`${files[i].display}: ${w.message.replace(/^skipped: /, '')}`);
  });
  // A report of dupgraf's found in a folder is passed over; one named is said to be one.
  let reports = 0;
  const fileWarnings = prepared.warnings.map((w, i) => {
    if (!prepared.ownReports[i]) return w;
    if (files[i].explicit) return [...w, { path: files[i].display, message: OWN_REPORT_SKIPPED }];
    reports++;
    return w;
  });
  for (const w of fileWarnings.flat()) {
    warnings.push(w);
    settings.run.onWarning?.(w);
  }
  const reread = fileRereader(settings.reading);
  const entries: Entry[] = [];
  prepared.places.forEach((place, i) => {
    if (place === null) return;
    const file = files[i];
    for (let k = 0; k < place[2]; k++) {
      entries.push({
        path: file.display,
        info: prepared.documents[i][k],
        batch: prepared.batches[place[0]],
        doc: place[1] + k,
        text: prepared.texts
          ? () => prepared.texts![i][k]
          : reread(file.absolute, file.display, k, prepared.textBases[place[0]][place[1] + k]),
        file: prepared.texts
          ? undefined
          : {
              absolute: file.absolute,
              display: file.display,
              document: k,
              base: prepared.textBases[place[0]][place[1] + k],
            },
      });
    }
  });
  const { readMs, prepareMs, threads } = prepared;
  return { entries, readMs, prepareMs, threads, reports };
}

/**
 * Finds the files and prepares them: with many files likely (a big folder among `paths`), worker
 * threads start first and read files while the walk still finds more; else after the walk.
 */
async function findAndPrepare(
  paths: readonly string[],
  settings: StageSettings,
  warnings: FileWarning[],
): Promise<{ files: FoundFile[]; prepared: PreparedFiles }> {
  const { run, engine } = settings;
  const started =
    run.readFile === undefined && manyEntries(paths, settings.discovery.cwd)
      ? startWorkersEarly(settings)
      : [];
  try {
    const discover = async (onFile?: (file: FoundFile) => void) => {
      const found = await discoverInputs(paths, settings, warnings, onFile);
      const read = fileReading(settings);
      // The readers' libraries, loaded once for the formats met (the main thread reads small
      // runs).
      await loadReaders(new Set(found.map((f) => formatOf(f.display, '', read.inputFormat))));
      return found;
    };
    const options = { ...engine, read: settings.reading };
    // Started workers mean the reading options are good: they read files during the walk.
    if (started.length > 0)
      return await prepareFilesAsFound(
        discover,
        options,
        run.jobs,
        run.onProgress,
        started,
        run.signal,
      );
    const files = await discover();
    stopIfAborted(settings);
    const prepared = await prepareFiles(
      files,
      options,
      run.jobs,
      run.onProgress,
      run.readFile,
      started,
      run.signal,
    );
    return { files, prepared };
  } finally {
    // Ended by prepareFiles, unless something failed before.
    for (const s of started) void s.worker.terminate();
  }
}

/**
 * Finds the files of `paths` with the settings' discovery part; each discovery warning is pushed
 * to `warnings` and passed to `onWarning`; `onFile` as in `discoverFiles`. Throws like
 * `discoverFiles`.
 */
export function discoverInputs(
  paths: readonly string[],
  settings: StageSettings,
  warnings: FileWarning[],
  onFile?: (file: FoundFile) => void,
): Promise<FoundFile[]> {
  return discoverFiles([...paths], {
    ...settings.discovery,
    onFile,
    onWarning: (warning) => {
      warnings.push(warning);
      settings.run.onWarning?.(warning);
    },
  });
}

/** Entries of its own a folder needs for {@link manyEntries}. */
const MANY_ENTRIES = 32;

/**
 * Whether one of `paths` is a folder with at least {@link MANY_ENTRIES} entries of its own: a scan
 * that will most likely read enough files for worker threads (a cheap guess, made before the
 * files are found).
 */
function manyEntries(paths: readonly string[], cwd: string): boolean {
  for (const p of paths) {
    try {
      if (fs.readdirSync(path.resolve(cwd, p)).length >= MANY_ENTRIES) return true;
    } catch {
      // A file, or not there: discovery says so.
    }
  }
  return false;
}

/**
 * Prepare workers started before discovery; none when the reading options are bad (discovery's
 * and the options' errors then come in their usual order).
 */
function startWorkersEarly(settings: StageSettings): StartedWorker[] {
  if (settings.filesOnly) return [];
  return startPrepareWorkers({ ...settings.engine, read: settings.reading }, settings.run.jobs);
}

/**
 * The engine over every entry (see scan-corpus.ts for the threads it may use); a cancelled scan
 * stops at the engine's next progress report. Calls `onTimings` with the whole scan's timings
 * (`t0`: when the scan started).
 */
function detectEntries(
  entries: Entry[],
  settings: StageSettings,
  files: FilesRead | null,
  t0: number,
): Report {
  const { run } = settings;
  const threads = files?.threads ?? 1;
  const { corpus, use, close } = preparedCorpus(entries, threads, settings.reading, run);
  const input = performance.now() - t0;
  const onProgress: typeof run.onProgress = run.signal
    ? (phase, done, total) => {
        stopIfAborted(settings);
        run.onProgress?.(phase, done, total);
      }
    : run.onProgress;
  try {
    return detectResolved(corpus, settings.engine, settings.report, {
      onProgress,
      prepareMs: files?.prepareMs ?? 0,
      onTimings: (t) =>
        run.onTimings?.({
          ...t,
          read: files?.readMs ?? 0,
          input,
          threads,
          passageThread: use.passageThread,
          passageThreadPairs: use.passageThreadPairs,
          groupThread: use.groupThread,
          kernelThread: use.kernelThread,
          textWait: use.times.waited,
          textIdle: use.times.idle,
        }),
    });
  } finally {
    close();
  }
}
