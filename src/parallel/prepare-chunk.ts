/**
 * Reading and preparing a chunk of files in one thread (a worker's job, or the main thread's
 * when running single-threaded). The text of a file lives only while it is being prepared.
 */

import fs from 'node:fs';
import { documentInfo, type DocumentInfo } from '../engine/detect.js';
import { PreparedBuilder, type PrepareOptions, type PreparedBatch } from '../engine/prepare.js';
import type { FileWarning } from '../engine/report.js';
import { decodeText, readDocuments, type ReadOptions } from '../sources/read.js';

/** Options of a chunk: how to prepare paragraphs and how to read files. */
export interface ChunkOptions extends PrepareOptions {
  /** Input format and JSON record fields; default `auto`. */
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

/** How each file of a chunk went. */
export const enum FileStatus {
  Ok = 0,
  /** Read as Windows-1252 because it is not valid UTF-8. */
  Cp1252 = 1,
  /** Could not be read; `errors[i]` holds the code. */
  Unreadable = 2,
  Binary = 3,
}

/** The result of one chunk: a batch holding the readable files, in order. */
export interface ChunkResult {
  id: number;
  /** One status per requested file. */
  status: number[];
  /** Error code per file ('' unless unreadable). */
  errors: string[];
  batch: PreparedBatch;
  /** Per file: each of its documents' record and metadata (empty for a skipped file). */
  documents: Array<Array<DocumentInfo | undefined>>;
  /** Per file: problems the reader met (malformed content, broken JSONL lines). */
  notes: FileWarning[][];
  /** Milliseconds reading and decoding, and segmenting/tokenizing/shingling. */
  readMs: number;
  prepareMs: number;
}

/** Reads, decodes and prepares the files of a chunk; never throws for a bad file. */
export function prepareFileChunk(request: ChunkRequest, options: ChunkOptions): ChunkResult {
  const builder = new PreparedBuilder(options);
  const status: number[] = [];
  const errors: string[] = [];
  const documents: ChunkResult['documents'] = [];
  const notes: FileWarning[][] = [];
  let readMs = 0;
  let prepareMs = 0;
  for (const [k, file] of request.files.entries()) {
    const t0 = performance.now();
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      status.push(FileStatus.Unreadable);
      errors.push((error as NodeJS.ErrnoException).code ?? 'error');
      documents.push([]);
      notes.push([]);
      readMs += performance.now() - t0;
      continue;
    }
    const decoded = decodeText(bytes);
    const t1 = performance.now();
    readMs += t1 - t0;
    if (decoded === null) {
      status.push(FileStatus.Binary);
      errors.push('');
      documents.push([]);
      notes.push([]);
      continue;
    }
    const read = readDocuments(request.names[k], decoded.text, options.read);
    for (const document of read.documents) {
      if (document.paragraphs) builder.addParagraphs(document.paragraphs);
      else builder.add(document.text);
    }
    documents.push(read.documents.map(documentInfo));
    notes.push(read.warnings);
    status.push(decoded.encoding === 'utf-8' ? FileStatus.Ok : FileStatus.Cp1252);
    errors.push('');
    prepareMs += performance.now() - t1;
  }
  return {
    id: request.id,
    status,
    errors,
    batch: builder.finish(),
    documents,
    notes,
    readMs,
    prepareMs,
  };
}
