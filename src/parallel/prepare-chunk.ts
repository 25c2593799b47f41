/**
 * Reading and preparing a chunk of files in one thread (a worker's job, or the main thread's
 * when running single-threaded). The text of a file lives only while it is being prepared.
 */

import fs from 'node:fs';
import { PreparedBuilder, type PrepareOptions, type PreparedBatch } from '../engine/prepare.js';
import { decodeText, toDocument } from '../sources/read.js';

/** Files to prepare: absolute paths, in order. */
export interface ChunkRequest {
  /** Chunk number (echoed back). */
  id: number;
  files: string[];
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
  /** Milliseconds reading and decoding, and segmenting/tokenizing/shingling. */
  readMs: number;
  prepareMs: number;
}

/** Reads, decodes and prepares the files of a chunk; never throws for a bad file. */
export function prepareFileChunk(request: ChunkRequest, options: PrepareOptions): ChunkResult {
  const builder = new PreparedBuilder(options);
  const status: number[] = [];
  const errors: string[] = [];
  let readMs = 0;
  let prepareMs = 0;
  for (const file of request.files) {
    const t0 = performance.now();
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      status.push(FileStatus.Unreadable);
      errors.push((error as NodeJS.ErrnoException).code ?? 'error');
      readMs += performance.now() - t0;
      continue;
    }
    const decoded = decodeText(bytes);
    const t1 = performance.now();
    readMs += t1 - t0;
    if (decoded === null) {
      status.push(FileStatus.Binary);
      errors.push('');
      continue;
    }
    const document = toDocument(file, decoded.text);
    if (document.paragraphs) builder.addParagraphs(document.paragraphs);
    else builder.add(decoded.text);
    status.push(decoded.encoding === 'utf-8' ? FileStatus.Ok : FileStatus.Cp1252);
    errors.push('');
    prepareMs += performance.now() - t1;
  }
  return { id: request.id, status, errors, batch: builder.finish(), readMs, prepareMs };
}
