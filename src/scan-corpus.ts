/**
 * The corpus a scan hands the engine ({@link PreparedCorpus}): every document's prepared
 * paragraphs in path order, the way back to their texts (read again from the files for the few
 * the report shows), and, with threads, the work the engine may hand to other threads — the
 * partials' passages and some groups' texts (text workers that read the files themselves) and
 * half of the ranking and the join (the kernel thread).
 */

import { compareDocuments, type DocumentInfo, type PreparedCorpus } from './engine/detect.js';
import type { SourceDocument } from './engine/detect.js';
import { groupTextsOf } from './engine/group-texts.js';
import { sharedUint32 } from './engine/parallel.js';
import { passagesOfPairs } from './engine/passage.js';
import { concatBatches, type PreparedBatch } from './engine/prepared-batch.js';
import { startKernelThread } from './parallel/kernel-thread.js';
import {
  startGroupTextThread,
  startPassageThread,
  type ParagraphSource,
  type TextThreadTimes,
} from './parallel/passage-thread.js';
import type { RunSettings } from './scan-settings.js';
import { paragraphTextOf, rereadDocuments, rereadText, type ReadOptions } from './sources/read.js';

/** A document: its path, where its paragraphs are, and how to get its text back. */
export interface Entry {
  path: string;
  /** Record id, record line and metadata, when the reader found any. */
  info?: DocumentInfo;
  batch: PreparedBatch;
  doc: number;
  /** The document again (its text, and its paragraphs when a reader found them). */
  text: () => SourceDocument;
  /** Where a file's document is read again: the file and the document's index in it. */
  file?: FileSource;
}

/** A file's document, for reading it again: the file and the document's index in it. */
export interface FileSource {
  absolute: string;
  display: string;
  document: number;
  /**
   * Where the document's paragraph texts are in the file's decoded text (−1: read the file
   * through its format again).
   */
  base: number;
}

/** What the scan's timings say about the threads the engine used (filled in as it runs). */
export interface ThreadUse {
  passageThread: boolean;
  passageThreadPairs: number;
  groupThread: boolean;
  kernelThread: boolean;
  times: TextThreadTimes;
}

/**
 * Sorts documents by path (stable) and concatenates their paragraphs into one batch; the chunk
 * batches are not referenced afterwards, so they can be collected.
 */
function assemble(entries: Entry[], allocShingles?: (length: number) => Uint32Array) {
  const compare = (x: Entry, y: Entry) =>
    x.path !== y.path
      ? x.path < y.path
        ? -1
        : 1
      : compareDocuments({ path: x.path, ...x.info }, { path: y.path, ...y.info });
  // Files usually come in path order already: then there is nothing to sort.
  let inOrder = true;
  for (let i = 1; i < entries.length && inOrder; i++)
    inOrder = compare(entries[i - 1], entries[i]) <= 0;
  const sorted = inOrder
    ? entries.slice()
    : entries
        .map((e, i) => ({ e, i }))
        .sort((x, y) => compare(x.e, y.e) || x.i - y.i)
        .map((x) => x.e);
  entries.length = 0;
  return {
    paths: sorted.map((e) => e.path),
    info: sorted.map((e) => e.info),
    batch: concatBatches(
      sorted.map((e) => [e.batch, e.doc] as const),
      allocShingles,
    ),
    texts: sorted.map((e) => e.text),
    files: sorted.map((e) => e.file),
  };
}

/** Files whose documents are kept after reading them again (a JSON/JSONL file holds many). */
const FILE_CACHE = 8;

/**
 * Reads files again for the report: document `k` of a file, the file's documents kept for the
 * next few calls (so the records of one JSONL file are not each parsed from scratch). A document
 * whose paragraphs are slices of its file's text (`base` ≥ 0, see `textBaseOf`) is only decoded
 * again: its text from `base` on, without paragraphs.
 */
export function fileRereader(read: ReadOptions) {
  const files = new Map<string, SourceDocument[] | string>();
  return (absolute: string, display: string, k: number, base = -1): (() => SourceDocument) =>
    () => {
      // Kept apart: a file may hold both kinds of documents (a Markdown story whose paragraphs
      // are slices, another whose are not).
      const key = (base >= 0 ? 't' : 'd') + absolute;
      let docs = files.get(key);
      if (docs === undefined) {
        // A file changed or gone since it was read gives empty texts, never an exception.
        docs = base >= 0 ? rereadText(absolute, read) : rereadDocuments(absolute, display, read);
        if (files.size >= FILE_CACHE) files.delete(files.keys().next().value!);
        files.set(key, docs);
      }
      if (typeof docs === 'string')
        return { path: display, text: base > 0 ? docs.slice(base) : docs };
      return docs[k] ?? { path: display, text: '' };
    };
}

/** Number of re-read file texts kept for the report stage. */
const TEXT_CACHE = 4096;

/** Paragraph text by document and place, the documents' texts cached (see TEXT_CACHE). */
function paragraphTexts(texts: readonly (() => SourceDocument)[]): PreparedCorpus['paragraphText'] {
  const cache = new Map<number, SourceDocument>();
  return (doc, index, start, end) => {
    let d = cache.get(doc);
    if (d === undefined) {
      d = texts[doc]();
      if (cache.size >= TEXT_CACHE) cache.delete(cache.keys().next().value!);
      cache.set(doc, d);
    }
    return paragraphTextOf(d, index, start, end);
  };
}

/**
 * Where the paragraphs of `batch` marked in `local` (0 = needed, −1 not) are, for a worker: they
 * are numbered in reading order (written back into `local`); `docs` gives each one's document.
 */
function paragraphSource(
  batch: PreparedBatch,
  files: readonly FileSource[],
  local: Int32Array,
  read: ReadOptions,
): { source: ParagraphSource; docs: Uint32Array } {
  const count = batch.line.length;
  let needed = 0;
  for (let p = 0; p < count; p++) if (local[p] === 0) local[p] = needed++;
  const source: ParagraphSource = {
    files: [],
    file: new Uint32Array(needed),
    index: new Uint32Array(needed),
    start: new Uint32Array(needed),
    end: new Uint32Array(needed),
    read,
  };
  const docs = new Uint32Array(needed);
  let doc = 0;
  let lastDoc = -1;
  for (let p = 0; p < count; p++) {
    const q = local[p];
    if (q < 0) continue;
    while (batch.paragraphOffsets[doc + 1] <= p) doc++;
    if (doc !== lastDoc) {
      source.files.push(files[doc]);
      lastDoc = doc;
    }
    source.file[q] = source.files.length - 1;
    source.index[q] = p - batch.paragraphOffsets[doc];
    source.start[q] = batch.start[p];
    source.end[q] = batch.end[p];
    docs[q] = doc;
  }
  return { source, docs };
}

/**
 * A text worker's job: the paragraphs of `batch` listed in `needed` (indexes into `batch`),
 * renumbered in reading order, with their files; and the index arrays of `pairs` renumbered the
 * same way. `docs` gives each needed paragraph's document.
 */
function textJob<K extends string>(
  batch: PreparedBatch,
  files: readonly FileSource[],
  needed: readonly Uint32Array[],
  pairs: Record<K, Uint32Array>,
  read: ReadOptions,
): { job: ParagraphSource & Record<K, Uint32Array>; docs: Uint32Array } {
  const local = new Int32Array(batch.line.length).fill(-1);
  for (const list of needed) for (let i = 0; i < list.length; i++) local[list[i]] = 0;
  const { source, docs } = paragraphSource(batch, files, local, read);
  const renumbered = {} as Record<K, Uint32Array>;
  for (const key of Object.keys(pairs) as K[]) {
    // Indexed loops: `Uint32Array.from` and `for…of` on a typed array allocate per element.
    const from = pairs[key];
    const to = new Uint32Array(from.length);
    for (let i = 0; i < from.length; i++) to[i] = local[from[i]];
    renumbered[key] = to;
  }
  return { job: { ...source, ...renumbered }, docs };
}

/**
 * The text work the engine may offer other threads (`passagesElsewhere`, `groupTextsElsewhere`):
 * workers that read the files again, started for enough pairs or texts (`run`'s thresholds);
 * should one fail, this thread does its work. `use` records what ran where.
 */
function textThreads(
  batch: PreparedBatch,
  files: readonly FileSource[],
  paragraphText: PreparedCorpus['paragraphText'],
  read: ReadOptions,
  run: RunSettings,
  use: ThreadUse,
): Pick<PreparedCorpus, 'passagesElsewhere' | 'groupTextsElsewhere'> {
  const onTextThread = <K extends string, T>(
    needed: readonly Uint32Array[],
    pairs: Record<K, Uint32Array>,
    start: (
      job: ParagraphSource & Record<K, Uint32Array>,
      fallback: () => T,
      times: TextThreadTimes,
    ) => (() => T) | undefined,
    compute: (job: ParagraphSource & Record<K, Uint32Array>, text: (q: number) => string) => T,
  ): (() => T) | undefined => {
    const { job, docs } = textJob(batch, files, needed, pairs, read);
    const text = (q: number) => paragraphText(docs[q], job.index[q], job.start[q], job.end[q]);
    return start(job, () => compute(job, text), use.times);
  };
  return {
    passagesElsewhere: (a, b) => {
      if (a.length < run.passageThreadFrom) return undefined;
      const wait = onTextThread([a, b], { a, b }, startPassageThread, (job, text) =>
        passagesOfPairs(job.a, job.b, job.file.length, text),
      );
      use.passageThread = wait !== undefined;
      if (use.passageThread) use.passageThreadPairs = a.length;
      return wait;
    },
    groupTextsElsewhere: (paragraphs, rep, copy) => {
      if (paragraphs.length < run.groupThreadFrom) return undefined;
      const wait = onTextThread([paragraphs], { rep, copy }, startGroupTextThread, (job, text) =>
        groupTextsOf(job.file.length, job.rep, job.copy, text),
      );
      use.groupThread = wait !== undefined;
      return wait;
    },
  };
}

/**
 * The engine's corpus of `entries` (emptied): sorted by path, their paragraphs in one batch (in
 * shared memory with threads, where the engine's second thread reads them) and, with threads, the
 * text workers and the kernel thread it may use. `close()` ends the kernel thread.
 */
export function preparedCorpus(
  entries: Entry[],
  threads: number,
  read: ReadOptions,
  run: RunSettings,
): { corpus: PreparedCorpus; use: ThreadUse; close: () => void } {
  const { paths, info, batch, texts, files } = assemble(
    entries,
    threads > 1 ? sharedUint32 : undefined,
  );
  const paragraphText = paragraphTexts(texts);
  const use: ThreadUse = {
    passageThread: false,
    passageThreadPairs: 0,
    groupThread: false,
    kernelThread: false,
    times: { waited: 0, idle: 0 },
  };
  // Text workers read the files again: only with threads, and files (not in-memory documents).
  const textWorkers = threads > 1 && files.every((f) => f !== undefined);
  const elsewhere = textWorkers
    ? textThreads(batch, files as FileSource[], paragraphText, read, run, use)
    : {};
  // A large corpus ranks and joins on two threads (the same result either way).
  const kernels =
    threads > 1 && batch.shingles.length >= run.kernelThreadFrom ? startKernelThread() : undefined;
  use.kernelThread = kernels !== undefined;
  return {
    corpus: { paths, info, batch, paragraphText, ...elsewhere, kernels },
    use,
    close: () => kernels?.close(),
  };
}
