/**
 * Reading files into documents: UTF-8 (BOM stripped), falling back to Windows-1252 for bytes that
 * are not valid UTF-8; binary files (a NUL byte in the first 8 KiB) are skipped with a warning.
 */

import fs from 'node:fs';
import type { SourceDocument } from '../engine/detect.js';
import type { FileWarning } from '../engine/report.js';
import type { FoundFile } from './discover.js';
import { readDocuments, type ReadOptions } from './formats/registry.js';

export { readDocuments, type ReadDocuments, type ReadOptions } from './formats/registry.js';

/** A problem with one input that did not stop the run. */
export type Warning = FileWarning;

/**
 * The outcome of reading one file: its documents (one, or one per record of a JSON/JSONL file)
 * with the problems met (decoding, malformed content), or a warning saying why it was skipped.
 */
export type ReadResult =
  { ok: true; documents: SourceDocument[]; warnings: Warning[] } | { ok: false; warning: Warning };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const cp1252 = new TextDecoder('windows-1252');

/** Decodes bytes as text (see the module comment); `null` for binary content. */
export function decodeText(
  bytes: Uint8Array,
): { text: string; encoding: 'utf-8' | 'windows-1252' } | null {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return null;
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: cp1252.decode(bytes), encoding: 'windows-1252' };
  }
}

/**
 * Reads, decodes and splits one file into documents (see `formats/registry.ts`); never throws
 * (problems become warnings).
 */
export async function readDocument(
  file: FoundFile,
  options: ReadOptions = {},
): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file.absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      ok: false,
      warning: { path: file.display, message: `skipped: cannot read (${code})` },
    };
  }
  const decoded = decodeText(bytes);
  if (decoded === null)
    return { ok: false, warning: { path: file.display, message: 'skipped: binary file' } };
  const read = readDocuments(file.display, decoded.text, options);
  const warnings: Warning[] = [];
  if (decoded.encoding !== 'utf-8')
    warnings.push({ path: file.display, message: 'not valid UTF-8; read as Windows-1252' });
  return { ok: true, documents: read.documents, warnings: [...warnings, ...read.warnings] };
}

/**
 * A record of a JSON/JSONL file as a standalone document named `path#record` (for the check and
 * the archive, which name documents by path alone); other documents unchanged.
 */
export function flattenRecord(document: SourceDocument): SourceDocument {
  if (document.record === undefined) return document;
  const flat: SourceDocument = { ...document, path: `${document.path}#${document.record}` };
  delete flat.record;
  delete flat.recordLine;
  return flat;
}
