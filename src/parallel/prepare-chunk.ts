/**
 * Reading and preparing a chunk of files in one thread (a worker's job, or the main thread's
 * when running single-threaded). The text of a file lives only while it is being prepared.
 */

import { documentInfo, type DocumentInfo, type SourceDocument } from '../engine/detect.js';
import { PreparedBuilder, type PrepareOptions } from '../engine/prepare.js';
import type { PreparedBatch } from '../engine/prepared-batch.js';
import type { FileWarning } from '../engine/report.js';
import {
  fileToDocumentsAndText,
  readBytesTransient,
  textBaseOf,
  withMtime,
  withoutSuppressed,
  type ReadOptions,
} from '../sources/read.js';

/** Options of a chunk: how to prepare paragraphs and how to read files. */
export interface ChunkOptions extends PrepareOptions {
  /** Input format, record fields, decoding and size limit; default `auto`, detect, 20 MiB. */
  read?: ReadOptions;
}

/** Files to prepare: absolute paths, in order, and their names in reports. */
export interface ChunkRequest {
  /** Chunk number (echoed back). */
  id: number;
  files: string[];
  /** Display path of each file (same index as `files`). */
  names: string[];
}

/** The result of one chunk: a batch holding the readable files' documents, in order. */
export interface ChunkResult {
  id: number;
  /** Per requested file: whether it was read (false: skipped, `notes` say why). */
  included: boolean[];
  batch: PreparedBatch;
  /** Per file: each of its documents' record and metadata (empty for a skipped file). */
  documents: Array<Array<DocumentInfo | undefined>>;
  /** Per file: its warnings (why it was skipped; a guessed encoding; malformed content). */
  notes: FileWarning[][];
  /** Per file: whether it is a report dupgraf wrote (own-reports.ts), read as no story. */
  ownReports: boolean[];
  /**
   * Per document of the batch: where its paragraphs' texts are in its file's decoded text
   * (`textBaseOf`), or −1; a file read again for its texts is then only decoded.
   */
  textBase: Int32Array;
  /** Milliseconds reading bytes, and decoding/splitting/segmenting/tokenizing/shingling. */
  readMs: number;
  prepareMs: number;
}

/** A file's bytes, or the warning message saying why there are none. */
export type FileBytes = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** One file's outcome in a chunk (see {@link prepareBytes}). */
export interface PreparedFile {
  /** Whether it was read (false: skipped, `notes` say why). */
  included: boolean;
  notes: FileWarning[];
  documents: SourceDocument[];
  bases: number[];
  /** A report dupgraf wrote (own-reports.ts): read as no story, without a word. */
  ownReport?: true;
}

/**
 * Decodes one file's bytes (or takes the warning about them), splits the text into documents
 * and prepares them into `builder`. Never throws.
 */
export function prepareBytes(
  builder: PreparedBuilder,
  name: string,
  bytes: FileBytes,
  read: ReadOptions = {},
): PreparedFile {
  if (!bytes.ok)
    return {
      included: false,
      notes: [{ path: name, message: bytes.message }],
      documents: [],
      bases: [],
    };
  const { result, text } = fileToDocumentsAndText(name, bytes.bytes, read);
  if (!result.ok) return { included: false, notes: [result.warning], documents: [], bases: [] };
  if (result.ownReport)
    return { included: true, notes: [], documents: [], bases: [], ownReport: true };
  // Paragraphs suppressed by inline markers are left out of the comparison (and counted).
  const documents = result.documents.map(withoutSuppressed);
  const bases: number[] = [];
  let from = 0;
  for (const document of documents) {
    if (document.paragraphs) builder.addParagraphs(document.paragraphs);
    else builder.add(document.text);
    const base = textBaseOf(document, text!, from);
    if (base >= 0) from = base;
    bases.push(base);
  }
  return { included: true, notes: result.warnings, documents, bases };
}

/** Collects the per-file outcomes of a chunk. */
export class ChunkCollector {
  readonly builder: PreparedBuilder;
  private readonly included: boolean[] = [];
  private readonly documents: Array<Array<DocumentInfo | undefined>> = [];
  private readonly notes: FileWarning[][] = [];
  private readonly ownReports: boolean[] = [];
  private readonly bases: number[] = [];
  readMs = 0;
  prepareMs = 0;

  constructor(
    private readonly id: number,
    options: ChunkOptions,
  ) {
    this.builder = new PreparedBuilder(options);
  }

  /** Adds one file's outcome (from {@link prepareBytes}). */
  add(out: PreparedFile): void {
    this.included.push(out.included);
    this.notes.push(out.notes);
    this.ownReports.push(out.ownReport === true);
    this.documents.push(out.documents.map(documentInfo));
    for (const base of out.bases) this.bases.push(base);
  }

  finish(): ChunkResult {
    return {
      id: this.id,
      included: this.included,
      batch: this.builder.finish(),
      documents: this.documents,
      notes: this.notes,
      ownReports: this.ownReports,
      textBase: Int32Array.from(this.bases),
      readMs: this.readMs,
      prepareMs: this.prepareMs,
    };
  }
}

/** Reads, decodes and prepares the files of a chunk; never throws for a bad file. */
export function prepareFileChunk(request: ChunkRequest, options: ChunkOptions): ChunkResult {
  const chunk = new ChunkCollector(request.id, options);
  for (const [k, file] of request.files.entries()) {
    const t0 = performance.now();
    // Decoded before the next file is read (the bytes live in one reused buffer).
    const bytes = readBytesTransient(file, options.read?.maxFileSize);
    const t1 = performance.now();
    chunk.readMs += t1 - t0;
    const read = options.read ? withMtime(file, options.read) : options.read;
    chunk.add(prepareBytes(chunk.builder, request.names[k], bytes, read));
    chunk.prepareMs += performance.now() - t1;
  }
  return chunk.finish();
}
